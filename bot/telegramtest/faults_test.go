package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/bot/telegramtest"
)

// send sends text to the chat and returns the client's error.
func send(ctx context.Context, b *tgbot.Bot, chatID int64, text string) error {
	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chatID, Text: text})
	return err
}

// noneRejected fails the test if the server rejected a call.
func noneRejected(t *testing.T, s *telegramtest.Server) {
	t.Helper()
	if r := s.Rejected(); len(r) > 0 {
		t.Errorf("Rejected() = %+v, want none", r)
	}
}

func TestDrop(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	b := newClient(t, s)
	ctx := context.Background()

	if err := send(ctx, b, chat.ID, "before"); err != nil { // the connection is now reused
		t.Fatalf("first send: %v", err)
	}
	s.Drop("sendMessage", 1)
	err := send(ctx, b, chat.ID, "dropped")
	if err == nil {
		t.Fatal("a dropped sendMessage succeeded")
	}
	var tooMany *tgbot.TooManyRequestsError
	if errors.As(err, &tooMany) || errors.Is(err, tgbot.ErrorBadRequest) {
		t.Errorf("a dropped call gave an API error: %v", err)
	}
	if err := send(ctx, b, chat.ID, "after"); err != nil {
		t.Fatalf("send after the drop: %v", err)
	}

	var texts []string
	for _, m := range s.Messages(chat.ID) {
		texts = append(texts, m.Text)
	}
	if got := strings.Join(texts, ","); got != "before,after" {
		t.Errorf("messages = %s, want before,after", got)
	}
	calls := s.WaitCalls(t, "sendMessage", 3, wait)
	if c := calls[1]; c.Status != 0 || c.Error != "dropped" || c.Params["text"] != "dropped" {
		t.Errorf("dropped call = %d %q %v", c.Status, c.Error, c.Params)
	}
	if n := len(s.Calls()); n != 3 { // the client did not resend it behind our back
		t.Errorf("%d calls, want 3", n)
	}
	noneRejected(t, s)
	st := s.Stats()
	if st.Calls["sendMessage"] != 3 || st.Errors["sendMessage"] != 1 || st.Messages != 2 {
		t.Errorf("Stats() = %+v", st)
	}
}

func TestDelay(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	b := newClient(t, s)

	t.Run("the client gives up", func(t *testing.T) {
		s.Delay("sendMessage", 3*time.Second, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := send(ctx, b, chat.ID, "late"); err == nil {
			t.Fatal("sendMessage succeeded past the client's timeout")
		}
		c := s.WaitCalls(t, "sendMessage", 1, wait)[0]
		if c.Status != 0 || c.Error != "abandoned" {
			t.Errorf("call = %d %q, want abandoned", c.Status, c.Error)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("the server noticed after %v, want soon after the client gave up", took)
		}
		if m := s.Messages(chat.ID); len(m) != 0 {
			t.Errorf("an abandoned sendMessage created %+v", m)
		}
	})

	t.Run("an http.Client timeout", func(t *testing.T) {
		short := newClient(t, s, tgbot.WithHTTPClient(time.Minute, &http.Client{Timeout: 200 * time.Millisecond}))
		s.Delay("sendMessage", 3*time.Second, 1)
		if err := send(context.Background(), short, chat.ID, "late"); err == nil {
			t.Fatal("sendMessage succeeded past the client's timeout")
		}
		if c := s.WaitCalls(t, "sendMessage", 2, wait)[1]; c.Error != "abandoned" {
			t.Errorf("call = %d %q, want abandoned", c.Status, c.Error)
		}
		if m := s.Messages(chat.ID); len(m) != 0 {
			t.Errorf("an abandoned sendMessage created %+v", m)
		}
	})

	t.Run("the client waits", func(t *testing.T) {
		s.Delay("SENDMESSAGE", 300*time.Millisecond, 2) // any case, like Fail
		for i := range 3 {
			start := time.Now()
			if err := send(context.Background(), b, chat.ID, fmt.Sprint("on time ", i)); err != nil {
				t.Fatalf("send %d: %v", i, err)
			}
			took := time.Since(start)
			if delayed := i < 2; delayed != (took >= 300*time.Millisecond) {
				t.Errorf("send %d took %v; delayed: %v", i, took, delayed)
			}
		}
		m := s.Messages(chat.ID)
		if len(m) != 3 || m[0].Text != "on time 0" {
			t.Fatalf("messages = %+v", m)
		}
	})
	noneRejected(t, s)
	if st := s.Stats(); st.Calls["sendMessage"] != 5 || st.Errors["sendMessage"] != 2 || st.Messages != 3 {
		t.Errorf("Stats() = %+v", st)
	}

	t.Run("the server closes", func(t *testing.T) {
		s.Delay("getMe", time.Minute, 1)
		done := make(chan error)
		go func() {
			_, err := b.GetMe(context.Background())
			done <- err
		}()
		time.Sleep(300 * time.Millisecond) // the request reaches the server
		start := time.Now()
		s.Close()
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("Close waited %v for a delayed call", took)
		}
		if err := <-done; err == nil {
			t.Error("getMe succeeded on a closed server")
		}
		if c := s.WaitCalls(t, "getMe", 1, wait)[0]; c.Error != "abandoned" {
			t.Errorf("call = %d %q, want abandoned", c.Status, c.Error)
		}
	})
}

