package retrieval

import "unicode/utf8"

// Light stemming that keeps every reading of a word.
//
// Arabic glues conjunctions, prepositions and the article to the front of a
// word and pronouns and plural endings to its back. A light stemmer has to
// guess which letters are affixes: bleve's guesses that the و of وحدة is
// "and", never strips a lone ب or ل, and turns كازاخستان and الكازاخستانية
// into different stems. Instead of guessing, stems lists every reading
// (بوتين gives بوتين and بوت, وحدة gives وحده, حده, وحد, حد). The index
// holds all readings of the article's words, and a question's word is
// searched under all of its readings (see Engine.addWordTerms), so both
// sides always meet on the same strings.

// Affixes, in normal form (see Normalize: ة is ه, ى is ي).
var (
	conjunctions = []string{"و", "ف"}
	prepositions = []string{"ب", "ك", "ل"}
	suffixes     = []string{
		// pronouns first, so that كتبهم strips هم before ه
		"هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا",
		// plural, dual, feminine and nisba endings
		"ات", "ون", "ين", "ان", "يه", "يا", "ه", "ي",
		// the alef that carries tanween (شكوكًا, حكماً, لاحقًا)
		"ا",
	}
	// suffixLens[i] is the length in letters of suffixes[i].
	suffixLens = lengths(suffixes)
	// verbPrefixes mark the imperfect verb (يفهم, تفهم, نفهم); stripping
	// them meets the verbal noun's letters (فهم).
	verbPrefixes    = []string{"ي", "ت", "ن"}
	pronounSuffixes = map[string]bool{"هما": true, "كما": true, "هم": true, "هن": true, "كم": true, "كن": true, "ها": true, "نا": true, "ه": true, "ي": true}
)

const (
	minPrefixStem = 3 // letters left after stripping a prefix
	minSuffixStem = 3 // letters left after stripping a suffix
	maxSuffixes   = 2 // suffixes stripped in a row (كازاخستانية → كازاخستان → كازاخست)
)

// readings returns the forms under which a normalized word is indexed:
// for an Arabic word its light stems (see stems), for a Latin one its
// English stem, for anything else (digits) the word itself.
func readings(word string) []string {
	w := []rune(word)
	switch {
	case isArabicWord(w):
		return stems(word)
	case isLatinWord(w):
		return []string{englishStem(word)}
	}
	return []string{word}
}

// stems returns the readings of a normalized word, the word itself first
// and more stripped readings later. The result holds no duplicates.
func stems(word string) []string {
	w := []rune(word)
	out := make([]string, 0, 16)
	add := func(r []rune) bool {
		// A word has a few dozen readings at most: a linear search
		// costs less than a map.
		for _, o := range out {
			if runesEqual(r, o) {
				return false
			}
		}
		out = append(out, string(r))
		return true
	}
	add(w)
	if !isArabicWord(w) {
		return out
	}
	for _, p := range prefixReadings(w) {
		add(p)
		// The dialect future: هيفضل, حتعمل (Egyptian, Levantine).
		if (hasPrefix(p, "ه") || hasPrefix(p, "ح")) && len(p) >= 5 && in(p[1], "يتنا") {
			add(p[1:])
			stripSuffixes(p[1:], p[1], 0, add)
		}
		for _, v := range verbPrefixes {
			if hasPrefix(p, v) && len(p)-1 >= minPrefixStem {
				add(p[1:])
				stripSuffixes(p[1:], p[0], 0, add)
			}
		}
		// A word that still has its article is a noun whose suffixes
		// belong to the reading without it.
		if !hasPrefix(p, "ال") || len(p) < 4 {
			stripSuffixes(p, 0, 0, add)
		}
	}
	return out
}

// proclitic2 returns the two letters of a three-letter word after its
// one-letter proclitic (و ف ب ك ل): لخط is ل + خط. stems leaves such words
// whole, for most three-letter words that begin so are words (بحر, كان,
// فقط); a question reads them so only when the word is unknown whole.
func proclitic2(word string) (string, bool) {
	w := []rune(word)
	if len(w) != 3 || !isArabicWord(w) {
		return "", false
	}
	for _, p := range append(conjunctions, prepositions...) {
		if hasPrefix(w, p) {
			return string(w[1:]), true
		}
	}
	return "", false
}

