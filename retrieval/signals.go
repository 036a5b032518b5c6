package retrieval

// Declining: whether the best paragraph answers the question at all.
//
// The engine answers when the confidence of its best paragraph is at
// least zero. The confidence weighs three signals: how much more of the
// question's weight the paragraph covers than a question of its length
// needs (MinCoverage), the share of the question's weight in words the
// article does not have in any form (what is asked about that the article
// never mentions), and whether the question asks for a kind of answer (a
// number, a date), which readers often ask of facts an article leaves
// out. The weights are a logistic regression fitted on the dev sets, and
// the bias puts the boundary where the fewest unanswerable dev questions
// are answered while at most 5% of the answerable ones are declined; both
// are fitted by TestFitModel (go test ./retrieval -run TestFitModel -fit).
// The held-out sets only measure them (see README).
const (
	declineBias     = 1.25
	declineCoverage = 2.15
	declineUnknown  = -2.02
	declineTyped    = -0.97
)

// declineFeatures lists the signals the confidence weighs, in the order
// of declineWeights.
func (s signals) declineFeatures() []float64 {
	typed := 0.0
	if s.typed {
		typed = 1
	}
	return []float64{1, s.coverage - MinCoverage(s.words), s.unknown, typed}
}

// declineWeights are the fitted weights, in the order of declineFeatures.
func declineWeights() []float64 {
	return []float64{declineBias, declineCoverage, declineUnknown, declineTyped}
}

// confidence is how sure the engine is that the paragraph answers: it
// answers at zero or above.
func (s signals) confidence() float64 { return dot(declineWeights(), s.declineFeatures()) }

// signals describe how well the best paragraph answers a question, for
// deciding whether to answer at all.
type signals struct {
	// coverage is the share of the question's weight the paragraph
	// covers (see coverage), and words the number of content words.
	coverage float64
	words    int
	// missing is the heaviest question word the paragraph lacks, as a
	// share of the question's weight; unknown the share of words the
	// article lacks in any form, and name whether one of those looks
	// like a proper name.
	missing, unknown float64
	name             bool
	// score is the paragraph's ranking score (see evidence.score) and
	// margin its lead over the next paragraph.
	score, margin float64
	// exact is the share of the question's weight matched by the words'
	// own readings rather than by synonyms, meanings or spelling.
	exact float64
	// typed says that the question asks for a kind of answer (a number,
	// a time).
	typed bool
	// hits is how many paragraphs match at all.
	hits int
}

// signalsOf computes the signals of paragraph n, of ranking score score
// among the candidates cands.
func (e *Engine) signalsOf(words []queryWord, need answerKinds, n int, score float64, cands []candidate) signals {
	s := signals{words: len(words), typed: need != anyAnswer, hits: len(cands)}
	var total, covered, exact float64
	for _, w := range words {
		total += w.weight
		best := 0.0
		for t, b := range w.terms {
			if b > boostRoot && e.paras[n].has(t) {
				best = max(best, b)
			}
		}
		covered += w.weight * best
		if best == boostWord {
			exact += w.weight
		}
		if best == 0 {
			s.missing = max(s.missing, w.weight)
		}
		if w.unknown {
			s.unknown += w.weight
			s.name = s.name || w.name
		}
	}
	if total == 0 {
		return s
	}
	s.coverage, s.exact = covered/total, exact/total
	s.missing /= total
	s.unknown /= total
	s.score = score
	next := 0.0
	for _, c := range cands {
		if c.n != n {
			next = max(next, c.score)
		}
	}
	s.margin = score - next
	return s
}
