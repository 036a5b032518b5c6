package retrieval

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/maqal/maqal/corpus"
)

// Excerpt is one sentence of a paragraph, verbatim, with its English.
type Excerpt struct {
	Paragraph int
	// Text is the sentence: the paragraph's text at Span.
	Text string
	Span Span
	// Mark is the part of the paragraph the excerpt was taken for (a name,
	// an event's anchor), inside Span.
	Mark Span
	// Translation is the English of the sentence, or of the whole
	// paragraph when its sentences do not line up with the Arabic; "" when
	// the corpus has no translation.
	Translation string
}

// Excerpt returns the sentence of paragraph n that holds mark (byte
// offsets into the paragraph's text), and false when there is no such
// paragraph or mark is not inside it.
func (e *Engine) Excerpt(n int, mark Span) (Excerpt, bool) {
	if n < 0 || n >= len(e.paras) {
		return Excerpt{}, false
	}
	para := e.article.Paragraphs[n]
	if mark.Start < 0 || mark.Start > mark.End || mark.End > len(para.Text) {
		return Excerpt{}, false
	}
	sents := e.paras[n].sentences
	first, last := -1, -1
	for i, s := range sents {
		if first < 0 && mark.Start < s.End {
			first = i
		}
		if mark.End > s.Start {
			last = i
		}
	}
	ex := Excerpt{Paragraph: n, Mark: mark, Span: Span{0, len(para.Text)}, Translation: para.Translation}
	if first >= 0 && last >= first {
		ex.Span = Span{sents[first].Start, sents[last].End}
		if en := Sentences(para.Translation); len(en) == len(sents) {
			ex.Translation = para.Translation[en[first].Start:en[last].End]
		}
	}
	ex.Text = para.Text[ex.Span.Start:ex.Span.End]
	return ex, true
}

// Entities returns the people, organisations and places of the article's
// annotations, in the order of the file.
func (e *Engine) Entities() []corpus.Entity { return e.article.Meta.Entities }

// Mentions returns, for entity i of Entities, the first sentence of each
// paragraph that names it, in reading order.
func (e *Engine) Mentions(i int) []Excerpt {
	if i < 0 || i >= len(e.mentions) {
		return nil
	}
	return e.mentions[i]
}

// LookupEntity finds the entities a reader means by name: any of their
// names or variants, in either script and any case, with Arabic prefixes
// (لبوتين) and a single word of a longer name (Tokayev, جومارت) allowed.
// When nothing matches, closest holds up to three entities whose names
// are spelt nearly so.
func (e *Engine) LookupEntity(name string) (found, closest []int) {
	key := lookupKey(name)
	if key == "" {
		return nil, nil
	}
	if ids := e.namedBy(key); len(ids) > 0 {
		return ids, nil
	}
	return nil, e.closestEntities(key)
}

// namedBy returns the entities that a lookup key names exactly: a whole
// name or variant, or one word of a longer name, in any of its readings.
func (e *Engine) namedBy(key string) []int {
	if ids := e.fullyNamedBy(key); len(ids) > 0 {
		return ids
	}
	return e.lookupIn(e.names.word, key, false)
}

// fullyNamedBy returns the entities of which a lookup key is a whole
// name or variant, as written or in any of its readings: not the one
// word of a longer name (جامعة of جامعة هارفارد, union of the European
// Union), which a reader may use for another.
func (e *Engine) fullyNamedBy(key string) []int {
	return e.lookupIn(e.names.full, key, true)
}

// lookupIn looks a key up in names: as written when asWritten says so,
// else, for a single word, in any of its readings.
func (e *Engine) lookupIn(names map[string][]int, key string, asWritten bool) []int {
	if ids := names[key]; asWritten && len(ids) > 0 {
		return ids
	}
	if strings.Contains(key, " ") {
		return nil
	}
	for _, r := range e.readings(key) {
		if ids := names[r]; len(ids) > 0 {
			return ids
		}
	}
	return nil
}

// maxNameWords is the most words of a name that readEntities reads as
// one.
const maxNameWords = 4

// questionEntities are the entities a question names, and the one whose
// response or view it asks about, if any.
type questionEntities struct {
	named map[int]bool
	// responder is the entity named next to a word that asks how someone
	// responded, what they think or what they said ("ما موقف الصين", "how
	// did Putin respond", "Beijing's reaction", "what did Putin say"), or
	// -1.
	responder int
	// unnamed says that the question asks for the name of something the
	// article mentions but never names (see properName): "ما اسم خط
	// أنابيب النفط", "what is the name of the pipeline"; called that it
	// asks so with a word that asks what it is called ("what is the
	// pipeline called"), which asks for a name without a name word.
	unnamed, called bool
	// fact says that it asks whether something really happened (see
	// Lexicon.asksFact), read here with the same words.
	fact bool
	// avoids says that it has a word of avoiding (bypass, يتجاوز): it
	// asks what something avoids (see namesGiven).
	avoids bool
}

