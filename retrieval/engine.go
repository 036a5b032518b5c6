package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/maqal/maqal/corpus"
)

// MaxQuestionRunes is the longest question the engine accepts, in
// characters.
const MaxQuestionRunes = 1000

// DefaultK is the number of passages an answer holds unless asked.
const DefaultK = 3

// Problems with a question that make it unanswerable before any search.
// Their messages are short enough to show a user.
var (
	ErrEmptyQuestion = errors.New("the question is empty")
	ErrInvalidUTF8   = errors.New("the question is not valid UTF-8 text")
	ErrTooLong       = fmt.Errorf("the question is longer than %d characters", MaxQuestionRunes)
	ErrNoWords       = errors.New("the question has no words, only punctuation or symbols")
)

// The fields that hold a paragraph's analysed Arabic terms and the terms
// of its English translation, and the analyzer that splits them: the
// terms are made by this package (see english.go for the English ones),
// so bleve only has to split them at spaces.
const (
	fieldArabic  = "ar"
	fieldEnglish = "en"
	termAnalyzer = "maqal_terms"
)

// Boosts of the terms a question word brings beside its own reading.
const (
	boostWord  = 1.0
	boostGroup = 0.7 // a word of the same lexicon group (synonym, plural)
	boostFuzzy = 0.8 // a word of the article one or two letters away
	boostMeans = 0.6 // what a reader means by the word (a capital for its country)
	boostRoot  = 0.5 // a word of the same root (يدير, إدارة)
	boostDict  = 1.0 // an Arabic translation of an English word, from the dictionary: its meaning
)

// MinCoverage is the share of the question's weight that the best
// paragraph must cover for the engine to answer rather than decline, for
// a question of n content words.
//
// A question's words are weighted by their inverse document frequency
// (BM25's idf over the paragraphs); words the article never uses weigh the
// most, because they are what the question is about and the article does
// not say. "ما عدد سكان كازاخستان" covers كازاخستان, which is in most
// paragraphs and weighs little, and misses سكان.
//
// The share falls with the question's length: a short question is all
// topic, while a long one wraps its topic in words of its own that no
// article has ("I read that…", "does the writer think…"). The three
// constants were chosen on the dev sets (testdata/questions.*.tsv and
// dev2.ar.tsv, both languages) as those that reject the most unanswerable
// questions while declining at most 5% of the answerable ones; the
// held-out sets only measure them (see README).
func MinCoverage(n int) float64 {
	return max(coverageFloor, coverageBase-coverageStep*float64(n))
}

const (
	coverageBase  = 0.65
	coverageStep  = 0.06
	coverageFloor = 0.25
)

// Engine answers questions about one article. It is safe for concurrent
// use.
type Engine struct {
	article *corpus.Article
	an      *analyzer
	index   bleve.Index
	paras   []paraIndex
	df      map[string]int
	// translated says whether the English translation is indexed.
	translated bool
	dict       *Dictionary
}

type paraIndex struct {
	tokens    []indexedToken
	terms     map[string]bool
	sentences []Span
	// enTokens are the words of the translation, when it is indexed, and
	// enSentences its sentences when they line up with the Arabic ones.
	enTokens    []indexedToken
	enSentences []Span
	// sentNumber and sentDuration say whether each sentence has a number
	// (digits or a number word) and a unit of time, for questions that
	// ask for one.
	sentNumber, sentDuration []bool
}

