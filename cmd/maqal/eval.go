package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/maqal/maqal/retrieval"
)

// defaultSets are the question sets "maqal eval" scores when given none,
// Arabic and English: the dev sets the lexicon was written by and the
// ranking weights fitted on, the held-out sets the declining weights are
// fitted on with them and that place the boundary between answering and
// declining (holdout to holdout41), and the blind set that only measures
// (holdout42).
// A set is English when its name ends in .en.tsv.
var defaultSets = []string{
	"testdata/questions.ar.tsv", "testdata/dev2.ar.tsv", "testdata/dev3.ar.tsv", "testdata/dev4.ar.tsv",
	"testdata/holdout.ar.tsv", "testdata/holdout2.ar.tsv", "testdata/holdout3.ar.tsv", "testdata/holdout4.ar.tsv",
	"testdata/holdout5.ar.tsv", "testdata/holdout6.ar.tsv", "testdata/holdout7.ar.tsv", "testdata/holdout8.ar.tsv",
	"testdata/holdout9.ar.tsv", "testdata/holdout10.ar.tsv", "testdata/holdout11.ar.tsv", "testdata/holdout12.ar.tsv",
	"testdata/holdout13.ar.tsv", "testdata/holdout14.ar.tsv", "testdata/holdout15.ar.tsv", "testdata/holdout16.ar.tsv",
	"testdata/holdout17.ar.tsv", "testdata/holdout18.ar.tsv", "testdata/holdout19.ar.tsv", "testdata/holdout20.ar.tsv",
	"testdata/holdout21.ar.tsv", "testdata/holdout22.ar.tsv", "testdata/holdout23.ar.tsv", "testdata/holdout24.ar.tsv",
	"testdata/holdout25.ar.tsv", "testdata/holdout26.ar.tsv", "testdata/holdout27.ar.tsv", "testdata/holdout28.ar.tsv",
	"testdata/holdout29.ar.tsv", "testdata/holdout30.ar.tsv", "testdata/holdout31.ar.tsv", "testdata/holdout32.ar.tsv",
	"testdata/holdout33.ar.tsv", "testdata/holdout34.ar.tsv", "testdata/holdout35.ar.tsv",
	"testdata/holdout36.ar.tsv", "testdata/holdout37.ar.tsv", "testdata/holdout38.ar.tsv",
	"testdata/holdout39.ar.tsv", "testdata/holdout40.ar.tsv",
	"testdata/holdout41.ar.tsv", "testdata/holdout42.ar.tsv",
	"testdata/questions.en.tsv", "testdata/dev2.en.tsv", "testdata/dev4.en.tsv", "testdata/holdout.en.tsv",
	"testdata/holdout2.en.tsv", "testdata/holdout3.en.tsv", "testdata/holdout4.en.tsv", "testdata/holdout5.en.tsv",
	"testdata/holdout6.en.tsv", "testdata/holdout7.en.tsv", "testdata/holdout8.en.tsv", "testdata/holdout9.en.tsv",
	"testdata/holdout10.en.tsv", "testdata/holdout11.en.tsv", "testdata/holdout12.en.tsv", "testdata/holdout13.en.tsv",
	"testdata/holdout14.en.tsv", "testdata/holdout15.en.tsv", "testdata/holdout16.en.tsv",
	"testdata/holdout17.en.tsv", "testdata/holdout18.en.tsv", "testdata/holdout19.en.tsv", "testdata/holdout20.en.tsv",
	"testdata/holdout21.en.tsv", "testdata/holdout22.en.tsv", "testdata/holdout23.en.tsv", "testdata/holdout24.en.tsv",
	"testdata/holdout25.en.tsv", "testdata/holdout26.en.tsv", "testdata/holdout27.en.tsv", "testdata/holdout28.en.tsv",
	"testdata/holdout29.en.tsv", "testdata/holdout30.en.tsv", "testdata/holdout31.en.tsv", "testdata/holdout32.en.tsv",
	"testdata/holdout33.en.tsv", "testdata/holdout34.en.tsv", "testdata/holdout35.en.tsv",
	"testdata/holdout36.en.tsv", "testdata/holdout37.en.tsv", "testdata/holdout38.en.tsv",
	"testdata/holdout39.en.tsv", "testdata/holdout40.en.tsv",
	"testdata/holdout41.en.tsv", "testdata/holdout42.en.tsv",
}

