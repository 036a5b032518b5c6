package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// testOutbox is an outbox without pacing whose waits are recorded, not
// slept.
func testOutbox(t *testing.T) (*outbox, *[]time.Duration, *syncLog) {
	t.Helper()
	logs := &syncLog{}
	o := newOutbox(Limits{Off: true}, slog.New(slog.NewTextHandler(logs, nil)), newMetrics())
	var waits []time.Duration
	o.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return o, &waits, logs
}

type syncLog struct {
	mu sync.Mutex
	s  []byte
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.s = append(l.s, p...)
	return len(p), nil
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.s)
}

// failing returns a call that fails with errs in turn, then succeeds.
func failing(errs ...error) (func(context.Context) error, *int) {
	n := 0
	return func(context.Context) error {
		n++
		if n <= len(errs) {
			return errs[n-1]
		}
		return nil
	}, &n
}

func TestOutboxWaitsAsLongAsTelegramSays(t *testing.T) {
	o, waits, _ := testOutbox(t)
	call, n := failing(&tgbot.TooManyRequestsError{Message: "too many requests", RetryAfter: 7}, &tgbot.TooManyRequestsError{RetryAfter: 2})
	if err := o.do(context.Background(), 42, "sendMessage", true, call); err != nil {
		t.Fatal(err)
	}
	if *n != 3 || len(*waits) != 2 || (*waits)[0] != 7*time.Second || (*waits)[1] != 2*time.Second {
		t.Errorf("%d attempts, waits %v; want 3 attempts after 7s and 2s", *n, *waits)
	}
}

func TestOutboxBacksOffOnServerAndNetworkErrors(t *testing.T) {
	o, waits, _ := testOutbox(t)
	e500 := errors.New("error response from telegram for method sendMessage, 500 Internal Server Error")
	enet := fmt.Errorf("error do request for method sendMessage, %w", errors.New("connection reset by peer"))
	call, n := failing(e500, enet, e500, e500)
	if err := o.do(context.Background(), 42, "sendMessage", true, call); err != nil {
		t.Fatal(err)
	}
	if *n != 5 {
		t.Errorf("%d attempts, want 5", *n)
	}
	for i, w := range *waits {
		lo, hi := backoffBase<<i/2, backoffBase<<i
		if w < lo || w > hi || w > backoffCap {
			t.Errorf("wait %d = %v, want between %v and %v (exponential, with jitter)", i, w, lo, hi)
		}
	}
}

func TestOutboxGivesUpAndSaysWhy(t *testing.T) {
	o, waits, logs := testOutbox(t)
	e500 := errors.New("error response from telegram for method sendMessage, 502 Bad Gateway")
	always := func(context.Context) error { return e500 }
	if err := o.do(context.Background(), 42, "sendMessage", true, always); !errors.Is(err, errGaveUp) {
		t.Errorf("err = %v, want errGaveUp", err)
	}
	if len(*waits) != maxAttempts-1 {
		t.Errorf("%d waits, want %d", len(*waits), maxAttempts-1)
	}
	for _, w := range *waits {
		if w > backoffCap {
			t.Errorf("wait %v over the cap", w)
		}
	}
	if got := logs.String(); !contains(got, "gave up sending", "chat=42", "method=sendMessage", "too many attempts") {
		t.Errorf("log: %s", got)
	}
}

func TestOutboxDropsBlockedChatsAndLogsOnce(t *testing.T) {
	o, waits, logs := testOutbox(t)
	forbidden := fmt.Errorf("%w, Forbidden: bot was blocked by the user", tgbot.ErrorForbidden)
	for range 3 {
		call, n := failing(forbidden)
		if err := o.do(context.Background(), 7, "sendMessage", true, call); !errors.Is(err, errGaveUp) || *n != 1 {
			t.Errorf("err = %v after %d attempts, want errGaveUp after 1", err, *n)
		}
	}
	if len(*waits) != 0 {
		t.Errorf("waited %v for a blocked chat", *waits)
	}
	if got := logs.String(); countOf(got, "may not write to this chat") != 1 {
		t.Errorf("logged %d times, want once:\n%s", countOf(got, "may not write to this chat"), got)
	}
}

