// Package corpus loads the article that maqal answers questions about: its
// paragraphs, verbatim, and the annotations that describe it.
//
// A corpus is a folder holding
//
//	article.txt         the text, UTF-8, one paragraph a line; line 1 is the byline
//	annotations.json    metadata (author, affiliation, language, source, date),
//	                    notes, and the people and events of the article
//	translation.en.txt  optional English translation, line for line
//
// The byline is paragraph 0 and line N+1 is paragraph N, so the numbers users
// see match the file. The default corpus is embedded in the binary (see
// Embedded); LoadDir reads another article in the same format.
package corpus

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

// File names inside a corpus folder.
const (
	TextFile        = "article.txt"
	AnnotationsFile = "annotations.json"
	TranslationFile = "translation.en.txt"
)

//go:embed seed
var seed embed.FS

// Article is a loaded, validated corpus. Paragraph texts are exactly the
// bytes of the file's lines (without the line break), so any substring of
// them is a verbatim quote.
type Article struct {
	// Paragraphs in reading order; Paragraphs[i].Number == i and
	// Paragraphs[0] is the byline.
	Paragraphs []Paragraph
	Meta       Meta
	// Source names where the article was loaded from, for logs.
	Source string
}

// Paragraph is one line of the article.
type Paragraph struct {
	Number int
	Text   string
	// Translation is the English of the paragraph, line for line from
	// translation.en.txt, or "" when the corpus has none.
	Translation string
}

// Meta is what is known about the article, from annotations.json.
type Meta struct {
	Title       string `json:"title"`
	Author      string `json:"author"`
	Affiliation string `json:"affiliation"`
	// Language is the BCP 47 code of the article's text, such as "ar".
	Language string `json:"language"`
	// Source says where the text comes from, as far as it is known.
	Source string `json:"source"`
	// Published is the publication date as precise as it is known:
	// "2022", "2022-07" or "2022-07-05".
	Published string `json:"published"`
	// Notes are remarks on particular paragraphs, such as slips in the
	// text that the quotes keep verbatim.
	Notes []Note `json:"notes"`
	// Entities are the people, organisations and places the article
	// names, and Events what happens in it, in the order of the file.
	Entities []Entity `json:"entities"`
	Events   []Event  `json:"events"`
	// Examples are questions the article answers well, offered to a new
	// reader, in each language.
	Examples Examples `json:"examples"`
}

// Examples are example questions in each language.
type Examples struct {
	AR []string `json:"ar"`
	EN []string `json:"en"`
}

// Note is a remark about one paragraph.
type Note struct {
	Paragraph int    `json:"paragraph"`
	Text      string `json:"text"`
	// Anchor, when set, is the verbatim phrase of the paragraph that the
	// note is about; loading checks that the paragraph has it.
	Anchor string `json:"anchor,omitempty"`
}

// HasTranslation reports whether the corpus has an English translation.
func (a *Article) HasTranslation() bool {
	return len(a.Paragraphs) > 0 && a.Paragraphs[0].Translation != ""
}

// Body returns the paragraphs after the byline.
func (a *Article) Body() []Paragraph {
	if len(a.Paragraphs) == 0 {
		return nil
	}
	return a.Paragraphs[1:]
}

// Paragraph returns paragraph n and whether it exists.
func (a *Article) Paragraph(n int) (Paragraph, bool) {
	if n < 0 || n >= len(a.Paragraphs) {
		return Paragraph{}, false
	}
	return a.Paragraphs[n], true
}

// Embedded loads the article built into the binary.
func Embedded() (*Article, error) {
	sub, err := fs.Sub(seed, "seed")
	if err != nil {
		return nil, fmt.Errorf("open embedded corpus: %w", err)
	}
	return Load(sub, "embedded article")
}

// LoadDir loads the corpus folder dir.
func LoadDir(dir string) (*Article, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open corpus: %s is not a folder (it should hold %s and %s)", dir, TextFile, AnnotationsFile)
	}
	return Load(os.DirFS(dir), dir)
}

// Load reads and validates a corpus from fsys. name says where fsys comes
// from and prefixes every error, so that a message names the file and line.
func Load(fsys fs.FS, name string) (*Article, error) {
	textPath := name + "/" + TextFile
	raw, err := fs.ReadFile(fsys, TextFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", textPath, err)
	}
	paras, err := parseText(raw)
	if err != nil {
		return nil, fileError(textPath, err)
	}
	a := &Article{Paragraphs: paras, Source: name}

	// The translation and the annotations are optional: an article can be
	// just text, and English questions then go through the dictionary.
	trPath := name + "/" + TranslationFile
	if rawTr, ok, err := readOptional(fsys, TranslationFile, trPath); err != nil {
		return nil, err
	} else if ok {
		tr, err := parseText(rawTr)
		if err != nil {
			return nil, fileError(trPath, err)
		}
		if len(tr) != len(paras) {
			return nil, fmt.Errorf("%s: %d lines, but %s has %d: the translation must have one line for each paragraph, the byline first",
				trPath, len(tr), TextFile, len(paras))
		}
		for i := range paras {
			paras[i].Translation = tr[i].Text
		}
	}

	annPath := name + "/" + AnnotationsFile
	if rawMeta, ok, err := readOptional(fsys, AnnotationsFile, annPath); err != nil {
		return nil, err
	} else if ok {
		if err := a.parseAnnotations(rawMeta); err != nil {
			return nil, fileError(annPath, err)
		}
	}
	return a, nil
}

// readOptional reads file from fsys; ok is false when there is none.
// path names the file in errors.
func readOptional(fsys fs.FS, file, path string) (data []byte, ok bool, err error) {
	data, err = fs.ReadFile(fsys, file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("read %s: %w", path, err)
	}
	return data, true, nil
}

// fileError prefixes err with the file it is about: "file:line: …" for a
// problem on one line, "file: …" otherwise.
func fileError(path string, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%w", path, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// lineError is a problem on one line of a text file; the caller prefixes
// the file name, giving "file:line: message".
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

func parseText(raw []byte) ([]Paragraph, error) {
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, &lineError{1, "the article is empty: it needs a byline line and at least one paragraph"}
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\r\n"), "\n")
	paras := make([]Paragraph, 0, len(lines))
	for i, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		if !utf8.ValidString(line) {
			return nil, &lineError{i + 1, fmt.Sprintf("not valid UTF-8 (at byte %d of the line)", invalidAt(line))}
		}
		if strings.TrimSpace(line) == "" {
			return nil, &lineError{i + 1, "empty line: the format is one paragraph a line, with no blank lines"}
		}
		paras = append(paras, Paragraph{Number: i, Text: line})
	}
	if len(paras) < 2 {
		return nil, &lineError{1, "only a byline: the article needs at least one paragraph after it"}
	}
	return paras, nil
}

func invalidAt(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}

// validDate reports whether s is a date as precise as it is known: a
// year, a month or a day.
func validDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if matchesLayout(s, layout) {
			return true
		}
	}
	return false
}

// matchesLayout reports whether s is a date written exactly as layout.
func matchesLayout(s, layout string) bool {
	t, err := time.Parse(layout, s)
	return err == nil && t.Format(layout) == s
}

// jsonError turns a decoding error into one that names the line.
func jsonError(raw []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var off int64
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	default:
		return err
	}
	line := 1 + bytes.Count(raw[:min(int(off), len(raw))], []byte("\n"))
	return &lineError{line, err.Error()}
}