// prefixReadings lists w with each plausible run of proclitics removed:
// (و|ف)? (ب|ك|ل)? (ال)?, with لل read as ل + ال.
func prefixReadings(w []rune) [][]rune {
	readings := [][]rune{w}
	var fromConj [][]rune
	fromConj = append(fromConj, w)
	for _, c := range conjunctions {
		if hasPrefix(w, c) && len(w)-1 >= minPrefixStem {
			fromConj = append(fromConj, w[1:])
		}
	}
	for _, base := range fromConj {
		afterPrep := [][]rune{base}
		for _, p := range prepositions {
			if hasPrefix(base, p) && len(base)-1 >= minPrefixStem {
				afterPrep = append(afterPrep, base[1:])
				if p == "ل" && hasPrefix(base, "لل") && len(base)-2 >= minPrefixStem-1 {
					// للحكومه: ل + (ا)لحكومه
					afterPrep = append(afterPrep, base[2:])
				}
			}
		}
		for _, x := range afterPrep {
			readings = append(readings, x)
			if hasPrefix(x, "ال") && len(x)-2 >= minPrefixStem-1 {
				readings = append(readings, x[2:])
			}
		}
	}
	return readings
}

// stripSuffixes calls add for each reading of w with one to maxSuffixes
// suffixes removed. A ت left by a removed pronoun is read as the ة it
// stands for (سيادتها → سيادت → سياده). When w is the rest of an
// imperfect verb, verb is the prefix stripped from it, and only the
// endings a verb takes are: its pronouns, the plural and dual ون and ان,
// and ين after ت alone (تكتبين). A noun's endings (ات, ية, the plural ين)
// never follow a verb's prefix: read so, فيتامين would be ف + ي + تام +
// ين. For a noun verb is 0.
func stripSuffixes(w []rune, verb rune, depth int, add func([]rune) bool) {
	if depth >= maxSuffixes {
		return
	}
	for i, s := range suffixes {
		n := suffixLens[i]
		if n > len(w) || len(w)-n < minSuffixStem || !runesEqual(w[len(w)-n:], s) {
			continue
		}
		if verb != 0 && !pronounSuffixes[s] && s != "ون" && s != "ان" && (s != "ين" || verb != 'ت') {
			continue
		}
		if verb != 0 && s == "ي" && depth > 0 {
			// ي before a verb's pronoun is its last letter (يعطيه), and
			// ي + ه a noun's feminine nisba (تجارية), never two endings.
			continue
		}
		rest := w[:len(w)-n]
		add(rest)
		stripSuffixes(rest, verb, depth+1, add)
		if pronounSuffixes[s] && len(rest) > minSuffixStem && rest[len(rest)-1] == 'ت' {
			marbuta := append(append([]rune{}, rest[:len(rest)-1]...), 'ه')
			add(marbuta)
			add(marbuta[:len(marbuta)-1])
		}
		if pronounSuffixes[s] && len(rest) > minSuffixStem && rest[len(rest)-1] == 'ا' {
			// Before a pronoun, a final ى is written ا: شكواه is
			// شكوى + ه, مستواها مستوى + ها (ى is normalized to ي).
			add(append(append([]rune{}, rest[:len(rest)-1]...), 'ي'))
		}
	}
}

func hasPrefix(w []rune, p string) bool {
	i := 0
	for _, r := range p {
		if i >= len(w) || w[i] != r {
			return false
		}
		i++
	}
	return true
}

func lengths(ss []string) []int {
	out := make([]int, len(ss))
	for i, s := range ss {
		out[i] = utf8.RuneCountInString(s)
	}
	return out
}

// runesEqual reports whether r spells s, without converting either.
func runesEqual(r []rune, s string) bool {
	i := 0
	for _, c := range s {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return i == len(r)
}

func hasSuffix(w []rune, s string) bool {
	n := utf8.RuneCountInString(s)
	if n > len(w) {
		return false
	}
	return runesEqual(w[len(w)-n:], s)
}

// isArabicWord reports whether w is written in Arabic letters, the only
// script stems strips affixes from.
func isArabicWord(w []rune) bool {
	for _, r := range w {
		if r < 0x0621 || r > 0x064A {
			return false
		}
	}
	return len(w) > 0
}
