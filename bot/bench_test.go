package bot_test

import (
	"context"
	"testing"

	"github.com/maqal/maqal/bot"
)

// BenchmarkRouter measures the commands that do not search: they should
// cost far less than an answer.
func BenchmarkRouter(b *testing.B) {
	r := bot.NewRouter(engine(b))
	for _, bm := range []struct{ name, text string }{
		{"who", "/who"},
		{"who-name", "/who tokaev"},
		{"timeline", "/timeline"},
		{"timeline-event", "/timeline 9"},
		{"quote", "/quote 5"},
		{"ask", "why did the court shut the pipeline?"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			m := bot.Message{ChatID: 1, Text: bm.text, ClientLang: "en"}
			for b.Loop() {
				r.Handle(context.Background(), m)
			}
		})
	}
}

// BenchmarkRenderHTML measures turning an answer into Telegram HTML.
func BenchmarkRenderHTML(b *testing.B) {
	r := bot.NewRouter(engine(b))
	rep := r.Handle(context.Background(), bot.Message{ChatID: 1, Text: "/who tokaev", ClientLang: "en"})
	b.ReportAllocs()
	for b.Loop() {
		_ = rep.HTML()
	}
}
