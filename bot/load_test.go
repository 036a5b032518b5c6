package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"

	"github.com/maqal/maqal/bot"
	"github.com/maqal/maqal/bot/telegramtest"
)

// quoteRef finds the paragraph a /quote reply shows.
var quoteRef = regexp.MustCompile(`^Paragraph (\d+)`)

// tally counts, for questions "/quote N" sent to chats, the replies
// delivered, the duplicates and the questions left without a reply.
type tally struct{ sent, delivered, duplicates, lost int }

func (t tally) String() string {
	return fmt.Sprintf("questions sent %d, answers delivered %d, duplicates %d, lost %d", t.sent, t.delivered, t.duplicates, t.lost)
}

// count reads the replies in tg against asked: chat → the paragraphs asked.
func count(tg *telegramtest.Server, asked map[int64][]int) tally {
	var t tally
	for chat, paras := range asked {
		t.sent += len(paras)
		got := map[int]int{}
		for _, m := range tg.Messages(chat) {
			if sm := quoteRef.FindStringSubmatch(m.Text); sm != nil {
				n, _ := strconv.Atoi(sm[1])
				got[n]++
			}
		}
		for _, p := range paras {
			switch c := got[p]; {
			case c == 0:
				t.lost++
			default:
				t.delivered++
				t.duplicates += c - 1
			}
		}
	}
	return t
}

