package bot_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/maqal/maqal/bot"
	"github.com/maqal/maqal/corpus"
	"github.com/maqal/maqal/retrieval"
)

var sample = bot.Reply{Blocks: []bot.Block{
	{Kind: bot.Text, Runs: []bot.Run{{Text: "Paragraph <5> & ", Bold: true}, {Text: "more"}}},
	{Kind: bot.Quote, Runs: []bot.Run{{Text: "قال "}, {Text: "بوتين", Bold: true}, {Text: " <b>x</b>"}}},
	{Kind: bot.Translation, Runs: []bot.Run{{Text: "Putin said"}}},
}}

func TestHTMLEscapesEveryPiece(t *testing.T) {
	got := sample.HTML()
	want := "<b>Paragraph &lt;5&gt; &amp; </b>more\n\n<blockquote>قال <b>بوتين</b> &lt;b&gt;x&lt;/b&gt;</blockquote>\n\n<blockquote><i>Putin said</i></blockquote>"
	if got != want {
		t.Errorf("HTML:\n got %q\nwant %q", got, want)
	}
}

func TestPlain(t *testing.T) {
	want := "*Paragraph <5> &* more\n\n> قال *بوتين* <b>x</b>\n  Putin said"
	if got := sample.Plain(false); got != want {
		t.Errorf("Plain:\n got %q\nwant %q", got, want)
	}
	if got := sample.Plain(true); !strings.Contains(got, "\x1b[1mبوتين\x1b[0m") {
		t.Errorf("Plain(ansi) = %q, want bold by escape codes", got)
	}
}

// An article with no annotations still has /who and /timeline: /who says
// that no one is annotated, and /timeline lists the sentences with dates.
func TestArticleWithoutAnnotations(t *testing.T) {
	fsys := fstest.MapFS{corpus.TextFile: {Data: []byte("كاتب\nوصل الوفد في آذار. ثم غادر.\nعاد في يونيو 2021.\nلا تاريخ هنا.\n")}}
	a, err := corpus.Load(fsys, "dir")
	if err != nil {
		t.Fatal(err)
	}
	e, err := retrieval.New(a, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	r := bot.NewRouter(e)
	who := r.Handle(context.Background(), bot.Message{Text: "/who Tokayev"}).Plain(false)
	if !strings.Contains(who, "No people or organisations are annotated") {
		t.Errorf("/who: %s", who)
	}
	tl := r.Handle(context.Background(), bot.Message{Text: "/timeline"}).Plain(false)
	for _, w := range []string{"found automatically", "> وصل الوفد في *آذار*.", "> عاد في *يونيو* 2021."} {
		if !strings.Contains(tl, w) {
			t.Errorf("/timeline lacks %q:\n%s", w, tl)
		}
	}
	if strings.Contains(tl, "لا تاريخ") || strings.Contains(tl, "ثم غادر") {
		t.Errorf("/timeline quotes a sentence without a date:\n%s", tl)
	}
	start := r.Handle(context.Background(), bot.Message{Text: "/start"})
	if len(start.Examples) != 3 || start.Examples[0] != "What is the article about?" {
		t.Errorf("/start examples = %q, want the three that suit any article", start.Examples)
	}
}

// Whatever a reader sends, the router replies with valid UTF-8 and HTML
// that Telegram can parse: only <b>, <i> and <blockquote>, balanced.
func FuzzHandle(f *testing.F) {
	for _, s := range []string{"/who Tokayev", "/timeline 3", "/quote ٥", "<b>x</b>", "من كتب المقال", "/p", "/who \xff", "&amp;", "/start p99"} {
		f.Add(s)
	}
	r := bot.NewRouter(engine(f))
	f.Fuzz(func(t *testing.T, text string) {
		rep := r.Handle(context.Background(), bot.Message{ChatID: 1, Text: text})
		out := rep.HTML()
		if !utf8.ValidString(out) {
			t.Fatalf("%q: reply is not UTF-8", text)
		}
		if strings.TrimSpace(out) == "" {
			t.Fatalf("%q: empty reply", text)
		}
		bot.CheckHTML(t, out)
	})
}