// responderReach is how many words from a word of response its
// responder may stand on the side where the language puts it;
// responderBack how many on the other.
const (
	responderReach = 3
	responderBack  = 2
)

// readEntities finds the entities a question names, by any of their
// whole names or variants in either script, and its responder: the
// entity nearest a word of response, looked for first where the
// language puts the one who responds, after the word in Arabic (رد
// بوتين, موقف الصين) and before it in English (how did Putin respond,
// Beijing's reaction), then on the other side.
func (e *Engine) readEntities(text string) questionEntities {
	var words []string
	toks := Tokenize(StripTags(text))
	for _, t := range toks {
		if runeLen(t.Norm) > 1 {
			words = append(words, t.Norm)
		}
	}
	qe := questionEntities{named: map[int]bool{}, responder: -1, fact: e.an.lx.asksFact(toks),
		avoids: slices.ContainsFunc(toks, func(t Token) bool { return e.an.lx.isLiteral(classAvoids, t.Norm) })}
	at := make([]int, len(words)) // the entity whose name holds each word, or -1
	for i := range at {
		at[i] = -1
	}
	for i := 0; i < len(words); i++ {
		for n := min(maxNameWords, len(words)-i); n >= 1; n-- {
			ids := e.fullyNamedBy(strings.Join(words[i:i+n], " "))
			if len(ids) == 0 {
				continue
			}
			for _, id := range ids {
				qe.named[id] = true
			}
			for j := i; j < i+n; j++ {
				at[j] = ids[0]
			}
			i += n - 1
			break
		}
		if at[i] < 0 && e.author >= 0 && (e.an.lx.isLiteral(classAuthor, words[i]) || e.an.lx.isLiteral(classArticleNoun, words[i])) {
			// "what does the author think", "how many countries does
			// the article say the EU has": her view, which every
			// paragraph gives.
			at[i] = e.author
		}
		if at[i] < 0 {
			at[i] = e.standsFor(words[i])
		}
	}
	qe.unnamed, qe.called = e.asksUnnamed(words, at)
	for i, w := range words {
		if !e.an.lx.isLiteral(classResponse, w) {
			continue
		}
		ahead, back := 1, -1 // Arabic: after the word first
		sides := []struct{ dir, reach int }{{ahead, responderReach}, {back, responderBack}}
		switch {
		case isLatinWord([]rune(w)):
			sides[0].dir, sides[1].dir = -1, 1
		case i+1 < len(words) && e.an.lx.isLiteral(classReportedThat, words[i+1]):
			// An Arabic verb of saying whose next word opens what was
			// said: "بوتين قال إن الغرب…" is Putin's, and what follows
			// is said, not who says it.
			sides = sides[:1]
			sides[0].dir = back
		}
		for _, side := range sides {
			for d := 1; d <= side.reach && qe.responder < 0; d++ {
				if j := i + side.dir*d; j >= 0 && j < len(at) && at[j] >= 0 {
					qe.responder = at[j]
				}
			}
		}
		if qe.responder >= 0 {
			break
		}
	}
	return qe
}

