package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/maqal/maqal/corpus"
)

func entityID(tb testing.TB, e *Engine, ids []int) []string {
	tb.Helper()
	var out []string
	for _, i := range ids {
		out = append(out, e.Entities()[i].ID)
	}
	return out
}

var entityLookups = []struct {
	name    string
	found   []string
	closest []string
}{
	{"Tokayev", []string{"tokayev"}, nil},
	{"tokaev", []string{"tokayev"}, nil},
	{"TOKAYEV", []string{"tokayev"}, nil},
	{"Tokayev's", []string{"tokayev"}, nil},
	{"توكايف", []string{"tokayev"}, nil},
	{"تُوكَاييف", []string{"tokayev"}, nil}, // diacritics
	{"جومارت", []string{"tokayev"}, nil},    // one word of the full name
	{"Kassym-Jomart", []string{"tokayev"}, nil},
	{"بوتين", []string{"putin"}, nil},
	{"لبوتين", []string{"putin"}, nil}, // with a prefix
	{"the West", []string{"west"}, nil},
	{"Donbas", []string{"donetsk", "luhansk"}, nil},
	{"union", []string{"eu", "eaeu"}, nil},
	{"tokyev", nil, []string{"tokayev"}},
	{"Putn", nil, []string{"putin"}},
	{"Nazarbayev", nil, nil},
	{strings.Repeat("توكاييف ", 80), nil, nil},
	{"<b>", nil, nil},
}

func TestLookupEntity(t *testing.T) {
	e := engine(t)
	for _, tt := range entityLookups {
		found, closest := e.LookupEntity(tt.name)
		if got := entityID(t, e, found); !slices.Equal(got, tt.found) {
			t.Errorf("LookupEntity(%.40q) found %v, want %v", tt.name, got, tt.found)
		}
		if got := entityID(t, e, closest); !slices.Equal(got, tt.closest) {
			t.Errorf("LookupEntity(%.40q) closest %v, want %v", tt.name, got, tt.closest)
		}
	}
}

// The paragraphs that mention someone are found by name, through prefixes
// and words run together, and each mention quotes its sentence verbatim.
func TestMentions(t *testing.T) {
	e := engine(t)
	want := map[string][]int{
		"tokayev":           {2, 3, 5, 8, 9, 12}, // 12: المثالتصريحاتتوكاييف
		"putin":             {5, 6, 7},
		"eaeu":              {12}, // الأوراسييجب
		"kazakh-government": {3},  // للحكومة الكازاخية
		"russia":            {1, 2, 3, 4, 6, 7, 9, 10, 11, 13},
	}
	for i, ent := range e.Entities() {
		w, ok := want[ent.ID]
		if !ok {
			continue
		}
		var got []int
		for _, m := range e.Mentions(i) {
			got = append(got, m.Paragraph)
			text := e.Article().Paragraphs[m.Paragraph].Text
			if text[m.Span.Start:m.Span.End] != m.Text || m.Mark.Start < m.Span.Start || m.Mark.End > m.Span.End {
				t.Errorf("%s in paragraph %d: excerpt %+v is not a sentence of the paragraph holding the name", ent.ID, m.Paragraph, m)
			}
			if m.Translation == "" || !strings.Contains(e.Article().Paragraphs[m.Paragraph].Translation, m.Translation) {
				t.Errorf("%s in paragraph %d: translation %q", ent.ID, m.Paragraph, m.Translation)
			}
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s mentioned in %v, want %v", ent.ID, got, w)
		}
	}
}

func TestAnArabicNameThatOccursNowhereFailsToLoad(t *testing.T) {
	fsys := fstest.MapFS{
		corpus.TextFile: {Data: []byte("كاتب\nقال بوتين كلامًا.\n")},
		corpus.AnnotationsFile: {Data: []byte(`{"entities": [
{"id": "putin", "kind": "person", "names": {"ar": ["بوتين", "فلاديمير بوتين"], "en": ["Putin"]}, "role": {"ar": "رئيس", "en": "President"}}]}`)},
	}
	a, err := corpus.Load(fsys, "dir")
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(a, Options{})
	if err == nil || !strings.Contains(err.Error(), `dir/annotations.json:2: entity putin: Arabic name "فلاديمير بوتين" occurs nowhere`) {
		t.Fatalf("New: err = %v", err)
	}
}

