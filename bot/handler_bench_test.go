package bot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/corpus"
	"github.com/maqal/maqal/retrieval"
)

// stubTelegram answers every Bot API call at once, in memory, and notes
// how long after the update was taken (startKey in the request's
// context) each sendMessage was issued: the handler path without a
// network.
type stubTelegram struct {
	issued func(time.Duration)
}

type startKey struct{}

func (s stubTelegram) RoundTrip(r *http.Request) (*http.Response, error) {
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if start, ok := r.Context().Value(startKey{}).(time.Time); ok && path.Base(r.URL.Path) == "sendMessage" && s.issued != nil {
		s.issued(time.Since(start))
	}
	body := `{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}}`
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// benchQuestions are the dev questions of both languages.
func benchQuestions(b *testing.B) []string {
	var out []string
	for _, set := range []string{"questions.ar.tsv", "questions.en.tsv"} {
		f, err := os.Open(filepath.Join("..", "testdata", set))
		if err != nil {
			b.Fatal(err)
		}
		qs, err := retrieval.ParseQuestionSet(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range qs {
			out = append(out, q.Text)
		}
	}
	return out
}

// BenchmarkHandleUpdate measures the handler path, without the network:
// an update with a question in, through the router and the engine, to
// the sendMessage call issued, on all cores. It reports updates a second
// and the latency from taking the update to issuing the reply.
func BenchmarkHandleUpdate(b *testing.B) {
	a, err := corpus.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	eng, err := retrieval.New(a, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	questions := benchQuestions(b)
	bt, err := New(NewRouter(eng), Config{Token: "1:bench", Limits: Limits{Off: true}, QuestionsPerMinute: 1 << 30},
		slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var lat []time.Duration
	bt.tg, err = tgbot.New("1:bench", tgbot.WithSkipGetMe(), tgbot.WithServerURL("http://telegram.invalid"),
		tgbot.WithHTTPClient(time.Minute, &http.Client{Transport: stubTelegram{issued: func(d time.Duration) {
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}}}))
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			u := &models.Update{ID: i, Message: &models.Message{
				ID:   int(i),
				Chat: models.Chat{ID: i%500 + 1, Type: models.ChatTypePrivate},
				From: &models.User{ID: i%500 + 1, LanguageCode: "en"},
				Text: questions[int(i)%len(questions)],
			}}
			bt.handle(context.WithValue(context.Background(), startKey{}, time.Now()), u)
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	}
}
