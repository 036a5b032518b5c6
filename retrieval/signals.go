package retrieval

// Declining: whether the best paragraph answers the question at all.
//
// Four things decline whatever else is said: a question that asks for a
// name the best passage does not give; one that asks how someone
// responded, what they think or what they said ("how did Putin respond",
// "ما موقف الصين", "ماذا قال بوتين"), when the quote does not name them:
// the article reports no such response; one that asks when, when the
// quote gives no date and no unit of time ("later" says only that it came
// after); and one that names, in English, someone the article never
// mentions ("did Tokayev meet Erdogan"). Otherwise the engine answers when the confidence of its best
// paragraph is at least zero. The confidence weighs four signals: how
// much more of the question's weight the paragraph covers than a question
// of its length needs (MinCoverage), the share of the question's weight
// in words the article does not have in any form (what is asked about
// that the article never mentions), and whether the question asks for a
// kind of answer (a number, a date), which readers often ask of facts an
// article leaves out; that one counts as two, one when the quote gives
// the number, date or length of time asked for in so many words, the
// other when a time is asked for ("when" counts here even when a month
// answers it: "the next day" answers it as often) or only a vague kind is
// given.
// The weights are a logistic regression fitted on the dev sets and the
// held-out calibration sets (holdout to holdout41) together: the
// strangers' questions of the second show how unseen questions match,
// which the dev sets, written beside the lexicon, overstate. Each
// language has its own bias, placed on its calibration sets pooled: as
// low as declines at most 5% of that language's answerable questions,
// with the boundary halfway between the last of them it declines and the
// first it answers, so that rounding the weights moves no question
// across. Both are fitted by TestFitModel (go test ./retrieval -run
// TestFitModel -fit); holdout42.*.tsv, blind, only measures them (see
// README).
const (
	declineBiasArabic  = 0.64
	declineBiasEnglish = 0.61
	declineCoverage    = 2.26
	declineUnknown     = -1.87
	declineTyped       = -1.53
	declineVague       = -0.51
)

// declineFeatures is the number of signals the confidence weighs, the
// constant 1 of the bias first.
const declineFeatures = 5

// features lists the signals in the order of declineWeights.
func (s signals) features() [declineFeatures]float64 {
	typed, vague := 0.0, 0.0
	switch {
	case s.need == anyAnswer:
	case s.gives&exactKinds&s.need != 0:
		typed = 1
	default:
		vague = 1
	}
	return [declineFeatures]float64{1, s.coverage - MinCoverage(s.words), s.unknown, typed, vague}
}

// exactKinds are the kinds of answer a passage gives in so many words: a
// number, a date, a length of time, a name. A time can be as loose as "the
// next day", so a question that asks for one never counts as answered
// exactly.
const exactKinds = numberKind | dateKind | durationKind | yearKind | anyName

// declineWeights are the fitted weights, in the order of features, with
// the bias given.
func declineWeights(bias float64) [declineFeatures]float64 {
	return [declineFeatures]float64{bias, declineCoverage, declineUnknown, declineTyped, declineVague}
}

// declineBias is the bias of questions in lang ("ar" or "en"). English
// questions have their own, placed on the path through the translation;
// without one (translated false), through the dictionary, they take the
// higher of the two, which declines less: that path already declines more
// of the answerable questions than the bar allows (see README).
func declineBias(lang string, translated bool) float64 {
	switch {
	case lang != "en":
		return declineBiasArabic
	case translated:
		return declineBiasEnglish
	}
	return max(declineBiasArabic, declineBiasEnglish)
}

// confidence is how sure the engine is that the paragraph answers: it
// answers at zero or above.
func (s signals) confidence() float64 {
	w, f := declineWeights(s.bias), s.features()
	return dot(w[:], f[:])
}

// signals describe how well the best paragraph answers a question, for
// deciding whether to answer at all.
type signals struct {
	// bias is the bias of the question's language (see declineBias).
	bias float64
	// coverage is the share of the question's weight the paragraph
	// covers (see coverage), and words the number of content words.
	coverage float64
	words    int
	// unknown is the share of the question's weight in words the
	// article lacks in any form.
	unknown float64
	// need is the kind of answer the question asks for (a number, a
	// time), and gives the kinds the quoted sentences hold.
	need, gives answerKinds
}

// signalsOf computes the signals of a paragraph that covers coverage of a
// question of words words asking for need, whose quote gives gives; bias
// is the bias of the question's language.
func signalsOf(bias float64, words []queryWord, need, gives answerKinds, coverage float64) signals {
	s := signals{bias: bias, words: len(words), need: need, gives: gives, coverage: coverage}
	var total float64
	for _, w := range words {
		total += w.weight
		if w.unknown {
			s.unknown += w.weight
		}
	}
	if total > 0 {
		s.unknown /= total
	}
	return s
}