// isNumber reports whether a normalized word is written in digits.
func isNumber(norm string) bool {
	for _, r := range norm {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

type indexedToken struct {
	Token
	terms []string
}

// Options configure an Engine.
type Options struct {
	// Lexicon replaces the built-in lexicon when set.
	Lexicon *Lexicon
	// NoTranslation leaves the article's English translation out of the
	// index, so that English questions go through the dictionary alone,
	// as they do for an article without a translation.
	NoTranslation bool
	// Dictionary translates English question words into Arabic when the
	// translation is not indexed. Nil: English questions then match only
	// the names the lexicon spells in both scripts.
	Dictionary *Dictionary
}

// New indexes the article. The index lives in memory (bleve's scorch).
func New(a *corpus.Article, opts Options) (*Engine, error) {
	lx := opts.Lexicon
	if lx == nil {
		var err error
		if lx, err = DefaultLexicon(); err != nil {
			return nil, fmt.Errorf("built-in lexicon: %w", err)
		}
	}
	translated := a.HasTranslation() && !opts.NoTranslation
	texts := make([]string, len(a.Paragraphs))
	var all []string
	for i, p := range a.Paragraphs {
		texts[i] = p.Text
		all = append(all, p.Text)
		if translated {
			all = append(all, p.Translation)
		}
	}
	e := &Engine{article: a, an: newAnalyzer(lx, all), df: map[string]int{}, translated: translated, dict: opts.Dictionary}

	// How often each word occurs, to find the words that may be glued.
	freq := map[string]int{}
	toks := make([][]Token, len(texts))
	for i, text := range texts {
		toks[i] = Tokenize(text)
		for _, t := range toks[i] {
			freq[t.Norm]++
		}
	}

	idx, err := bleve.NewUsing("", indexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	batch := idx.NewBatch()
	for i, text := range texts {
		pi := paraIndex{terms: map[string]bool{}, sentences: Sentences(text)}
		var arTerms, enTerms []string
		for _, t := range toks[i] {
			if lx.isStop(t.Norm) {
				continue
			}
			terms := e.an.wordTerms(t.Norm, freq[t.Norm] == 1)
			pi.tokens = append(pi.tokens, indexedToken{Token: t, terms: terms})
			arTerms = append(arTerms, terms...)
		}
		switch i {
		case 0:
			// The byline answers "who wrote this?".
			arTerms = append(arTerms, bylineTerm)
		case 1:
			// The lede answers "what is it about?".
			arTerms = append(arTerms, ledeTerm)
		}
		if i == len(texts)-1 {
			arTerms = append(arTerms, endTerm)
		}
		if translated {
			tr := a.Paragraphs[i].Translation
			for _, t := range Tokenize(tr) {
				if runeLen(t.Norm) < 2 || lx.isStop(t.Norm) {
					continue
				}
				terms := e.an.wordTerms(t.Norm, false)
				pi.enTokens = append(pi.enTokens, indexedToken{Token: t, terms: terms})
				enTerms = append(enTerms, terms...)
			}
			// Sentences line up when the translation has as many as the
			// Arabic; otherwise the paragraph's translation is shown whole.
			if en := Sentences(tr); len(en) == len(pi.sentences) {
				pi.enSentences = en
			}
		}
		pi.sentNumber = make([]bool, len(pi.sentences))
		pi.sentDuration = make([]bool, len(pi.sentences))
		for _, t := range toks[i] {
			number := isNumber(t.Norm) || lx.is(classNumber, []string{t.Norm})
			duration := lx.is(classDuration, readings(t.Norm))
			for si, sp := range pi.sentences {
				if t.Start >= sp.Start && t.End <= sp.End {
					pi.sentNumber[si] = pi.sentNumber[si] || number
					pi.sentDuration[si] = pi.sentDuration[si] || duration
				}
			}
		}
		for _, t := range append(arTerms, enTerms...) {
			if !pi.terms[t] {
				pi.terms[t] = true
				e.df[t]++
			}
		}
		e.paras = append(e.paras, pi)
		doc := map[string]any{fieldArabic: strings.Join(arTerms, " ")}
		if translated {
			doc[fieldEnglish] = strings.Join(enTerms, " ")
		}
		if err := batch.Index(strconv.Itoa(i), doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index paragraph %d: %w", i, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, fmt.Errorf("build index: %w", err)
	}
	e.index = idx
	return e, nil
}

func indexMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	// The names are bleve's registered ones; AddCustomAnalyzer only fails
	// on unknown names, which a test would catch.
	_ = im.AddCustomAnalyzer(termAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	})
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = termAnalyzer
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldArabic, fm)
	dm.AddFieldMappingsAt(fieldEnglish, fm)
	im.DefaultMapping = dm
	return im
}

// Close releases the index.
func (e *Engine) Close() error { return e.index.Close() }

// Article returns the article the engine answers about.
func (e *Engine) Article() *corpus.Article { return e.article }

// Question is what a reader asks.
type Question struct {
	Text string
	// K is the most passages to return; 0 means DefaultK.
	K int
}

// Answer is the engine's reply to a question.
type Answer struct {
	// Lang is the language of the question: "ar" or "en".
	Lang string
	// Found is false when the article does not answer the question; then
	// Passages is empty.
	Found bool
	// Passages are the paragraphs that answer, best first.
	Passages []Passage
	// Coverage is the share of the question's weight that the best
	// paragraph matched, and Needed the share it had to match to be
	// answered (see MinCoverage).
	Coverage, Needed float64
}

// Passage is one paragraph of an answer and the part of it that answers.
type Passage struct {
	Paragraph int
	Score     float64
	// Text is the whole paragraph, verbatim.
	Text string
	// Quote is the best sentence or sentences, verbatim: Text[QuoteSpan].
	Quote     string
	QuoteSpan Span
	// Marks are the words of Text that matched the question, in order.
	Marks []Span
	// Translation is the English of the whole paragraph, and
	// QuoteTranslation the English of the quoted sentences (of the whole
	// paragraph when its sentences do not line up with the Arabic); both
	// are empty when the corpus has no translation.
	Translation, QuoteTranslation string
	// TranslationMarks are the words of Translation that matched, when
	// the translation is indexed.
	TranslationMarks []Span
}

// Answer answers q. It returns one of the Err… values above when the
// question cannot be searched at all.
func (e *Engine) Answer(ctx context.Context, q Question) (Answer, error) {
	return e.answer(ctx, q, true)
}

// answer is Answer, declining or not: evaluation sees the ranking of
// every question, then declines as Answer would.
func (e *Engine) answer(ctx context.Context, q Question, decline bool) (Answer, error) {
	if err := Check(q.Text); err != nil {
		return Answer{}, err
	}
	k := q.K
	if k <= 0 {
		k = DefaultK
	}
	ans := Answer{Lang: DetectLang(q.Text)}
	words, need := e.analyzeQuestion(q.Text)
	ans.Needed = MinCoverage(len(words))
	terms := map[string]float64{}
	for _, w := range words {
		for t, b := range w.terms {
			terms[t] = max(terms[t], b)
		}
	}
	if len(terms) == 0 {
		return ans, nil
	}

	disj := make([]query.Query, 0, len(terms))
	for _, t := range slices.Sorted(maps.Keys(terms)) {
		for _, f := range e.fieldsOf(t) {
			tq := bleve.NewTermQuery(t)
			tq.SetField(f)
			tq.SetBoost(terms[t])
			disj = append(disj, tq)
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(disj...), len(e.paras), 0, false)
	res, err := e.index.SearchInContext(ctx, req)
	if err != nil {
		return ans, fmt.Errorf("search: %w", err)
	}
	// Rank by the weight of the question's words each paragraph matches,
	// each word counted once at its best boost; bleve's BM25 score breaks
	// ties between paragraphs that match the same words.
	type ranked struct {
		n             int
		matched, bm25 float64
	}
	hits := make([]ranked, 0, len(res.Hits))
	for _, hit := range res.Hits {
		n, err := strconv.Atoi(hit.ID)
		if err != nil || n < 0 || n >= len(e.paras) {
			return ans, fmt.Errorf("search: unexpected document id %q", hit.ID)
		}
		hits = append(hits, ranked{n: n, matched: e.matchedWeight(words, n), bm25: hit.Score})
	}
	byMatch := func(a, b ranked) int {
		if c := cmp.Compare(b.matched, a.matched); c != 0 {
			return c
		}
		return cmp.Compare(b.bm25, a.bm25)
	}
	slices.SortStableFunc(hits, byMatch)
	// Question words that stand next to each other and stand close in a
	// paragraph ("رئيس كازاخستان") say more than the same words apart.
	tw := termWords(words)
	for i := range hits[:min(len(hits), proximityCandidates)] {
		p := &e.paras[hits[i].n]
		hits[i].matched += max(proximityBonus(words, tokenMatches(p.tokens, tw)),
			proximityBonus(words, tokenMatches(p.enTokens, tw)))
	}
	slices.SortStableFunc(hits, byMatch)
	for _, h := range hits {
		p, first, last := e.passage(h.n, h.matched, words, tw)
		if !e.paras[h.n].answersType(need, first, last) {
			// The question asks for a number this passage does not give.
			continue
		}
		if len(ans.Passages) == 0 {
			ans.Coverage = e.coverage(words, h.n)
			if decline && ans.Coverage < ans.Needed {
				return ans, nil
			}
			ans.Found = true
		}
		ans.Passages = append(ans.Passages, p)
		if len(ans.Passages) == k {
			break
		}
	}
	return ans, nil
}

// fieldsOf says which fields can hold an index term: English stems only
// the translation's, Arabic readings, roots and the article-level terms
// only the Arabic, lexicon groups and numbers both.
func (e *Engine) fieldsOf(term string) []string {
	both := []string{fieldArabic, fieldEnglish}
	switch r := []rune(term); {
	case !e.translated:
		return both[:1]
	case strings.HasPrefix(term, groupPrefix), isNumber(term) && !isLatinWord(r):
		return both
	case isLatinWord(r):
		return both[1:]
	}
	return both[:1]
}

// Check reports why text cannot be asked, or nil.
func Check(text string) error {
	if !utf8.ValidString(text) {
		return ErrInvalidUTF8
	}
	if strings.TrimSpace(text) == "" {
		return ErrEmptyQuestion
	}
	if utf8.RuneCountInString(text) > MaxQuestionRunes {
		return ErrTooLong
	}
	if len(Tokenize(text)) == 0 {
		return ErrNoWords
	}
	return nil
}

// DetectLang says which language a question is in: "ar" when it has more
// Arabic letters than Latin ones, "en" when it has Latin letters only or
// mostly.
func DetectLang(text string) string {
	var arabic, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	if latin > arabic {
		return "en"
	}
	return "ar"
}

// queryWord is one content word of a question and the terms that stand
// for it, each with its boost.
type queryWord struct {
	norm   string
	terms  map[string]float64
	weight float64
}

func (e *Engine) idf(df int) float64 {
	n := float64(len(e.paras))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// htmlTag matches markup that people paste or type around words (<b>,
// </i>, <a href="…">); it is not part of the question.
var htmlTag = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)

// answerType is what kind of answer a question asks for, when it says.
type answerType int

const (
	anyAnswer answerType = iota
	numberAnswer
	durationAnswer
)

// answersType reports whether sentences first to last of the paragraph
// can answer a question asking for need: "كم" wants a number; "كم مدة"
// also takes a unit of time.
func (p *paraIndex) answersType(need answerType, first, last int) bool {
	if need == anyAnswer {
		return true
	}
	for si := first; si <= last && si < len(p.sentences); si++ {
		if p.sentNumber[si] || (need == durationAnswer && p.sentDuration[si]) {
			return true
		}
	}
	return false
}

func (e *Engine) analyzeQuestion(text string) ([]queryWord, answerType) {
	var out []queryWord
	need := anyAnswer
	seen := map[string]bool{}
	prevUnknownNoun := -1   // index in out of an unknown noun just before
	var classStops []string // stop words that ask about the article as a whole
	for i, t := range Tokenize(htmlTag.ReplaceAllString(text, " ")) {
		if utf8.RuneCountInString(t.Norm) < 2 {
			continue // a lone letter says nothing
		}
		// "كم" asks for a number when it opens the question; later it is
		// part of a clause ("لو استمرت العزلة كم سنة، ماذا …").
		if i < askingWords {
			readings := []string{lexiconKey(t.Norm)}
			switch {
			case e.an.lx.is(classAsksDuration, readings):
				need = durationAnswer
			case e.an.lx.is(classAsksNumber, readings) && need == anyAnswer:
				need = numberAnswer
			}
		}
		if seen[t.Norm] || e.an.lx.isQuestionStop(t.Norm) {
			prevUnknownNoun = -1
			if !seen[t.Norm] && e.asksAboutArticle(t.Norm) {
				// "what is this article about": "about" is a stop word,
				// unless nothing else is asked.
				classStops = append(classStops, t.Norm)
			}
			seen[t.Norm] = true
			continue
		}
		seen[t.Norm] = true
		w := queryWord{norm: t.Norm, terms: map[string]float64{}}
		e.addWordTerms(&w, t.Norm, 1)
		if len(w.terms) == 0 {
			// Perhaps words typed together.
			for _, piece := range e.an.split(t.Norm) {
				e.addWordTerms(&w, piece, 1)
			}
		}
		// The word weighs as much as its most common reading or group in
		// the article (كازاخستان is everywhere and weighs little); a word
		// the article lacks weighs the most.
		maxDF := 0
		for term, boost := range w.terms {
			if boost > boostRoot {
				maxDF = max(maxDF, e.df[term])
			}
		}
		w.weight = e.idf(maxDF)
		if maxDF == 0 {
			w.weight = e.unknownWeight(t.Norm)
		}
		if prevUnknownNoun >= 0 && maxDF > 0 {
			// An unknown noun followed by a word the article has is the
			// head of a construct (عملة كازاخستان, عمر توكاييف): the thing
			// asked about, of something the article names.
			out[prevUnknownNoun].weight *= constructHead
		}
		prevUnknownNoun = -1
		if maxDF == 0 && !looksLikeVerb([]rune(t.Norm)) {
			prevUnknownNoun = len(out)
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		for _, norm := range classStops {
			w := queryWord{norm: norm, terms: map[string]float64{}}
			e.addWordTerms(&w, norm, 1)
			w.weight = e.idf(1)
			out = append(out, w)
		}
	}
	return out, need
}

// asksAboutArticle reports whether a word asks about the article as a
// whole: its author, its subject, its conclusion.
func (e *Engine) asksAboutArticle(norm string) bool {
	rs := readings(norm)
	for _, c := range articleClasses {
		if e.an.lx.is(c.class, rs) {
			return true
		}
	}
	return false
}

// askingWords is how many words open a question: where a word asking for
// a number (كم) sets what the question asks for.
const askingWords = 3

// constructHead multiplies the weight of an unknown noun that heads a
// construct with a word of the article.
const constructHead = 1.5

// unknownWeight is the weight of a question word the article does not
// have. Such a word is usually what the question is about (سكان, عاصمة,
// عملة), and it weighs as much as a word of one paragraph. A word shaped
// like a verb in the present tense (يحمي, تدير, بتقدر, بيضخ) weighs half
// as much: questions wrap their topic in verbs of their own.
func (e *Engine) unknownWeight(norm string) float64 {
	w := e.idf(1)
	r := []rune(norm)
	if looksLikeVerb(r) {
		w /= 2
	}
	return w
}

// looksLikeVerb reports whether a word has the shape of a verb: a present
// tense prefix (يحمي, تدير, نفهم), the dialect present (بيضخ, بتقدر), the
// future (سيكون), or a short past tense with a feminine ت (رجعت, وصلت);
// in English, an -ing or -ed form.
func looksLikeVerb(r []rune) bool {
	if isLatinWord(r) {
		// English participles and past tenses: going, sticks to, closed.
		w := string(r)
		return len(r) >= 5 && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed"))
	}
	if len(r) < 4 || !isArabicWord(r) || hasPrefix(r, "ال") {
		return false
	}
	switch {
	case hasPrefix(r, "بي"), hasPrefix(r, "بت"), hasPrefix(r, "بن"), hasPrefix(r, "سي"), hasPrefix(r, "ست"):
		return true
	case len(r) <= 6 && in(r[0], "يتن"):
		return true
	case len(r) <= 5 && r[len(r)-1] == 'ت':
		return true
	}
	return false
}

// articleClasses are the lexicon classes of words that ask about the
// article as a whole, and the terms of the paragraphs that answer them.
var articleClasses = []struct{ class, term string }{
	{classByline, bylineTerm},
	{classLede, ledeTerm},
	{classConclusion, endTerm},
}

// addWordTerms adds the index terms a question word stands for: its
// readings the article knows, its lexicon groups and meanings, its Arabic
// translations for an English word when the translation is not indexed,
// or failing those the closest words of the article.
func (e *Engine) addWordTerms(w *queryWord, norm string, scale float64) {
	rs := readings(norm)
	add := func(term string, boost float64) {
		if e.df[term] > 0 {
			w.terms[term] = max(w.terms[term], boost*scale)
		}
	}
	// Words that ask about the author or the article as a whole stand
	// for the byline, the lede or the conclusion only: "موضوع" in "ايش
	// موضوع المقال" is not the word موضوع of some paragraph.
	for _, c := range articleClasses {
		if e.an.lx.is(c.class, rs) {
			add(c.term, boostWord)
			return
		}
	}
	for _, r := range rs {
		add(r, boostWord)
	}
	for _, id := range e.an.lx.groupsOf(rs) {
		add(groupTerm(id), boostGroup)
	}
	for _, target := range e.an.lx.meansOf(rs) {
		if t, ok := e.knownReading(readings(target)); ok {
			add(t, boostMeans)
		}
	}
	if !e.translated && e.dict != nil && isLatinWord([]rune(norm)) {
		for _, ar := range e.dict.Translate(norm) {
			ars := readings(ar)
			if t, ok := e.knownReading(ars); ok {
				add(t, boostDict)
			}
			for _, id := range e.an.lx.groupsOf(ars) {
				add(groupTerm(id), boostDict*boostGroup)
			}
		}
	}
	if len(w.terms) == 0 {
		for _, t := range e.closeWords(rs) {
			add(t, boostFuzzy)
		}
	}
	if r := rootTerm(norm); r != "" {
		add(r, boostRoot)
	}
}

// knownReading picks, among a word's readings that the article has, the
// one found in the most paragraphs: the reading that the word's other
// forms share (كازاخستان and الكازاخستانية meet on كازاخست). Ties go to the
// longer, less stripped reading.
func (e *Engine) knownReading(readings []string) (string, bool) {
	best, bestDF := "", 0
	for _, r := range readings {
		df := e.df[r]
		if df > bestDF || (df == bestDF && df > 0 && runeLen(r) > runeLen(best)) {
			best, bestDF = r, df
		}
	}
	return best, bestDF > 0
}

// Fuzzy matching is kept to long words: Arabic roots are dense, and most
// short words are one letter away from another word (عاصمة, عاصفة).
const (
	minFuzzyLen  = 6 // letters for one edit
	minFuzzy2Len = 9 // letters for two
)

// closeWords finds readings of the article's words within one edit of a
// reading of the word (two for long words): misspelled names and words.
func (e *Engine) closeWords(readings []string) []string {
	var out []string
	for _, r := range readings {
		rr := []rune(r)
		if len(rr) < minFuzzyLen || !isArabicWord(rr) && !isLatinWord(rr) {
			continue
		}
		limit := 1
		if len(rr) >= minFuzzy2Len {
			limit = 2
		}
		for term := range e.an.known {
			tr := []rune(term)
			if abs(len(tr)-len(rr)) > limit || len(tr) < minFuzzyLen-1 {
				continue
			}
			if e.df[term] > 0 && levenshtein.ComputeDistance(r, term) <= limit {
				out = append(out, term)
			}
		}
		if len(out) > 0 {
			break
		}
	}
	slices.Sort(out)
	return out
}

// matchedWeight is the weight of the question's words that paragraph n
// has, each word at the boost of its best term there.
func (e *Engine) matchedWeight(words []queryWord, n int) float64 {
	var got float64
	for _, w := range words {
		best := 0.0
		for t, b := range w.terms {
			if e.paras[n].terms[t] {
				best = max(best, b)
			}
		}
		got += w.weight * best
	}
	return got
}

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
			if b > boostRoot && e.paras[n].terms[t] {
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

// proximityCandidates is how many of the best paragraphs are re-scored
// for word proximity, and proximityGap the most tokens between two
// question words that count as close.
const (
	proximityCandidates = 5
	proximityGap        = 2
	proximityShare      = 0.5
)

// wordMatch is a question word that an index term stands for.
type wordMatch struct {
	word  int
	boost float64
}

// termWords maps each index term of the question to the words it stands
// for.
func termWords(words []queryWord) map[string][]wordMatch {
	tw := map[string][]wordMatch{}
	for wi, w := range words {
		for t, b := range w.terms {
			tw[t] = append(tw[t], wordMatch{wi, b})
		}
	}
	return tw
}

// tokenMatches says, for each indexed token, which question word it
// matches best, or -1, and how strongly.
func tokenMatches(toks []indexedToken, tw map[string][]wordMatch) []wordMatch {
	out := make([]wordMatch, len(toks))
	for i, tok := range toks {
		out[i] = wordMatch{word: -1}
		for _, t := range tok.terms {
			for _, m := range tw[t] {
				if out[i].word < 0 || m.boost > out[i].boost {
					out[i] = m
				}
			}
		}
	}
	return out
}

// proximityBonus adds, for each pair of question words next to each other
// in the question that stand within proximityGap tokens in the paragraph,
// a share of the lighter word's weight.
func proximityBonus(words []queryWord, matches []wordMatch) float64 {
	var bonus float64
	for wi := 0; wi+1 < len(words); wi++ {
		last := map[int]int{wi: -100, wi + 1: -100}
		for i, m := range matches {
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
	matchIn := func(toks []indexedToken, sentences []Span) []Span {
		var marks []Span
		for i, m := range tokenMatches(toks, tw) {
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
	out.Marks = matchIn(p.tokens, p.sentences)
	out.TranslationMarks = matchIn(p.enTokens, p.enSentences)
	if len(p.sentences) == 0 {
		out.QuoteSpan = Span{0, len(para.Text)}
		out.Quote = para.Text
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
	out.QuoteTranslation = para.Translation
	if p.enSentences != nil {
		out.QuoteTranslation = para.Translation[p.enSentences[first].Start:p.enSentences[last].End]
	}
	return out, first, last
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
