package retrieval

import (
	"cmp"
	"slices"
)

// Ranking the best paragraphs on all their evidence at once.
//
// A first ranking by matched weight finds the paragraphs that have the
// question's words; the best of them are then weighed on five pieces of
// evidence: the weight matched, how close the question's neighbouring
// words stand, and the weight met in one sentence, each as a share of the
// question's weight so that questions of any length compare; the share
// covered without roots; and BM25 relative to the best candidate's. How
// much each counts is not set by hand: the weights below are the ones
// that best rank an answering paragraph first over the dev question sets
// (a softmax over each question's candidates, fitted by TestFitModel; run
// it with -fit to refit after changing the engine or the lexicon). The
// held-out sets play no part in this fit.

// evidence is how well one paragraph answers a question.
type evidence struct {
	matched, proximity, sentence, coverage, bm25 float64
}

// The weights of the evidence in a paragraph's score, fitted by
// TestFitModel.
const (
	rankMatched   = 2.62
	rankProximity = 3.05
	rankSentence  = 1.23
	rankCoverage  = 2.01
	rankBM25      = 2.28
)

// rankFeatures is the number of pieces of evidence.
const rankFeatures = 5

// features lists the evidence in the order of rankWeights.
func (ev evidence) features() [rankFeatures]float64 {
	return [rankFeatures]float64{ev.matched, ev.proximity, ev.sentence, ev.coverage, ev.bm25}
}

// rankWeights are the fitted weights, in the order of features.
func rankWeights() [rankFeatures]float64 {
	return [rankFeatures]float64{rankMatched, rankProximity, rankSentence, rankCoverage, rankBM25}
}

// score weighs the evidence into one ranking score.
func (ev evidence) score() float64 {
	w, f := rankWeights(), ev.features()
	return dot(w[:], f[:])
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// candidate is a paragraph among the best for a question, its evidence
// and its score.
type candidate struct {
	n     int
	ev    evidence
	bm25  float64
	score float64
}

// weighEvidence scores every paragraph of hits (ranked by matched
// weight) on its evidence. The first n are read word by word for
// proximity and sentences, and ranked afresh; the rest keep their places
// after them, their scores (which lack that evidence) held at most the
// last of the first n's, so that scores fall down the list. tw maps the
// question's terms to its words.
func (e *Engine) weighEvidence(words []queryWord, tw map[string][]wordMatch, hits []ranked, n int) []candidate {
	n = min(n, len(hits))
	var total, topBM25 float64
	for _, w := range words {
		total += w.weight
	}
	for _, h := range hits[:n] {
		topBM25 = max(topBM25, h.bm25)
	}
	if total == 0 {
		total = 1
	}
	cands := make([]candidate, len(hits))
	for i, h := range hits {
		ev := evidence{matched: h.matched / total, coverage: e.coverage(words, h.n)}
		if topBM25 > 0 {
			ev.bm25 = min(1, h.bm25/topBM25)
		}
		if i < n {
			p := &e.paras[h.n]
			ar, en := tokenMatches(p, p.tokens, p.arPostings, tw), tokenMatches(p, p.enTokens, p.enPostings, tw)
			ev.proximity = max(proximityBonus(words, p.tokens, ar), proximityBonus(words, p.enTokens, en)) / total
			ev.sentence = bestSentence(p, words, ar, en) / total
		}
		cands[i] = candidate{n: h.n, ev: ev, bm25: h.bm25, score: ev.score()}
	}
	slices.SortStableFunc(cands[:n], func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(b.bm25, a.bm25)
	})
	for i := n; i < len(cands); i++ {
		cands[i].score = min(cands[i].score, cands[i-1].score)
	}
	return cands
}