func isEnglishSet(path string) bool { return strings.HasSuffix(path, ".en.tsv") }

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("eval", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var sets stringList
	flags.Var(&sets, "set", "a question set to score (repeatable; default: "+strings.Join(defaultSets, ", ")+")")
	verbose := flags.Bool("v", false, "list the questions the engine gets wrong (not for a held-out set)")
	var cfg engineConfig
	cfg.flags(flags)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{err.Error()}
	}
	if flags.NArg() > 0 {
		return &usageError{fmt.Sprintf("eval takes no arguments, got %q", flags.Arg(0))}
	}
	if len(sets) == 0 {
		sets = defaultSets
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	engine, err := loadEngine(cfg, getenv, logger)
	if err != nil {
		return err
	}
	defer engine.Close()

	var arabic, english []string
	for _, path := range sets {
		if isEnglishSet(path) {
			english = append(english, path)
		} else {
			arabic = append(arabic, path)
		}
	}
	score := func(title string, e *retrieval.Engine, paths []string) error {
		if len(paths) == 0 {
			return nil
		}
		fmt.Fprintln(stdout, title)
		for _, path := range paths {
			if err := evalSet(ctx, e, path, *verbose, stdout); err != nil {
				return err
			}
		}
		return nil
	}
	if err := score("Arabic questions", engine, arabic); err != nil {
		return err
	}
	title := "English questions"
	if cfg.noTranslation || !engine.Article().HasTranslation() {
		title += ", without the translation (dictionary only)"
	}
	if err := score(title, engine, english); err != nil {
		return err
	}
	if len(english) == 0 || cfg.noTranslation || !engine.Article().HasTranslation() {
		return nil
	}
	// The same English questions as if the article had no translation:
	// the figure for articles that come without one.
	dictOnly := cfg
	dictOnly.noTranslation = true
	bare, err := loadEngine(dictOnly, getenv, logger)
	if err != nil {
		return err
	}
	defer bare.Close()
	return score("English questions, without the translation (dictionary only)", bare, english)
}

// evalSet scores one question set and prints the figures.
func evalSet(ctx context.Context, e *retrieval.Engine, path string, verbose bool, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open question set (run from the repository root or pass --set FILE): %w", err)
	}
	set, err := retrieval.ParseQuestionSet(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r, err := retrieval.Evaluate(ctx, e, set)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(stdout, "  %s: %d answerable, %d unanswerable\n", path, r.Answerable, r.Unanswerable)
	fmt.Fprintf(stdout, "    top-1 %.3f  top-3 %.3f  MRR %.3f  rejection %.3f  false rejection %.3f  answered right %.3f\n",
		r.Top1, r.Top3, r.MRR, r.Rejection, r.FalseRejection, r.Answered)
	// A held-out set is only ever scored: listing its misses would invite
	// tuning to them.
	if verbose && !strings.Contains(filepath.Base(path), "holdout") {
		for _, m := range r.Misses {
			fmt.Fprintf(stdout, "    line %d: want %s, got %v found=%v coverage=%.2f confidence=%+.2f: %s\n",
				m.Question.Line, paragraphsString(m.Question.Paragraphs), m.Got, m.Found, m.Coverage, m.Confidence, m.Question.Text)
		}
	}
	return nil
}

func paragraphsString(ps []int) string {
	if len(ps) == 0 {
		return "none"
	}
	return strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ps)), ","), "[]")
}
