package retrieval

import (
	"strings"
	"unicode"
)

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// isSentenceEnd reports whether r ends a sentence. The Arabic comma ، does
// not: Arabic prose runs long sentences on with it.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '?', '!', ';', '؟', '؛', '\n', '\r', '…':
		return true
	}
	return false
}

// Sentences splits text into sentences at . ? ! ; ؟ ؛ … and line ends. Each
// span runs from the sentence's first non-space character through its
// closing marks, so text[s.Start:s.End] is a verbatim piece of text. A run
// of marks ("?!") stays with its sentence; a mark inside a number (3.5)
// does not end a sentence.
func Sentences(text string) []Span {
	var out []Span
	start := -1
	// runes[i] starts at byte offs[i]; ranging over the string keeps the
	// offsets right even across invalid bytes.
	var runes []rune
	var offs []int
	for i, r := range text {
		runes = append(runes, r)
		offs = append(offs, i)
	}
	offs = append(offs, len(text))

	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if start < 0 {
			if unicode.IsSpace(r) || isSentenceEnd(r) {
				continue
			}
			start = i
		}
		if !isSentenceEnd(r) || (r == '.' && i > 0 && i+1 < len(runes) && unicode.IsDigit(runes[i-1]) && unicode.IsDigit(runes[i+1])) {
			continue
		}
		end := i
		for end < len(runes) && isSentenceEnd(runes[end]) && runes[end] != '\n' && runes[end] != '\r' {
			end++
		}
		s := trimSpan(text, Span{offs[start], offs[end]})
		if s.End > s.Start {
			out = append(out, s)
		}
		start = -1
		i = end - 1
		if end < len(runes) && (runes[end] == '\n' || runes[end] == '\r') {
			i = end
		}
	}
	if start >= 0 {
		if s := trimSpan(text, Span{offs[start], len(text)}); s.End > s.Start {
			out = append(out, s)
		}
	}
	return out
}

// trimSpan narrows s to leave out spaces at its ends.
func trimSpan(text string, s Span) Span {
	piece := text[s.Start:s.End]
	trimmed := strings.TrimLeftFunc(piece, unicode.IsSpace)
	s.Start += len(piece) - len(trimmed)
	s.End = s.Start + len(strings.TrimRightFunc(trimmed, unicode.IsSpace))
	return s
}