func TestDatedSentences(t *testing.T) {
	e := engine(t)
	var got []int
	for _, ex := range e.DatedSentences() {
		got = append(got, ex.Paragraph)
		if !strings.Contains(e.Article().Paragraphs[ex.Paragraph].Text, ex.Text) {
			t.Errorf("paragraph %d: %q is not verbatim", ex.Paragraph, ex.Text)
		}
	}
	// March and June in paragraph 4, June in 5.
	if want := []int{4, 5}; !slices.Equal(got, want) {
		t.Errorf("dated sentences in paragraphs %v, want %v", got, want)
	}
	// Both Arabic month names and the days of the week count.
	e2 := engineOf(t, fstest.MapFS{corpus.TextFile: {Data: []byte("كاتب\nوصل في آذار. ثم غادر.\nعاد يوم الخميس.\nفي 1999 انتهى.\n")}}, Options{})
	var texts []string
	for _, ex := range e2.DatedSentences() {
		texts = append(texts, ex.Text)
	}
	if want := []string{"وصل في آذار.", "عاد يوم الخميس.", "في 1999 انتهى."}; !slices.Equal(texts, want) {
		t.Errorf("dated sentences %q, want %q", texts, want)
	}
	if _, err := e2.Answer(context.Background(), Question{Text: "متى عاد"}); err != nil {
		t.Error(err)
	}
}

// Only the words of the author's name that are nothing else read as the
// author: not a stop word ("Will") nor a word of the article's body
// ("Black", beside the Black Sea).
func TestAuthorsNameWordsThatAreOtherWords(t *testing.T) {
	fsys := fstest.MapFS{
		corpus.TextFile:        {Data: []byte("ويل بلاك\nميناء على البحر الأسود.\n")},
		corpus.TranslationFile: {Data: []byte("Will Black\nA port on the Black Sea.\n")},
		corpus.AnnotationsFile: {Data: []byte(`{"author": "ويل بلاك (Will Black)", "entities": [
{"id": "black", "kind": "person", "names": {"ar": ["ويل بلاك"], "en": ["Will Black"]}, "variants": ["Black"], "role": {"ar": "الكاتب", "en": "The author"}}]}`)},
	}
	e := engineOf(t, fsys, Options{})
	if e.author < 0 {
		t.Fatal("no author found")
	}
	for w, want := range map[string]bool{"will": false, "black": false, "ويل": true, "بلاك": true} {
		if e.authorWords[w] != want {
			t.Errorf("%q reads as the author: %v, want %v", w, e.authorWords[w], want)
		}
	}
}

// A nisba with the article is an adjective of a country: singular only
// (الصينيون, the Chinese, are people), and it names someone who can
// respond only after a word for those who act for the country.
func TestCountryAdjectives(t *testing.T) {
	for w, want := range map[string]bool{"الصينية": true, "الأوروبي": true, "الصينيون": false, "الصين": false, "صينية": false} {
		if got := isNisba(Normalize(w)); got != want {
			t.Errorf("isNisba(%s) = %v, want %v", w, got, want)
		}
	}
	e := engine(t)
	for text, want := range map[string]bool{
		"المبادرة الصينية":              false,
		"الحكومة الكازاخية":             true,
		"الدبلوماسية الصينية":           true,
		"النخبة السياسية الكازاخستانية": true,
		"النفط الكازاخستاني":            false,
	} {
		toks := Tokenize(text)
		if got := e.qualifiesAgent(toks, len(toks)-1); got != want {
			t.Errorf("%s: qualifies an agent %v, want %v", text, got, want)
		}
	}
}

