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

var refit = flag.Bool("fit", false, "refit the ranking and declining weights and print them (TestFitModel)")

// fitSets are the question sets the ranking weights are fitted on: the
// dev sets. The declining weights are fitted on these and the
// calibration sets.
var fitSets = []string{"questions.ar.tsv", "dev2.ar.tsv", "dev3.ar.tsv", "dev4.ar.tsv", "questions.en.tsv", "dev2.en.tsv", "dev4.en.tsv"}

// calibrationSets are the sets the declining weights are fitted on,
// with the dev sets, and the boundary between answering and declining
// is placed on. They were written by strangers to the engine, so they
// show how unseen questions match, which the dev sets, written beside
// the lexicon, do not. Until the round of the author's name (README)
// their questions were never printed and no lexicon word was written
// from them, though a few lexicon choices were checked on counts over
// them (which questions with "city" a change declines). Since then
// samples of their misses have been read: the words that ask about the
// author's post (job title, credentials, run, تدير) were written from
// one, the check of names the article never gives (the pipeline's, the
// court's) and the name modifiers (full, الكامل) from their questions
// that ask for such names, and the author's nouns as framing from their
// declined questions that name her, and the words that ask whether
// something really happened (فعلا, already) from their questions with
// such words, and the clauses that tell when, the names of what is
// bypassed and the questions asked of someone and what they are from
// samples of their misses (README: the round of clauses that tell when).
// The round of things left unnamed read samples of their misses the
// same way (README). The blind set, holdout42.*.tsv, was read by no one,
// and measures. holdout43.*.tsv, reserved for the next change, is read
// by no test.
var calibrationSets = []string{
	"holdout.ar.tsv", "holdout2.ar.tsv", "holdout3.ar.tsv", "holdout4.ar.tsv", "holdout5.ar.tsv", "holdout6.ar.tsv",
	"holdout7.ar.tsv", "holdout8.ar.tsv", "holdout9.ar.tsv", "holdout10.ar.tsv", "holdout11.ar.tsv",
	"holdout12.ar.tsv", "holdout13.ar.tsv", "holdout14.ar.tsv", "holdout15.ar.tsv",
	"holdout16.ar.tsv", "holdout17.ar.tsv", "holdout18.ar.tsv", "holdout19.ar.tsv", "holdout20.ar.tsv",
	"holdout21.ar.tsv", "holdout22.ar.tsv", "holdout23.ar.tsv", "holdout24.ar.tsv", "holdout25.ar.tsv",
	"holdout26.ar.tsv", "holdout27.ar.tsv", "holdout28.ar.tsv", "holdout29.ar.tsv", "holdout30.ar.tsv",
	"holdout31.ar.tsv", "holdout32.ar.tsv", "holdout33.ar.tsv", "holdout34.ar.tsv",
	"holdout35.ar.tsv", "holdout36.ar.tsv", "holdout37.ar.tsv", "holdout38.ar.tsv", "holdout39.ar.tsv",
	"holdout40.ar.tsv", "holdout41.ar.tsv",
	"holdout.en.tsv", "holdout2.en.tsv", "holdout3.en.tsv", "holdout4.en.tsv", "holdout5.en.tsv", "holdout6.en.tsv",
	"holdout7.en.tsv", "holdout8.en.tsv", "holdout9.en.tsv", "holdout10.en.tsv", "holdout11.en.tsv",
	"holdout12.en.tsv", "holdout13.en.tsv", "holdout14.en.tsv", "holdout15.en.tsv",
	"holdout16.en.tsv", "holdout17.en.tsv", "holdout18.en.tsv", "holdout19.en.tsv", "holdout20.en.tsv",
	"holdout21.en.tsv", "holdout22.en.tsv", "holdout23.en.tsv", "holdout24.en.tsv", "holdout25.en.tsv",
	"holdout26.en.tsv", "holdout27.en.tsv", "holdout28.en.tsv", "holdout29.en.tsv", "holdout30.en.tsv",
	"holdout31.en.tsv", "holdout32.en.tsv", "holdout33.en.tsv", "holdout34.en.tsv",
	"holdout35.en.tsv", "holdout36.en.tsv", "holdout37.en.tsv", "holdout38.en.tsv", "holdout39.en.tsv",
	"holdout40.en.tsv", "holdout41.en.tsv",
}

// maxFalseRejection is the share of the answerable calibration questions
// of each language that the engine may decline: the bar.
const maxFalseRejection = 0.05

// minimize finds the w that minimises f, which returns the objective and
// its gradient at w, by gradient descent with a backtracking line search,
// from zero until the gradient is flat.
func minimize(f func(w []float64) (float64, []float64), dim int) []float64 {
	const (
		flat     = 1e-7
		maxSteps = 20000
	)
	w := make([]float64, dim)
	loss, grad := f(w)
	step := 1.0
	for range maxSteps {
		norm := math.Sqrt(dot(grad, grad))
		if norm < flat {
			break
		}
		for {
			next := make([]float64, dim)
			for j := range w {
				next[j] = w[j] - step*grad[j]
			}
			nl, ng := f(next)
			// Armijo: the step must lower the loss by a share of what
			// the gradient promises.
			if nl <= loss-1e-4*step*norm*norm {
				w, loss, grad = next, nl, ng
				step *= 2
				break
			}
			step /= 2
			if step < 1e-12 {
				return w
			}
		}
	}
	return w
}

