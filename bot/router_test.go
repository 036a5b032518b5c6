package bot_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/maqal/maqal/bot"
	"github.com/maqal/maqal/corpus"
	"github.com/maqal/maqal/retrieval"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	engineOnce sync.Once
	testEngine *retrieval.Engine
	engineErr  error
)

func engine(tb testing.TB) *retrieval.Engine {
	tb.Helper()
	engineOnce.Do(func() {
		a, err := corpus.Embedded()
		if err != nil {
			engineErr = err
			return
		}
		testEngine, engineErr = retrieval.New(a, retrieval.Options{})
	})
	if engineErr != nil {
		tb.Fatal(engineErr)
	}
	return testEngine
}

func handle(tb testing.TB, r *bot.Router, m bot.Message) bot.Reply {
	tb.Helper()
	return r.Handle(context.Background(), m)
}

var routerCases = []struct {
	name    string
	msg     bot.Message
	lang    string
	want    []string // in the plain text of the reply
	notWant []string
}{
	{"start in English", bot.Message{Text: "/start"}, "en",
		[]string{"Hello!", "Nargis Kassenova", "/who", "• Why did the court shut the pipeline?"}, nil},
	{"start in Arabic for an Arabic app", bot.Message{Text: "/start", ClientLang: "ar"}, "ar",
		[]string{"مرحبًا", "• لماذا أغلقت المحكمة خط أنابيب النفط؟"}, []string{"Hello"}},
	{"start with a deep link to a paragraph", bot.Message{Text: "/start p5"}, "en",
		[]string{"*Paragraph 5*", "> كما تم عرض التحدي", "The challenge facing Tokayev"}, nil},
	{"help", bot.Message{Text: "/help"}, "en", []string{"/timeline N", "/quote N"}, nil},
	{"help in Arabic", bot.Message{Text: "/help", ClientLang: "ar-EG"}, "ar", []string{"اسألني", "/timeline رقم"}, nil},
	{"about", bot.Message{Text: "/about"}, "en",
		[]string{"*About the article*", "*Author:* نرجس كاسينوفا (Nargis Kassenova)", "*Published:* July 2022",
			"13 paragraphs after the byline", "*Language:* Arabic", "English translation"}, nil},
	{"about in Arabic", bot.Message{Text: "/about", ClientLang: "ar"}, "ar",
		[]string{"*عن المقال*", "*تاريخ النشر:* يوليو 2022", "*اللغة:* العربية", "13 فقرة"}, nil},
	{"quote with its translation for English readers", bot.Message{Text: "/quote 5"}, "en",
		[]string{"*Paragraph 5*", "> كما تم عرض التحدي الذي يواجهه توكاييف", "  The challenge facing Tokayev"}, nil},
	{"quote in Arabic has no English", bot.Message{Text: "/p 5", ClientLang: "ar"}, "ar",
		[]string{"*الفقرة 5*", "> كما تم عرض التحدي"}, []string{"The challenge"}},
	{"quote with Arabic-Indic digits", bot.Message{Text: "/p ١٢"}, "en", []string{"*Paragraph 12*", "> في الوقت الحاضر"}, nil},
	{"quote the byline", bot.Message{Text: "/quote 0"}, "en", []string{"Paragraph 0 (the byline)", "> نرجس كاسينوفا"}, nil},
	{"quote out of range", bot.Message{Text: "/quote 99"}, "en", []string{"There is no paragraph 99", "0 (the byline) to 13"}, nil},
	{"quote out of range in Arabic", bot.Message{Text: "/quote 99", ClientLang: "ar"}, "ar", []string{"لا توجد الفقرة 99", "إلى 13"}, nil},
	{"quote of a word", bot.Message{Text: "/quote abc"}, "en", []string{"Give a paragraph number", "/quote N"}, nil},
	{"quote without a number", bot.Message{Text: "/quote"}, "en", []string{"Give a paragraph number"}, nil},
	{"who lists people, organisations and places", bot.Message{Text: "/who"}, "en",
		[]string{"*People*", "*Kassym-Jomart Tokayev* — President of Kazakhstan (¶2, 3, 5, 8, 9, 12)", "*Organisations*", "*Places*"}, nil},
	{"who in Arabic", bot.Message{Text: "/who", ClientLang: "ar"}, "ar",
		[]string{"*الأشخاص*", "*قاسم جومارت توكاييف* — رئيس كازاخستان (ف 2، 3، 5، 8، 9، 12)"}, nil},
	{"who by an English spelling", bot.Message{Text: "/who tokaev"}, "en",
		[]string{"*Kassym-Jomart Tokayev* — President of Kazakhstan", "Mentioned in paragraphs 2, 3, 5, 8, 9 and 12",
			"وعلى سبيل *المثالتصريحاتتوكاييف* في سانت بطرسبرغ", "for example *Tokayev*'s remarks"}, nil},
	{"who by an Arabic spelling answers in Arabic", bot.Message{Text: "/who توكايف"}, "ar",
		[]string{"*قاسم جومارت توكاييف* — رئيس كازاخستان", "ورد ذكره في الفقرات 2، 3، 5، 8، 9 و12"}, []string{"President"}},
	{"who for the command of a named bot", bot.Message{Text: "/who@maqal_bot Putin"}, "en",
		[]string{"*Putin* — President of Russia", "paragraphs 5, 6 and 7"}, nil},
	{"who with a misspelling suggests", bot.Message{Text: "/who tokyev"}, "en",
		[]string{"I find no “tokyev”", "Did you mean: Kassym-Jomart Tokayev?"}, nil},
	{"who for someone the article does not name lists the names", bot.Message{Text: "/who Nazarbayev"}, "en",
		[]string{"I find no “Nazarbayev”", "The article names: Nargis Kassenova, Kassym-Jomart Tokayev, Putin,"}, nil},
	{"who with 500 characters", bot.Message{Text: "/who " + strings.Repeat("a", 500)}, "en", []string{"too long for a name"}, nil},
	{"timeline", bot.Message{Text: "/timeline"}, "en",
		[]string{"*Timeline*", "*1. March 2022 (“last March”)*", "*9. 6 July 2022† (“the next day”)*", "after event 9", "† date from public reporting"}, nil},
	{"timeline in Arabic", bot.Message{Text: "/timeline", ClientLang: "ar"}, "ar",
		[]string{"*التسلسل الزمني*", "*1. مارس 2022", "† التاريخ من التقارير المنشورة"}, nil},
	{"one event with its quote", bot.Message{Text: "/timeline 9"}, "en",
		[]string{"*Event 9 of 11: 6 July 2022† (“the next day”)*", "*حكماً بإغلاق لمدة شهر، خط أنابيب النفط القادم من كازاخستان*", "  Yet only the next day"}, nil},
	{"one event in Arabic", bot.Message{Text: "/timeline 9", ClientLang: "ar"}, "ar",
		[]string{"*الحدث 9 من 11: 6 يوليو 2022† («في اليوم التالي»)*", "*حكماً بإغلاق لمدة شهر"}, []string{"Yet only"}},
	{"event out of range in Arabic", bot.Message{Text: "/timeline 40", ClientLang: "ar"}, "ar", []string{"لا يوجد الحدث 40", "من 1 إلى 11"}, nil},
	{"ask in Arabic", bot.Message{Text: "/ask لماذا عدلت المحكمة قرارها؟"}, "ar",
		[]string{"*الفقرة 3*", "> ", "*المحكمة*"}, []string{"But when"}},
	{"ask in Arabic with nothing to ask", bot.Message{Text: "/ask", ClientLang: "ar"}, "ar", []string{"اسأل سؤالًا عن المقال", "لماذا أغلقت"}, nil},
	{"unknown command in Arabic", bot.Message{Text: "/foo", ClientLang: "ar"}, "ar", []string{"لا أعرف الأمر /foo"}, nil},
	{"lang in Arabic", bot.Message{ChatID: 77, Text: "/lang ar"}, "ar", []string{"سأرد بالعربية."}, nil},
	{"who with a misspelling in Arabic", bot.Message{Text: "/who بوتيم"}, "ar", []string{"لا أجد «بوتيم»", "هل تقصد: بوتين؟"}, nil},
	{"event out of range", bot.Message{Text: "/timeline 0"}, "en", []string{"There is no event 0", "1 to 11"}, nil},
	{"event of a word", bot.Message{Text: "/timeline soon"}, "en", []string{"/timeline N (1 to 11)"}, nil},
	{"ask in English", bot.Message{Text: "/ask why did the court shut the pipeline"}, "en",
		[]string{"*Paragraph 2*", "> ", "  Yet only the next day"}, nil},
	{"a question without a command, in Arabic", bot.Message{Text: "من كتب المقال؟", ClientLang: "en"}, "ar",
		[]string{"*الفقرة 0 (سطر التعريف بالكاتب)*", "نرجس كاسينوفا"}, []string{"Nargis Kassenova -"}},
	{"a question the article does not answer", bot.Message{Text: "what is the population of kazakhstan"}, "en",
		[]string{"The article does not say."}, []string{"> "}},
	{"ask with nothing to ask", bot.Message{Text: "/ask"}, "en", []string{"Ask a question about the article", "For example: Why did the court"}, nil},
	{"emoji only", bot.Message{Text: "😀😀😀"}, "en", []string{"I need words to search for"}, nil},
	{"too long", bot.Message{Text: strings.Repeat("كازاخستان ", 120)}, "ar", []string{"اسأل من فضلك في 1000 حرف"}, nil},
	{"not UTF-8", bot.Message{Text: "who \xff\xfe"}, "en", []string{"could not read that text"}, nil},
	{"query syntax is text", bot.Message{Text: `+Tokayev -Putin field:"forum" ^2~`}, "en", []string{"Paragraph"}, nil},
	{"unknown command", bot.Message{Text: "/foo"}, "en", []string{"I do not know /foo", "/help"}, nil},
	{"lang without a choice", bot.Message{Text: "/lang"}, "en", []string{"/lang ar or /lang en", "(now English)"}, nil},
}