func TestFailEvery(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	b := newClient(t, s)
	ctx := context.Background()

	s.FailEvery("sendMessage", 3, http.StatusTooManyRequests, 1, "Too Many Requests: retry after 1")
	var failed []int
	for i := 1; i <= 10; i++ {
		err := send(ctx, b, chat.ID, fmt.Sprint(i))
		if err == nil {
			continue
		}
		failed = append(failed, i)
		var tooMany *tgbot.TooManyRequestsError
		if !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
			t.Errorf("call %d: %v (%T), want a TooManyRequestsError with RetryAfter 1", i, err, err)
		}
	}
	if fmt.Sprint(failed) != "[3 6 9]" {
		t.Errorf("failed calls %v, want [3 6 9]", failed)
	}
	s.FailEvery("sendMessage", 0, 0, 0, "")
	for i := 11; i <= 13; i++ {
		if err := send(ctx, b, chat.ID, fmt.Sprint(i)); err != nil {
			t.Errorf("call %d after FailEvery was turned off: %v", i, err)
		}
	}

	msgs := s.Messages(chat.ID)
	if len(msgs) != 10 {
		t.Fatalf("%d messages, want 10", len(msgs))
	}
	for i, m := range msgs {
		if m.MessageID != msgs[0].MessageID+i { // failed sends used no id
			t.Errorf("message %d has id %d", i, m.MessageID)
		}
		if m.Text == "3" || m.Text == "6" || m.Text == "9" {
			t.Errorf("a failed call created message %q", m.Text)
		}
	}
	calls := s.Calls()
	if c := calls[len(calls)-13+2]; c.Status != http.StatusTooManyRequests || c.Error != "Too Many Requests: retry after 1" {
		t.Errorf("third call = %d %q", c.Status, c.Error)
	}
	noneRejected(t, s)
	st := s.Stats()
	if st.Calls["sendMessage"] != 13 || st.Errors["sendMessage"] != 3 || st.Messages != 10 {
		t.Errorf("Stats() = %+v", st)
	}
}

// TestFaultOrder checks which fault a call takes when several are pending.
func TestFaultOrder(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	b := newClient(t, s)

	s.FailEvery("sendMessage", 1, http.StatusInternalServerError, 0, "")
	s.Fail("sendMessage", 1, http.StatusForbidden, 0, "")
	s.Drop("sendMessage", 1)
	for i := range 3 {
		if err := send(context.Background(), b, chat.ID, fmt.Sprint(i)); err == nil {
			t.Errorf("call %d succeeded", i)
		}
	}
	s.FailEvery("sendMessage", 0, 0, 0, "")
	if err := send(context.Background(), b, chat.ID, "ok"); err != nil {
		t.Errorf("last call: %v", err)
	}
	var got []string
	for _, c := range s.Calls() {
		if c.Method == "sendMessage" {
			got = append(got, fmt.Sprintf("%d %s", c.Status, c.Error))
		}
	}
	want := "[0 dropped 403 Forbidden: bot was blocked by the user 500 Internal Server Error 200 ]"
	if fmt.Sprint(got) != want {
		t.Errorf("calls = %q, want %q", got, want)
	}
	noneRejected(t, s)
	if st := s.Stats(); st.Calls["sendMessage"] != 4 || st.Errors["sendMessage"] != 3 || st.Messages != 1 {
		t.Errorf("Stats() = %+v", st)
	}
}