func TestNamesOfWhatTheArticleNeverNames(t *testing.T) {
	// The court and the oil pipeline have no name of their own in the
	// article (see properName), nor has the storm, which is no entity; a
	// question asking for one's name asks for one it cannot give. A noun
	// after them in English is what is asked about.
	e := engine(t)
	for _, tt := range []struct {
		question string
		unnamed  bool
	}{
		{"ما اسم خط أنابيب النفط؟", true},
		{"ما الاسم الرسمي للمحكمة؟", true},
		{"what is the name of the pipeline that was ordered shut", true},
		{"the pipeline's full name?", true},
		{"what is the name of the court's city", false},
		{"what is the name of the pipeline operator", false},
		{"ما اسم رئيس كازاخستان؟", false},
		{"what is the name of the forum", false},
		{"did the court name the pipeline", false},
		// What something is called asks its name, without a name word.
		{"What is the pipeline called?", true},
		{"ماذا يسمى خط الأنابيب؟", true},
		{"what is the forum called", false},
		{"did the court say the pipeline called for repairs", false},
		{"what are the names of the court and Novorossiysk", false},
		// A thing the article mentions with no name beside it anywhere
		// (the storm) is one it leaves unnamed; the port stands beside
		// Novorossiysk, the forum beside St Petersburg.
		{"what was the name of the storm that damaged the terminal", true},
		{"ما اسم العاصفة التي ضربت منشآت التحميل؟", true},
		{"what is the name of the port", false},
		{"ما اسم المنتدى؟", false},
		{"ما اسم الجامعة التي تعمل فيها الكاتبة؟", false},
	} {
		if got := e.readEntities(tt.question).unnamed; got != tt.unnamed {
			t.Errorf("%q: unnamed %v, want %v", tt.question, got, tt.unnamed)
		}
	}
}

func TestWhomSomeoneActedOnDidNotRespond(t *testing.T) {
	// Paragraph 2 tells that Tokayev assured the EU's leaders: what he
	// did, not how they answered. What Moscow may do (paragraph 11: "may
	// anger Moscow") and what the article says are heard.
	checkTop(t, []topCase{ // the paragraph, or -1 for a decline
		{"", "How did the EU react to Tokayev's assurances?", -1},
		{"", "كيف رد الاتحاد الأوروبي على تطمينات توكاييف؟", -1},
		{"", "What did Tokayev tell the EU leaders?", 2},
		{"", "ماذا قال توكاييف لقادة الاتحاد الأوروبي؟", 2},
		{"", "how might Moscow react to stronger ties with the West?", 11},
		{"", "How many countries does the article say the EU has?", 2},
		{"", "What did the Kazakh president tell his government to prioritise?", 3},
		{"", "nargis kassenova harvard position", 0},
	})
	e := engine(t)
	eu := slices.IndexFunc(e.article.Meta.Entities, func(ent corpus.Entity) bool { return ent.ID == "eu" })
	if eu < 0 {
		t.Fatal("no entity eu in the annotations")
	}
	if e.heardIn(2, 0, 0, eu) {
		t.Error("paragraph 2's first sentence hears the EU, whom Tokayev assured")
	}
	// After إن comes what was said, not who said it.
	if qe := e.readEntities("هل قال إن روسيا ستفرض عقوبات؟"); qe.responder >= 0 {
		t.Errorf("the responder of a question whose speaker is unnamed is %s, want none", e.article.Meta.Entities[qe.responder].ID)
	}
}

func TestAPrefixBeforeAHyphenIsNoName(t *testing.T) {
	// Trans of Trans-Caspian is no stranger's name; Erdogan of
	// Erdogan-hosted is.
	for _, tt := range []struct {
		text, word string
		name       bool
	}{
		{"What did Tokayev order about the Trans-Caspian corridor?", "trans", false},
		{"Did Tokayev attend the Erdogan-hosted summit?", "erdogan", true},
	} {
		toks := Tokenize(tt.text)
		i := slices.IndexFunc(toks, func(t Token) bool { return t.Norm == tt.word })
		if got := looksLikeName(tt.text, toks[i], i); got != tt.name {
			t.Errorf("%q: looksLikeName(%s) = %v, want %v", tt.text, tt.word, got, tt.name)
		}
	}
}

func TestAPossessorOfAPlaceIsNoOneElse(t *testing.T) {
	// Paragraph 6 opens with "روسيا بوتين", Putin's Russia: it tells of
	// Russia, so a question about Tokayev and Kazakhstan's openness is not
	// about someone else, as one about Tokayev's count of a word is.
	checkTop(t, []topCase{ // the paragraph, or -1 for a decline
		{"", "Does Tokayev want Kazakhstan to remain open?", 6},
		{"", "هل يريد توكاييف أن تبقى كازاخستان مفتوحة؟", 6},
		{"", "How many times did Tokayev use the word sovereignty?", -1},
	})
}
