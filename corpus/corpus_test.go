package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/maqal/maqal/corpus"
)

func TestEmbeddedIsTheArticleVerbatim(t *testing.T) {
	a, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("seed", corpus.TextFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if got, want := len(a.Paragraphs), len(lines); got != want {
		t.Fatalf("paragraphs = %d, want %d (one a line)", got, want)
	}
	for i, p := range a.Paragraphs {
		if p.Number != i {
			t.Errorf("paragraph %d numbered %d", i, p.Number)
		}
		if p.Text != lines[i] {
			t.Errorf("paragraph %d is not line %d of the file verbatim", i, i+1)
		}
	}
	if got := len(a.Body()); got != 13 {
		t.Errorf("body paragraphs = %d, want 13", got)
	}
	if !strings.HasPrefix(a.Paragraphs[0].Text, "نرجس كاسينوفا") {
		t.Errorf("paragraph 0 should be the byline, got %q", a.Paragraphs[0].Text)
	}
	if a.Meta.Language != "ar" || a.Meta.Published != "2022-07" || !strings.Contains(a.Meta.Author, "Kassenova") {
		t.Errorf("meta = %+v", a.Meta)
	}
	if _, ok := a.Paragraph(14); ok {
		t.Error("paragraph 14 should not exist")
	}
}

func TestLoadDirReadsAnotherArticle(t *testing.T) {
	dir := t.TempDir()
	text := "Jane Doe, Example University.\nFirst paragraph.\r\nSecond paragraph.\n"
	if err := os.WriteFile(filepath.Join(dir, corpus.TextFile), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := corpus.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(a.Paragraphs), 3; got != want {
		t.Fatalf("paragraphs = %d, want %d", got, want)
	}
	if got, want := a.Paragraphs[1].Text, "First paragraph."; got != want {
		t.Errorf("paragraph 1 = %q, want %q (line ends stripped)", got, want)
	}
	if a.Meta.Author != "" {
		t.Errorf("no annotations file, yet author = %q", a.Meta.Author)
	}
}

func TestLoadDirNotAFolder(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file.txt")
	os.WriteFile(f, []byte("x"), 0o644)
	if _, err := corpus.LoadDir(f); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("err = %v, want one saying it is not a folder", err)
	}
	if _, err := corpus.LoadDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing folder loaded")
	}
}

var loadErrors = []struct {
	name        string
	text        string
	annotations string
	want        []string // substrings of the error
}{
	{
		name: "empty file",
		text: "",
		want: []string{"article.txt:1:", "empty"},
	},
	{
		name: "only spaces",
		text: " \n \n",
		want: []string{"article.txt:1:", "empty"},
	},
	{
		name: "invalid UTF-8 names the line",
		text: "byline\nfine\nbad \xff byte\n",
		want: []string{"article.txt:3:", "UTF-8", "byte 4"},
	},
	{
		name: "blank line inside",
		text: "byline\none\n\ntwo\n",
		want: []string{"article.txt:3:", "empty line"},
	},
	{
		name: "byline only",
		text: "byline\n",
		want: []string{"only a byline"},
	},
	{
		name:        "note on a missing paragraph names the line",
		text:        "byline\none\ntwo\n",
		annotations: "{\n  \"notes\": [\n    {\"paragraph\": 1, \"text\": \"ok\"},\n    {\"paragraph\": 7, \"text\": \"slip\"}\n  ]\n}\n",
		want:        []string{"annotations.json:4:", "paragraph 7", "0-2"},
	},
	{
		name:        "note without text",
		text:        "byline\none\n",
		annotations: `{"notes": [{"paragraph": 1, "text": " "}]}`,
		want:        []string{"annotations.json:1:", "no text"},
	},
	{
		name:        "broken JSON names the line",
		text:        "byline\none\n",
		annotations: "{\n  \"author\": \"x\",\n  \"language\" \"ar\"\n}",
		want:        []string{"annotations.json:3:"},
	},
	{
		name:        "misspelt field",
		text:        "byline\none\n",
		annotations: `{"autor": "x"}`,
		want:        []string{"annotations.json", "autor"},
	},
	{
		name:        "misspelt note field",
		text:        "byline\none\n",
		annotations: "{\"notes\": [\n  {\"paragrah\": 1, \"text\": \"x\"}\n]}",
		want:        []string{"annotations.json:2:", "paragrah"},
	},
	{
		name:        "note without a paragraph",
		text:        "byline\none\n",
		annotations: `{"notes": [{"text": "x"}]}`,
		want:        []string{"annotations.json:1:", "no paragraph"},
	},
	{
		name:        "text after the object",
		text:        "byline\none\n",
		annotations: "{\"author\": \"x\"}\ngarbage",
		want:        []string{"annotations.json:2:", "after the JSON"},
	},
	{
		name:        "date that is not one",
		text:        "byline\none\n",
		annotations: `{"published": "July 2022"}`,
		want:        []string{"annotations.json", "published", "2022-07"},
	},
	{
		name:        "annotations not UTF-8",
		text:        "byline\none\n",
		annotations: "{\"author\": \"\xfe\"}",
		want:        []string{"annotations.json", "UTF-8"},
	},
}

