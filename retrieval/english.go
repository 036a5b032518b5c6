package retrieval

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// English words are analysed the way bleve's "en" analyzer does it: the
// Snowball stop list and the Snowball English stemmer, after the same
// lower-casing and folding as Arabic (Normalize). Doing it here, rather
// than inside bleve, lets the engine weigh and mark English words exactly
// as it does Arabic ones.

// englishStopWords parses bleve's copy of the Snowball stop list, whose
// comments start with a vertical bar. "us" is left out: lower-cased, it is
// also the US, which the translation names.
func englishStopWords() []string {
	var out []string
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			if w != "us" {
				out = append(out, w)
			}
		}
	}
	return out
}

// overstemmed lists the words whose Snowball stem is another word's, by
// a prefix they share and the stem they keep instead: Snowball makes an
// author of the authorities and a politician of the polite, so that "the
// Russian authorities" asked for the byline and "was Tokayev polite"
// matched every political paragraph.
var overstemmed = []struct{ prefix, stem string }{
	{"authorit", "authorit"}, // authority, authorities, authoritative
	{"authoriz", "authoriz"}, // authorize, authorized, authorization
	{"authoris", "authoriz"}, // authorise, authorisation
	{"polite", "polite"},     // polite, politely, politeness
}

// englishStem is the index term of a normalized Latin word.
func englishStem(w string) string {
	for _, o := range overstemmed {
		if strings.HasPrefix(w, o.prefix) {
			return o.stem
		}
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// isLatinWord reports whether w is written in Latin letters (and digits),
// the words englishStem applies to.
func isLatinWord(w []rune) bool {
	latin := false
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z', r >= 'à' && r <= 'ÿ':
			latin = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return latin
}