// asksUnnamed reports whether a word for a name in words asks for the
// name of an entity with no name of its own (at gives the entity each
// word names, or -1). Either the words after it name one, past stop
// words and, in English, an "of" first: "ما اسم خط أنابيب النفط", "the
// name of the pipeline that…"; an English name followed by a noun is
// that noun's modifier ("the name of the court's city" asks for a
// city's). Or, in English, the word before it does, past modifiers, with
// no object after it: "the pipeline's official name", not "did the court
// name the pipeline". A word that asks what something is called (called,
// يسمى) counts as a name word: after its entity in English, at the end
// ("what is the pipeline called"), before it in Arabic ("ماذا يسمى خط
// الأنابيب"). The article cannot give that name, whatever else the
// paragraph it quotes names; but "the names of the court and the port"
// asks for one it gives too.
func (e *Engine) asksUnnamed(words []string, at []int) (asks, called bool) {
	lx := e.an.lx
	unnamed := func(j int) bool { return j >= 0 && j < len(at) && at[j] >= 0 && !e.proper[at[j]] }
	onlyStops := func(ws []string) bool {
		return !slices.ContainsFunc(ws, func(w string) bool { return !lx.isQuestionStop(w) })
	}
	for i, w := range words {
		called = lx.isLiteral(classCalled, w)
		if !called && !lx.isLiteral(classAsksName, w) {
			continue
		}
		latin := isLatinWord([]rune(w))
		before := i - 1
		for before >= 0 && lx.isLiteral(classNameModifier, words[before]) {
			before--
		}
		if latin && called {
			// "what is the pipeline called?"; not "the pipeline called
			// for…" nor "what did Tokayev call it".
			if before >= 0 && lx.isQuestionStop(words[before]) {
				before-- // "what is the court called"
			}
			if unnamed(before) && onlyStops(words[i+1:]) {
				return true, called
			}
			continue
		}
		if latin && unnamed(before) && (i+1 == len(words) || lx.isQuestionStop(words[i+1]) && !objectAhead(lx, words[i+1])) {
			// "the pipeline's name?"; not the verb of "did the court
			// name the pipeline".
			return true, called
		}
		j := i + 1
		if latin && (j == len(words) || words[j] != "of" && words[j] != "for") {
			continue // "name the pipeline" names it
		}
		for j < len(words) && at[j] < 0 && (lx.isQuestionStop(words[j]) || lx.isLiteral(classNameModifier, words[j])) {
			j++
		}
		if j < len(words) && at[j] < 0 && e.nameWordKind(words[j]) == anyAnswer && !e.authorNoun(words[j]) {
			// "ما اسم العاصفة", "the name of the storm": a thing the
			// article mentions, with no name beside it anywhere.
			if in, named := e.namedThing(words[j]); in && !named {
				return true, called
			}
		}
		if !unnamed(j) {
			continue
		}
		end := j
		for end < len(words) && at[end] == at[j] {
			end++
		}
		if latin && end < len(words) && words[end] == "and" && e.namesProper(words[end+1:], at[end+1:]) {
			// "the names of the court and the port": the port's the
			// article gives.
			continue
		}
		if !latin || end == len(words) || lx.isQuestionStop(words[end]) {
			return true, called
		}
	}
	return false, false
}

// namesProper reports whether the first word of words that is not a
// stop word names an entity with a name of its own (at gives the entity
// each word names, or -1).
func (e *Engine) namesProper(words []string, at []int) bool {
	for j, w := range words {
		if !e.an.lx.isQuestionStop(w) {
			return at[j] >= 0 && e.proper[at[j]]
		}
	}
	return false
}

// objectAhead reports whether an English word opens a noun phrase, as
// the object of a verb does: "name the pipeline", "name a judge".
func objectAhead(lx *Lexicon, w string) bool {
	return w == "the" || lx.isLiteral(classIndefinite, w)
}

// standsFor is the entity with a name of its own that a word stands for
// through the lexicon's meanings (Biden and Washington for the United
// States, the Kremlin for Russia), or -1. Entities without one are left
// out: قضية (a case) means the court for ranking, but "ما رأي الكاتبة في
// قضية السيادة" asks no court's view. It counts toward whose response a
// question asks about ("what does Biden think"), not as naming the
// entity: "who leads the Kremlin" asks for the name the word stands in
// for.
func (e *Engine) standsFor(word string) int {
	for _, target := range e.an.lx.meansOf(append([]string{lexiconKey(word)}, e.readings(word)...)) {
		for _, id := range e.fullyNamedBy(target) {
			if e.proper[id] {
				return id
			}
		}
	}
	return -1
}

// onlySomeone reports whether a question's words name only someone and
// what they are, and other entities: "متى صار توكاييف رئيس لكازاخستان",
// "since when is Tokayev president". Asked when, such a question asks
// when what they are began, which the sentences that name them do not
// date: "this month" is when Tokayev assured the EU's leaders.
//
// A word for what they are (رئيس, president) must be among the words:
// "متى كان توكاييف في سانت بطرسبرغ" asks when he was there, which the
// forum's June answers.
func (e *Engine) onlySomeone(words []queryWord) bool {
	person, role := false, false
	for _, w := range words {
		ids := e.namedBy(w.norm)
		if len(ids) == 0 {
			if id := e.standsFor(w.norm); id >= 0 {
				ids = []int{id}
			}
		}
		switch {
		case slices.ContainsFunc(ids, func(id int) bool { return e.article.Meta.Entities[id].Kind == corpus.KindPerson }):
			person = true
		case e.an.lx.isLiteral(classPerson, w.norm):
			role = true
		case len(ids) > 0:
		default:
			return false
		}
	}
	return person && role
}

