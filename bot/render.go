package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Telegram's limits on what a message shows, in UTF-16 code units of the
// text after its HTML is parsed.
const (
	maxMessage = 4096
	// foldOver is the length past which a quote is sent folded
	// (<blockquote expandable>), so that a long paragraph does not fill
	// a group's screen.
	foldOver = 700
)

// chunk is one Telegram message of a reply: its HTML, and the same text
// without markup for a resend when Telegram cannot parse the HTML.
type chunk struct {
	html, plain string
}

// utf16Len is the length of s as Telegram counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// chunks renders rep as messages of at most limit units each. Messages
// are cut between blocks, keeping a heading with the quote and the
// English under it, and inside a block too long on its own at the end of
// a sentence (or a line, or a word), so that every message's tags are
// balanced.
func chunks(rep Reply, limit int) []chunk {
	var out []chunk
	var html, plain strings.Builder
	size := 0
	flush := func() {
		if size > 0 {
			out = append(out, chunk{html.String(), plain.String()})
		}
		html.Reset()
		plain.Reset()
		size = 0
	}
	add := func(b Block) {
		text := b.String()
		n := utf16Len(text)
		if size > 0 && size+2+n > limit {
			flush()
		}
		if size > 0 {
			html.WriteString("\n\n")
			plain.WriteString("\n\n")
			size += 2
		}
		html.WriteString(blockHTML(b, b.Kind != Text && n > foldOver))
		plain.WriteString(text)
		size += n
	}
	for _, unit := range units(splitBlocks(rep.Blocks, limit)) {
		n := 0
		for _, b := range unit {
			n += utf16Len(b.String()) + 2
		}
		if size > 0 && size+n > limit && n-2 <= limit {
			flush() // the unit fits a message of its own: start one
		}
		for _, b := range unit {
			add(b)
		}
	}
	flush()
	return out
}

// units groups blocks that belong together: a line of text and the
// quotes and English that follow it.
func units(blocks []Block) [][]Block {
	var out [][]Block
	for _, b := range blocks {
		if b.Kind == Text || len(out) == 0 {
			out = append(out, []Block{b})
			continue
		}
		out[len(out)-1] = append(out[len(out)-1], b)
	}
	return out
}

// splitBlocks returns blocks with any block longer than limit cut into
// blocks of the same kind that are not.
func splitBlocks(blocks []Block, limit int) []Block {
	var out []Block
	for _, b := range blocks {
		if utf16Len(b.String()) <= limit {
			out = append(out, b)
			continue
		}
		cur := Block{Kind: b.Kind}
		size := 0
		for _, run := range b.Runs {
			text := run.Text
			for text != "" {
				room := limit - size
				if utf16Len(text) <= room {
					cur.Runs = append(cur.Runs, Run{Text: text, Bold: run.Bold})
					size += utf16Len(text)
					break
				}
				cut := cutPoint(text, room)
				if cut == 0 && size == 0 {
					cut = prefixBytes(text, room) // one word longer than a message
				}
				if cut > 0 {
					cur.Runs = append(cur.Runs, Run{Text: text[:cut], Bold: run.Bold})
					text = strings.TrimLeftFunc(text[cut:], unicode.IsSpace)
				}
				out = append(out, cur)
				cur, size = Block{Kind: b.Kind}, 0
			}
		}
		if size > 0 {
			out = append(out, cur)
		}
	}
	return out
}

// cutPoint returns where to cut s so that its head is at most units
// long: after the last sentence end or line break that fits, else after
// the last space, else 0.
func cutPoint(s string, units int) int {
	head := s[:prefixBytes(s, units)]
	best, space := 0, 0
	for i, r := range head {
		end := i + utf8.RuneLen(r)
		switch {
		case r == '\n' || strings.ContainsRune(".!?؟؛;", r):
			best = end
		case unicode.IsSpace(r):
			space = end
		}
	}
	if best > 0 {
		return best
	}
	return space
}

// prefixBytes is the length in bytes of the longest prefix of s that is
// at most units long, never splitting a rune.
func prefixBytes(s string, units int) int {
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > units {
			return i
		}
		n += w
	}
	return len(s)
}