// annotationErrors are annotation files that must not load over the
// article "byline\nThe court ruled.\nLater it fined them.\n".
var annotationErrors = []struct {
	name, annotations string
	want              []string
}{
	{"note anchor not verbatim", `{"notes": [{"paragraph": 1, "anchor": "the court", "text": "x"}]}`,
		[]string{"annotations.json:1:", "notes[0]", `anchor "the court" is not in paragraph 1`}},
	{"entity of an unknown kind", `{"entities": [
{"id": "court", "kind": "institution", "names": {"ar": ["court"], "en": ["court"]}, "role": {"ar": "r", "en": "r"}}]}`,
		[]string{"annotations.json:2:", `kind "institution"`}},
	{"entity without an Arabic name", `{"entities": [{"id": "c", "kind": "place", "names": {"en": ["court"]}, "role": {"ar": "r", "en": "r"}}]}`,
		[]string{"no Arabic name"}},
	{"entity with a role in one language", `{"entities": [{"id": "c", "kind": "place", "names": {"ar": ["c"], "en": ["c"]}, "role": {"en": "r"}}]}`,
		[]string{"c: role", `both "ar" and "en"`}},
	{"entity defined twice", `{"entities": [
{"id": "c", "kind": "place", "names": {"ar": ["c"], "en": ["c"]}, "role": {"ar": "r", "en": "r"}},
{"id": "c", "kind": "place", "names": {"ar": ["d"], "en": ["d"]}, "role": {"ar": "r", "en": "r"}}]}`,
		[]string{"annotations.json:3:", `entity "c" is defined twice (first on line 2)`}},
	{"event anchor not in its paragraph", `{"events": [
{"id": "ruling", "precision": "month", "date": "2022-07", "date_source": "article", "text": {"ar": "t", "en": "t"}, "paragraph": 2, "anchor": "The court ruled"}]}`,
		[]string{"annotations.json:2:", "events[0]", "not in paragraph 2 verbatim", "line 3"}},
	{"event date finer than its precision", `{"events": [
{"id": "ruling", "precision": "month", "date": "2022-07-06", "date_source": "article", "text": {"ar": "t", "en": "t"}, "paragraph": 1, "anchor": "court"}]}`,
		[]string{`date "2022-07-06"`, "like 2006-01"}},
	{"event date that does not exist", `{"events": [
{"id": "ruling", "precision": "day", "date": "2022-02-30", "date_source": "article", "text": {"ar": "t", "en": "t"}, "paragraph": 1, "anchor": "court"}]}`,
		[]string{`date "2022-02-30"`}},
	{"event dated without a source", `{"events": [
{"id": "ruling", "precision": "day", "date": "2022-07-06", "text": {"ar": "t", "en": "t"}, "paragraph": 1, "anchor": "court"}]}`,
		[]string{"date_source"}},
	{"event without a paragraph", `{"events": [
{"id": "ruling", "precision": "day", "date": "2022-07-06", "date_source": "reporting", "text": {"ar": "t", "en": "t"}, "anchor": "court"}]}`,
		[]string{"events[0] has no paragraph"}},
	{"event after one that does not exist", `{"events": [
{"id": "fine", "precision": "after", "after": "ruling", "text": {"ar": "t", "en": "t"}, "paragraph": 2, "anchor": "fined"}]}`,
		[]string{`event "fine" follows "ruling", which is not an event`}},
	{"events after each other in a circle", `{"events": [
{"id": "a", "precision": "after", "after": "b", "text": {"ar": "t", "en": "t"}, "paragraph": 2, "anchor": "fined"},
{"id": "b", "precision": "after", "after": "a", "text": {"ar": "t", "en": "t"}, "paragraph": 1, "anchor": "court"}]}`,
		[]string{"circle"}},
}