func TestRouterReplies(t *testing.T) {
	r := bot.NewRouter(engine(t))
	for _, tt := range routerCases {
		t.Run(tt.name, func(t *testing.T) {
			rep := handle(t, r, tt.msg)
			if rep.Lang != tt.lang {
				t.Errorf("%.60q: reply in %q, want %q", tt.msg.Text, rep.Lang, tt.lang)
			}
			text := rep.Plain(false)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%.60q: reply lacks %q:\n%s", tt.msg.Text, w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("%.60q: reply has %q:\n%s", tt.msg.Text, w, text)
				}
			}
		})
	}
}

// The reply's language is the question's, else the chat's /lang, else
// the app's, else English; /lang holds for its own chat only.
func TestReplyLanguage(t *testing.T) {
	r := bot.NewRouter(engine(t))
	steps := []struct {
		msg  bot.Message
		want string
	}{
		{bot.Message{ChatID: 1, Text: "/timeline"}, "en"},
		{bot.Message{ChatID: 1, Text: "/timeline", ClientLang: "ar"}, "ar"},
		{bot.Message{ChatID: 1, Text: "/lang العربية"}, "ar"},
		{bot.Message{ChatID: 1, Text: "/timeline", ClientLang: "en"}, "ar"},
		{bot.Message{ChatID: 2, Text: "/timeline"}, "en"},
		{bot.Message{ChatID: 1, Text: "who is Tokayev"}, "en"},
		{bot.Message{ChatID: 1, Text: "/lang en"}, "en"},
		{bot.Message{ChatID: 1, Text: "/quote 3", ClientLang: "ar"}, "en"},
		{bot.Message{ChatID: 1, Text: "من هو بوتين"}, "ar"},
	}
	for i, s := range steps {
		if got := handle(t, r, s.msg).Lang; got != s.want {
			t.Errorf("step %d %+v: reply in %q, want %q", i, s.msg, got, s.want)
		}
	}
}