// heardIn reports whether sentences first to last of paragraph n name
// entity id as someone who can have responded: by more than an adjective
// (see adjectival), and not as whom a person acted on (see findHeard).
// The article's author speaks in all of them.
func (e *Engine) heardIn(n, first, last, id int) bool {
	if id == e.author {
		return true
	}
	p := &e.paras[n]
	for si := first; si <= last && si < len(p.sentHeard); si++ {
		if slices.Contains(p.sentHeard[si], id) {
			return true
		}
	}
	return false
}

// properName reports whether an entity has a name of its own, one that
// answers a question asking for a name: its English name is capitalised
// (Tokayev, the Davis Center, Novorossiysk; not the court or the oil
// pipeline, which the annotations list for /who but which are not named).
// An entity with no English name counts as named.
func properName(ent corpus.Entity) bool {
	if len(ent.Names.EN) == 0 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(ent.Names.EN[0])
	return !unicode.IsLower(r)
}

// nameKind is the kind of name an entity of the given kind gives.
func nameKind(kind string) answerKinds {
	switch kind {
	case corpus.KindPerson:
		return personName
	case corpus.KindOrganisation:
		return organisationName
	case corpus.KindPlace:
		return placeName
	}
	return 0
}

// someoneElse reports whether sentences first to last of paragraph n
// tell of another person than the one the question asks about: they name
// none of the people the question names (but the author, who speaks in
// all of them), and someone it does not name as more than the possessor
// of a place (see possessesPlace). "How many times did Tokayev
// use the word sovereignty" is not answered by the sentence that counts
// Putin's.
func (e *Engine) someoneElse(n, first, last int, named map[int]bool) bool {
	asked := false
	for id := range named {
		if id != e.author && e.article.Meta.Entities[id].Kind == corpus.KindPerson {
			asked = true
		}
	}
	if !asked {
		return false
	}
	other := false
	p := &e.paras[n]
	for si := first; si <= last && si < len(p.sentNames); si++ {
		for _, id := range p.sentNames[si] {
			if e.article.Meta.Entities[id].Kind != corpus.KindPerson || id == e.author {
				continue
			}
			if named[id] {
				return false
			}
			// "Putin's Russia" tells of no other person.
			other = other || slices.Contains(p.sentActors[si], id)
		}
	}
	return other
}

// namesGiven says what kinds of name sentences first to last of
// paragraph n give: those of the entities they name that have a name of
// their own and that the question does not name itself (named). "ما اسم
// القاضي" is not answered by a sentence whose only person is the one the
// question names. Unless the question asks what is avoided (avoids), a
// name the sentence gives only as what is avoided is none: "which
// countries does the corridor pass through" is not answered by
// "bypassing Russia", "which country does it bypass" is.
func (e *Engine) namesGiven(n, first, last int, named map[int]bool, avoids bool) answerKinds {
	var k answerKinds
	p := &e.paras[n]
	given := p.sentGiven
	if avoids {
		given = p.sentNames
	}
	for si := first; si <= last && si < len(given); si++ {
		for _, id := range given[si] {
			if !named[id] && e.proper[id] {
				k |= nameKind(e.article.Meta.Entities[id].Kind)
			}
		}
	}
	return k
}

// maxLookupLen is the longest name worth comparing letter by letter.
const maxLookupLen = 60

func (e *Engine) closestEntities(key string) []int {
	n := runeLen(key)
	if n > maxLookupLen {
		return nil
	}
	limit := max(1, n/3)
	dist := map[int]int{}
	consider := func(keys map[string][]int) {
		for k, ids := range keys {
			if abs(runeLen(k)-n) > limit {
				continue
			}
			d := levenshtein.ComputeDistance(key, k)
			if d > limit {
				continue
			}
			for _, id := range ids {
				if old, ok := dist[id]; !ok || d < old {
					dist[id] = d
				}
			}
		}
	}
	consider(e.names.full)
	consider(e.names.word)
	out := make([]int, 0, len(dist))
	for id := range dist {
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b int) int {
		return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b))
	})
	return out[:min(len(out), 3)]
}

// nameIndex maps the lookup keys of the entities' names to the entities.
type nameIndex struct {
	// full holds whole names and variants; word the single words of
	// longer names, which a reader often uses alone.
	full, word map[string][]int
}

// lookupKey folds a name for lookup: normalized, in lower case, words
// joined by one space, with one-letter words (the s of Tokayev's)
// dropped.
func lookupKey(name string) string {
	var words []string
	for _, t := range Tokenize(StripTags(name)) {
		if runeLen(t.Norm) > 1 {
			words = append(words, t.Norm)
		}
	}
	return strings.Join(words, " ")
}

// minNameWord is the fewest letters a word of a name needs to find the
// entity alone.
const minNameWord = 4