// rankGroup is one answerable question's candidates: their features and
// whether each answers it.
type rankGroup struct {
	x    [][rankFeatures]float64
	good []bool
}

// rankL2 and declineL2 are the ridge penalties, which keep the weights of
// correlated evidence finite. The ranking is not sharp in its weights (a
// wide range ranks the dev sets alike), so its penalty is kept small:
// 0.01 ranked every set as well or worse.
const (
	rankL2    = 0.001
	declineL2 = 0.01
)

// fitRanking fits the weights that maximise, over the groups, the
// probability exp(w·x)/Σexp(w·x') given to the candidates that answer.
func fitRanking(groups []rankGroup) []float64 {
	return minimize(func(w []float64) (float64, []float64) {
		loss, grad := 0.0, make([]float64, len(w))
		for _, g := range groups {
			zs := make([]float64, len(g.x))
			for i := range g.x {
				zs[i] = dot(w, g.x[i][:])
			}
			all, good := logSumExp(zs, nil), logSumExp(zs, g.good)
			loss += all - good
			for i, x := range g.x {
				p := math.Exp(zs[i] - all)
				if g.good[i] {
					p -= math.Exp(zs[i] - good)
				}
				for j := range grad {
					grad[j] += p * x[j]
				}
			}
		}
		n := float64(len(groups))
		for j := range w {
			grad[j] = grad[j]/n + rankL2*w[j]
		}
		return loss/n + rankL2/2*dot(w, w), grad
	}, rankFeatures)
}

// logSumExp is log Σ exp(z) over the z picked (all when pick is nil).
func logSumExp(zs []float64, pick []bool) float64 {
	top := math.Inf(-1)
	for i, z := range zs {
		if pick == nil || pick[i] {
			top = max(top, z)
		}
	}
	var s float64
	for i, z := range zs {
		if pick == nil || pick[i] {
			s += math.Exp(z - top)
		}
	}
	return top + math.Log(s)
}

// fitDeclining fits the weights w of P(answerable) = σ(w·x) over the rows
// x with labels y; the first weight, the bias, is not penalised.
func fitDeclining(x [][declineFeatures]float64, y []bool) []float64 {
	return minimize(func(w []float64) (float64, []float64) {
		loss, grad := 0.0, make([]float64, len(w))
		for i := range x {
			z := dot(w, x[i][:])
			// log(1+e^z) - y·z, written so that it does not overflow.
			loss += max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
			p := 1 / (1 + math.Exp(-z))
			if y[i] {
				loss -= z
				p--
			}
			for j := range grad {
				grad[j] += p * x[i][j]
			}
		}
		n := float64(len(x))
		pen := 0.0
		for j := range w {
			grad[j] /= n
			if j > 0 {
				grad[j] += declineL2 * w[j]
				pen += w[j] * w[j]
			}
		}
		return loss/n + declineL2/2*pen, grad
	}, declineFeatures)
}

// calibrated is one calibration set's answerable questions: the
// confidence of each that has a passage (without the bias), and how many
// have none (declined whatever the bias).
type calibrated struct {
	name     string
	scores   []float64
	unranked int
}

// allowed is how many of the set's answerable questions that have a
// passage may be declined.
func (c calibrated) allowed() int {
	return int(maxFalseRejection*float64(len(c.scores)+c.unranked)) - c.unranked
}

// declined is how many of them a bias declines.
func (c calibrated) declined(bias float64) int {
	n := 0
	for _, s := range c.scores {
		if s+bias < 0 {
			n++
		}
	}
	return n
}

// bias is the lowest bias (the one that answers the fewest questions) at
// which at most maxFalseRejection of the set's answerable questions are
// declined, the boundary halfway between the last one declined and the
// first answered (and never between two equal scores), so that rounding
// the weights moves no question across.
func (c calibrated) bias() (float64, error) {
	if len(c.scores) == 0 {
		return 0, fmt.Errorf("%s: no answerable question has a passage", c.name)
	}
	pos := slices.Sorted(slices.Values(c.scores))
	allowed := c.allowed()
	if allowed < 0 {
		return 0, fmt.Errorf("%s: %d answerable questions get no passage at all, more than %.0f%%", c.name, c.unranked, 100*maxFalseRejection)
	}
	for allowed > 0 && pos[allowed-1] == pos[allowed] {
		allowed--
	}
	if allowed == 0 {
		return 1e-3 - pos[0], nil
	}
	return -(pos[allowed-1] + pos[allowed]) / 2, nil
}