// Every quote in every reply is the article's own words: a verbatim
// substring of a paragraph, and every English line of its translation.
func TestEveryQuoteIsVerbatim(t *testing.T) {
	e := engine(t)
	r := bot.NewRouter(e)
	a := e.Article()
	var texts []string
	for _, ent := range e.Entities() {
		texts = append(texts, "/who "+ent.Names.EN[0], "/who "+ent.Names.AR[0])
	}
	for i := range a.Meta.Events {
		texts = append(texts, "/timeline "+strconv.Itoa(i+1))
	}
	for n := range a.Paragraphs {
		texts = append(texts, "/quote "+strconv.Itoa(n))
	}
	texts = append(texts, "/who", "/timeline", "/about", "/start",
		"why did the court shut the pipeline", "ماذا قال بوتين عن السيادة", "مين الكاتبة", "what is Kazakhstan's position on Donetsk")
	quotes := 0
	for _, text := range texts {
		for _, lang := range []string{"ar", "en"} {
			rep := handle(t, r, bot.Message{ChatID: 9, Text: text, ClientLang: lang})
			for _, b := range rep.Blocks {
				s := b.String()
				switch b.Kind {
				case bot.Quote:
					quotes++
					if !inAny(a, s, false) {
						t.Errorf("%q (%s): quote is not verbatim: %q", text, lang, s)
					}
				case bot.Translation:
					if !inAny(a, s, true) {
						t.Errorf("%q (%s): English is not the translation's: %q", text, lang, s)
					}
				}
			}
		}
	}
	if quotes < 100 {
		t.Errorf("only %d quotes checked", quotes)
	}
}

func inAny(a *corpus.Article, s string, translation bool) bool {
	for _, p := range a.Paragraphs {
		text := p.Text
		if translation {
			text = p.Translation
		}
		if s != "" && strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// Golden files hold the whole of the longest replies, in both languages:
// run "go test ./bot -update" and read the diff when they change.
func TestGolden(t *testing.T) {
	r := bot.NewRouter(engine(t))
	for _, tt := range []struct{ file, text, lang string }{
		{"timeline.en.txt", "/timeline", "en"},
		{"timeline.ar.txt", "/timeline", "ar"},
		{"who.en.txt", "/who", "en"},
		{"who.ar.txt", "/who", "ar"},
		{"who-tokayev.en.txt", "/who Tokayev", "en"},
		{"who-tokayev.ar.txt", "/who توكاييف", "ar"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			got := handle(t, r, bot.Message{Text: tt.text, ClientLang: tt.lang}).Plain(false) + "\n"
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s: reply to %q differs from %s (go test ./bot -update rewrites it):\n%s", tt.file, tt.text, path, got)
			}
		})
	}
}

func TestRouterIsSafeForConcurrentUse(t *testing.T) {
	r := bot.NewRouter(engine(t))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, text := range []string{"/lang ar", "/timeline", "/lang en", "who is Putin", "/who"} {
				r.Handle(context.Background(), bot.Message{ChatID: int64(i % 2), Text: text})
			}
		})
	}
	wg.Wait()
}