func TestAnnotationErrors(t *testing.T) {
	for _, tt := range annotationErrors {
		t.Run(tt.name, func(t *testing.T) {
			checkLoadError(t, "byline\nThe court ruled.\nLater it fined them.\n", tt.annotations, tt.want)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range loadErrors {
		t.Run(tt.name, func(t *testing.T) { checkLoadError(t, tt.text, tt.annotations, tt.want) })
	}
}

// checkLoadError loads an article of text and annotations (none when
// empty) and fails unless loading fails with an error holding want.
func checkLoadError(t *testing.T, text, annotations string, want []string) {
	t.Helper()
	fsys := fstest.MapFS{corpus.TextFile: {Data: []byte(text)}}
	if annotations != "" {
		fsys[corpus.AnnotationsFile] = &fstest.MapFile{Data: []byte(annotations)}
	}
	_, err := corpus.Load(fsys, "dir")
	if err == nil {
		t.Fatalf("Load succeeded, want an error containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

func TestLoadMissingText(t *testing.T) {
	_, err := corpus.Load(fstest.MapFS{}, "dir")
	if err == nil || !strings.Contains(err.Error(), "dir/article.txt") {
		t.Errorf("err = %v, want one naming dir/article.txt", err)
	}
}

func TestLoadStripsByteOrderMark(t *testing.T) {
	fsys := fstest.MapFS{corpus.TextFile: {Data: []byte("\uFEFFbyline\none")}}
	a, err := corpus.Load(fsys, "dir")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Paragraphs[0].Text; got != "byline" {
		t.Errorf("byline = %q, want the BOM gone", got)
	}
}

func TestTranslationIsLoadedLineForLine(t *testing.T) {
	a, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if !a.HasTranslation() {
		t.Fatal("the embedded article has no translation")
	}
	for _, p := range a.Paragraphs {
		if strings.TrimSpace(p.Translation) == "" {
			t.Errorf("paragraph %d has no translation", p.Number)
		}
	}
	if !strings.Contains(a.Paragraphs[0].Translation, "Kassenova") {
		t.Errorf("byline translation = %q", a.Paragraphs[0].Translation)
	}
	if !strings.Contains(a.Paragraphs[13].Translation, "Kazakhstan") {
		t.Errorf("paragraph 13 translation = %q", a.Paragraphs[13].Translation)
	}
}

func TestTranslationMustMatchTheParagraphs(t *testing.T) {
	for name, tr := range map[string]string{
		"one line short":    "Byline.\nOne.\n",
		"one line too many": "Byline.\nOne.\nTwo.\nThree.\n",
		"blank line":        "Byline.\n\nTwo.\n",
		"not UTF-8":         "Byline.\nOne \xff.\nTwo.\n",
	} {
		fsys := fstest.MapFS{
			corpus.TextFile:        {Data: []byte("byline\nواحد\nاثنان\n")},
			corpus.TranslationFile: {Data: []byte(tr)},
		}
		_, err := corpus.Load(fsys, "dir")
		if err == nil || !strings.Contains(err.Error(), "translation.en.txt") {
			t.Errorf("%s: err = %v, want one naming translation.en.txt", name, err)
		}
	}
	a, err := corpus.Load(fstest.MapFS{corpus.TextFile: {Data: []byte("byline\nواحد\n")}}, "dir")
	if err != nil || a.HasTranslation() {
		t.Errorf("an article without translation: err=%v, HasTranslation=%v", err, a.HasTranslation())
	}
}
