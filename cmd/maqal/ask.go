package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/maqal/maqal/retrieval"
)

// maxLineBytes is how much of one line of standard input is kept; a
// longer line is answered with ErrTooLong without holding it in memory.
const maxLineBytes = 64 << 10

// jsonAnswer is the line "maqal ask --json" prints for each question. Its
// fields are a contract that other programs rely on.
type jsonAnswer struct {
	Question string        `json:"question"`
	Lang     string        `json:"lang"`
	Found    bool          `json:"found"`
	Answers  []jsonPassage `json:"answers"`
	Error    string        `json:"error,omitempty"`
}

type jsonPassage struct {
	Paragraph        int      `json:"paragraph"`
	Score            float64  `json:"score"`
	Quote            string   `json:"quote"`
	Text             string   `json:"text"`
	Translation      string   `json:"translation"`
	QuoteTranslation string   `json:"quote_translation"`
	Matched          []string `json:"matched"`
	// MatchedTranslation are the words of the translation that matched,
	// for English questions.
	MatchedTranslation []string `json:"matched_translation"`
}

type askOptions struct {
	json bool
	k    int
	lang string
	tty  bool
	// explain prints the engine's reading of each question to stderr.
	explain bool
	stderr  io.Writer
}

func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("ask", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var opts askOptions
	flags.BoolVar(&opts.json, "json", false, "print each answer as one JSON object on one line")
	flags.IntVar(&opts.k, "k", retrieval.DefaultK, "the most passages to give for a question")
	flags.StringVar(&opts.lang, "lang", "auto", "the reader's language: auto (the question's), ar or en")
	flags.BoolVar(&opts.explain, "explain", false, "before each answer, print to standard error how the question was read")
	var cfg engineConfig
	cfg.flags(flags)
	words, err := parseInterspersed(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{err.Error()}
	}
	if opts.k < 1 || opts.k > 50 {
		return &usageError{fmt.Sprintf("-k must be between 1 and 50, not %d", opts.k)}
	}
	switch opts.lang {
	case "auto", "ar", "en":
	default:
		return &usageError{fmt.Sprintf("--lang must be auto, ar or en, not %q", opts.lang)}
	}
	opts.tty = isTerminal(stdout)
	opts.stderr = stderr

	engine, err := loadEngine(cfg, getenv, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer engine.Close()

	out := bufio.NewWriter(stdout)
	if len(words) > 0 {
		if err := answer(ctx, engine, strings.Join(words, " "), opts, false, out); err != nil {
			return err
		}
		return out.Flush()
	}
	if isTerminal(stdin) {
		fmt.Fprintln(stderr, "maqal: type a question a line, in Arabic or English; Ctrl-D ends.")
	}
	// One output line for every input line, in order.
	return eachLine(ctx, stdin, func(line string) error {
		if err := answer(ctx, engine, line, opts, true, out); err != nil {
			return err
		}
		return out.Flush()
	})
}

// parseInterspersed parses flags wherever they stand among the words of
// a question ("maqal ask من كتب المقال --json"), until "--", after which
// everything is words ("maqal ask -- -بوتين").
func parseInterspersed(flags *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		rest := flags.Args()
		if len(rest) == 0 {
			return words, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(words, rest...), nil
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
}

// answer answers one question and prints it. Problems with the question
// itself are part of the output; only a failure of the engine or of the
// output is returned.
func answer(ctx context.Context, engine *retrieval.Engine, question string, opts askOptions, batch bool, w io.Writer) error {
	if opts.explain {
		fmt.Fprint(opts.stderr, engine.Explain(question))
	}
	ans, err := engine.Answer(ctx, retrieval.Question{Text: question, K: opts.k})
	var problem string
	if err != nil {
		if !isQuestionProblem(err) {
			return err
		}
		problem = err.Error()
		ans = retrieval.Answer{Lang: retrieval.DetectLang(question)}
	}
	if opts.json {
		return writeJSON(w, question, ans, problem)
	}
	lang := opts.lang
	if lang == "auto" {
		lang = ans.Lang
	}
	if batch {
		return writeLine(w, ans, problem, lang, opts.tty)
	}
	return writeReadable(w, ans, problem, lang, opts.tty)
}

func isQuestionProblem(err error) bool {
	for _, e := range []error{retrieval.ErrEmptyQuestion, retrieval.ErrInvalidUTF8, retrieval.ErrTooLong, retrieval.ErrNoWords} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func writeJSON(w io.Writer, question string, ans retrieval.Answer, problem string) error {
	out := jsonAnswer{
		Question: shorten(strings.ToValidUTF8(question, "\uFFFD"), retrieval.MaxQuestionRunes),
		Lang:     ans.Lang,
		Found:    ans.Found,
		Answers:  []jsonPassage{},
		Error:    problem,
	}
	for _, p := range ans.Passages {
		out.Answers = append(out.Answers, jsonPassage{
			Paragraph:          p.Paragraph,
			Score:              round(p.Score),
			Quote:              p.Quote,
			Text:               p.Text,
			Translation:        p.Translation,
			QuoteTranslation:   p.QuoteTranslation,
			Matched:            spanWords(p.Text, p.Marks),
			MatchedTranslation: spanWords(p.Translation, p.TranslationMarks),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// spanWords returns the pieces of text that spans mark, never nil.
func spanWords(text string, spans []retrieval.Span) []string {
	words := []string{}
	for _, m := range spans {
		words = append(words, text[m.Start:m.End])
	}
	return words
}

// labels are the few words of the terminal output, in the reader's
// language.
type labels struct {
	paragraph, notFound, problem string
}

func labelsFor(lang string) labels {
	if lang == "ar" {
		return labels{"الفقرة", "لا يذكر المقال ذلك: لم أجد فيه ما يجيب عن هذا السؤال.", "لا يمكن البحث"}
	}
	return labels{"Paragraph", "The article does not say: nothing in it answers this question.", "Cannot search"}
}

// writeLine prints an answer on one line, for batches.
func writeLine(w io.Writer, ans retrieval.Answer, problem, lang string, tty bool) error {
	l := labelsFor(lang)
	var err error
	switch {
	case problem != "":
		_, err = fmt.Fprintf(w, "! %s: %s\n", l.problem, problem)
	case !ans.Found:
		_, err = fmt.Fprintf(w, "- %s\n", l.notFound)
	default:
		p := ans.Passages[0]
		line := marked(p.Text, p.QuoteSpan, p.Marks, tty)
		if lang == "en" && p.QuoteTranslation != "" {
			line += " — " + p.QuoteTranslation
		}
		_, err = fmt.Fprintf(w, "¶%d %s\n", p.Paragraph, line)
	}
	return err
}

// writeReadable prints an answer for a person: every passage with its
// paragraph number, matched words marked.
func writeReadable(w io.Writer, ans retrieval.Answer, problem, lang string, tty bool) error {
	l := labelsFor(lang)
	var b strings.Builder
	switch {
	case problem != "":
		fmt.Fprintf(&b, "%s: %s\n", l.problem, problem)
	case !ans.Found:
		fmt.Fprintln(&b, l.notFound)
	default:
		for i, p := range ans.Passages {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s %d\n  %s\n", l.paragraph, p.Paragraph, marked(p.Text, p.QuoteSpan, p.Marks, tty))
			if lang == "en" && p.QuoteTranslation != "" {
				fmt.Fprintf(&b, "  %s\n", markedTranslation(p, tty))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// marked returns text[quote] with the marked words in bold on a
// terminal, or between asterisks elsewhere.
func marked(text string, quote retrieval.Span, marks []retrieval.Span, tty bool) string {
	open, close := "*", "*"
	if tty {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	pos := quote.Start
	for _, m := range marks {
		if m.Start < pos || m.End > quote.End {
			continue
		}
		b.WriteString(text[pos:m.Start])
		b.WriteString(open + text[m.Start:m.End] + close)
		pos = m.End
	}
	b.WriteString(text[pos:quote.End])
	return b.String()
}

// markedTranslation is the English of a passage's quote with the words
// that matched marked.
func markedTranslation(p retrieval.Passage, tty bool) string {
	return marked(p.Translation, p.QuoteTranslationSpan, p.TranslationMarks, tty)
}

// eachLine calls fn with every line of r, without its line break. A line
// longer than maxLineBytes is passed cut to that size plus one byte, so
// that it still reads as too long. Reading happens in a goroutine, so that
// an interrupt (ctx) ends a batch that waits on a terminal or a pipe.
func eachLine(ctx context.Context, r io.Reader, fn func(string) error) error {
	type line struct {
		text string
		err  error
	}
	lines := make(chan line)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(lines)
		err := readLines(r, func(s string) bool {
			select {
			case lines <- line{text: s}:
				return true
			case <-done:
				return false
			}
		})
		if err != nil {
			select {
			case lines <- line{err: err}:
			case <-done:
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case l, ok := <-lines:
			if !ok {
				return nil
			}
			if l.err != nil {
				return l.err
			}
			if err := fn(l.text); err != nil {
				return err
			}
		}
	}
}

// readLines calls emit with every line of r until it returns false.
func readLines(r io.Reader, emit func(string) bool) error {
	br := bufio.NewReaderSize(r, 4096)
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf) <= maxLineBytes {
			buf = append(buf, chunk[:min(len(chunk), maxLineBytes+1-len(buf))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(buf) > 0 {
			if len(buf) > maxLineBytes {
				buf = dropPartialRune(buf)
			}
			line := strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
			if !emit(line) {
				return nil
			}
		}
		buf = buf[:0]
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read questions: %w", err)
		}
	}
}

// dropPartialRune removes a UTF-8 sequence cut short at the end of b.
func dropPartialRune(b []byte) []byte {
	for j := len(b) - 1; j >= 0 && j >= len(b)-utf8.UTFMax; j-- {
		if utf8.RuneStart(b[j]) {
			if !utf8.FullRune(b[j:]) {
				return b[:j]
			}
			break
		}
	}
	return b
}

// shorten cuts s to at most n runes, the last of them an ellipsis that
// marks the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func round(x float64) float64 {
	return math.Round(x*1000) / 1000
}

// isTerminal reports whether v (standard input or output) is a terminal:
// where bold works, where a person types.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
