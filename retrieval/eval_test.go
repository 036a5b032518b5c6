package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The bar the issue sets for Arabic questions: top-1, top-3, rejection of
// questions the article does not answer, false rejection of ones it does.
var bar = level{top1: 0.90, top3: 0.97, rejection: 0.80, falseRejection: 0.05}

// level is what an evaluation reaches.
type level struct{ top1, top3, rejection, falseRejection float64 }

func (l level) meets(r Report) bool {
	return r.Top1 >= l.top1 && r.Top3 >= l.top3 && r.Rejection >= l.rejection && r.FalseRejection <= l.falseRejection
}

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

// TestQuestionSets holds each question set at the level the engine has
// reached (floor), so that no change makes it worse, and reports where
// that level is still short of the bar. The held-out sets are scored but
// never read to tune: their questions are not printed. The English sets
// are also scored without the translation, through the dictionary alone,
// where the floor is what that path reaches (the issue asks for a top-3
// of 0.5 at least).
func TestQuestionSets(t *testing.T) {
	for _, tt := range []struct {
		set                        string
		minAnswerable, minOffTopic int
		heldOut, dictionaryOnly    bool
		floor                      level
	}{
		{"questions.ar.tsv", 60, 12, false, false, level{top1: 0.93, top3: 0.97, rejection: 0.92, falseRejection: 0.00}},
		{"dev2.ar.tsv", 60, 12, false, false, level{top1: 0.91, top3: 0.98, rejection: 0.97, falseRejection: 0.01}},
		{"dev3.ar.tsv", 60, 12, false, false, level{top1: 0.93, top3: 0.97, rejection: 0.94, falseRejection: 0.06}},
		{"dev4.ar.tsv", 60, 12, false, false, level{top1: 0.93, top3: 1.00, rejection: 0.78, falseRejection: 0.06}},
		{"holdout.ar.tsv", 40, 12, true, false, level{top1: 0.86, top3: 0.92, rejection: 1.00, falseRejection: 0.12}},
		{"holdout2.ar.tsv", 60, 12, true, false, level{top1: 0.87, top3: 0.97, rejection: 0.96, falseRejection: 0.05}},
		{"holdout3.ar.tsv", 60, 12, true, false, level{top1: 0.87, top3: 0.97, rejection: 0.97, falseRejection: 0.09}},
		{"holdout4.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.91, falseRejection: 0.02}},
		{"holdout5.ar.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.96, rejection: 0.90, falseRejection: 0.05}},
		{"holdout6.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.97, rejection: 0.90, falseRejection: 0.06}},
		{"holdout7.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.95, falseRejection: 0.05}},
		{"holdout8.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.97, falseRejection: 0.04}},
		{"holdout9.ar.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.99, rejection: 0.95, falseRejection: 0.08}},
		{"holdout10.ar.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.99, rejection: 1.00, falseRejection: 0.04}},
		{"holdout11.ar.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.98, rejection: 0.92, falseRejection: 0.06}},
		{"holdout12.ar.tsv", 60, 12, true, false, level{top1: 0.95, top3: 0.98, rejection: 1.00, falseRejection: 0.03}},
		{"holdout13.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.87, falseRejection: 0.10}},
		{"holdout14.ar.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.99, rejection: 0.92, falseRejection: 0.01}},
		{"holdout15.ar.tsv", 60, 12, true, false, level{top1: 0.89, top3: 0.98, rejection: 0.87, falseRejection: 0.06}},
		{"holdout16.ar.tsv", 60, 12, true, false, level{top1: 0.87, top3: 0.98, rejection: 0.87, falseRejection: 0.06}},
		{"holdout17.ar.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.99, rejection: 0.92, falseRejection: 0.05}},
		{"holdout18.ar.tsv", 60, 12, true, false, level{top1: 0.89, top3: 0.97, rejection: 1.00, falseRejection: 0.03}},
		{"holdout19.ar.tsv", 60, 12, true, false, level{top1: 0.89, top3: 0.97, rejection: 0.90, falseRejection: 0.03}},
		{"holdout20.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.96, rejection: 0.90, falseRejection: 0.08}},
		{"holdout21.ar.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.97, rejection: 0.92, falseRejection: 0.05}},
		{"holdout22.ar.tsv", 60, 12, true, false, level{top1: 0.87, top3: 0.98, rejection: 0.95, falseRejection: 0.06}},
		{"holdout23.ar.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.99, rejection: 0.87, falseRejection: 0.05}},
		{"holdout24.ar.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.99, rejection: 0.92, falseRejection: 0.07}},
		{"holdout25.ar.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.99, rejection: 0.92, falseRejection: 0.05}},
		{"holdout26.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.87, falseRejection: 0.12}},
		{"holdout27.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.92, falseRejection: 0.08}},
		{"holdout28.ar.tsv", 60, 12, true, false, level{top1: 0.94, top3: 0.99, rejection: 0.87, falseRejection: 0.07}},
		{"holdout29.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.80, falseRejection: 0.02}},
		{"holdout30.ar.tsv", 60, 12, true, false, level{top1: 0.94, top3: 1.00, rejection: 0.82, falseRejection: 0.02}},
		{"holdout31.ar.tsv", 60, 12, true, false, level{top1: 0.84, top3: 0.96, rejection: 0.90, falseRejection: 0.08}},
		{"holdout32.ar.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.96, rejection: 0.85, falseRejection: 0.08}},
		{"holdout33.ar.tsv", 60, 12, true, false, level{top1: 0.94, top3: 0.99, rejection: 0.90, falseRejection: 0.03}},
		{"holdout34.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.97, rejection: 0.97, falseRejection: 0.04}},
		{"holdout35.ar.tsv", 60, 12, true, false, level{top1: 0.95, top3: 0.99, rejection: 0.90, falseRejection: 0.04}},
		{"holdout36.ar.tsv", 60, 12, true, false, level{top1: 0.95, top3: 0.99, rejection: 0.80, falseRejection: 0.04}},
		{"holdout37.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.97, rejection: 0.82, falseRejection: 0.08}},
		{"holdout38.ar.tsv", 60, 12, true, false, level{top1: 0.92, top3: 1.00, rejection: 0.85, falseRejection: 0.05}},
		{"holdout39.ar.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.99, rejection: 0.97, falseRejection: 0.01}},
		{"holdout40.ar.tsv", 60, 12, true, false, level{top1: 0.96, top3: 0.99, rejection: 0.90, falseRejection: 0.01}},
		{"holdout41.ar.tsv", 60, 12, true, false, level{top1: 0.89, top3: 0.99, rejection: 0.95, falseRejection: 0.02}},
		{"holdout42.ar.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.99, rejection: 0.87, falseRejection: 0.06}},
		{"questions.en.tsv", 60, 12, false, false, level{top1: 0.91, top3: 1.00, rejection: 1.00, falseRejection: 0.04}},
		{"dev2.en.tsv", 60, 12, false, false, level{top1: 0.94, top3: 0.96, rejection: 0.91, falseRejection: 0.04}},
		{"dev4.en.tsv", 60, 12, false, false, level{top1: 0.94, top3: 0.99, rejection: 0.92, falseRejection: 0.05}},
		{"holdout.en.tsv", 40, 12, true, false, level{top1: 0.89, top3: 0.98, rejection: 0.78, falseRejection: 0.08}},
		{"holdout2.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.97, rejection: 0.94, falseRejection: 0.03}},
		{"holdout3.en.tsv", 60, 12, true, false, level{top1: 0.82, top3: 0.94, rejection: 1.00, falseRejection: 0.10}},
		{"holdout4.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 1.00, rejection: 0.94, falseRejection: 0.04}},
		{"holdout5.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.99, rejection: 0.90, falseRejection: 0.05}},
		{"holdout6.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.96, rejection: 0.90, falseRejection: 0.09}},
		{"holdout7.en.tsv", 60, 12, true, false, level{top1: 0.92, top3: 1.00, rejection: 0.97, falseRejection: 0.03}},
		{"holdout8.en.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.99, rejection: 0.92, falseRejection: 0.07}},
		{"holdout9.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.99, rejection: 0.92, falseRejection: 0.06}},
		{"holdout10.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.99, rejection: 0.97, falseRejection: 0.06}},
		{"holdout11.en.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.98, rejection: 0.92, falseRejection: 0.04}},
		{"holdout12.en.tsv", 60, 12, true, false, level{top1: 0.94, top3: 1.00, rejection: 0.95, falseRejection: 0.01}},
		{"holdout13.en.tsv", 60, 12, true, false, level{top1: 0.92, top3: 1.00, rejection: 1.00, falseRejection: 0.02}},
		{"holdout14.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.95, falseRejection: 0.08}},
		{"holdout15.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.99, rejection: 0.97, falseRejection: 0.03}},
		{"holdout16.en.tsv", 60, 12, true, false, level{top1: 0.86, top3: 0.96, rejection: 0.92, falseRejection: 0.10}},
		{"holdout17.en.tsv", 60, 12, true, false, level{top1: 0.98, top3: 0.99, rejection: 0.85, falseRejection: 0.04}},
		{"holdout18.en.tsv", 60, 12, true, false, level{top1: 0.92, top3: 1.00, rejection: 0.90, falseRejection: 0.08}},
		{"holdout19.en.tsv", 60, 12, true, false, level{top1: 0.94, top3: 1.00, rejection: 0.87, falseRejection: 0.06}},
		{"holdout20.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 1.00, rejection: 0.92, falseRejection: 0.03}},
		{"holdout21.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.97, rejection: 0.95, falseRejection: 0.04}},
		{"holdout22.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.99, rejection: 0.87, falseRejection: 0.03}},
		{"holdout23.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 1.00, rejection: 1.00, falseRejection: 0.03}},
		{"holdout24.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.99, rejection: 0.90, falseRejection: 0.06}},
		{"holdout25.en.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.99, rejection: 0.90, falseRejection: 0.06}},
		{"holdout26.en.tsv", 60, 12, true, false, level{top1: 0.94, top3: 0.99, rejection: 0.90, falseRejection: 0.08}},
		{"holdout27.en.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.98, rejection: 0.97, falseRejection: 0.05}},
		{"holdout28.en.tsv", 60, 12, true, false, level{top1: 0.89, top3: 0.99, rejection: 0.97, falseRejection: 0.07}},
		{"holdout29.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.99, rejection: 0.92, falseRejection: 0.01}},
		{"holdout30.en.tsv", 60, 12, true, false, level{top1: 0.88, top3: 0.96, rejection: 0.80, falseRejection: 0.09}},
		{"holdout31.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.98, rejection: 0.95, falseRejection: 0.04}},
		{"holdout32.en.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.99, rejection: 0.92, falseRejection: 0.04}},
		{"holdout33.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.99, rejection: 0.90, falseRejection: 0.05}},
		{"holdout34.en.tsv", 60, 12, true, false, level{top1: 0.88, top3: 0.98, rejection: 0.90, falseRejection: 0.03}},
		{"holdout35.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 0.98, rejection: 0.85, falseRejection: 0.05}},
		{"holdout36.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.98, rejection: 0.87, falseRejection: 0.08}},
		{"holdout37.en.tsv", 60, 12, true, false, level{top1: 0.96, top3: 0.99, rejection: 0.87, falseRejection: 0.07}},
		{"holdout38.en.tsv", 60, 12, true, false, level{top1: 0.90, top3: 1.00, rejection: 0.87, falseRejection: 0.06}},
		{"holdout39.en.tsv", 60, 12, true, false, level{top1: 0.92, top3: 0.98, rejection: 0.95, falseRejection: 0.07}},
		{"holdout40.en.tsv", 60, 12, true, false, level{top1: 0.94, top3: 0.99, rejection: 0.87, falseRejection: 0.05}},
		{"holdout41.en.tsv", 60, 12, true, false, level{top1: 0.93, top3: 0.98, rejection: 0.97, falseRejection: 0.05}},
		{"holdout42.en.tsv", 60, 12, true, false, level{top1: 0.91, top3: 0.99, rejection: 1.00, falseRejection: 0.03}},
		{"questions.en.tsv", 60, 12, false, true, level{top1: 0.79, top3: 0.93, rejection: 0.95, falseRejection: 0.11}},
		{"dev2.en.tsv", 60, 12, false, true, level{top1: 0.75, top3: 0.91, rejection: 0.83, falseRejection: 0.16}},
		{"dev4.en.tsv", 60, 12, false, true, level{top1: 0.84, top3: 0.96, rejection: 0.85, falseRejection: 0.10}},
		{"holdout.en.tsv", 40, 12, true, true, level{top1: 0.83, top3: 0.94, rejection: 0.73, falseRejection: 0.13}},
		{"holdout2.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.95, rejection: 0.91, falseRejection: 0.13}},
		{"holdout3.en.tsv", 60, 12, true, true, level{top1: 0.68, top3: 0.85, rejection: 0.96, falseRejection: 0.19}},
		{"holdout4.en.tsv", 60, 12, true, true, level{top1: 0.87, top3: 0.95, rejection: 0.80, falseRejection: 0.10}},
		{"holdout5.en.tsv", 60, 12, true, true, level{top1: 0.78, top3: 0.94, rejection: 0.85, falseRejection: 0.16}},
		{"holdout6.en.tsv", 60, 12, true, true, level{top1: 0.77, top3: 0.92, rejection: 0.85, falseRejection: 0.15}},
		{"holdout7.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.96, rejection: 0.92, falseRejection: 0.17}},
		{"holdout8.en.tsv", 60, 12, true, true, level{top1: 0.83, top3: 0.97, rejection: 0.92, falseRejection: 0.14}},
		{"holdout9.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.95, rejection: 0.85, falseRejection: 0.13}},
		{"holdout10.en.tsv", 60, 12, true, true, level{top1: 0.75, top3: 0.93, rejection: 0.90, falseRejection: 0.19}},
		{"holdout11.en.tsv", 60, 12, true, true, level{top1: 0.79, top3: 0.93, rejection: 0.87, falseRejection: 0.14}},
		{"holdout12.en.tsv", 60, 12, true, true, level{top1: 0.89, top3: 0.96, rejection: 0.87, falseRejection: 0.11}},
		{"holdout13.en.tsv", 60, 12, true, true, level{top1: 0.82, top3: 0.94, rejection: 0.97, falseRejection: 0.13}},
		{"holdout14.en.tsv", 60, 12, true, true, level{top1: 0.78, top3: 0.91, rejection: 0.87, falseRejection: 0.12}},
		{"holdout15.en.tsv", 60, 12, true, true, level{top1: 0.84, top3: 0.95, rejection: 0.97, falseRejection: 0.05}},
		{"holdout16.en.tsv", 60, 12, true, true, level{top1: 0.74, top3: 0.94, rejection: 0.85, falseRejection: 0.15}},
		{"holdout17.en.tsv", 60, 12, true, true, level{top1: 0.88, top3: 0.96, rejection: 0.85, falseRejection: 0.10}},
		{"holdout18.en.tsv", 60, 12, true, true, level{top1: 0.81, top3: 0.96, rejection: 0.85, falseRejection: 0.13}},
		{"holdout19.en.tsv", 60, 12, true, true, level{top1: 0.83, top3: 0.97, rejection: 0.85, falseRejection: 0.14}},
		{"holdout20.en.tsv", 60, 12, true, true, level{top1: 0.81, top3: 0.98, rejection: 0.90, falseRejection: 0.11}},
		{"holdout21.en.tsv", 60, 12, true, true, level{top1: 0.83, top3: 0.94, rejection: 0.90, falseRejection: 0.14}},
		{"holdout22.en.tsv", 60, 12, true, true, level{top1: 0.86, top3: 0.97, rejection: 0.87, falseRejection: 0.11}},
		{"holdout23.en.tsv", 60, 12, true, true, level{top1: 0.81, top3: 0.96, rejection: 0.90, falseRejection: 0.10}},
		{"holdout24.en.tsv", 60, 12, true, true, level{top1: 0.78, top3: 0.95, rejection: 0.87, falseRejection: 0.14}},
		{"holdout25.en.tsv", 60, 12, true, true, level{top1: 0.85, top3: 0.97, rejection: 0.92, falseRejection: 0.13}},
		{"holdout26.en.tsv", 60, 12, true, true, level{top1: 0.83, top3: 0.94, rejection: 0.95, falseRejection: 0.16}},
		{"holdout27.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.94, rejection: 0.92, falseRejection: 0.15}},
		{"holdout28.en.tsv", 60, 12, true, true, level{top1: 0.74, top3: 0.92, rejection: 0.97, falseRejection: 0.19}},
		{"holdout29.en.tsv", 60, 12, true, true, level{top1: 0.79, top3: 0.93, rejection: 0.95, falseRejection: 0.15}},
		{"holdout30.en.tsv", 60, 12, true, true, level{top1: 0.76, top3: 0.91, rejection: 0.85, falseRejection: 0.13}},
		{"holdout31.en.tsv", 60, 12, true, true, level{top1: 0.81, top3: 0.91, rejection: 0.77, falseRejection: 0.17}},
		{"holdout32.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.92, rejection: 0.80, falseRejection: 0.14}},
		{"holdout33.en.tsv", 60, 12, true, true, level{top1: 0.79, top3: 0.93, rejection: 0.85, falseRejection: 0.17}},
		{"holdout34.en.tsv", 60, 12, true, true, level{top1: 0.77, top3: 0.89, rejection: 0.80, falseRejection: 0.10}},
		{"holdout35.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.93, rejection: 0.87, falseRejection: 0.10}},
		{"holdout36.en.tsv", 60, 12, true, true, level{top1: 0.82, top3: 0.93, rejection: 0.85, falseRejection: 0.17}},
		{"holdout37.en.tsv", 60, 12, true, true, level{top1: 0.80, top3: 0.94, rejection: 0.87, falseRejection: 0.15}},
		{"holdout38.en.tsv", 60, 12, true, true, level{top1: 0.76, top3: 0.93, rejection: 0.82, falseRejection: 0.13}},
		{"holdout39.en.tsv", 60, 12, true, true, level{top1: 0.82, top3: 0.96, rejection: 0.90, falseRejection: 0.10}},
		{"holdout40.en.tsv", 60, 12, true, true, level{top1: 0.75, top3: 0.94, rejection: 0.87, falseRejection: 0.13}},
		{"holdout41.en.tsv", 60, 12, true, true, level{top1: 0.79, top3: 0.97, rejection: 0.90, falseRejection: 0.12}},
		{"holdout42.en.tsv", 60, 12, true, true, level{top1: 0.79, top3: 0.95, rejection: 0.95, falseRejection: 0.14}},
	} {
		name := tt.set
		if tt.dictionaryOnly {
			name += "/dictionary-only"
		}
		t.Run(name, func(t *testing.T) {
			e := engine(t)
			if tt.dictionaryOnly {
				var err error
				e, err = New(e.Article(), Options{NoTranslation: true, Dictionary: installedDictionary(t)})
				if err != nil {
					t.Fatal(err)
				}
				defer e.Close()
			}
			set := loadSet(t, tt.set)
			r, err := Evaluate(context.Background(), e, set)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d answerable, %d unanswerable: top-1 %.3f top-3 %.3f MRR %.3f rejection %.3f false rejection %.3f answered right %.3f",
				tt.set, r.Answerable, r.Unanswerable, r.Top1, r.Top3, r.MRR, r.Rejection, r.FalseRejection, r.Answered)
			if r.Answerable < tt.minAnswerable || r.Unanswerable < tt.minOffTopic {
				t.Errorf("the set has %d answerable and %d unanswerable questions, want at least %d and %d",
					r.Answerable, r.Unanswerable, tt.minAnswerable, tt.minOffTopic)
			}
			if !bar.meets(r) {
				t.Logf("short of the bar %+v", bar)
			}
			if !tt.floor.meets(r) {
				var misses strings.Builder
				for _, m := range r.Misses {
					if !tt.heldOut {
						misses.WriteString("\n  " + m.Question.Text)
					}
				}
				t.Errorf("below the level reached before %+v; misses:%s", tt.floor, misses.String())
			}
		})
	}
}

// TestTheBarOverPooledSets fails when either language falls short of the
// bar over its dev sets pooled, or over its calibration sets pooled: the
// questions the lexicon was written beside, and the strangers' questions
// the boundary is placed on. Single sets of a hundred and fifty questions
// swing by more than the bar's margins (README), so each is held only at
// its own level, by TestQuestionSets.
func TestTheBarOverPooledSets(t *testing.T) {
	e := engine(t)
	for _, lang := range []string{"ar", "en"} {
		for _, pool := range []struct {
			name string
			sets []string
		}{{"dev", fitSets}, {"calibration", calibrationSets}} {
			var qs []EvalQuestion
			for _, name := range pool.sets {
				if strings.HasSuffix(name, "."+lang+".tsv") {
					qs = append(qs, loadSet(t, name)...)
				}
			}
			r, err := Evaluate(context.Background(), e, qs)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %s sets pooled: %d answerable, %d unanswerable: top-1 %.3f top-3 %.3f rejection %.3f false rejection %.3f",
				lang, pool.name, r.Answerable, r.Unanswerable, r.Top1, r.Top3, r.Rejection, r.FalseRejection)
			if !bar.meets(r) {
				t.Errorf("%s %s sets pooled fall short of the bar %+v", lang, pool.name, bar)
			}
		}
	}
}

func TestParseLexicon(t *testing.T) {
	lx, err := ParseLexicon("# words\nstop: مين\nsame: منجم مناجم ألغام\nmeans: الكرملين > روسيا\nphrase: طريق الحرير > الحزام والطريق\nlede: موضوع\n")
	if err != nil {
		t.Fatal(err)
	}
	if !lx.isStop("مين") || len(lx.groupsOf(readings("الغام"))) != 1 || len(lx.meansOf([]string{"كرملين"})) != 1 {
		t.Error("the lexicon lost a stop word, a group or a meaning")
	}
	toks := Tokenize("ما هو طريق الحرير")
	keys := func(j int) []string { return append([]string{lexiconKey(toks[j].Norm)}, readings(toks[j].Norm)...) }
	if _, n, ok := lx.phraseAt(len(toks), 2, keys); !ok || n != 2 {
		t.Errorf("phrase not found: %v %d", ok, n)
	}
	for _, bad := range []string{"no kind here", "same: وحيد", "means: بلا سهم", "phrase: كلمة > معنى", "colour: أحمر"} {
		if _, err := ParseLexicon(bad); err == nil {
			t.Errorf("ParseLexicon(%q) succeeded", bad)
		}
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