func TestOutboxReturnsBadRequests(t *testing.T) {
	o, _, _ := testOutbox(t)
	parse := fmt.Errorf("%w, Bad Request: can't parse entities: Unsupported start tag", tgbot.ErrorBadRequest)
	call, n := failing(parse)
	if err := o.do(context.Background(), 7, "sendMessage", true, call); !isParseError(err) || *n != 1 {
		t.Errorf("err = %v after %d attempts, want the parse error after 1", err, *n)
	}
}

func TestOutboxPacesEachChat(t *testing.T) {
	o := newOutbox(Limits{PerChat: 2, PerGroup: 1000, Global: 1000}, slog.New(slog.DiscardHandler), newMetrics())
	send := func(chat int64) {
		if err := o.do(context.Background(), chat, "sendMessage", true, func(context.Context) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	for range 3 {
		send(5)
	}
	// 3 messages at 2 a second: the first at once, two 500 ms apart.
	if d := time.Since(start); d < 990*time.Millisecond {
		t.Errorf("3 messages to one chat in %v; pacing allows no faster than 1 s", d)
	}
	// Five other chats, one message each: were they paced together, the
	// last would wait 2 s.
	start = time.Now()
	for chat := range int64(5) {
		send(100 + chat)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("5 chats took %v: they waited for each other", d)
	}
}

func TestUserLimitNoticesOnce(t *testing.T) {
	k := newKeyedLimiters(0.001, 2)
	var got []string
	for range 5 {
		ok, notice := k.allow(9)
		got = append(got, fmt.Sprint(ok, notice))
	}
	if want := "[true false true false false true false false false false]"; fmt.Sprint(got) != want {
		t.Errorf("allow: %v, want %s", got, want)
	}
}

// The dispatcher handles one chat's updates in order and different
// chats side by side, takes each update once, and confirms only a prefix
// of handled updates.
func TestDispatcher(t *testing.T) {
	var mu sync.Mutex
	handled := map[int64][]int64{}
	release, slow := make(chan struct{}), make(chan struct{})
	d := newDispatcher(5, newMetrics(), func(_ context.Context, u *models.Update) {
		if u.Message.Chat.ID == 2 {
			<-slow // chat 2 is slow
		} else {
			<-release
		}
		mu.Lock()
		handled[u.Message.Chat.ID] = append(handled[u.Message.Chat.ID], u.ID)
		mu.Unlock()
	})
	upd := func(id, chat int64) *models.Update {
		return &models.Update{ID: id, Message: &models.Message{Chat: models.Chat{ID: chat}}}
	}
	ctx := context.Background()
	for _, u := range []*models.Update{upd(1, 2), upd(2, 1), upd(3, 1), upd(4, 1)} {
		if r := d.add(ctx, u); r != accepted {
			t.Fatalf("add %d = %d", u.ID, r)
		}
	}
	if r := d.add(ctx, upd(3, 1)); r != duplicate {
		t.Errorf("a repeated update: %d, want duplicate", r)
	}
	if r := d.add(ctx, upd(5, 3)); r != accepted {
		t.Errorf("add 5 = %d", r)
	}
	if r := d.add(ctx, upd(6, 3)); r != busy {
		t.Errorf("a sixth update with five waiting: %d, want busy", r)
	}
	// Chat 1 finishes while chat 2 waits; nothing can be confirmed past 1.
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(handled[1])
		mu.Unlock()
		if n == 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if got := d.confirmable(); got != -1 {
		t.Errorf("confirmable = %d while update 1 runs, want -1", got)
	}
	close(slow)
	if err := d.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(handled[1]); got != "[2 3 4]" {
		t.Errorf("chat 1 handled %s, want in order", got)
	}
	if got := d.confirmable(); got != 5 {
		t.Errorf("confirmable = %d, want 5", got)
	}
	if d.busyNow() {
		t.Error("busy after all were handled")
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func countOf(s, sub string) int { return strings.Count(s, sub) }

// An update whose handling the stop cut short is not confirmed, so that
// Telegram sends it again to the next process.
func TestDispatcherDoesNotConfirmWhatWasCutShort(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	d := newDispatcher(5, newMetrics(), func(ctx context.Context, u *models.Update) {
		if u.ID == 1 {
			close(started)
			<-ctx.Done() // a send waiting out a long 429
		}
	})
	d.add(ctx, &models.Update{ID: 1, Message: &models.Message{Chat: models.Chat{ID: 1}}})
	<-started
	cancel()
	if err := d.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := d.confirmable(); got != -1 {
		t.Errorf("confirmable = %d after the handling was cut short, want -1", got)
	}
}