// waitDelivered waits until every question has a reply, or d passes.
func waitDelivered(tg *telegramtest.Server, asked map[int64][]int, d time.Duration) tally {
	deadline := time.Now().Add(d)
	for {
		t := count(tg, asked)
		if t.lost == 0 || time.Now().After(deadline) {
			time.Sleep(300 * time.Millisecond) // let any duplicate arrive
			return count(tg, asked)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ask sends "/quote N" for N = 1..per from chats private chats, ids from
// base, and returns what it asked.
func ask(tg *telegramtest.Server, chats, per int, base int64) map[int64][]int {
	asked := map[int64][]int{}
	for n := 1; n <= per; n++ {
		for c := range chats {
			u := models.User{ID: base + int64(c), FirstName: "R", LanguageCode: "en"}
			tg.SendText(telegramtest.PrivateChat(u), u, "/quote "+strconv.Itoa(n))
			asked[u.ID] = append(asked[u.ID], n)
		}
	}
	return asked
}

// Every question is answered exactly once through bursts of 429, 5xx,
// dropped connections and slow answers, on sends and on polling.
func TestDeliveryUnderFaults(t *testing.T) {
	s := startBot(t, bot.Config{Limits: bot.Limits{PerChat: 50, PerGroup: 50, Global: 500}})
	s.tg.FailEvery("sendMessage", 7, 429, 1, "Too Many Requests: retry after 1")
	s.tg.Fail("sendMessage", 3, 500, 0, "Internal Server Error")
	s.tg.Fail("sendMessage", 2, 502, 0, "Bad Gateway")
	s.tg.Drop("sendMessage", 4)
	s.tg.Delay("sendMessage", 400*time.Millisecond, 6)
	s.tg.Fail("getUpdates", 2, 502, 0, "Bad Gateway")
	s.tg.Drop("getUpdates", 1)
	asked := ask(s.tg, 20, 5, 5000) // 100 questions from 20 chats
	got := waitDelivered(s.tg, asked, 90*time.Second)
	t.Log(got)
	s.tg.FailEvery("sendMessage", 0, 0, 0, "")
	if got.delivered != got.sent || got.duplicates != 0 || got.lost != 0 {
		t.Errorf("%v; want every question answered once", got)
	}
	st := s.tg.Stats()
	if st.Errors["sendMessage"] < 10 || st.Errors["getUpdates"] < 3 {
		t.Errorf("faults injected: %v; the test did not exercise them", st.Errors)
	}
}

// Stopping under load (SIGTERM cancels run's context) finishes every
// update taken; a new process answers the rest; nothing is answered
// twice.
func TestShutdownDuringLoadLosesAndRepeatsNothing(t *testing.T) {
	tg := telegramtest.NewServer(t, telegramtest.Options{})
	limits := bot.Limits{PerChat: 20, PerGroup: 20, Global: 200}
	first := runBot(t, tg, bot.Config{Limits: limits})
	asked := ask(tg, 30, 8, 7000) // 240 questions
	for count(tg, asked).delivered < 60 {
		time.Sleep(10 * time.Millisecond)
	}
	if err := first.stop(); err != nil {
		t.Fatal(err)
	}
	before := count(tg, asked)
	t.Logf("at the stop: %v", before)
	if before.duplicates != 0 {
		t.Errorf("duplicates before the restart: %v", before)
	}
	runBot(t, tg, bot.Config{Limits: limits})
	after := waitDelivered(tg, asked, 60*time.Second)
	t.Logf("after the restart: %v", after)
	if after.delivered != after.sent || after.duplicates != 0 {
		t.Errorf("%v; want every question answered once across the restart", after)
	}
}

// A load of questions from many chats: every one is answered, no chat
// gets messages faster than the limits allow, and the test prints the
// throughput and the latency.
func TestLoad(t *testing.T) {
	chats, per := 500, 20 // 10,000 questions
	if raceDetector || testing.Short() {
		chats, per = 100, 10
	}
	limits := bot.Limits{PerChat: 20, PerGroup: 20, Global: 2000}
	s := startBot(t, bot.Config{Limits: limits, QuestionsPerMinute: 1000})
	sentAt := map[int64]time.Time{}
	var mu sync.Mutex
	start := time.Now()
	asked := map[int64][]int{}
	for n := 1; n <= per; n++ {
		for c := range chats {
			u := models.User{ID: 100_000 + int64(c), FirstName: "L", LanguageCode: "en"}
			m := s.tg.SendText(telegramtest.PrivateChat(u), u, "/quote "+strconv.Itoa(n%13+1))
			mu.Lock()
			sentAt[int64(m.Chat.ID)<<8|int64(n%13+1)] = time.Now()
			mu.Unlock()
			asked[u.ID] = append(asked[u.ID], n)
		}
	}
	total := chats * per
	deadline := time.Now().Add(3 * time.Minute)
	for s.tg.Stats().Messages < total && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	all := s.tg.AllMessages()
	if len(all) != total {
		t.Fatalf("%d answers to %d questions", len(all), total)
	}
	// No chat above its limit: a bucket of one message refilled at
	// PerChat a second allows 1 + PerChat·w messages in any w seconds.
	byChat := map[int64][]time.Time{}
	for _, m := range all {
		byChat[m.ChatID] = append(byChat[m.ChatID], m.At)
	}
	// The fake stamps a message when it handles the call, some
	// milliseconds after the bot's limiter let it go, more under load.
	const slack = 100 * time.Millisecond
	for chat, times := range byChat {
		for i := range times {
			for j := i + 1; j < len(times); j++ {
				w := times[j].Sub(times[i]) + slack
				if allowed := 1 + int(float64(limits.PerChat)*w.Seconds()); j-i+1 > allowed {
					t.Fatalf("chat %d: %d messages in %v, the limit allows %d", chat, j-i+1, w, allowed)
				}
			}
		}
	}
	// Latency: from sending a question to its answer, as readers see it.
	var lat []time.Duration
	for _, m := range all {
		if sm := quoteRef.FindStringSubmatch(m.Text); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			if at, ok := sentAt[m.ChatID<<8|int64(n)]; ok {
				lat = append(lat, m.At.Sub(at))
			}
		}
	}
	slices.Sort(lat)
	t.Logf("%d questions from %d chats in %v: %.0f answers/s; latency p50 %v, p99 %v (limits: %v a chat, %v in all)",
		total, chats, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*99/100].Round(time.Millisecond), limits.PerChat, rate.Limit(limits.Global))
}

// BenchmarkEndToEnd sends questions from 100 chats through the bot and a
// fake Telegram on the loopback, pacing off, and reports the updates
// answered a second and the latency from a question's arrival at
// Telegram to its answer's.
func BenchmarkEndToEnd(b *testing.B) {
	tg := telegramtest.NewServer(b, telegramtest.Options{MaxPoll: 100 * time.Millisecond})
	bt, err := bot.New(bot.NewRouter(engine(b)), bot.Config{Token: tg.Token(), APIURL: tg.URL, PollTimeout: time.Second,
		Limits: bot.Limits{Off: true}, QuestionsPerMinute: 1 << 30, MaxQueue: 1 << 20}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	defer func() { cancel(); <-done }()
	tg.WaitCalls(b, "getUpdates", 1, wait)
	questions := []string{"why did the court shut the pipeline?", "ماذا قال بوتين عن السيادة؟", "/who Putin", "/timeline 3", "من كتب المقال؟"}
	sent := map[[2]int64]time.Time{}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		u := models.User{ID: 50_000 + int64(i%100), FirstName: "E", LanguageCode: "en"}
		m := tg.SendText(telegramtest.PrivateChat(u), u, questions[i%len(questions)])
		sent[[2]int64{m.Chat.ID, int64(i / 100)}] = time.Now()
	}
	for tg.Stats().Messages < b.N {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	// The k-th answer in a chat answers its k-th question (one message each).
	var lat []time.Duration
	seen := map[int64]int64{}
	for _, m := range tg.AllMessages() {
		k := seen[m.ChatID]
		seen[m.ChatID]++
		if at, ok := sent[[2]int64{m.ChatID, k}]; ok {
			lat = append(lat, m.At.Sub(at))
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
