package retrieval

// Scoring a paragraph against a question, and building the passage that
// quotes it.

// matchedWeight is the weight of the question's words that paragraph n
// has, each word at the boost of its best term there, with the words it
// lacks that the paragraph before has (see contextBoost); zero when it
// has none of them itself.
func (e *Engine) matchedWeight(words []queryWord, n int) float64 {
	var got, context float64
	for _, w := range words {
		best, before := 0.0, 0.0
		for t, b := range w.terms {
			switch {
			case e.paras[n].has(t):
				best = max(best, b)
			case n > 1 && e.paras[n-1].has(t):
				before = max(before, b*contextBoost)
			}
		}
		if best > 0 {
			got += w.weight * best
		} else {
			context += w.weight * before
		}
	}
	if got == 0 {
		return 0
	}
	return got + context
}

// contextBoost is how much a question word found only in the paragraph
// before counts toward ranking a body paragraph: a paragraph goes on from
// the one before ("the court" of paragraph 3 is paragraph 2's court in
// Novorossiysk), so among paragraphs that match alike the one that
// follows what else the question names ranks higher. It is little enough
// that a word the paragraph has always counts more, and it never counts
// as covered (see coverage).
const contextBoost = 0.1

// coverage is the share of the question's weight matched by paragraph n.
// A word matched only through its root does not count: roots rank well
// but conflate too much (عمر, age, is the root of مستعمرات, colonies) to
// say that the article answers.
func (e *Engine) coverage(words []queryWord, n int) float64 {
	var total, got float64
	for _, w := range words {
		total += w.weight
		best := 0.0
		for t, b := range w.terms {
			if b > boostRoot && e.paras[n].has(t) {
				best = max(best, b)
			}
		}
		got += w.weight * best
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// proximityCandidates is how many of the best paragraphs are read word
// by word for proximity and sentences (see weighEvidence), proximityGap
// the most tokens between two question words that count as close, and
// proximityShare the share of the lighter word's weight that a close pair
// is worth.
const (
	proximityCandidates = 5
	proximityGap        = 2
	proximityShare      = 0.5
)

// bestSentence is the matched weight of the paragraph's sentence (in the
// Arabic, or in its aligned English) that matches the most, each word once
// at its best boost; ar and en are the paragraph's token matches.
func bestSentence(p *paraIndex, words []queryWord, ar, en []wordMatch) float64 {
	best := make([][]float64, len(p.sentences)) // per sentence, per word
	for si := range best {
		best[si] = make([]float64, len(words))
	}
	credit := func(toks []indexedToken, matches []wordMatch, sentences []Span) {
		for i, m := range matches {
			if m.word < 0 {
				continue
			}
			for si, sp := range sentences {
				if toks[i].Start >= sp.Start && toks[i].End <= sp.End {
					best[si][m.word] = max(best[si][m.word], m.boost)
				}
			}
		}
	}
	credit(p.tokens, ar, p.sentences)
	credit(p.enTokens, en, p.enSentences)
	var top float64
	for _, bs := range best {
		var sum float64
		for wi, b := range bs {
			sum += words[wi].weight * b
		}
		top = max(top, sum)
	}
	return top
}

// wordMatch is a question word that an index term stands for.
type wordMatch struct {
	word  int
	boost float64
	// all is the conjunctive term the match is part of (see allTerm):
	// the token matches only in a paragraph that has the whole of it.
	all string
}

// termWords maps each index term of the question to the words it stands
// for.
func termWords(words []queryWord) map[string][]wordMatch {
	tw := map[string][]wordMatch{}
	for wi, w := range words {
		for t, b := range w.terms {
			parts := allParts(t)
			if parts == nil {
				tw[t] = append(tw[t], wordMatch{word: wi, boost: b})
				continue
			}
			for _, part := range parts {
				tw[part] = append(tw[part], wordMatch{word: wi, boost: b, all: t})
			}
		}
	}
	return tw
}

// tokenMatches says, for each indexed token of paragraph p (toks is
// p.tokens or p.enTokens), which question word it matches best, or -1,
// and how strongly; a tie goes to the earlier word. It reads the
// paragraph's postings (term → tokens), so its cost follows the
// question's terms, not the paragraph's length.
func tokenMatches(p *paraIndex, toks []indexedToken, postings map[string][]int32, tw map[string][]wordMatch) []wordMatch {
	out := make([]wordMatch, len(toks))
	for i := range out {
		out[i] = wordMatch{word: -1}
	}
	for t, ms := range tw {
		at := postings[t]
		if len(at) == 0 {
			continue
		}
		for _, m := range ms {
			if m.all != "" && !p.has(m.all) {
				continue
			}
			for _, i := range at {
				cur := &out[i]
				if cur.word < 0 || m.boost > cur.boost || m.boost == cur.boost && m.word < cur.word {
					*cur = m
				}
			}
		}
	}
	return out
}

// proximityBonus adds, for each pair of question words next to each other
// in the question that stand with at most proximityGap words between them
// in the paragraph (stop words count), a share of the lighter word's
// weight.
func proximityBonus(words []queryWord, toks []indexedToken, matches []wordMatch) float64 {
	var bonus float64
	for wi := 0; wi+1 < len(words); wi++ {
		last := map[int]int{wi: -100, wi + 1: -100}
		for ti, m := range matches {
			i := toks[ti].pos
			if m.word != wi && m.word != wi+1 {
				continue
			}
			other := wi + 1
			if m.word == wi+1 {
				other = wi
			}
			if i-last[other] <= proximityGap+1 {
				bonus += proximityShare * min(words[wi].weight, words[wi+1].weight)
				break
			}
			last[m.word] = i
		}
	}
	return bonus
}

// passage builds the answer from paragraph n: the best sentence or
// sentences, the matched words, and the English of both where the
// translation is indexed.
//
// It also returns the indexes of the first and last quoted sentences.
func (e *Engine) passage(n int, score float64, words []queryWord, tw map[string][]wordMatch) (Passage, int, int) {
	p := &e.paras[n]
	para := e.article.Paragraphs[n]
	out := Passage{Paragraph: n, Score: score, Text: para.Text, Translation: para.Translation}

	sentScore := make([]float64, len(p.sentences))
	sentWords := make([]map[int]bool, len(p.sentences))
	for si := range p.sentences {
		sentWords[si] = map[int]bool{}
	}
	// matchIn credits each matched word to the sentence that holds it,
	// once per sentence, and returns the spans of the matched tokens.
	// English tokens choose the sentence only where the sentences line up
	// (sentences is nil otherwise).
	matchIn := func(toks []indexedToken, postings map[string][]int32, sentences []Span) []Span {
		var marks []Span
		for i, m := range tokenMatches(p, toks, postings, tw) {
			if m.word < 0 {
				continue
			}
			tok := toks[i]
			if m.boost > boostRoot {
				// A shared root alone is too loose to show as a match.
				marks = append(marks, Span{tok.Start, tok.End})
			}
			for si, sp := range sentences {
				if tok.Start >= sp.Start && tok.End <= sp.End && !sentWords[si][m.word] {
					sentWords[si][m.word] = true
					sentScore[si] += words[m.word].weight * m.boost
				}
			}
		}
		return marks
	}
	out.Marks = matchIn(p.tokens, p.arPostings, p.sentences)
	out.TranslationMarks = matchIn(p.enTokens, p.enPostings, p.enSentences)
	if len(p.sentences) == 0 {
		out.QuoteSpan = Span{0, len(para.Text)}
		out.Quote = para.Text
		out.QuoteTranslationSpan = Span{0, len(para.Translation)}
		out.QuoteTranslation = para.Translation
		return out, 0, 0
	}
	best := 0
	for si := range p.sentences {
		if sentScore[si] > sentScore[best] {
			best = si
		}
	}
	first, last := best, best
	for first > 0 && sentScore[first-1] > 0 && sentScore[first-1] >= sentScore[best]/2 {
		first--
	}
	for last+1 < len(p.sentences) && sentScore[last+1] > 0 && sentScore[last+1] >= sentScore[best]/2 {
		last++
	}
	out.QuoteSpan = Span{p.sentences[first].Start, p.sentences[last].End}
	out.Quote = para.Text[out.QuoteSpan.Start:out.QuoteSpan.End]
	out.QuoteTranslationSpan = Span{0, len(para.Translation)}
	if p.enSentences != nil {
		out.QuoteTranslationSpan = Span{p.enSentences[first].Start, p.enSentences[last].End}
	}
	out.QuoteTranslation = para.Translation[out.QuoteTranslationSpan.Start:out.QuoteTranslationSpan.End]
	return out, first, last
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