func (e *Engine) indexNames() {
	e.names = nameIndex{full: map[string][]int{}, word: map[string][]int{}}
	for i, ent := range e.article.Meta.Entities {
		all := slices.Concat(ent.Names.AR, ent.Names.EN, ent.Variants)
		for _, n := range all {
			k := lookupKey(n)
			if k == "" {
				continue
			}
			e.names.full[k] = appendUnique(e.names.full[k], i)
			if !strings.Contains(k, " ") {
				continue
			}
			for _, w := range strings.Fields(k) {
				if runeLen(w) >= minNameWord && !e.an.lx.isStop(w) {
					e.names.word[w] = appendUnique(e.names.word[w], i)
				}
			}
		}
	}
}

// findMentions finds the paragraphs that name each entity, and fails on
// an Arabic name that occurs nowhere: a name that finds nothing is a typo
// in the annotations. It also records the sentences that name each
// entity (see findSentenceNames), which entities have a name of their own
// (properName), and which of them is the author, named in the
// annotations' author field.
func (e *Engine) findMentions() error {
	e.mentions = make([][]Excerpt, len(e.article.Meta.Entities))
	author := lookupKey(e.article.Meta.Author)
	for n := range e.paras {
		e.paras[n].sentNames = make([][]int, len(e.paras[n].sentences))
		e.paras[n].sentActors = make([][]int, len(e.paras[n].sentences))
		e.paras[n].sentGiven = make([][]int, len(e.paras[n].sentences))
	}
	texts := make([]compactText, len(e.paras))
	// The names of the entities with a name of their own, made keys
	// once: the court and the pipeline have none to stand beside.
	var nameKeys []string
	for _, ent := range e.article.Meta.Entities {
		if properName(ent) {
			for _, name := range slices.Concat(ent.Names.AR, ent.Names.EN, ent.Variants) {
				nameKeys = append(nameKeys, compactKey(name))
			}
		}
	}
	e.beside = map[string]bool{}
	for n, p := range e.article.Paragraphs {
		texts[n] = newCompactText(p.Text)
		for _, c := range []compactText{texts[n], newCompactText(p.Translation)} {
			var spans []Span
			for _, key := range nameKeys {
				spans = append(spans, c.findCompact(key)...)
			}
			e.markBeside(c.toks, spans)
		}
	}
	for i, ent := range e.article.Meta.Entities {
		first := map[int]Span{}
		for _, name := range ent.Names.AR {
			found := false
			for n := range texts {
				for _, sp := range texts[n].find(name) {
					found = true
					if old, ok := first[n]; !ok || sp.Start < old.Start {
						first[n] = sp
					}
				}
			}
			if !found {
				return fmt.Errorf("%s/%s:%d: entity %s: Arabic name %q occurs nowhere in the article (names are matched as the text writes them; put other spellings in variants)",
					e.article.Source, corpus.AnnotationsFile, ent.Line, ent.ID, name)
			}
		}
		for _, n := range slices.Sorted(maps.Keys(first)) {
			if ex, ok := e.Excerpt(n, first[n]); ok {
				e.mentions[i] = append(e.mentions[i], ex)
			}
		}
		e.proper = append(e.proper, properName(ent))
		e.findSentenceNames(i, texts)
		if e.author < 0 && slices.ContainsFunc(slices.Concat(ent.Names.AR, ent.Names.EN), func(name string) bool {
			return strings.Contains(" "+author+" ", " "+lookupKey(name)+" ")
		}) {
			e.author = i
		}
	}
	for n := range e.paras {
		e.findHeard(n, e.article.Paragraphs[n].Text, texts[n].toks)
	}
	e.surface = map[string]bool{}
	for _, p := range e.paras {
		for _, t := range slices.Concat(p.tokens, p.enTokens) {
			surfaceKeys(t.Norm, func(k string) bool {
				e.surface[k] = true
				return true
			})
		}
	}
	e.authorWords = map[string]bool{}
	if e.author >= 0 {
		// Only the words of her name that are nothing else: not a stop
		// word ("Will" of Will Young), nor a word of the article's body
		// ("Black" of Mark Black, beside the Black Sea).
		body := map[string]bool{}
		for _, p := range e.paras[1:] {
			for _, t := range slices.Concat(p.tokens, p.enTokens) {
				body[t.Norm] = true
			}
		}
		ent := e.article.Meta.Entities[e.author]
		for _, name := range slices.Concat(ent.Names.AR, ent.Names.EN, ent.Variants) {
			for _, t := range Tokenize(name) {
				if runeLen(t.Norm) > 1 && !e.an.lx.isStop(t.Norm) && !body[t.Norm] {
					e.authorWords[t.Norm] = true
				}
			}
		}
	}
	return nil
}

