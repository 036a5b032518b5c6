package bot

import (
	"strings"

	"github.com/maqal/maqal/retrieval"
)

// Reply is what the bot says, independent of how it is shown: the
// Telegram front end renders it as HTML, the terminal as plain text.
type Reply struct {
	// Lang is the language of the reply: "ar" or "en".
	Lang   string
	Blocks []Block
	// Answer is the engine's answer when the reply quotes one, and
	// Question the question it answers: the front ends page through its
	// other passages.
	Answer   *retrieval.Answer
	Question string
	// Examples are questions to offer the reader, as buttons where the
	// front end has them.
	Examples []string
}

// BlockKind says how a block of a reply is shown.
type BlockKind int

const (
	// Text is the bot's own words.
	Text BlockKind = iota
	// Quote is the article's words, verbatim.
	Quote
	// Translation is the English of the quote above it.
	Translation
)

// Block is a paragraph of a reply: runs of text of one kind.
type Block struct {
	Kind BlockKind
	Runs []Run
}

// Run is a stretch of text in one style.
type Run struct {
	Text string
	Bold bool
}

// String returns the block's text without styles.
func (b Block) String() string {
	var s strings.Builder
	for _, r := range b.Runs {
		s.WriteString(r.Text)
	}
	return s.String()
}

func plain(s string) Run { return Run{Text: s} }
func bold(s string) Run  { return Run{Text: s, Bold: true} }

func textBlock(runs ...Run) Block { return Block{Kind: Text, Runs: runs} }

// marked returns text[span] as runs, with the parts of it in marks bold.
// Marks are byte spans of text, in order.
func marked(text string, span retrieval.Span, marks []retrieval.Span) []Run {
	var runs []Run
	at := span.Start
	for _, m := range marks {
		start, end := max(m.Start, at), min(m.End, span.End)
		if start >= end {
			continue
		}
		if start > at {
			runs = append(runs, plain(text[at:start]))
		}
		runs = append(runs, bold(text[start:end]))
		at = end
	}
	if at < span.End {
		runs = append(runs, plain(text[at:span.End]))
	}
	return runs
}

// Plain renders the reply for a terminal: bold as *word* (or in bold
// with ANSI escapes when ansi is set), quotes after "> " and their
// English indented under them.
func (r Reply) Plain(ansi bool) string {
	var out strings.Builder
	for i, b := range r.Blocks {
		if i > 0 {
			if b.Kind == Translation {
				out.WriteString("\n")
			} else {
				out.WriteString("\n\n")
			}
		}
		var s strings.Builder
		for _, run := range b.Runs {
			switch {
			case !run.Bold || strings.TrimSpace(run.Text) == "":
				s.WriteString(run.Text)
			default:
				// The marks hug the words: "*Author:* x", not "*Author: *x".
				on, off := "*", "*"
				if ansi {
					on, off = "\x1b[1m", "\x1b[0m"
				}
				core := strings.TrimSpace(run.Text)
				i := strings.Index(run.Text, core)
				s.WriteString(run.Text[:i] + on + core + off + run.Text[i+len(core):])
			}
		}
		prefix := ""
		switch b.Kind {
		case Quote:
			prefix = "> "
		case Translation:
			prefix = "  "
		}
		for j, line := range strings.Split(s.String(), "\n") {
			if j > 0 {
				out.WriteString("\n")
			}
			out.WriteString(prefix + line)
		}
	}
	return out.String()
}

// htmlEscaper escapes the three characters that Telegram's HTML parse
// mode reads as markup.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// HTML renders the reply in the subset of HTML that Telegram accepts:
// every piece of text escaped, bold as <b>, quotes as <blockquote> and
// their English in italics.
func (r Reply) HTML() string {
	var out strings.Builder
	for i, b := range r.Blocks {
		if i > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(blockHTML(b, false))
	}
	return out.String()
}

// blockHTML renders one block; a quote or its English is folded (an
// expandable blockquote) when expandable is set.
func blockHTML(b Block, expandable bool) string {
	var out strings.Builder
	open := "<blockquote>"
	if expandable {
		open = "<blockquote expandable>"
	}
	switch b.Kind {
	case Quote:
		out.WriteString(open)
	case Translation:
		out.WriteString(open + "<i>")
	}
	for _, run := range b.Runs {
		if run.Bold {
			out.WriteString("<b>" + htmlEscaper.Replace(run.Text) + "</b>")
		} else {
			out.WriteString(htmlEscaper.Replace(run.Text))
		}
	}
	switch b.Kind {
	case Quote:
		out.WriteString("</blockquote>")
	case Translation:
		out.WriteString("</i></blockquote>")
	}
	return out.String()
}
