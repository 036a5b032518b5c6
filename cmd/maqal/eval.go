package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/maqal/maqal/retrieval"
)

// defaultSets are the question sets "maqal eval" scores when given none:
// the dev set the engine was calibrated on and the held-out set it was not.
var defaultSets = []string{"testdata/questions.ar.tsv", "testdata/holdout.ar.tsv"}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sets stringList
	fs.Var(&sets, "set", "a question set to score (repeatable; default: "+strings.Join(defaultSets, ", ")+")")
	verbose := fs.Bool("v", false, "list the questions the engine gets wrong (not for a held-out set)")
	corpusDir := fs.String("corpus", "", "read the article from this folder instead of the built-in one (env MAQAL_CORPUS)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("eval takes no arguments, got %q", fs.Arg(0))}
	}
	if len(sets) == 0 {
		sets = defaultSets
	}
	engine, err := loadEngine(*corpusDir, getenv)
	if err != nil {
		return err
	}
	defer engine.Close()

	for _, path := range sets {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open question set (run from the repository root or pass --set FILE): %w", err)
		}
		set, err := retrieval.ParseQuestionSet(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		r, err := retrieval.Evaluate(ctx, engine, set)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(stdout, "%s: %d answerable, %d unanswerable\n", path, r.Answerable, r.Unanswerable)
		fmt.Fprintf(stdout, "  top-1 %.3f  top-3 %.3f  MRR %.3f  rejection %.3f  false rejection %.3f  answered right %.3f\n",
			r.Top1, r.Top3, r.MRR, r.Rejection, r.FalseRejection, r.Answered)
		// A held-out set is only ever scored: listing its misses would
		// invite tuning to them.
		if *verbose && !strings.Contains(filepath.Base(path), "holdout") {
			for _, m := range r.Misses {
				fmt.Fprintf(stdout, "  line %d: want %s, got %v found=%v coverage=%.2f: %s\n",
					m.Question.Line, paragraphsString(m.Question.Paragraphs), m.Got, m.Found, m.Coverage, m.Question.Text)
			}
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
