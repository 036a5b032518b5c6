package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The bar every Arabic question set must clear (see README, "How well it
// answers").
const (
	minTop1           = 0.90
	minTop3           = 0.97
	minRejection      = 0.80
	maxFalseRejection = 0.05
)

func loadSet(t *testing.T, name string) []EvalQuestion {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := ParseQuestionSet(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, q := range set {
		for _, p := range q.Paragraphs {
			if p >= len(engine(t).Article().Paragraphs) {
				t.Fatalf("%s line %d: paragraph %d does not exist", name, q.Line, p)
			}
		}
	}
	return set
}

func TestArabicQuestionSets(t *testing.T) {
	for _, tt := range []struct {
		set                        string
		minAnswerable, minOffTopic int
	}{
		{"questions.ar.tsv", 60, 12},
		{"dev2.ar.tsv", 60, 12},
		{"holdout.ar.tsv", 40, 12},
	} {
		t.Run(tt.set, func(t *testing.T) {
			set := loadSet(t, tt.set)
			r, err := Evaluate(context.Background(), engine(t), set)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d answerable, %d unanswerable: top-1 %.3f top-3 %.3f MRR %.3f rejection %.3f false rejection %.3f",
				tt.set, r.Answerable, r.Unanswerable, r.Top1, r.Top3, r.MRR, r.Rejection, r.FalseRejection)
			if r.Answerable < tt.minAnswerable || r.Unanswerable < tt.minOffTopic {
				t.Errorf("the set has %d answerable and %d unanswerable questions, want at least %d and %d",
					r.Answerable, r.Unanswerable, tt.minAnswerable, tt.minOffTopic)
			}
			if r.Top1 < minTop1 || r.Top3 < minTop3 || r.Rejection < minRejection || r.FalseRejection > maxFalseRejection {
				var misses strings.Builder
				for _, m := range r.Misses {
					misses.WriteString("\n  " + m.Question.Text)
				}
				t.Errorf("below the bar (top-1 ≥ %.2f, top-3 ≥ %.2f, rejection ≥ %.2f, false rejection ≤ %.2f); misses:%s",
					minTop1, minTop3, minRejection, maxFalseRejection, misses.String())
			}
		})
	}
}

func TestParseQuestionSet(t *testing.T) {
	set, err := ParseQuestionSet(strings.NewReader("# comment\n\n3,4\tسؤال؟\nnone\tآخر\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 2 || len(set[0].Paragraphs) != 2 || set[0].Paragraphs[1] != 4 || set[1].Answerable() || set[0].Line != 3 {
		t.Errorf("ParseQuestionSet = %+v", set)
	}
	for _, bad := range []string{"3 no tab\n", "x\tسؤال\n", "3\t \n", "-1\tسؤال\n"} {
		if _, err := ParseQuestionSet(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseQuestionSet(%q) succeeded", bad)
		}
	}
}
