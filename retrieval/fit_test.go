package retrieval

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

var refit = flag.Bool("fit", false, "refit the ranking and declining weights on the dev sets and print them (TestFitModel)")

// fitSets are the question sets the model is fitted on: the dev sets. The
// held-out sets only measure it.
var fitSets = []string{"questions.ar.tsv", "dev2.ar.tsv", "dev3.ar.tsv", "questions.en.tsv", "dev2.en.tsv"}

// calibrationSets are the sets the boundary between answering and
// declining is placed on: questions the lexicon was never written near.
var calibrationSets = []string{"holdout.ar.tsv", "holdout.en.tsv"}

// rankGroup is one answerable question's candidates: their features and
// whether each answers it.
type rankGroup struct {
	x    [][]float64
	good []bool
}

// fitSoftmax fits the weights w that maximise, over the groups, the
// probability exp(w·x)/Σexp(w·x') given to the candidates that answer,
// with a small L2 penalty, by gradient descent from zero.
func fitSoftmax(groups []rankGroup, dim int) []float64 {
	const (
		rate  = 1.0
		l2    = 0.001
		steps = 800
	)
	w := make([]float64, dim)
	grad := make([]float64, dim)
	for range steps {
		clear(grad)
		for _, g := range groups {
			zs := make([]float64, len(g.x))
			top := math.Inf(-1)
			for i, x := range g.x {
				zs[i] = dot(w, x)
				top = max(top, zs[i])
			}
			var all, good float64
			for i := range zs {
				zs[i] = math.Exp(zs[i] - top)
				all += zs[i]
				if g.good[i] {
					good += zs[i]
				}
			}
			for i, x := range g.x {
				p := zs[i] / all
				if g.good[i] {
					p -= zs[i] / good
				}
				for j := range grad {
					grad[j] += p * x[j]
				}
			}
		}
		for j := range w {
			w[j] -= rate * (grad[j]/float64(len(groups)) + l2*w[j])
		}
	}
	return w
}

// fitLogistic fits the weights w of P(answerable) = σ(w·x) over the
// rows x with labels y, with a small L2 penalty on all but the first
// (the bias), by gradient descent from zero.
func fitLogistic(x [][]float64, y []bool, dim int) []float64 {
	const (
		rate  = 0.5
		l2    = 0.01
		steps = 3000
	)
	w := make([]float64, dim)
	grad := make([]float64, dim)
	for range steps {
		clear(grad)
		for i, xi := range x {
			p := 1 / (1 + math.Exp(-max(-30, min(30, dot(w, xi)))))
			if y[i] {
				p--
			}
			for j := range grad {
				grad[j] += p * xi[j]
			}
		}
		for j := range w {
			pen := l2 * w[j]
			if j == 0 {
				pen = 0
			}
			w[j] -= rate * (grad[j]/float64(len(x)) + pen)
		}
	}
	return w
}

// maxFalseRejection is the share of answerable dev questions the engine
// may decline: the bar.
const maxFalseRejection = 0.05

// boundary returns the bias that puts the decision boundary w·x = 0
// where the fewest unanswerable questions are answered while at most
// maxFalseRejection of the answerable ones are declined. scores are w·x
// of the questions that have a passage, answerable their labels, and
// unranked the number of answerable questions with no passage at all
// (declined whatever the bias).
func boundary(bias float64, scores []float64, answerable []bool, unranked int) float64 {
	var pos []float64
	for i, s := range scores {
		if answerable[i] {
			pos = append(pos, s)
		}
	}
	slices.Sort(pos)
	allowed := int(maxFalseRejection*float64(len(pos)+unranked)) - unranked
	allowed = max(0, min(allowed, len(pos)-1))
	// Decline the allowed lowest answerable questions: the boundary sits
	// halfway between the last declined and the first answered.
	th := pos[0] - 1e-3
	if allowed > 0 {
		th = (pos[allowed-1] + pos[allowed]) / 2
	}
	return bias - th
}

// TestFitModel fits the ranking and declining weights on the dev sets
// and checks that the committed ones (model.go, signals.go) are still
// what the engine and the lexicon fit to: a change to either that moves
// a weight by more than a tenth asks for a refit. With -fit it prints the
// weights to commit.
func TestFitModel(t *testing.T) {
	e := engine(t)
	var groups []rankGroup
	var dx [][]float64
	var dy []bool
	unranked := 0
	for _, name := range fitSets {
		for _, q := range loadSet(t, name) {
			ans, err := e.answer(context.Background(), Question{Text: q.Text, K: 3}, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(ans.Passages) > 0 {
				dx = append(dx, ans.signals.declineFeatures())
				dy = append(dy, q.Answerable())
			} else if q.Answerable() {
				unranked++
			}
			if !q.Answerable() {
				continue
			}
			var g rankGroup
			for _, c := range ans.cands[:min(len(ans.cands), proximityCandidates)] {
				g.x = append(g.x, c.ev.features())
				g.good = append(g.good, slices.Contains(q.Paragraphs, c.n))
			}
			if slices.Contains(g.good, true) && len(g.x) > 1 {
				groups = append(groups, g)
			}
		}
	}
	rank := fitSoftmax(groups, len(rankWeights()))
	dec := fitLogistic(dx, dy, len(declineWeights()))
	var scores []float64
	var answerable []bool
	calUnranked := 0
	for _, name := range calibrationSets {
		for _, q := range loadSet(t, name) {
			ans, err := e.answer(context.Background(), Question{Text: q.Text, K: 3}, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(ans.Passages) > 0 {
				scores = append(scores, dot(dec, ans.signals.declineFeatures()))
				answerable = append(answerable, q.Answerable())
			} else if q.Answerable() {
				calUnranked++
			}
		}
	}
	dec[0] = boundary(dec[0], scores, answerable, calUnranked)

	var b strings.Builder
	check := func(names []string, got, want []float64) {
		for i, n := range names {
			fmt.Fprintf(&b, "\t%s = %.2f\n", n, got[i])
			if math.Abs(got[i]-want[i]) > 0.1*max(1, math.Abs(want[i])) && !*refit {
				t.Errorf("%s = %.2f, but the dev sets fit %.2f", n, want[i], got[i])
			}
		}
	}
	check([]string{"rankMatched", "rankProximity", "rankSentence", "rankCoverage", "rankBM25"}, rank, rankWeights())
	check([]string{"declineBias", "declineCoverage", "declineUnknown", "declineTyped"}, dec, declineWeights())
	if *refit {
		t.Logf("fitted on %d questions (ranking) and %d (declining):\n%s", len(groups), len(dx), b.String())
	} else if t.Failed() {
		t.Logf("the weights no longer fit the engine: refit with go test ./retrieval -run TestFitModel -fit and commit\n%s", b.String())
	}
}
