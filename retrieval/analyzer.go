package retrieval

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// Terms the index holds besides word readings. They cannot collide with
// words: § is not a letter, so Tokenize never produces it.
const (
	bylineTerm  = "§byline"
	ledeTerm    = "§lede"
	endTerm     = "§conclusion"
	groupPrefix = "§g"
	rootPrefix  = "√"
)

// rootTerm is the index term of a word's root, or "" when it has none.
func rootTerm(norm string) string {
	if r := root(norm); r != "" {
		return rootPrefix + r
	}
	return ""
}

func groupTerm(id int) string { return groupPrefix + strconv.Itoa(id) }

// analyzer turns the article's words and a question's words into index
// terms. It knows the article's vocabulary, which it uses to split words
// that the text runs together (ضخالإمدادات, المثالتصريحاتتوكاييف).
type analyzer struct {
	lx *Lexicon
	// known holds every reading of every word of the article (and of its
	// translation), and the words as written.
	known map[string]bool
	// memo holds the readings of the article's words while the article
	// is indexed (a word recurs); New hands it on to the engine's cache.
	memo map[string][]string
	// byLen holds the known words by their length in letters, for
	// finding close spellings.
	byLen map[int][][]rune
}

// readings returns readings(w), remembered while the article is
// indexed.
func (a *analyzer) readings(w string) []string {
	if a.memo == nil {
		return readings(w)
	}
	rs, ok := a.memo[w]
	if !ok {
		rs = readings(w)
		a.memo[w] = rs
	}
	return rs
}

func newAnalyzer(lx *Lexicon, texts []string) *analyzer {
	a := &analyzer{lx: lx, known: map[string]bool{}, memo: map[string][]string{}}
	for _, text := range texts {
		for _, t := range Tokenize(text) {
			for _, r := range a.readings(t.Norm) {
				a.known[r] = true
			}
			// English words are also known as written, for spelling
			// mistakes: "usefull" is one letter from "useful", not from
			// its stem "use".
			a.known[t.Norm] = true
		}
	}
	a.byLen = map[int][][]rune{}
	for w := range a.known {
		r := []rune(w)
		a.byLen[len(r)] = append(a.byLen[len(r)], r)
	}
	for _, ws := range a.byLen {
		slices.SortFunc(ws, func(x, y []rune) int { return slices.Compare(x, y) })
	}
	return a
}

// wordTerms returns the index terms of one word of the article: its
// readings, the lexicon groups they belong to, and the same for the parts
// of a word that looks like several words run together.
func (a *analyzer) wordTerms(norm string, glued bool) []string {
	terms := a.readingTerms(norm)
	if glued {
		for _, piece := range a.split(norm) {
			terms = append(terms, a.readingTerms(piece)...)
		}
	}
	return terms
}

func (a *analyzer) readingTerms(norm string) []string {
	rs := a.readings(norm)
	for _, id := range a.lx.groupsOf(rs) {
		rs = append(rs, groupTerm(id))
	}
	if r := rootTerm(norm); r != "" {
		rs = append(rs, r)
	}
	return rs
}

// Word splitting. A word that occurs once and is long may be two or three
// words typed without a space. Two signs are used:
//   - an article ال inside the word with a word after it (ضخ|الإمدادات);
//   - a cover of the word by words the article uses elsewhere, allowing one
//     unknown noun with the article (المثال|تصريحات|توكاييف, الأوراسي|يجب).
const (
	minGluedLen = 6  // letters in a word worth trying to split
	maxGluedLen = 40 // letters beyond which a "word" is no run of words (the search is quadratic)
	minPieceLen = 3  // letters in a part found through the vocabulary
	maxPieces   = 4
)

// split returns the parts of a word that looks glued, or nil.
func (a *analyzer) split(norm string) []string {
	w := []rune(norm)
	if len(w) < minGluedLen || len(w) > maxGluedLen || !isArabicWord(w) {
		return nil
	}
	var parts []string
	// An article inside the word: ...X|الY...
	for i := 2; i+5 <= len(w); i++ {
		if w[i] == 'ا' && w[i+1] == 'ل' {
			parts = append(parts, string(w[:i]), string(w[i:]))
		}
	}
	return append(parts, a.cover(w)...)
}

// cover splits w into the fewest parts the vocabulary knows, allowing one
// part it does not; it returns nil when no such split exists.
func (a *analyzer) cover(w []rune) []string {
	n := len(w)
	type state struct {
		cost, unknown, known, from int
		ok                         bool
	}
	best := make([]state, n+1)
	best[0] = state{ok: true}
	for end := minPieceLen; end <= n; end++ {
		for start := 0; start+minPieceLen-1 < end; start++ {
			prev := best[start]
			if !prev.ok || (start == 0 && end == n) {
				continue
			}
			piece := w[start:end]
			known, content := a.knownPiece(string(piece))
			cost, unknown, kn := prev.cost+1, prev.unknown, prev.known
			switch {
			case known && content:
				kn++
			case !known && hasPrefix(piece, "ال") && len(piece) >= 5:
				// An unknown word with the article: a noun the rest of
				// the text does not use. Shorter is likelier.
				cost += len(piece)
				unknown++
			case !known:
				continue
			}
			if unknown > 1 {
				continue
			}
			if cur := best[end]; !cur.ok || cost < cur.cost {
				best[end] = state{cost: cost, unknown: unknown, known: kn, from: start, ok: true}
			}
		}
	}
	last := best[n]
	if !last.ok || last.known == 0 {
		return nil
	}
	var parts []string
	for end := n; end > 0; end = best[end].from {
		parts = append([]string{string(w[best[end].from:end])}, parts...)
	}
	if len(parts) < 2 || len(parts) > maxPieces {
		return nil
	}
	return parts
}

// knownPiece reports whether a part of a glued word is a word: one the
// article uses (possibly with the article), or a stop word. Words the
// article does not use are not trusted, even when the lexicon knows them:
// a text runs together its own words. content is false for stop words.
func (a *analyzer) knownPiece(p string) (known, content bool) {
	switch p {
	case "وال", "بال", "كال", "فال", "لل", "ال":
		return false, false // proclitics, not words
	}
	if a.lx.isStop(p) {
		return true, false
	}
	if a.known[p] {
		return true, true
	}
	r := []rune(p)
	if len(r) > 4 && hasPrefix(r, "ال") && a.known[string(r[2:])] {
		return true, true
	}
	return false, false
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