// TestFitModel fits the ranking and declining weights and checks, first,
// that the committed ones (model.go, signals.go) decline at most 5% of
// either language's answerable calibration questions and, second, that they are still
// what the engine and the lexicon fit to: a change to either that moves
// a weight by more than a tenth asks for a refit. With -fit it prints the
// weights to commit. The declining rows depend on the ranking, so a refit
// that changes the ranking weights is run twice.
func TestFitModel(t *testing.T) {
	e := engine(t)
	ask := func(q EvalQuestion) (Answer, trace) {
		ans, tr, err := e.answer(context.Background(), Question{Text: q.Text, K: 3}, false)
		if err != nil {
			t.Fatal(err)
		}
		return ans, tr
	}
	var groups []rankGroup
	var dx [][declineFeatures]float64
	var dy []bool
	for _, name := range fitSets {
		for _, q := range loadSet(t, name) {
			ans, tr := ask(q)
			if len(ans.Passages) > 0 && !tr.gated() {
				dx = append(dx, tr.signals.features())
				dy = append(dy, q.Answerable())
			}
			if !q.Answerable() {
				continue
			}
			var g rankGroup
			for _, c := range tr.cands[:min(len(tr.cands), proximityCandidates)] {
				g.x = append(g.x, c.ev.features())
				g.good = append(g.good, slices.Contains(q.Paragraphs, c.n))
			}
			if slices.Contains(g.good, true) && len(g.x) > 1 {
				groups = append(groups, g)
			}
		}
	}
	// The calibration questions join the declining fit, and their
	// answerable ones place each language's bias below: the language the
	// engine reads in each, and its signals when it has a passage that can
	// answer (x is nil when it has none).
	type answerable struct {
		lang string
		x    []float64
	}
	var calibration []answerable
	for _, name := range calibrationSets {
		for _, q := range loadSet(t, name) {
			ans, tr := ask(q)
			ranked := len(ans.Passages) > 0 && !tr.gated()
			x := tr.signals.features()
			if ranked {
				dx = append(dx, x)
				dy = append(dy, q.Answerable())
			}
			if !q.Answerable() {
				continue
			}
			a := answerable{lang: DetectLang(q.Text)}
			if ranked {
				a.x = x[:]
			}
			calibration = append(calibration, a)
		}
	}
	rank, dec := fitRanking(groups), fitDeclining(dx, dy)

	// The bias of each language, placed on its calibration sets pooled,
	// for the fitted weights and, to check them, for the committed ones,
	// so that neither language declines more than maxFalseRejection of
	// its answerable questions. It replaces the logistic fit's own bias
	// (dec[0]), which fits the dev and calibration sets together.
	biases := map[string]float64{}
	for _, lang := range []string{"ar", "en"} {
		committed := declineWeights(declineBias(lang, true))
		// Questions are grouped by the language the engine reads in them,
		// whose bias it gives them, whatever their set.
		name := "the " + lang + " questions of " + strings.Join(calibrationSets, "+")
		cf, ck := calibrated{name: name}, calibrated{name: name}
		for _, a := range calibration {
			switch {
			case a.lang != lang:
			case a.x == nil:
				cf.unranked++
				ck.unranked++
			default:
				cf.scores = append(cf.scores, dot(dec[1:], a.x[1:]))
				ck.scores = append(ck.scores, dot(committed[1:], a.x[1:]))
			}
		}
		bias, err := cf.bias()
		if err != nil {
			t.Fatal(err)
		}
		biases[lang] = bias
		if n, most := ck.declined(committed[0]), ck.allowed(); n > most && !*refit {
			t.Errorf("the committed weights decline %d of the %d answerable questions of %s, more than %.0f%%",
				n+ck.unranked, len(ck.scores)+ck.unranked, ck.name, 100*maxFalseRejection)
		}
	}

	var b strings.Builder
	check := func(names []string, got, want []float64) {
		for i, n := range names {
			fmt.Fprintf(&b, "\t%s = %.2f\n", n, got[i])
			if math.Abs(got[i]-want[i]) > 0.1*max(1, math.Abs(want[i])) && !*refit {
				t.Errorf("%s = %.2f, but the fit gives %.2f", n, want[i], got[i])
			}
		}
	}
	rw := rankWeights()
	check([]string{"rankMatched", "rankProximity", "rankSentence", "rankCoverage", "rankBM25"}, rank, rw[:])
	ar, en := declineWeights(declineBias("ar", true)), declineWeights(declineBias("en", true))
	check([]string{"declineBiasArabic", "declineBiasEnglish", "declineCoverage", "declineUnknown", "declineTyped", "declineVague"},
		append([]float64{biases["ar"], biases["en"]}, dec[1:]...), append([]float64{ar[0], en[0]}, ar[1:]...))
	if *refit {
		t.Logf("fitted on %d questions (ranking) and %d (declining):\n%s", len(groups), len(dx), b.String())
	} else if t.Failed() {
		t.Logf("the weights no longer fit the engine: refit with go test ./retrieval -run TestFitModel -fit -v and commit\n%s", b.String())
	}
}
