package retrieval

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds the spelling differences that Arabic readers do not
// treat as differences, so that a question matches the article however
// either is written:
//
//   - harakat, shadda, sukun, superscript alef (U+0670), Quranic marks and
//     tatweel are removed;
//   - أ إ آ ٱ become ا; ى and Farsi yeh become ي; ة becomes ه; ؤ becomes و
//     and ئ becomes ي (readers often drop the hamza seat);
//   - Arabic-Indic and Extended Arabic-Indic digits become 0-9;
//   - zero-width, bidi-control and other format characters are removed;
//   - presentation forms and full-width letters are unfolded (NFKC), and
//     Latin letters are lower-cased.
//
// Normalize works rune by rune and never fails; invalid UTF-8 bytes are
// dropped.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		appendNormalized(&b, r)
	}
	return b.String()
}

// appendNormalized writes the normal form of one rune, which may be empty.
func appendNormalized(b *strings.Builder, r rune) {
	if r == utf8.RuneError {
		return
	}
	if r >= 0x80 && !isArabicBlock(r) && !norm.NFKC.IsNormalString(string(r)) {
		// Presentation forms (ﻻ, ﺍ…), ligatures and full-width letters.
		// An expansion can hold spaces (ﷺ is four words): they are
		// dropped, so that a word stays one token.
		for _, q := range norm.NFKC.String(string(r)) {
			if isWordRune(q) {
				appendFolded(b, q)
			}
		}
		return
	}
	appendFolded(b, r)
}

func appendFolded(b *strings.Builder, r rune) {
	if m, ok := foldRune(r); ok {
		if m != 0 {
			b.WriteRune(m)
		}
		return
	}
	b.WriteRune(unicode.ToLower(r))
}

// isArabicBlock reports whether r is in the main Arabic block, which NFKC
// leaves alone except for a few ligatures handled by foldRune.
func isArabicBlock(r rune) bool { return r >= 0x0600 && r <= 0x06FF }

// foldRune maps one rune to its folded form; 0 means "drop it". ok is false
// when the rune is kept as it is (apart from lower-casing).
func foldRune(r rune) (m rune, ok bool) {
	switch {
	case r >= 0x064B && r <= 0x065F, // harakat, shadda, sukun, small marks
		r == 0x0670,                // superscript alef
		r == 0x0640,                // tatweel
		r >= 0x06D6 && r <= 0x06ED, // Quranic annotation marks
		r >= 0x0610 && r <= 0x061A, // honorific and small marks
		r == 0x061C,                // Arabic letter mark
		r >= 0x200B && r <= 0x200F, // zero-width space/joiners, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2069, // word joiner, invisible operators, isolates
		r == 0xFEFF, r == 0x00AD:   // BOM, soft hyphen
		return 0, true
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا', true
	case 'ى', 'ی', 'ئ':
		return 'ي', true
	case 'ة':
		return 'ه', true
	case 'ؤ':
		return 'و', true
	case 'ک':
		return 'ك', true
	}
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠'), true
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰'), true
	}
	return 0, false
}

// isWordRune reports whether r belongs inside a word of the original text.
// Marks and format characters count as inside, so that diacritics and
// zero-width joiners never split a word.
func isWordRune(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return true
	}
	switch {
	case r == 0x0640, r == 0x200C, r == 0x200D, r == 0x00AD:
		return true
	}
	return false
}

// Token is a word of some text: where it is (byte offsets into the text)
// and its normal form.
type Token struct {
	Start, End int
	Norm       string
}

// htmlTag matches markup that people paste or type around words (<b>,
// </i>, <a href="…">); it is not part of a question.
var htmlTag = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)

// StripTags replaces HTML tags in text with spaces.
func StripTags(text string) string { return htmlTag.ReplaceAllString(text, " ") }

// Tokenize splits text into words at every rune that is neither a letter,
// a digit nor a mark, and normalizes each word. Punctuation, spaces and
// symbols separate words; tokens whose normal form is empty are skipped.
func Tokenize(text string) []Token {
	var toks []Token
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			toks = append(toks, Token{Start: start, End: end, Norm: b.String()})
		}
		b.Reset()
		start = -1
	}
	for i, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				flush(i)
				continue
			}
		}
		if !isWordRune(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		appendNormalized(&b, r)
	}
	flush(len(text))
	return toks
}