// findSentenceNames records in each sentence that names entity i, by any
// of its names or variants, that it does.
func (e *Engine) findSentenceNames(i int, texts []compactText) {
	ent := e.article.Meta.Entities[i]
	for n := range texts {
		p := &e.paras[n]
		for _, name := range slices.Concat(ent.Names.AR, ent.Variants) {
			primary := slices.Contains(ent.Names.AR, name)
			for _, sp := range texts[n].find(name) {
				actor, adjective := true, false
				if at, ok := texts[n].adjectival(sp, name, primary); ok {
					actor, adjective = e.qualifiesAgent(texts[n].toks, at), true
				}
				if ent.Kind == corpus.KindPerson && e.possessesPlace(texts[n].toks, sp) {
					actor = false
				}
				// An adjective (النفط الكازاخستاني) does not give the
				// name, and a name after a word of avoiding gives it
				// only as what is avoided.
				given := !adjective && !e.avoidedAt(texts[n].toks, sp)
				if actor {
					p.actorMentions = append(p.actorMentions, actorMention{sp, i, adjective})
				}
				for si, s := range p.sentences {
					if sp.Start >= s.Start && sp.Start < s.End {
						p.sentNames[si] = appendUnique(p.sentNames[si], i)
						if actor {
							p.sentActors[si] = appendUnique(p.sentActors[si], i)
						}
						if given {
							p.sentGiven[si] = appendUnique(p.sentGiven[si], i)
						}
					}
				}
			}
		}
	}
}

// actorMention is where a paragraph names an entity as an actor (see
// findSentenceNames).
type actorMention struct {
	span      Span
	id        int
	adjective bool
}

// findHeard records in each sentence of paragraph n the entities it
// names as someone who can have responded (see heardIn): its actors, but
// for an organisation or a place that a clause (cut at commas and
// sentence ends) names after a person who stands first among its actors.
// "طمأن رئيس كازاخستان قاسم جومارت توكاييف قادة الاتحاد الأوروبي" tells
// what Tokayev did; the EU's leaders are whom he assured, and nothing
// they answered. A place right before the person is the person's title
// (رئيس كازاخستان قاسم جومارت توكاييف). A place or an organisation first
// leaves the rest heard ("may anger Moscow" tells how Moscow may react),
// and so does an adjective, which is the person's own side ("instructed
// the Kazakh government"). The byline acts on no one: all it names are
// heard.
func (e *Engine) findHeard(n int, text string, toks []Token) {
	p := &e.paras[n]
	p.sentHeard = make([][]int, len(p.sentences))
	ms := slices.SortedFunc(slices.Values(p.actorMentions), func(a, b actorMention) int { return cmp.Compare(a.span.Start, b.span.Start) })
	p.actorMentions = nil // needed no more
	if p.has(bylineTerm) {
		copy(p.sentHeard, p.sentActors)
		return
	}
	kind := func(m actorMention) string { return e.article.Meta.Entities[m.id].Kind }
	for _, c := range clausesWith(text, toks, true, func(int) bool { return true }) {
		var in []actorMention
		for _, m := range ms {
			if m.span.Start >= c.Start && m.span.Start < c.End {
				in = append(in, m)
			}
		}
		subject := -1 // the index in in of a person standing first
		switch {
		case len(in) > 0 && kind(in[0]) == corpus.KindPerson:
			subject = 0
		case len(in) > 1 && kind(in[0]) == corpus.KindPlace && kind(in[1]) == corpus.KindPerson &&
			tokensBetween(toks, in[0].span, in[1].span) <= titleGap:
			subject = 1
		}
		for j, m := range in {
			if subject >= 0 && j != subject && kind(m) != corpus.KindPerson && !m.adjective && m.id != in[subject].id &&
				m.span.Start > in[subject].span.Start {
				continue // whom the person acted on
			}
			for si, s := range p.sentences {
				if m.span.Start >= s.Start && m.span.Start < s.End {
					p.sentHeard[si] = appendUnique(p.sentHeard[si], m.id)
				}
			}
		}
	}
}

// titleGap is how many words may stand between a place and the name of
// the person it is the title of: the first names of "رئيس كازاخستان قاسم
// جومارت توكاييف", which the annotations name by his surname.
const titleGap = 2

// tokensBetween counts the tokens of toks that lie between spans a and b.
func tokensBetween(toks []Token, a, b Span) int {
	n := 0
	for _, t := range toks {
		if t.Start >= a.End && t.End <= b.Start {
			n++
		}
	}
	return n
}

// besideReach is how many words, stop words aside, from a name a word
// stands beside it: "نوفوروسيسك – ميناء روسيا", "Novorossiysk, Russia's
// Black Sea port", "منتدى سانت بطرسبرغ".
const besideReach = 3