func TestAllMessages(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chats := []models.Chat{
		telegramtest.PrivateChat(alice),
		telegramtest.PrivateChat(bob),
		telegramtest.GroupChat(-100777, "حلقة"),
	}
	for _, c := range chats {
		s.SendText(c, alice, "/start")
	}
	b := newClient(t, s)
	start := time.Now()
	order := []int{0, 1, 0, 2, 1, 0}
	for i, c := range order {
		if err := send(context.Background(), b, chats[c].ID, fmt.Sprint("m", i)); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	end := time.Now()
	first := s.Messages(chats[0].ID)[0]
	if _, err := b.EditMessageText(context.Background(), &tgbot.EditMessageTextParams{
		ChatID: first.ChatID, MessageID: first.MessageID, Text: "edited"}); err != nil {
		t.Fatalf("edit: %v", err)
	}

	all := s.AllMessages()
	if len(all) != len(order) {
		t.Fatalf("AllMessages() has %d messages, want %d", len(all), len(order))
	}
	for i, m := range all {
		want := fmt.Sprint("m", i)
		if i == 0 {
			want = "edited"
		}
		if m.ChatID != chats[order[i]].ID || m.Text != want {
			t.Errorf("message %d = chat %d %q, want chat %d %q", i, m.ChatID, m.Text, chats[order[i]].ID, want)
		}
		if m.At.Before(start) || m.At.After(end) {
			t.Errorf("message %d At = %v, want between %v and %v", i, m.At, start, end)
		}
		if i > 0 && m.At.Before(all[i-1].At) {
			t.Errorf("message %d At = %v, before the one created before it (%v)", i, m.At, all[i-1].At)
		}
	}
	if got := s.Messages(chats[0].ID); len(got) != 3 || got[0].At != all[0].At || got[0].Edits != 1 {
		t.Errorf("Messages(chat 0) = %+v", got)
	}
	if st := s.Stats(); st.Messages != len(order) || st.Calls["editMessageText"] != 1 {
		t.Errorf("Stats() = %+v", st)
	}
	noneRejected(t, s)
}

// goroutineTB is a testing.TB for helpers run outside the test's goroutine: its Fatalf
// marks the test failed and ends only the calling goroutine.
type goroutineTB struct{ testing.TB }

func (tb goroutineTB) Fatalf(format string, args ...any) {
	tb.Helper()
	tb.Errorf(format, args...)
	runtime.Goexit()
}

// TestLoad sends from many goroutines to 500 chats while a WaitMessages waits in each.
func TestLoad(t *testing.T) {
	const chats, perChat, senders = 500, 4, 16
	s := telegramtest.NewServer(t, telegramtest.Options{})
	for i := range chats {
		s.SendText(telegramtest.GroupChat(-1000000+int64(i), "load"), alice, "/start")
	}
	var waiters sync.WaitGroup
	for i := range chats {
		waiters.Go(func() {
			if m := s.WaitMessages(goroutineTB{t}, -1000000+int64(i), perChat, 30*time.Second); m[perChat-1].Text != fmt.Sprint(perChat-1) {
				t.Errorf("chat %d: last message %q", i, m[perChat-1].Text)
			}
		})
	}
	s.FailEvery("sendMessage", 10, http.StatusTooManyRequests, 1, "")
	b := newClient(t, s)
	start := time.Now()
	var retries atomic.Int64
	var senderWG sync.WaitGroup
	for w := range senders {
		senderWG.Go(func() {
			for i := w; i < chats; i += senders {
				for k := range perChat {
					for send(context.Background(), b, -1000000+int64(i), fmt.Sprint(k)) != nil {
						retries.Add(1)
					}
				}
			}
		})
	}
	senderWG.Wait()
	waiters.Wait()
	t.Logf("%d messages to %d chats in %v, %d retries", chats*perChat, chats, time.Since(start), retries.Load())

	all := s.AllMessages()
	perChatCount := map[int64]int{}
	for _, m := range all {
		perChatCount[m.ChatID]++
	}
	if len(all) != chats*perChat || len(perChatCount) != chats {
		t.Errorf("%d messages in %d chats, want %d in %d", len(all), len(perChatCount), chats*perChat, chats)
	}
	st := s.Stats()
	if st.Messages != chats*perChat || st.Errors["sendMessage"] != int(retries.Load()) ||
		st.Calls["sendMessage"] != chats*perChat+int(retries.Load()) {
		t.Errorf("Stats() = %+v, %d retries", st, retries.Load())
	}
	noneRejected(t, s)
}

// getUpdates polls the server without go-telegram/bot and returns the update ids.
func getUpdates(t testing.TB, s *telegramtest.Server, form string) []int64 {
	t.Helper()
	resp, err := http.Post(s.URL+"/bot"+s.Token()+"/getUpdates", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		t.Fatalf("getUpdates: %v", err)
	}
	defer resp.Body.Close()
	var answer struct {
		OK     bool `json:"ok"`
		Result []struct {
			ID int64 `json:"update_id"`
		} `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || !answer.OK {
		t.Fatalf("getUpdates %s: ok %v, %v", form, answer.OK, err)
	}
	ids := make([]int64, len(answer.Result))
	for i, u := range answer.Result {
		ids[i] = u.ID
	}
	return ids
}

func TestGetUpdatesLimit(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	for i := range 250 {
		s.SendText(chat, alice, fmt.Sprint(i))
	}
	for _, tt := range []struct {
		form        string
		first, n    int64
		wantPending int
	}{
		{"", 1, 100, 250},
		{"limit=150", 1, 100, 250},
		{"offset=101&limit=0", 101, 1, 150},
		{"offset=102&limit=7", 102, 7, 149},
		{"offset=109&limit=100", 109, 100, 142},
		{"offset=209", 209, 42, 42},
		{"offset=-5&limit=2", 246, 2, 5},
	} {
		ids := getUpdates(t, s, tt.form)
		if int64(len(ids)) != tt.n || len(ids) > 0 && ids[0] != tt.first || len(ids) > 0 && ids[len(ids)-1] != tt.first+tt.n-1 {
			t.Errorf("getUpdates %s: %d updates from %v, want %d from %d", tt.form, len(ids), ids[:min(len(ids), 1)], tt.n, tt.first)
		}
		if p := s.Pending(); p != tt.wantPending {
			t.Errorf("after getUpdates %s: Pending() = %d, want %d", tt.form, p, tt.wantPending)
		}
	}
}

// TestDrainBacklog drains 10,000 queued updates from 500 chats through getUpdates, as
// go-telegram/bot polls.
func TestDrainBacklog(t *testing.T) {
	const updates, chats = 10000, 500
	s := telegramtest.NewServer(t, telegramtest.Options{})
	start := time.Now()
	for i := range updates {
		s.SendText(telegramtest.GroupChat(-2000000+int64(i%chats), "backlog"), alice, fmt.Sprint(i))
	}
	pushed := time.Since(start)

	var got atomic.Int64
	var mu sync.Mutex
	seen := make([]bool, updates+1)
	all := make(chan struct{})
	// go-telegram/bot runs handlers concurrently: updates are counted, not ordered.
	b := newClient(t, s, tgbot.WithDefaultHandler(func(_ context.Context, _ *tgbot.Bot, u *models.Update) {
		mu.Lock()
		again := u.ID < 1 || u.ID > updates || seen[u.ID]
		if !again {
			seen[u.ID] = true
		}
		mu.Unlock()
		if again {
			t.Errorf("update %d: unknown or delivered twice", u.ID)
			return
		}
		if got.Add(1) == updates {
			close(all)
		}
	}))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	start = time.Now()
	go func() {
		b.Start(ctx)
		close(stopped)
	}()
	defer func() {
		cancel()
		<-stopped
	}()
	select {
	case <-all:
	case <-time.After(30 * time.Second):
		t.Fatalf("%d of %d updates after 30 s", got.Load(), updates)
	}
	drained := time.Since(start)
	t.Logf("pushed %d updates in %v, drained them in %v through %d getUpdates", updates, pushed, drained, len(s.WaitCalls(t, "getUpdates", updates/100, wait)))
	if limit := 5 * time.Second; drained > limit {
		t.Errorf("draining %d updates took %v, want under %v", updates, drained, limit)
	}
	deadline := time.Now().Add(wait)
	for s.Pending() > 0 && time.Now().Before(deadline) { // the next poll confirms the last batch
		time.Sleep(10 * time.Millisecond)
	}
	if p, c := s.Pending(), s.Confirmed(); p != 0 || c != updates {
		t.Errorf("Pending() = %d, Confirmed() = %d; want 0, %d", p, c, updates)
	}
}

// BenchmarkDrainBacklog measures pushing 10,000 updates and draining them by polling
// over HTTP, 100 at a time.
func BenchmarkDrainBacklog(b *testing.B) {
	const updates = 10000
	s := telegramtest.NewServer(b, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	offset := int64(0)
	for b.Loop() {
		for i := range updates {
			s.SendText(chat, alice, fmt.Sprint(i))
		}
		for n := 0; n < updates; {
			ids := getUpdates(b, s, fmt.Sprintf("offset=%d", offset))
			n += len(ids)
			offset = ids[len(ids)-1] + 1
		}
	}
}

// BenchmarkSendMessage measures sendMessage over HTTP to 500 chats, from 16 goroutines.
func BenchmarkSendMessage(b *testing.B) {
	const chats = 500
	s := telegramtest.NewServer(b, telegramtest.Options{})
	for i := range chats {
		s.SendText(telegramtest.GroupChat(-3000000+int64(i), "bench"), alice, "/start")
	}
	bot, err := tgbot.New(s.Token(), tgbot.WithServerURL(s.URL), tgbot.WithSkipGetMe())
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0))) // about 16 goroutines
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			if err := send(context.Background(), bot, -3000000+i%chats, "x"); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(s.Stats().Messages)/b.Elapsed().Seconds(), "msgs/s")
}
