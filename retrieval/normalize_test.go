package retrieval

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// The tricky tokens of shared/notes/bleve-arabic.md and the spellings
// readers use.
var normalizeTests = []struct {
	name, in, want string
}{
	{"hamza forms of alef", "أإآٱا", "ااااا"},
	{"alef maqsura and Farsi yeh", "فى علی", "في علي"},
	{"ta marbuta", "الكازاخية", "الكازاخيه"},
	{"hamza seats", "مسؤول مسئول", "مسوول مسيول"},
	{"harakat and shadda", "السِّيادة مَن", "السياده من"},
	{"tanween kept off the alef", "أيضًا شخصيًا", "ايضا شخصيا"},
	{"superscript alef", "هٰذا الرحمٰن", "هذا الرحمن"},
	{"tatweel", "كـــازاخستان", "كازاخستان"},
	{"Arabic-Indic digits", "٢٧ دولة", "27 دوله"},
	{"Extended Arabic-Indic digits", "۲۷", "27"},
	{"zero-width and bidi controls", "روس\u200cيا\u200f \u202eبوتين\u202c", "روسيا بوتين"},
	{"presentation forms", "ﻻ ﺑﻮﺗﻴﻦ", "لا بوتين"},
	{"Latin lower-cased, full width folded", "Putin ＴＯＫＡＹＥＶ", "putin tokayev"},
	{"keheh", "کازاخستان", "كازاخستان"},
	{"invalid bytes dropped", "روسيا\xff", "روسيا"},
	{"an expansion with spaces stays one word", "ﷺ", "صلياللهعليهوسلم"},
}

func TestNormalize(t *testing.T) {
	for _, tt := range normalizeTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeKeepsOffsets(t *testing.T) {
	text := "قال: «توكاييف» (٢٠٢٢)، والعالم؟ومن"
	toks := Tokenize(text)
	var norms []string
	for _, tok := range toks {
		norms = append(norms, tok.Norm)
		if Normalize(text[tok.Start:tok.End]) != tok.Norm {
			t.Errorf("token %q at [%d,%d) is %q in the text", tok.Norm, tok.Start, tok.End, text[tok.Start:tok.End])
		}
	}
	want := []string{"قال", "توكاييف", "2022", "والعالم", "ومن"}
	if !slices.Equal(norms, want) {
		t.Errorf("Tokenize = %q, want %q", norms, want)
	}
}

func TestTokenizeKeepsDiacriticsInsideWords(t *testing.T) {
	toks := Tokenize("السِّيادة تُغلق")
	if len(toks) != 2 || toks[0].Norm != "السياده" || toks[1].Norm != "تغلق" {
		t.Errorf("Tokenize split a word at its diacritics: %+v", toks)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, tt := range normalizeTests {
		f.Add(tt.in)
	}
	f.Add("ضخالإمدادات المثالتصريحاتتوكاييف \x00\xc3")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize is not idempotent: %q → %q → %q", s, n, again)
		}
		prev := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("token %+v out of order or bounds in %q", tok, s)
			}
			if tok.Norm == "" || strings.ContainsAny(tok.Norm, " \t\n") {
				t.Fatalf("bad token %+v", tok)
			}
			prev = tok.End
		}
	})
}

// withinEdits agrees with a full Levenshtein distance.
func FuzzWithinEdits(f *testing.F) {
	f.Add("توكاييف", "توكايف", 1)
	f.Add("kazakhstan", "kazakstan", 2)
	f.Add("abc", "", 3)
	f.Fuzz(func(t *testing.T, a, b string, k int) {
		if k < 0 || k > 4 || len(a) > 40 || len(b) > 40 {
			t.Skip()
		}
		ra, rb := []rune(a), []rune(b)
		want := levenshtein.ComputeDistance(a, b) <= k
		if got := withinEdits(ra, rb, k, nil); got != want {
			t.Fatalf("withinEdits(%q, %q, %d) = %v, distance %d", a, b, k, got, levenshtein.ComputeDistance(a, b))
		}
	})
}