// markBeside records the readings of the words of toks that stand beside
// one of the names at spans.
func (e *Engine) markBeside(toks []Token, spans []Span) {
	var content []int // indexes of the tokens that are no stop words
	for i, t := range toks {
		if !e.an.lx.isStop(t.Norm) && runeLen(t.Norm) >= 2 {
			content = append(content, i)
		}
	}
	words := map[string]bool{} // each word beside a name once: readings cost
	for _, sp := range spans {
		first, last := -1, -1 // the name's first and last content words
		for k, i := range content {
			if toks[i].End > sp.Start && toks[i].Start < sp.End {
				if first < 0 {
					first = k
				}
				last = k
			}
		}
		if first < 0 {
			continue
		}
		for k := max(0, first-besideReach); k < min(len(content), last+besideReach+1); k++ {
			if t := toks[content[k]]; t.Start < sp.Start || t.End > sp.End {
				words[t.Norm] = true
			}
		}
	}
	for w := range words {
		for _, r := range e.readings(w) {
			e.beside[r] = true
		}
	}
}

// namedThing reports whether a word of a question is a thing the
// article mentions and names: a word of the article that stands beside
// a name in it ("the port", ميناء, beside Novorossiysk). A word of the
// article that never does is a thing it leaves unnamed (العاصفة, the
// storm), and one it lacks is for the rest of the question to tell.
func (e *Engine) namedThing(word string) (inArticle, named bool) {
	surfaceKeys(word, func(k string) bool {
		inArticle = e.surface[k]
		return !inArticle
	})
	for _, r := range e.readings(word) {
		if e.beside[r] {
			return inArticle, true
		}
	}
	return inArticle, false
}

// avoidedAt reports whether the name at sp follows a word of avoiding
// (متجاوزًا روسيا, "bypassing Russia"; بعيدًا عن, "away from", past a
// preposition): the sentence names it as what something is not.
func (e *Engine) avoidedAt(toks []Token, sp Span) bool {
	i := slices.IndexFunc(toks, func(t Token) bool { return t.Start >= sp.Start })
	for j := i - 1; j >= max(0, i-2); j-- {
		if e.an.lx.isLiteral(classAvoids, toks[j].Norm) {
			return true
		}
		if !e.an.lx.isStop(toks[j].Norm) {
			break
		}
	}
	return false
}

// possessesPlace reports whether the person's name at sp follows the
// name of a place whose possessor it is: "روسيا بوتين", Putin's Russia,
// tells of Russia, not of anything Putin did or said.
func (e *Engine) possessesPlace(toks []Token, sp Span) bool {
	i := slices.IndexFunc(toks, func(t Token) bool { return t.Start >= sp.Start })
	if i < 1 {
		return false
	}
	for _, id := range e.lookupIn(e.names.full, lookupKey(toks[i-1].Norm), true) {
		if e.article.Meta.Entities[id].Kind == corpus.KindPlace {
			return true
		}
	}
	return false
}

// adjectival reports whether the mention of name at sp is an adjective
// made of it (a nisba), and which token it is: one word with the article
// that ends in ي or ية, longer than the name (الصينية, of الصين) or
// written so as a variant (الأوروبي, الروسية). "المبادرة الصينية", the
// Chinese initiative, names China but says nothing that China did or
// said. A primary name written so (السعودية) is the country itself, and
// a name of two words or more (الاتحاد الأوروبي) is a noun, whatever its
// last word.
func (c compactText) adjectival(sp Span, name string, primary bool) (at int, ok bool) {
	at, n := -1, 0
	for i, t := range c.toks {
		if t.Start >= sp.Start && t.End <= sp.End {
			at, n = i, n+1
		}
	}
	if n != 1 {
		return 0, false
	}
	tok := c.toks[at].Norm
	if !isNisba(tok) {
		return 0, false
	}
	return at, !strings.HasSuffix(tok, compactKey(name)) || !primary
}

// qualifiesAgent reports whether the adjective at token at qualifies
// those who act for a people: a noun for a person, an organisation, a
// state or an authority (الحكومة الكازاخية, النخبة السياسية
// الكازاخستانية, الدولة الكازاخستانية), found before it past other
// adjectives. Then the mention names someone who can have responded, as
// a name does.
func (e *Engine) qualifiesAgent(toks []Token, at int) bool {
	for i := at - 1; i >= 0; i-- {
		w := toks[i].Norm
		for _, c := range []string{classPerson, classOrganisation, classPlace, classAgent} {
			if e.an.lx.isLiteral(c, w) {
				return true // الدبلوماسية الصينية: an agent word of nisba form
			}
		}
		if !isNisba(w) {
			return false
		}
	}
	return false
}

