package retrieval

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading a question: its content words, what each stands for in the
// index, and how much each weighs.

// queryWord is one content word of a question and the terms that stand
// for it, each with its boost.
type queryWord struct {
	norm   string
	terms  map[string]float64
	weight float64
	// unknown says that the article has the word in no form.
	unknown bool
	// stranger says that the word, unknown, looks like a name: someone
	// or something the article never mentions; foreign that it is a place
	// of the world the article never mentions (see classWorldPlace).
	stranger, foreign bool
	// deed says that the word, unknown, is the English verb of a question
	// that asks who did it ("who moderated the session"): what the article
	// never tells anyone did.
	deed bool
}

func (e *Engine) idf(df int) float64 {
	n := float64(len(e.paras))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// answerKinds is a set of kinds of answer: what a question asks for, or
// what a sentence can give.
type answerKinds uint16

const (
	numberKind answerKinds = 1 << iota
	durationKind
	timeKind
	dateKind
	// personName, organisationName and placeName are the name of a
	// person, an organisation or a place that the question does not
	// name itself.
	personName
	organisationName
	placeName
	// yearKind is a year written out (2022), which answers "which year"
	// where a month does not.
	yearKind
)

// anyName is what a question that asks for a name of no kind in
// particular asks for ("ما اسم الميناء").
const anyName = personName | organisationName | placeName

// anyAnswer is what a question that does not say asks for.
const anyAnswer answerKinds = 0

// kindsOf says what kinds of answer a normalized word gives: digits and
// number words a number; units of time a length of time; a month or a
// year a date (and a time); a relative time (later, the next day) a time.
func (lx *Lexicon) kindsOf(norm string) answerKinds {
	var k answerKinds
	rs := readings(norm)
	if isNumber(norm) || lx.is(classNumber, []string{norm}) {
		k |= numberKind
	}
	if isYear(norm) {
		k |= yearKind
	}
	if strings.HasSuffix(norm, "ه") && hasArticle([]rune(norm)) {
		// A feminine word is not its masculine: العامة ("general", of
		// the plenary session) is no عام, a year. Without the article the
		// ه may be "his" (شهره, "his month").
		rs = slices.DeleteFunc(slices.Clone(rs), func(r string) bool { return !strings.HasSuffix(r, "ه") })
	}
	if isYear(norm) || lx.is(classDate, rs) {
		k |= dateKind | timeKind
	}
	if lx.is(classDuration, rs) {
		k |= durationKind | timeKind
	}
	if lx.is(classTime, rs) {
		k |= timeKind
	}
	return k
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

// isYear reports whether a normalized word is a year of the last or this
// century (1900-2099).
func isYear(norm string) bool {
	return len(norm) == 4 && (strings.HasPrefix(norm, "19") || strings.HasPrefix(norm, "20")) && isNumber(norm) &&
		strings.Trim(norm, "0123456789") == ""
}

// answersKind reports whether a quote that gives the kinds gives an
// answer of the kind a question asks for: "كم" wants a number, "كم مدة" a
// number or a unit of time, "متى" a time, "أي تاريخ" a date.
func answersKind(need, gives answerKinds) bool {
	return need == anyAnswer || gives&need != 0
}

// untimed reports whether a quote that gives the kinds leaves a question
// that asks when unanswered: it gives no date and no unit of time ("this
// month", "the next day"), only words that order events ("later",
// "after", خلال) or speak of the present, which say that something
// happened but not when.
func untimed(need, gives answerKinds) bool {
	return need == timeKind && gives&(dateKind|durationKind) == 0
}

// kinds says what kinds of answer sentences first to last hold.
func (p *paraIndex) kinds(first, last int) answerKinds {
	var k answerKinds
	for si := first; si <= last && si < len(p.sentences); si++ {
		k |= p.sentKinds[si]
	}
	return k
}

// onlyModal reports whether every word that passage p of this paragraph
// matched in its quote (sentences first to last), in the Arabic or, when
// it matched there, in the English, stands in a clause that says only what
// may happen. "Kazakhstan is focused on containing the damage, … and it
// could play the role of a buffer market": the first clause says what is.
func (pi *paraIndex) onlyModal(p Passage, first, last int) bool {
	if first > last || last >= len(pi.sentences) {
		return false
	}
	inClauses := func(marks []Span, quote Span, clauses []Span) (bool, bool) {
		any := false
		for _, m := range marks {
			if m.Start < quote.Start || m.End > quote.End {
				continue
			}
			any = true
			if !slices.ContainsFunc(clauses, func(c Span) bool { return m.Start >= c.Start && m.End <= c.End }) {
				return true, false
			}
		}
		return any, any
	}
	quote := Span{pi.sentences[first].Start, pi.sentences[last].End}
	if found, modal := inClauses(p.Marks, quote, pi.modalAr); found {
		return modal
	}
	if last < len(pi.enSentences) {
		quote = Span{pi.enSentences[first].Start, pi.enSentences[last].End}
		if found, modal := inClauses(p.TranslationMarks, quote, pi.modalEn); found {
			return modal
		}
	}
	return false
}

// modalClauses are the clauses of text, cut at sentence ends and commas,
// semicolons and colons, that hold a word saying that something only may
// happen (see modalAt), but for a clause that asks a question: the
// article's "what can Kazakhstan do?" says nothing of what will be.
func (lx *Lexicon) modalClauses(text string, toks []Token) []Span {
	return clausesWith(text, toks, false, func(i int) bool { return lx.modalAt(toks, i) })
}

// whenClauses are the clauses of text, cut as modalClauses cuts them,
// that tell when by another event (see whenAt), each with the pieces
// after it that go on telling it: "when President Tokayev later
// instructed the government…, bypassing Russia, for Kazakh oil," up to
// "the court amended its ruling" (see continuesClause).
func (lx *Lexicon) whenClauses(text string, toks []Token) []Span {
	whens := clausesWith(text, toks, false, func(i int) bool { return lx.whenAt(toks, i) })
	all := clausesWith(text, toks, true, func(int) bool { return true })
	for w := range whens {
		for _, c := range all {
			if c.Start == whens[w].End && lx.continuesClause(text, toks, c) {
				whens[w].End = c.End
			}
		}
	}
	return whens
}

// continuesClause reports whether the piece c of text goes on with the
// clause before it rather than opening one: in Arabic, when its first
// word is no verb (متجاوزًا روسيا, "bypassing Russia"; عدلت المحكمة opens
// the main clause); in English, when it opens with a participle or a
// preposition ("bypassing Russia", "for Kazakh oil"; "the court amended"
// opens one).
func (lx *Lexicon) continuesClause(text string, toks []Token, c Span) bool {
	i := slices.IndexFunc(toks, func(t Token) bool { return t.Start >= c.Start })
	if i < 0 || toks[i].End > c.End || strings.ContainsAny(text[c.Start:c.End], ".!?؟") {
		return false
	}
	w := []rune(toks[i].Norm)
	if isLatinWord(w) {
		return strings.HasSuffix(toks[i].Norm, "ing") || continuingPrepositions[toks[i].Norm]
	}
	return !looksLikeVerb(w) && w[0] != 'و'
}

// continuingPrepositions are the English prepositions that open a piece
// of the clause before them ("…, for Kazakh oil,").
var continuingPrepositions = map[string]bool{"for": true, "of": true, "with": true, "without": true, "by": true, "via": true, "through": true, "from": true, "to": true, "in": true, "on": true, "at": true, "into": true, "over": true}

// whenAt reports whether token i of toks opens a clause that tells when
// by another event: عندما, حينما, when, as written (الحين, "the time",
// is none). حين after في is "while" (في حين أن, وفي حين), a contrast.
func (lx *Lexicon) whenAt(toks []Token, i int) bool {
	w := toks[i].Norm
	if hasArticle([]rune(w)) || !lx.isLiteral(classWhenClause, w) {
		return false
	}
	if i > 0 && w == "حين" {
		switch toks[i-1].Norm {
		case "في", "وفي", "ففي":
			return false
		}
	}
	return true
}

// clausesWith are the clauses of text, cut at sentence ends and commas,
// semicolons and colons, in which at holds for one of toks; but for a
// clause that asks a question unless questions says so.
func clausesWith(text string, toks []Token, questions bool, at func(i int) bool) []Span {
	var out []Span
	start := 0
	flush := func(end int) {
		clause := Span{start, end}
		asks := !questions && strings.ContainsAny(text[start:end], "?؟")
		for i, t := range toks {
			if t.Start >= clause.Start && t.End <= clause.End && !asks && at(i) {
				out = append(out, clause)
				break
			}
		}
		start = end
	}
	for i, r := range text {
		if strings.ContainsRune(".!?؟،,؛;:\n", r) {
			flush(i + utf8.RuneLen(r))
		}
	}
	flush(len(text))
	return out
}

// timedByEvent reports whether passage p of this paragraph tells when
// what the question asks about happened by another event: a sentence of
// its quote (sentences first to last) holds a clause that tells when (see
// whenClauses) and, outside it, a word that matched. "When did the court
// amend its ruling" is answered by "when President Tokayev later
// instructed the government…, the court amended its ruling"; "when will
// the Trans-Caspian corridor be finished" is not, for the corridor is
// what the clause tells of. The Arabic marks are read, or the English
// ones when none of the Arabic stand in the quote.
func (pi *paraIndex) timedByEvent(p Passage, first, last int) bool {
	if first > last || last >= len(pi.sentences) {
		return false
	}
	timed := func(marks []Span, sentences []Span, clauses []Span) (found, ok bool) {
		for si := first; si <= last; si++ {
			sent := sentences[si]
			inSent := func(c Span) bool { return c.Start >= sent.Start && c.End <= sent.End }
			hasWhen := slices.ContainsFunc(clauses, inSent)
			for _, m := range marks {
				if m.Start < sent.Start || m.End > sent.End {
					continue
				}
				found = true
				if hasWhen && !slices.ContainsFunc(clauses, func(c Span) bool { return inSent(c) && m.Start >= c.Start && m.End <= c.End }) {
					return true, true
				}
			}
		}
		return found, false
	}
	if found, ok := timed(p.Marks, pi.sentences, pi.whenAr); found {
		return ok
	}
	if last < len(pi.enSentences) {
		_, ok := timed(p.TranslationMarks, pi.enSentences, pi.whenEn)
		return ok
	}
	return false
}

// modalAt reports whether token i of toks says that something only may
// happen: a modal word (could, يمكن, ربما) or قد before an imperfect verb
// (قد يؤدي, "may lead"; before a past one, قد ظهرت, it is "has appeared").
// A past verb of the forms that begin with ت is told by its ending: قد
// تحولت ("has become") ends in the past's feminine ت, قد تتحول ("may
// become") does not.
func (lx *Lexicon) modalAt(toks []Token, i int) bool {
	w := toks[i].Norm
	switch w {
	case "قد", "وقد", "فقد":
		if i+1 >= len(toks) {
			return false
		}
		next := []rune(toks[i+1].Norm)
		if len(next) <= 3 || !strings.ContainsRune("يتن", next[0]) {
			return false
		}
		return next[0] != 'ت' || next[len(next)-1] != 'ت'
	}
	return lx.isLiteral(classModal, w)
}

// asksFact reports whether a question asks whether something really
// happened (actually, already, فعلا) without itself asking what may
// ("could Kazakhstan actually be hit", "هل يمكن فعلا…") or what someone
// said or thinks, which may be what may happen ("what did Tokayev
// actually say").
func (lx *Lexicon) asksFact(toks []Token) bool {
	fact := false
	for i, t := range toks {
		if lx.modalAt(toks, i) || lx.isLiteral(classResponse, t.Norm) {
			return false
		}
		fact = fact || lx.isLiteral(classAsksFact, t.Norm)
	}
	return fact
}

// classStop is a stop word that asks about the article as a whole when
// nothing else is asked, with the term it then stands for ("": the word's
// own article class).
type classStop struct{ norm, term string }

// analyzeQuestion reads a question: its content words with their terms
// and weights, and the kind of answer it asks for.
func (e *Engine) analyzeQuestion(text string) ([]queryWord, answerKinds) {
	text = StripTags(text)
	var out []queryWord
	need := anyAnswer
	seen := map[string]bool{}
	prevUnknownNoun := -1 // index in out of an unknown noun just before
	var classStops []classStop
	toks := Tokenize(text)
	shouted := e.shouting(text, toks)
	namesAuthor := slices.ContainsFunc(toks, func(t Token) bool { return e.authorNoun(t.Norm) })
	keys := make([][]string, len(toks))
	keysOf := func(j int) []string {
		if keys[j] == nil {
			keys[j] = append([]string{lexiconKey(toks[j].Norm)}, e.readings(toks[j].Norm)...)
		}
		return keys[j]
	}
	nameNeed, nameAt := e.asksName(toks, keysOf)
	if nameNeed != anyAnswer {
		need = nameNeed
	}
	last := len(toks) - 1
	for last > 0 && e.an.lx.isLiteral(classNameModifier, toks[last].Norm) {
		last-- // "…when exactly?", "…امتى بالضبط"
	}
	if need == anyAnswer && last > 0 && e.an.lx.is(classAsksTime, keysOf(last)[:1]) {
		// Dialects ask when last as often as first: "توكاييف صار رئيس
		// من امتى", "الحرب بدأت إمتى".
		need = timeKind
	}
	if need == anyAnswer {
		need = e.asksWhichLast(toks, last, keysOf, seen)
	}
	skip := 0 // tokens still inside a phrase already read
	for i, t := range toks {
		if skip > 0 {
			skip--
			continue
		}
		if ph, n, ok := e.an.lx.phraseAt(len(toks), i, keysOf); ok {
			// A multi-word expression stands for its meaning as one word:
			// "تعتمد على نفسها" is self-reliance, not reliance on something.
			w := queryWord{norm: strings.Join(ph.from, " "), terms: map[string]float64{}}
			for _, target := range ph.to {
				// The lexicon says what the expression means: its
				// words count as the reader's own.
				rs := e.readings(target)
				if t, ok := e.knownReading(rs); ok {
					w.terms[t] = boostWord
				}
				for _, c := range articleClasses {
					// "job title": a word that asks for the byline.
					if e.an.lx.is(c.class, rs) {
						w.terms[c.term] = boostWord
					}
				}
				for _, id := range e.an.lx.groupsOf(rs) {
					if e.df[groupTerm(id)] > 0 {
						w.terms[groupTerm(id)] = boostGroup
					}
				}
			}
			if len(w.terms) > 0 {
				e.weigh(&w)
				out = append(out, w)
				prevUnknownNoun = -1
				skip = n - 1
				continue
			}
			if !slices.ContainsFunc(ph.to, func(t string) bool { return !e.an.lx.isStop(t) }) {
				// An expression that means a word of no meaning
				// ("take place": held) says nothing either.
				skip = n - 1
				continue
			}
		}
		if utf8.RuneCountInString(t.Norm) < 2 {
			continue // a lone letter says nothing
		}
		if i == nameAt {
			// "ما اسم" says what is asked, not what about, unless
			// nothing else is asked ("ما اسمها": the author's).
			classStops = append(classStops, classStop{t.Norm, ""})
			seen[t.Norm] = true
			continue
		}
		if nameAt >= 0 && e.an.lx.isLiteral(classNameModifier, t.Norm) {
			// "the full name", "الاسم الكامل", "ما اسم الكاتبة الكامل":
			// which name, not what about.
			continue
		}
		if i >= askingWords && need == anyAnswer && e.asksDateLater(toks, i) {
			// "on what exact date did…", "what was the date of…".
			need = dateKind
			seen[t.Norm] = true
			continue
		}
		if i < askingWords {
			// The word that says what kind of answer is wanted is not
			// what the question is about ("how many", "كم عدد").
			if need&numberKind != 0 && e.an.lx.is(classAsksNumber, keysOf(i)[:1]) {
				// The second word of "كم عدد" asks too.
				seen[t.Norm] = true
				continue
			}
			var prev []string // the token before, read or not (a lone letter, a stop word)
			if i > 0 {
				prev = keysOf(i - 1)
			}
			kind, keep := e.asksFor(prev, keysOf(i), need)
			if kind != need && !keep {
				need = kind
				seen[t.Norm] = true
				continue
			}
			need = kind
			if need == anyAnswer && e.asksMeasure(toks, i) {
				// "ما نسبة", "what share", "how big": a number, of the
				// measure named, which stays a word of the question.
				need = numberKind
			}
		}
		if i > 0 && i <= askingWords && e.an.lx.isLiteral(classHappens, t.Norm) && e.onlyAsking(toks[:i]) &&
			!slices.ContainsFunc(toks[i+1:], func(t Token) bool { return t.Norm == "علي" }) {
			// "متى وقعت العاصفة": that it happened is what is asked. With
			// على the verb has another sense: وقع على, signed; حصل على,
			// obtained.
			seen[t.Norm] = true
			continue
		}
		alone := e.aloneTerm(t.Norm)
		if seen[t.Norm] || alone != "" || e.an.lx.isQuestionStop(t.Norm) {
			if !constructLinks[t.Norm] {
				prevUnknownNoun = -1
			}
			if !seen[t.Norm] && (alone != "" || e.asksAboutArticle(t.Norm)) {
				// "what is this article about": "about" is a stop word,
				// unless nothing else is asked.
				classStops = append(classStops, classStop{t.Norm, alone})
			}
			seen[t.Norm] = true
			continue
		}
		seen[t.Norm] = true
		w := queryWord{norm: t.Norm, terms: map[string]float64{}}
		switch {
		case namesAuthor && e.an.lx.isLiteral(classOutlook, t.Norm):
			// "is the author optimistic": how the article ends.
			w.terms[endTerm] = boostWord
		case namesAuthor && e.an.lx.isLiteral(classWork, t.Norm):
			// "where does the writer work": the byline.
			w.terms[bylineTerm] = boostWord
		default:
			e.addWordTerms(&w, t.Norm)
		}
		if len(w.terms) == 0 {
			// Perhaps words typed together.
			for _, piece := range e.an.split(t.Norm) {
				e.addWordTerms(&w, piece)
			}
		}
		if len(w.terms) == 0 {
			// A word of two letters behind a lone prefix: لخط, بخط.
			if rest, ok := proclitic2(t.Norm); ok && !e.an.lx.isQuestionStop(rest) {
				e.addWordTerms(&w, rest)
			}
		}
		place := e.foreignPlace(t.Norm, text[t.Start:t.End])
		if place && e.askersPlace(toks, i) {
			// Where the asker is is not asked about.
			prevUnknownNoun = -1
			continue
		}
		if place {
			// A place the article never mentions: "best time to visit
			// Turkey", "هل زار توكاييف طهران", "أفضل فريق في الدوري
			// الإسباني". What it might be misread as is not asked.
			w.terms = map[string]float64{}
		}
		known := e.weigh(&w)
		w.unknown, w.foreign = !known, place
		if !known && !shouted && looksLikeName(text, t, i) && !e.nearArticleWord(t.Norm) && !e.askersPlace(toks, i) {
			// Someone the article never names: "what did Biden say",
			// "ما دور نزارباييف"; not a misspelling of a word it has
			// ("Russa").
			w.weight *= nameWeight
			w.stranger = true
		}
		if r := []rune(t.Norm); !known && len(out) == 0 && isLatinWord(r) && looksLikeVerb(r) &&
			e.an.lx.isLiteral(classAsksWho, toks[0].Norm) && !e.an.lx.isLiteral(classCalled, t.Norm) {
			// "Who moderated the plenary session", "who coined the
			// term": who did what the article never tells anyone did
			// ("who is called…" asks a name, not a deed).
			// Not in Arabic, whose verb shapes (تعني, يوصفه) are read
			// too loosely to tell a deed: there it cost more answerable
			// questions than it declined unanswerable ones.
			w.deed = true
		}
		if prevUnknownNoun >= 0 && known {
			// An unknown noun followed by a word the article has is the
			// head of a construct (عملة كازاخستان, عمر توكاييف): the thing
			// asked about, of something the article names.
			out[prevUnknownNoun].weight *= constructHead
		}
		prevUnknownNoun = -1
		if !known && !looksLikeVerb([]rune(t.Norm)) {
			prevUnknownNoun = len(out)
		}
		out = append(out, w)
	}
	out = e.dropFraming(out, classStops, need, toks)
	if len(out) == 0 {
		for _, cs := range classStops {
			w := queryWord{norm: cs.norm, terms: map[string]float64{}}
			if cs.term != "" {
				w.terms[cs.term] = boostWord
			} else {
				e.addWordTerms(&w, cs.norm)
			}
			w.weight = e.idf(1)
			out = append(out, w)
		}
	}
	return out, need
}

// dropFraming drops the words of a question that only frame it: beside
// a word that asks what the article says or concludes, a noun for its
// author ("the author's main point", "what does the writer conclude"); and
// where only such nouns are left beside words of the lede or the
// conclusion that count alone ("the author's bottom line"), those nouns,
// so that the words that count alone are read. A question that opens by
// asking who, or asks for a name, asks for the author herself ("who wrote
// the conclusion", "what is the author's last name").
func (e *Engine) dropFraming(out []queryWord, classStops []classStop, need answerKinds, toks []Token) []queryWord {
	if need&anyName != 0 || slices.ContainsFunc(toks[:min(whoWords, len(toks))], func(t Token) bool {
		return e.an.lx.isLiteral(classAsksWho, t.Norm)
	}) {
		return out
	}
	stands := func(w queryWord, term string) bool { return len(w.terms) == 1 && w.terms[term] > 0 }
	author := func(w queryWord) bool { return stands(w, bylineTerm) && e.authorNoun(w.norm) }
	other := func(w queryWord) bool { return !author(w) }
	asksArticle := func(w queryWord) bool { return stands(w, ledeTerm) || stands(w, endTerm) }
	alone := func(cs classStop) bool { return cs.term != "" }
	switch {
	case slices.ContainsFunc(out, asksArticle):
		return slices.DeleteFunc(out, author)
	case len(out) > 0 && !slices.ContainsFunc(out, other) && slices.ContainsFunc(classStops, alone):
		return nil
	}
	return out
}

// dropAuthorsName drops the words of the author's name from a question
// that asks something else of her, for ranking: her name says whom it is
// about, and she speaks in every paragraph, while the byline, where her
// name is, says only who she is and where she works. So "what does
// Kassenova say about sovereignty" is paragraph 7, "ما جنسية نرجس
// كاسينوفا" nothing the article has, and "who is Nargis Kassenova" or
// "where does Kassenova work" still the byline. Declining reads her name
// again where the question does not ask what she says (see answer).
func (e *Engine) dropAuthorsName(words []queryWord) []queryWord {
	isName := func(w queryWord) bool { return e.authorWords[w.norm] }
	if !slices.ContainsFunc(words, isName) || !slices.ContainsFunc(words, func(w queryWord) bool { return !isName(w) }) {
		return words
	}
	return slices.DeleteFunc(slices.Clone(words), isName)
}

// framingShare is the share of a question's weight in nouns for the
// author (the author, the writer, الكاتبة) when it asks anything else: the
// article is her words, so "according to the author", "how does the
// writer characterise" and "حسب الكاتبة" frame the question as "according
// to the article" does, and every paragraph of the body covers them. They
// still count among its words, so that what else it asks weighs as
// before. Alone ("who is the author") they ask for her, and only the
// byline has them.
func (e *Engine) framingShare(words []queryWord) float64 {
	var total, framing float64
	for _, w := range words {
		total += w.weight
		if len(w.terms) == 1 && w.terms[bylineTerm] > 0 && e.an.lx.isLiteral(classAuthor, w.norm) {
			framing += w.weight
		}
	}
	if framing == total {
		return 0
	}
	return framing / total
}

// authorNoun reports whether a question word names the article's author:
// a noun for her (الكاتبة, the writer) or a word of her name.
func (e *Engine) authorNoun(norm string) bool {
	return e.an.lx.isLiteral(classAuthor, norm) || e.authorWords[norm]
}

// asksFor returns the kind of answer a question asks for once it has a
// word among its first words: need, unless the word asks for a number, a
// length of time, a time or a date. keys are the word's lexicon key and
// readings, prev those of the token before it (nil for the first). keep
// says that the word also says what is asked about: the unit in "كم شهر"
// (a month, which the article may have or not) but not in "أي شهر".
func (e *Engine) asksFor(prev, keys []string, need answerKinds) (kind answerKinds, keep bool) {
	k := keys[:1]
	unit := e.an.lx.is(classDuration, keys)
	switch {
	case unit && need == anyAnswer && prev != nil && e.an.lx.is(classAsksWhich, prev):
		// "في أي سنة": a year; "which month": a date; "which day": a time.
		if e.an.lx.is(classYear, keys) {
			return yearKind, false
		}
		if e.an.lx.is(classCalendar, keys) {
			return dateKind, false
		}
		return timeKind, false
	case need == numberKind && unit:
		// "كم شهر", "how many months": a length of time.
		return numberKind | durationKind, true
	case need == numberKind && e.an.lx.is(classLasts, keys):
		// "كم استمر الإغلاق": a length of time.
		return numberKind | durationKind, false
	case e.an.lx.is(classAsksDuration, k):
		return numberKind | durationKind, false
	case e.an.lx.is(classAsksDate, k):
		return dateKind, false
	case e.an.lx.is(classAsksNumber, k) && need == anyAnswer:
		return numberKind, false
	case e.an.lx.is(classAsksTime, k) && need == anyAnswer:
		return timeKind, false
	}
	return need, false
}

// asksWhichLast returns yearKind for a question that asks which year
// last, at toks[last], past words that say which exactly ("منتدى سانت
// بطرسبرغ كان في أي سنة بالضبط"), or anyAnswer; the year is then no word of the question
// (seen records it), as when the question opens with it. Asked so, a
// month, a country or a name is left to the words: for them the kind's
// check cost as many answerable questions as it declined unanswerable
// ones (README).
func (e *Engine) asksWhichLast(toks []Token, last int, keysOf func(int) []string, seen map[string]bool) answerKinds {
	lx := e.an.lx
	if last < 2 || !lx.is(classAsksWhich, keysOf(last - 1)[:1]) {
		return anyAnswer
	}
	if kind, _ := e.asksFor(keysOf(last-1), keysOf(last), anyAnswer); kind == yearKind {
		seen[toks[last].Norm] = true
		return kind
	}
	return anyAnswer
}

// Where a question asks for a name: an asks-name word among its first
// nameWords tokens, an asks-who or asks-what word among its first
// whoWords (من is a preposition too: "من أين", "من وجهة نظر") or an
// asks-which word among its first askingWords, with a word for a person,
// an organisation or a country next to it, or past stop words only ("who
// is the judge", "the name of the company", "ما هي الدول"). A question
// that opens by asking how many ("كم من القادة") asks for a number
// instead.
const (
	nameWords = 8
	whoWords  = 2
)

// asksDateLater reports whether toks[i], past the words that open a
// question, still asks for a date: the English noun date or dates, as
// written, which a question names only to ask for one ("on what exact
// date did…", "what was the date of the ruling"); not the verb ("date
// back to", "date from", "dated", "dating") nor the idioms "to date", "up
// to date" and "out of date". Arabic's تاريخ is history too, so only
// the opening words ask for a date with it (see asksFor).
func (e *Engine) asksDateLater(toks []Token, i int) bool {
	norm := toks[i].Norm
	stem := lexiconKey(norm)
	if !isLatinWord([]rune(norm)) || norm != stem && norm != stem+"s" || !e.an.lx.is(classAsksDate, []string{stem}) {
		return false
	}
	if i+1 < len(toks) && dateVerbAfter[toks[i+1].Norm] || dateIdiomBefore[toks[i-1].Norm] {
		return false
	}
	return true
}

// dateVerbAfter are the words after which date is a verb ("date back to",
// "date from", "date to"), and dateIdiomBefore those before which it is
// no date asked for ("to date", "up to date", "out of date").
var (
	dateVerbAfter   = map[string]bool{"back": true, "from": true, "to": true}
	dateIdiomBefore = map[string]bool{"to": true, "of": true}
)

// asksMeasure reports whether toks[i] asks for a number by naming a
// measure: a measure noun (نسبة, share, population) first or after a stop
// word ("ما نسبة", "what share", "the population of"; not "does
// Kazakhstan share", where it is a verb), or a degree adjective after a
// word that asks how much ("how big", "how old"; not "how big a role",
// which asks how much it matters). Both are matched as written: stems
// would make a share of "shared" and a population of "populism".
func (e *Engine) asksMeasure(toks []Token, i int) bool {
	lx := e.an.lx
	norm := toks[i].Norm
	switch {
	case lx.isLiteral(classMeasure, norm):
		return i == 0 || lx.isQuestionStop(toks[i-1].Norm) || runeLen(toks[i-1].Norm) < 2
	case lx.isLiteral(classDegree, norm) && i > 0 && lx.isLiteral(classAsksDegree, toks[i-1].Norm):
		return i+1 >= len(toks) || !lx.isLiteral(classIndefinite, toks[i+1].Norm)
	}
	return false
}

// asksName returns the kind of name a question asks for, or anyAnswer,
// and which of toks asks for it (the name word itself, or -1): the name
// of a person after "who is the judge", "ما اسم القاضي", "which leaders";
// of an organisation after "the name of the company"; of a place after
// "which countries", "ما هي الدول"; any name after a bare "ما اسم".
// keysOf gives a token's lexicon key and readings.
func (e *Engine) asksName(toks []Token, keysOf func(int) []string) (need answerKinds, at int) {
	lx := e.an.lx
	for i := 0; i < min(len(toks), nameWords); i++ {
		norm := toks[i].Norm
		if i < askingWords && (lx.is(classAsksNumber, keysOf(i)[:1]) || e.asksMeasure(toks, i) || lx.is(classAsksDuration, keysOf(i)[:1])) {
			return anyAnswer, -1
		}
		asksName := lx.isLiteral(classAsksName, norm)
		which := false
		switch {
		case asksName, i < whoWords && (lx.isLiteral(classAsksWho, norm) || lx.isExactly(classAsksWhat, norm)):
		case i < askingWords && lx.is(classAsksWhich, keysOf(i)):
			if i+1 < len(toks) && lx.isLiteral(classAsksName, toks[i+1].Norm) {
				// "إيش اسم رئيس كازاخستان": the name word asks, and
				// is the next one read.
				continue
			}
			which = true
		default:
			continue
		}
		from := i + 1
		if asksName && from < len(toks) && lx.isLiteral(classNameModifier, toks[from].Norm) {
			from++ // "الاسم الكامل لرئيس"
		}
		if k := e.nameNoun(toks, from, which, modifiersAfter(norm)); k != anyAnswer {
			return k, nameAt(asksName, i)
		}
		if asksName {
			return anyName, i
		}
	}
	return anyAnswer, -1
}

// nameNoun returns the kind of name that the word for a person, an
// organisation or a country at toks[from] asks for, or anyAnswer. After
// who, ما or a name word, stop words may come first ("who is the judge",
// "ما هي الدول", "the name of the company"); after which (or what, or
// أي), up to most other words may, as modifiers ("which EU leaders",
// "which other countries"), but no other stop word ("what did the
// president say" asks what was said).
func (e *Engine) nameNoun(toks []Token, from int, which bool, most int) answerKinds {
	lx := e.an.lx
	modifiers := 0
	for j := from; j < len(toks); j++ {
		next := toks[j].Norm
		if j+1 < len(toks) && toks[j+1].Norm == "s" && isLatinWord([]rune(next)) {
			// An English possessive is the modifier of the noun asked
			// about: "who was Kazakhstan's president", "the court's judge".
			if p := e.possessed(toks, j+1); p != anyAnswer {
				return p
			}
		}
		switch k := e.nameWordKind(next); {
		case k == placeName:
			// In English a country's word can be the modifier of the noun
			// asked about: "which country's president" asks for a person.
			if p := e.possessed(toks, j+1); p != anyAnswer {
				return p
			}
			return k
		case k != anyAnswer:
			return k
		case which && modifiers < most && (!lx.isQuestionStop(next) || otherWords[next]):
			modifiers++
		case which, !lx.isQuestionStop(next) && runeLen(next) > 1:
			return anyAnswer
		}
	}
	return anyAnswer
}

// modifiersAfter is how many words may stand between a word that asks
// which and the noun it asks about: two after English which ("which
// European Union leaders", "which Middle Eastern countries"), one after
// what, whose next word is as often a verb ("what worries European
// leaders" asks what worries them), and after Arabic أي, whose noun comes
// first and its modifiers after it ("أي دولة").
func modifiersAfter(which string) int {
	if which == "which" {
		return 2
	}
	return 1
}

// otherWords are the stop words that modify the noun which asks about
// without changing what kind of answer it asks for: "which other
// countries" asks for countries' names as "which countries" does.
var otherWords = map[string]bool{"other": true, "another": true}

// possessed returns the kind of name that an English word for a person or
// an organisation at toks[from], past a possessive s, asks for ("which
// country's president"), or anyAnswer.
func (e *Engine) possessed(toks []Token, from int) answerKinds {
	if from < len(toks) && toks[from].Norm == "s" {
		from++
	}
	if from >= len(toks) || !isLatinWord([]rune(toks[from].Norm)) {
		return anyAnswer
	}
	if k := e.nameWordKind(toks[from].Norm); k != placeName {
		return k
	}
	return anyAnswer
}

// nameWordKind is the kind of name a word for a person (judge), an
// organisation (company) or a country (دولة) asks for, or anyAnswer.
func (e *Engine) nameWordKind(norm string) answerKinds {
	lx := e.an.lx
	switch {
	case lx.isLiteral(classPerson, norm):
		return personName
	case lx.isLiteral(classOrganisation, norm):
		return organisationName
	case lx.isLiteral(classPlace, norm):
		return placeName
	}
	return anyAnswer
}

// nameAt is the token that asks for a name when token i does, or -1.
func nameAt(asksName bool, i int) int {
	if asksName {
		return i
	}
	return -1
}

// aloneTerm is the term a lede-alone or conclusion-alone word stands for,
// or "".
func (e *Engine) aloneTerm(norm string) string {
	rs := e.readings(norm)
	switch {
	case e.an.lx.is(classLedeAlone, rs):
		return ledeTerm
	case e.an.lx.is(classConclusionAlone, rs):
		return endTerm
	}
	return ""
}

// weigh sets a question word's weight and reports whether the article
// has it in any form. The word weighs by how many paragraphs have it: its
// own most common reading when the article has the word (كازاخستان is
// everywhere and weighs little; الممر is in one paragraph and weighs
// much, however broad its lexicon group), else its most common synonym or
// meaning; a word the article lacks altogether weighs the most (see
// unknownWeight).
func (e *Engine) weigh(w *queryWord) bool {
	maxDF, literalDF := 0, 0
	for term, boost := range w.terms {
		if boost > boostRoot {
			maxDF = max(maxDF, e.termDF(term))
		}
		if boost == boostWord && !strings.HasPrefix(term, "§") {
			literalDF = max(literalDF, e.df[term])
		}
	}
	if literalDF > 0 {
		maxDF = literalDF
	}
	if maxDF == 0 {
		w.weight = e.unknownWeight(w.norm)
		return false
	}
	w.weight = e.idf(maxDF)
	return true
}

// asksAboutArticle reports whether a word asks about the article as a
// whole: its author, its subject, its conclusion.
func (e *Engine) asksAboutArticle(norm string) bool {
	rs := e.readings(norm)
	for _, c := range articleClasses {
		if e.an.lx.is(c.class, rs) {
			return true
		}
	}
	return false
}

// onlyAsking reports whether toks are only question words and fillers
// (متى, ماذا, إيه اللي), and the unit of time a word asking which asks
// for (في أي شهر, "in which month"): nothing yet of what the question is
// about.
func (e *Engine) onlyAsking(toks []Token) bool {
	lx := e.an.lx
	for i, t := range toks {
		if utf8.RuneCountInString(t.Norm) < 2 || lx.isQuestionStop(t.Norm) {
			continue
		}
		if i > 0 && lx.is(classAsksWhich, []string{lexiconKey(toks[i-1].Norm)}) {
			if rs := e.readings(t.Norm); lx.is(classCalendar, rs) || lx.is(classDuration, rs) {
				continue
			}
		}
		return false
	}
	return true
}

// askingWords is how many words open a question: where a word asking for
// a number (كم) sets what the question asks for. Later it is part of a
// clause ("لو استمرت العزلة كم سنة، ماذا …").
const askingWords = 3

// constructLinks are the words that join a construct in English ("the
// capital of Kazakhstan", "the name of the judge"): an unknown noun
// before them heads it as one before a known word does in Arabic.
var constructLinks = map[string]bool{"of": true, "the": true}

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

// nameWeight multiplies the weight of an unknown word that looks like a
// name: a person or place the article does not mention is what the
// question is about.
const nameWeight = 2

// looksLikeName reports whether token t, the i-th of text, looks like a
// proper name: an English word written with a capital letter other than
// where a sentence starts (the question's first word, or one after . ! ?
// : ; a quote, a bracket or a line break: "Briefly.", "1. Outline", "Q:
// Why") and other than as the prefix of a compound (Trans-Caspian), or
// an Arabic word without the article (a foreign surname takes
// none: المخاوف, والتخوف are fears) with the ending of a transliterated
// Russian or Slavic surname (نزارباييف, لافروف, زيلينسكي).
func looksLikeName(text string, t Token, i int) bool {
	r := []rune(t.Norm)
	if isLatinWord(r) {
		if strings.HasPrefix(text[t.End:], "-") && compoundPrefixes[t.Norm] {
			// The prefix of a compound ("Trans-Caspian", "Anti-Western")
			// takes the capital of the whole; a name before a hyphen
			// ("the Erdogan-hosted summit") is still a name.
			return false
		}
		first, _ := utf8.DecodeRuneInString(text[t.Start:])
		return i > 0 && unicode.IsUpper(first) && !startsSentence(text, t.Start)
	}
	if len(r) < 6 || !isArabicWord(r) || hasArticle(r) {
		return false
	}
	for _, end := range []string{"يف", "وف", "سكي", "ينكو", "وفيتش"} {
		if hasSuffix(r, end) {
			return true
		}
	}
	return false
}

// compoundPrefixes are the English prefixes written before a hyphen
// ("Trans-Caspian", "Pro-Western").
var compoundPrefixes = map[string]bool{"trans": true, "anti": true, "pro": true, "pan": true, "non": true, "post": true, "pre": true, "neo": true, "ex": true, "inter": true, "multi": true, "semi": true, "sub": true, "co": true, "mid": true}

// startsSentence reports whether the word at byte start of text opens a
// sentence, a list item or a quotation: only spaces stand between it and
// the text's start or a mark that ends or opens one.
func startsSentence(text string, start int) bool {
	before := strings.TrimRightFunc(text[:start], unicode.IsSpace)
	if before == "" || len(before) < start && strings.ContainsAny(text[len(before):start], "\n\r") {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(".!?:;\"'“”‘’«»([{-–—*•؟", last)
}

// shouting reports whether a question capitalises words that are no
// names, so that a capital says nothing of one: an English stop word of
// two letters or more written with a capital where no sentence starts
// ("WHY DID TOKAYEV REFUSE", "What Did Putin Say About Sovereignty").
// A question of names alone ("Tokayev Putin Erdogan meeting") is not.
func (e *Engine) shouting(text string, toks []Token) bool {
	for i, t := range toks {
		r := []rune(t.Norm)
		if i == 0 || len(r) < 2 || !isLatinWord(r) || !e.an.lx.isQuestionStop(t.Norm) {
			continue
		}
		if first, _ := utf8.DecodeRuneInString(text[t.Start:]); unicode.IsUpper(first) && !startsSentence(text, t.Start) {
			return true
		}
	}
	return false
}

// foreignPlace reports whether a question word, as written in raw,
// names a place of the world the article never mentions: a world-place
// or world-country word of the lexicon, or in Arabic a country's
// adjective (see countryAdjective), that the article and its translation
// do not have as written (a near-miss reading does not count: بيلاروسيا
// is not لروسيا, المغرب not الغرب) and that the lexicon does not read as
// something the article has (كييف, Ukraine's government).
func (e *Engine) foreignPlace(norm, raw string) bool {
	lx := e.an.lx
	if !lx.isLiteral(classWorldPlace, norm) && !lx.isLiteral(classWorldCountry, norm) && !e.countryAdjective(norm, raw) {
		return false
	}
	inArticle := false
	surfaceKeys(norm, func(k string) bool {
		inArticle = e.surface[k]
		return !inArticle
	})
	return !inArticle && len(lx.meansOf(e.readings(norm))) == 0
}

// askersPlace reports whether the place at token i says where the one
// asking is, not what is asked: the question speaks of its asker (self:
// I, my, أنا) and the place follows a preposition of place (in, from,
// في, من) or, in Arabic, carries ب or ف before it (بالقاهرة,
// فالمغرب): "as a trader in Almaty, I…", "أنا طالب في القاهرة: …".
func (e *Engine) askersPlace(toks []Token, i int) bool {
	lx := e.an.lx
	if !slices.ContainsFunc(toks, func(t Token) bool { return lx.isExactly(classSelf, t.Norm) }) {
		return false
	}
	norm := toks[i].Norm
	r := []rune(norm)
	glued := !isLatinWord(r) && (hasPrefix(r, "ب") || hasPrefix(r, "ف")) &&
		!lx.isExactly(classWorldPlace, norm) && !lx.isExactly(classWorldCountry, norm)
	return glued || i > 0 && lx.isExactly(classAtPlace, toks[i-1].Norm)
}

// countryAdjective reports whether an Arabic word is the adjective of a
// country of the lexicon (world-country): with the article and a nisba
// ending, singular or plural, made of the country's name as it is or
// without its ending (المصري, الهندية, الفرنسية, الإسبانية, السعودي,
// السنغافوري, الأوزبكي, المصريين). A word written with ى (اليمنى, the
// right hand; المجرى, a channel) is none.
func (e *Engine) countryAdjective(norm, raw string) bool {
	stem, ok := afterArticle([]rune(norm))
	if !ok || strings.HasSuffix(raw, "ى") {
		return false
	}
	for _, end := range []string{"يين", "يون", "يه", "ي"} {
		s, ok := strings.CutSuffix(stem, end)
		if !ok {
			continue
		}
		return runeLen(s) >= 2 && slices.ContainsFunc([]string{s, s + "ا", s + "يا", s + "يه", s + "ه", s + "ستان"}, func(country string) bool {
			return e.an.lx.isExactly(classWorldCountry, country)
		})
	}
	return false
}

// afterArticle returns what follows the article in an Arabic word that
// has one (see hasArticle): الصينية, والصينية, للصينية give صينية.
func afterArticle(r []rune) (string, bool) {
	switch {
	case hasPrefix(r, "ال"), hasPrefix(r, "لل"):
		return string(r[2:]), true
	case len(r) > 3 && strings.ContainsRune("وفبكل", r[0]) && hasPrefix(r[1:], "ال"):
		return string(r[3:]), true
	}
	return "", false
}

// hasArticle reports whether an Arabic word has the article, after a
// one-letter proclitic or none (الروس, والتخوف, بالتخوف, للتخوف).
func hasArticle(r []rune) bool {
	_, ok := afterArticle(r)
	return ok
}

// nearArticleWord reports whether a Latin word of five letters or more
// is one edit from a word of the article's translation with the same
// first letter: a misspelling, too short for closeWords, of a word it has
// ("Russa"). Shorter names are too near too many words: Iran is one edit
// from ran, OPEC from open.
func (e *Engine) nearArticleWord(norm string) bool {
	r := []rune(norm)
	if len(r) < 5 || !isLatinWord(r) {
		return false
	}
	scratch := make([]int, 2*(len(r)+2))
	for l := len(r) - 1; l <= len(r)+1; l++ {
		for _, w := range e.an.byLen[l] {
			if isLatinWord(w) && w[0] == r[0] && withinEdits(r, w, 1, scratch) {
				return true
			}
		}
	}
	return false
}

// looksLikeVerb reports whether a word has the shape of a verb: a present
// tense prefix (يحمي, تدير, نفهم), the dialect present (بيضخ, بتقدر), the
// future (سيكون), or a short past tense with a feminine ت (رجعت, وصلت);
// in English, an -ing or -ed form.
func looksLikeVerb(r []rune) bool {
	if isLatinWord(r) {
		// English participles and past tenses: going, sticks to, closed,
		// agreed; not speed, greed or breed.
		w := string(r)
		noun := len(r) == 5 && strings.HasSuffix(w, "eed")
		return len(r) >= 5 && !noun && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed"))
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
func (e *Engine) addWordTerms(w *queryWord, norm string) {
	rs := e.readings(norm)
	add := func(term string, boost float64) {
		if e.termDF(term) > 0 {
			w.terms[term] = max(w.terms[term], boost)
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
	if e.authorWords[norm] {
		// Her name stands for the author, as "the author" does: the
		// byline, which names her, and no paragraph of her own words
		// ("what does Kassenova think of the sanctions").
		add(bylineTerm, boostWord)
		return
	}
	for _, r := range rs {
		add(r, boostWord)
	}
	for _, id := range e.an.lx.groupsOf(rs) {
		add(groupTerm(id), boostGroup)
	}
	for _, target := range e.an.lx.meansOf(rs) {
		if t, ok := e.meaningTerm(target); ok {
			add(t, boostMeans)
		}
	}
	// A variant of an entity's name that the article does not write (EU,
	// Tokaev, امريكا) names the entity as exactly as its own names do, so
	// it finds them, in either script, as they are: not at a synonym's
	// discount, and through the dictionary too, which has few names. A
	// word the article has (Russian, Kazakh) is left to its own reading.
	if ids := e.lookupIn(e.names.full, norm, true); len(ids) > 0 && !slices.ContainsFunc(rs, e.hasTerm) {
		for _, id := range ids {
			ent := e.article.Meta.Entities[id]
			for _, name := range slices.Concat(ent.Names.AR, ent.Names.EN) {
				if t, ok := e.meaningTerm(Normalize(name)); ok {
					add(t, boostWord)
				}
			}
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
		for _, t := range e.closeWords(append([]string{norm}, rs...)) {
			add(t, boostFuzzy)
		}
	}
	if r := rootTerm(norm); r != "" {
		add(r, boostRoot)
	}
}

// hasTerm reports whether the article has a term.
func (e *Engine) hasTerm(t string) bool { return e.termDF(t) > 0 }

// meaningTerm is the index term of a lexicon meaning: the known reading
// of its word, or the conjunctive term of its words' known readings. It
// fails when the article lacks one of the words.
func (e *Engine) meaningTerm(meaning string) (string, bool) {
	words := strings.Fields(meaning)
	parts := make([]string, 0, len(words))
	for _, w := range words {
		t, ok := e.knownReading(e.readings(w))
		if !ok {
			return "", false
		}
		parts = append(parts, t)
	}
	if len(parts) == 1 {
		return parts[0], true
	}
	return allTerm(parts), true
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
	minFuzzyLen  = 6  // letters for one edit
	minFuzzy2Len = 9  // letters for two
	maxFuzzyLen  = 30 // no word is longer; a longer string is not worth the comparisons
)

// withinEdits reports whether a and b are at most k edits (insertions,
// deletions, substitutions) apart. It fills only the band of the
// Levenshtein table within k of its diagonal and stops as soon as a row
// exceeds k: most pairs are rejected after a few letters.
//
// scratch, when it holds 2·(len(b)+1) ints, saves allocating the rows.
func withinEdits(a, b []rune, k int, scratch []int) bool {
	if abs(len(a)-len(b)) > k {
		return false
	}
	n := len(b)
	over := k + 1 // any distance past k
	if len(scratch) < 2*(n+1) {
		scratch = make([]int, 2*(n+1))
	}
	prev, cur := scratch[:n+1], scratch[n+1:2*(n+1)]
	for j := range prev {
		prev[j] = min(j, over)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(n, i+k)
		cur[0] = min(i, over)
		cur[lo-1] = min(cur[lo-1], over)
		if lo > 1 {
			cur[lo-1] = over
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			d := prev[j-1]
			if a[i-1] != b[j-1] {
				d++
			}
			d = min(d, prev[j]+1, cur[j-1]+1, over)
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if hi < n {
			cur[hi+1] = over
		}
		if rowMin > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[n] <= k
}

// closeWords finds readings of the article's words within one edit of a
// reading of the word (two for long words): misspelled names and words.
func (e *Engine) closeWords(readings []string) []string {
	var out []string
	for _, r := range readings {
		rr := []rune(r)
		if len(rr) < minFuzzyLen || len(rr) > maxFuzzyLen || !isArabicWord(rr) && !isLatinWord(rr) {
			continue
		}
		scratch := make([]int, 2*(len(rr)+3))
		for l := max(len(rr)-2, minFuzzyLen-1); l <= len(rr)+2; l++ {
			// Two edits when either word is long: a name misspelled
			// short by two letters (نوفوروسك for نوفوروسيسك) is as
			// near as one misspelled long.
			limit := 1
			if max(len(rr), l) >= minFuzzy2Len {
				limit = 2
			}
			if abs(l-len(rr)) > limit {
				continue
			}
			for _, tr := range e.an.byLen[l] {
				if !withinEdits(rr, tr, limit, scratch) {
					continue
				}
				term := string(tr)
				if isLatinWord(tr) {
					term = englishStem(term) // the translation is indexed by stems
				}
				if e.df[term] > 0 {
					out = appendUnique(out, term)
				}
			}
		}
		if len(out) > 0 {
			break
		}
	}
	slices.Sort(out)
	return out
}