// isNisba reports whether a normalized Arabic word is an adjective of
// relation with the article (الصينية, الأوروبي): see hasNisba.
func isNisba(w string) bool { return hasArticle([]rune(w)) && hasNisba(w) }

// hasNisba reports whether a normalized Arabic word ends as a singular
// nisba adjective does, in ي or ية (يه once normalized), with a stem of
// three letters or more: a plural (الصينيون, the Chinese) names people.
func hasNisba(w string) bool {
	for _, end := range []string{"يه", "ي"} {
		if strings.HasSuffix(w, end) && runeLen(w) > runeLen(end)+2 {
			return true
		}
	}
	return false
}

// compactText is a paragraph's normalized words written without spaces,
// so that a name is found however the text runs words together
// (المثالتصريحاتتوكاييف) or spaces a name.
type compactText struct {
	toks []Token
	// text is the tokens' normal forms run together; at[i] is where token
	// i starts in it.
	text string
	at   []int
}

func newCompactText(s string) compactText {
	c := compactText{toks: Tokenize(s)}
	var b strings.Builder
	for _, t := range c.toks {
		c.at = append(c.at, b.Len())
		b.WriteString(t.Norm)
	}
	c.text = b.String()
	return c
}

// namePrefixes are what Arabic writes onto the front of a name: the
// conjunctions, prepositions and the article, alone and combined.
var namePrefixes = map[string]bool{
	"و": true, "ف": true, "ب": true, "ل": true, "ك": true, "ال": true, "لل": true,
	"وال": true, "فال": true, "بال": true, "كال": true, "ولل": true, "فلل": true,
	"وب": true, "ول": true, "وك": true, "فب": true, "فل": true,
}

// minGluedPrefix is the fewest letters before a name, inside one written
// word, that read as another word glued to it rather than as part of a
// different word.
const minGluedPrefix = 3

// find returns the spans of the original text where name occurs: at the
// start of a word, after a prefix, or after another word glued on. A name
// with the article also matches after ل, which absorbs its alef
// (الحكومة, للحكومة).
func (c compactText) find(name string) []Span {
	return c.findCompact(compactKey(name))
}

// findCompact is find for a name already made a compact key.
func (c compactText) findCompact(key string) []Span {
	if key == "" {
		return nil
	}
	out := c.findKey(key, func(before string) bool {
		return before == "" || namePrefixes[before] || runeLen(before) >= minGluedPrefix
	})
	if rest, ok := strings.CutPrefix(key, "ال"); ok && rest != "" {
		out = append(out, c.findKey(rest, func(before string) bool {
			return before == "لل" || before == "ولل" || before == "فلل"
		})...)
	}
	slices.SortFunc(out, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	return slices.Compact(out)
}

// compactKey is a name's normalized words run together, as compactText
// holds them.
func compactKey(name string) string {
	var b strings.Builder
	for _, t := range Tokenize(name) {
		b.WriteString(t.Norm)
	}
	return b.String()
}

// findKey returns the spans where key occurs after what the token
// holding its start has before it, when ok accepts that.
func (c compactText) findKey(key string, ok func(before string) bool) []Span {
	var out []Span
	for from := 0; from < len(c.text); {
		j := strings.Index(c.text[from:], key)
		if j < 0 {
			break
		}
		at := from + j
		from = at + 1
		ti := sort.Search(len(c.at), func(i int) bool { return c.at[i] > at }) - 1
		end := sort.Search(len(c.at), func(i int) bool { return c.at[i] >= at+len(key) }) - 1
		if !ok(c.toks[ti].Norm[:at-c.at[ti]]) {
			continue
		}
		out = append(out, Span{c.toks[ti].Start, c.toks[end].End})
	}
	return out
}

// DatedSentences returns the sentences of the body that name a month (in
// either Arabic naming, or in English), a year or a day of the week, in
// reading order, each marking its first such word: a timeline found
// without annotations.
func (e *Engine) DatedSentences() []Excerpt {
	var out []Excerpt
	for n := 1; n < len(e.paras); n++ {
		p := &e.paras[n]
		for si, s := range p.sentences {
			if p.sentKinds[si]&dateKind == 0 {
				continue
			}
			mark := s
			for _, t := range Tokenize(e.article.Paragraphs[n].Text[s.Start:s.End]) {
				if e.an.lx.kindsOf(t.Norm)&dateKind != 0 {
					mark = Span{s.Start + t.Start, s.Start + t.End}
					break
				}
			}
			if ex, ok := e.Excerpt(n, mark); ok {
				out = append(out, ex)
			}
		}
	}
	return out
}
