package retrieval

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
)

// The Arabic lexicon: general knowledge of the language, kept as data.
// lexicon.ar.txt holds the function words, the article-structure classes
// and the names; lexicon.words.ar.txt the word families, synonyms and
// dialect words of the article's vocabulary; lexicon.dialects.ar.txt
// everyday dialect words and their Modern Standard equivalents;
// lexicon.en.txt the English synonyms and the names in both scripts;
// lexicon.synonyms.*.txt the synonyms of the article's content words,
// paragraph by paragraph, in each language. See ParseLexicon for the
// format.
//
//go:embed lexicon.ar.txt lexicon.words.ar.txt lexicon.dialects.ar.txt lexicon.en.txt lexicon.synonyms.ar.txt lexicon.synonyms.en.txt
var lexiconFiles embed.FS

// lexiconNames are the lexicon files, in the order they are read.
var lexiconNames = []string{"lexicon.ar.txt", "lexicon.words.ar.txt", "lexicon.dialects.ar.txt", "lexicon.en.txt", "lexicon.synonyms.ar.txt", "lexicon.synonyms.en.txt"}

// DefaultLexicon parses the built-in Arabic lexicon.
func DefaultLexicon() (*Lexicon, error) {
	lx := newLexicon()
	for _, name := range lexiconNames {
		b, err := lexiconFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if err := lx.parse(string(b)); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return lx, nil
}

// Lexicon holds word knowledge that light stemming cannot derive: stop
// words (with the dialect question words), groups of words that mean the
// same (broken plurals, synonyms, spelling variants of names), one-way
// readings (a capital standing for its country's government) and the words
// that ask who wrote the article.
type Lexicon struct {
	stop map[string]bool
	// group maps a word key (see lexiconKey) to the groups it belongs to.
	group map[string][]int
	// means maps a word key to the words a reader means by it.
	means map[string][]string
	// phrases are the multi-word expressions and what they stand for.
	phrases []phrase
	// sets holds, for each word class below, the keys of its words.
	sets   map[string]map[string]bool
	groups int
}

// Word classes of the lexicon besides stop, same and means.
const (
	// classByline words ask who wrote the article or who its author is;
	// the byline answers them.
	classByline = "byline"
	// classLede words ask what the article is about; its first body
	// paragraph, the lede, answers them.
	classLede = "lede"
	// classConclusion words ask what the article concludes; its last
	// paragraph answers them.
	classConclusion = "conclusion"
	// classLedeAlone and classConclusionAlone words ask about the lede
	// or the conclusion only when the question asks nothing else ("how
	// does the article end"); otherwise they are stop words ("how did the
	// war end").
	classLedeAlone       = "lede-alone"
	classConclusionAlone = "conclusion-alone"
	// classAsksNumber words ask for a number (كم, قديش): only a passage
	// with a number can answer.
	classAsksNumber = "asks-number"
	// classMeasure words name a measure whose value is a number (price,
	// share, نسبة, تكلفة): among a question's first words they ask for a
	// number as asks-number words do, but they also say what is measured,
	// so they stay words of the question ("the population of Kazakhstan"
	// asks about a population, which an article may never mention).
	// classDegree words are adjectives of degree (big, old) that ask the
	// same after a classAsksDegree word (how), unless a classIndefinite
	// word (a) follows: "how big a role" asks how much something matters.
	// See Engine.asksMeasure.
	classMeasure    = "measure"
	classDegree     = "degree"
	classAsksDegree = "asks-degree"
	classIndefinite = "indefinite"
	// classNumber words are numbers written out (تسع, مئات).
	classNumber = "number"
	// classAsksDuration words ask how long something lasted (مدة); a unit
	// of time (شهر) answers them as a number does.
	classAsksDuration = "asks-duration"
	// classDuration words are units of time.
	classDuration = "duration"
	// classLasts words are verbs of lasting (استمر, دام, lasted): after a
	// word that asks for a number they ask how long, as a unit of time
	// does ("كم استمر", "كم شهر", "how many months").
	classLasts = "lasts"
	// classAsksTime words ask when (متى, when): only a passage with an
	// expression of time can answer; classAsksDate words ask for a date
	// (تاريخ, date): only one with a month or a year can.
	classAsksTime = "asks-time"
	classAsksDate = "asks-date"
	// classAsksWhich words ask which one (أي, which): before a unit of
	// time they ask when ("في أي يوم", "which day"), and before a unit of
	// the calendar (classCalendar: سنة, month) for a date.
	classAsksWhich = "asks-which"
	classCalendar  = "calendar"
	// classYear words are the calendar's year (سنة, year): after an
	// asks-which word they ask for a year, which a month does not give
	// ("في أي سنة انعقد المنتدى" is not answered by "في يونيو").
	classYear = "year"
	// classAsksWho words ask who (من, who); classAsksName words ask for a
	// name (اسم, name). Before a word for a person (classPerson: قاضي,
	// leader) they ask for a person's name, before a word for an
	// organisation (classOrganisation: شركة, company) for an
	// organisation's, and before a word for a country (classPlace: دولة,
	// country) for a place's; an asks-which word does the same ("which
	// judge", "which countries"), and so does an Arabic asks-what word
	// (classAsksWhat: ما, شو) before its noun with only stop words
	// between ("ما هي الدول"; not "ما موقف الدول"). Only a passage that
	// names one the question does not can answer.
	classAsksWho  = "asks-who"
	classAsksName = "asks-name"
	// classNameModifier words say which name is asked for beside an
	// asks-name word (full, official, الكامل, الرسمي): "the full name of
	// the president" asks what "the name of the president" does.
	classNameModifier = "name-modifier"
	classPerson       = "person"
	classOrganisation = "organisation"
	classPlace        = "place"
	classAsksWhat     = "asks-what"
	// classResponse words ask how someone responded, what they think or
	// what they said (رد, موقف, قال, reaction, think, say): the one named
	// beside them must be named in the quote for it to answer (see
	// trace.unheard).
	classResponse = "response"
	// classAuthor words are nouns for the article's author (الكاتبة,
	// writer): beside a word that asks what the article says or
	// concludes they only frame the question ("the author's main
	// point"). classOutlook words say how hopeful someone is (متفائلة,
	// pessimistic): said of the author, they ask what the article
	// concludes ("is the author optimistic").
	// classWork words are verbs of working (works, تشتغل): said of the
	// author, they ask where she works, which the byline answers.
	classAuthor  = "author"
	classOutlook = "outlook"
	classWork    = "work"
	// classTime words say when, relatively (اليوم التالي, later);
	// classDate words name a month.
	classTime = "time"
	classDate = "date"
	// classAgent words are those who act for a people besides persons,
	// organisations and states (الحكومة, المحكمة, النخبة): an adjective
	// of a country after one names the country as one who can respond.
	classAgent = "agent"
	// classWorldPlace words are places of the world (طهران, tehran) and
	// classWorldCountry words countries (تركيا), also read in their
	// adjectives (التركية): a question that names one the article never
	// mentions asks what it does not say (see Engine.foreignPlace).
	classWorldPlace   = "world-place"
	classWorldCountry = "world-country"
	// classSelf words are the asker speaking of themselves (I, my, أنا)
	// and classAtPlace the prepositions of place (in, from, في): a place
	// after one, in a question that has the other, says where the asker
	// is ("I run a business in Almaty…"), not what is asked.
	classSelf    = "self"
	classAtPlace = "at-place"
	// classAsksFact words ask whether something really happened
	// (actually, already, فعلا, بالفعل), and classModal words say only
	// that it may (could, might, يمكن, ربما): a sentence that only says it
	// may does not answer a question that asks whether it did, unless
	// the question itself asks what may happen (see trace.unreal).
	classAsksFact = "asks-fact"
	classModal    = "modal"
	// classHappens words are verbs that say only that something took
	// place (حدث, وقع, جرى): opening a question after its question words
	// ("متى وقعت العاصفة", "ماذا حدث لخط الأنابيب") they say what is
	// asked, not what about. Elsewhere they keep their other senses (وقع,
	// signed; حصل على, obtained).
	classHappens = "happens"
	// classCalled words ask what something is called (called, named,
	// يسمى): as an asks-name word does, of an entity with no name of its
	// own they ask what the article cannot say (see Engine.asksUnnamed).
	classCalled = "called"
	// classWhenClause words open a clause that tells when by another
	// event (عندما, when): "when Tokayev instructed the government…, the
	// court amended its ruling" says when the court did (see
	// paraIndex.timedByEvent).
	classWhenClause = "when-clause"
	// classAvoids words say that something avoids what they name
	// (متجاوزًا روسيا, bypassing Russia): a name after one is not what
	// passes through, only what is avoided (see Engine.namesGiven).
	classAvoids = "avoids"
	// classReportedThat words are "that" opening what someone said (قال
	// إن): the one who said it stands before the verb (see
	// Engine.readEntities). classArticleNoun words name the article
	// itself (the article, المقال), which says what its author says.
	classReportedThat = "reported-that"
	classArticleNoun  = "article-noun"
)

var classes = []string{classByline, classLede, classConclusion, classLedeAlone, classConclusionAlone, classAsksNumber, classMeasure, classDegree, classAsksDegree, classIndefinite, classNumber, classAsksDuration, classDuration, classLasts, classAsksTime, classAsksDate, classAsksWhich, classCalendar, classYear, classAsksWho, classAsksName, classNameModifier, classPerson, classOrganisation, classPlace, classAsksWhat, classResponse, classAuthor, classOutlook, classWork, classTime, classDate, classAgent, classWorldPlace, classWorldCountry, classSelf, classAtPlace, classAsksFact, classModal, classHappens, classCalled, classWhenClause, classAvoids, classReportedThat, classArticleNoun}

// ParseLexicon reads a lexicon. Each line is "kind: words…":
//
//	stop: words       that carry no meaning for retrieval
//	same: words       that stand for one another (plurals, synonyms, variants)
//	means: words > meanings   a reader saying any of the words means one of
//	                  the meanings, which are separated by commas; a meaning
//	                  of several words (eurasian economic union) is
//	                  matched where all of its words are
//	phrase: words > words  a reader saying the first words, in a row, means
//	                  the second (تعتمد على نفسها > الاكتفاء الذاتي); a
//	                  meaning that asks about the article as a whole (a
//	                  byline, lede or conclusion word) asks for that part
//	                  (job title > job: the byline)
//	byline: words     that ask who wrote the article or where its author works
//	lede: words       that ask what the article is about
//	conclusion: words that ask what the article concludes
//	lede-alone, conclusion-alone: words that ask that only when the
//	                  question asks nothing else, and are stop words otherwise
//	asks-number: words   that ask for a number (how many, how much)
//	measure: words       measures whose value is a number (share, نسبة):
//	                  first or after a stop word they ask for one too
//	degree, asks-degree, indefinite: adjectives of degree (big, old) that
//	                  ask for a number after an asks-degree word (how),
//	                  unless an indefinite word (a) follows
//	number: words        that are numbers written out
//	asks-duration: words that ask how long something lasted
//	duration: words      that are units of time
//	lasts: words         verbs of lasting, which ask how long after a
//	                  word that asks for a number
//	asks-time, asks-date: words that ask when, or for a date
//	asks-which: words    that ask which one: before a unit of time, when
//	calendar: words      units of time that a date names (year, month):
//	                  after an asks-which word they ask for a date
//	asks-who, asks-name: words that ask who, or for a name
//	person, organisation, place: words for a person (judge), an
//	                  organisation (company) or a country (دولة): after an
//	                  asks-who, asks-name, asks-which or asks-what word
//	                  they ask for one's name
//	asks-what: words  that ask what (ما, شو), matched exactly
//	response: words   that ask how someone responded, what they think or
//	                  what they said
//	author: words     nouns for the article's author (writer, الكاتبة)
//	outlook: words    that say how hopeful someone is (optimistic): said
//	                  of the author, they ask what the article concludes
//	work: words       verbs of working: said of the author, they ask
//	                  where she works
//	time: words          that say when, relatively (later, next day)
//	date: words          that name months
//	agent: words         those who act for a people besides persons,
//	                  organisations and states (government, court, elite)
//	world-place: words   places of the world: one the article never
//	                  mentions makes a question one it does not answer
//	world-country: words countries of the world: as world-place, and
//	                  also read in their adjectives (التركية)
//	happens: words    verbs that say only that something took place: the
//	                  first content word after question words, they are
//	                  not asked about
//	called: words     that ask what something is called (called, يسمى)
//	self, at-place: words the asker speaking of themselves (I, أنا) and
//	                  prepositions of place (in, في): a place after one, in
//	                  a question with the other, is where the asker is
//
// Blank lines and lines starting with # are ignored. Words are normalized
// like the text, so they may be written with hamzas and diacritics.
func ParseLexicon(src string) (*Lexicon, error) {
	lx := newLexicon()
	if err := lx.parse(src); err != nil {
		return nil, err
	}
	return lx, nil
}

func newLexicon() *Lexicon {
	lx := &Lexicon{
		stop:  map[string]bool{},
		group: map[string][]int{},
		means: map[string][]string{},
		sets:  map[string]map[string]bool{},
	}
	for _, c := range classes {
		lx.sets[c] = map[string]bool{}
	}
	for _, w := range words(string(ar.ArabicStopWords)) {
		lx.stop[w] = true
	}
	for _, w := range englishStopWords() {
		lx.stop[Normalize(w)] = true
	}
	return lx
}

// parse adds the entries of src to the lexicon.
func (lx *Lexicon) parse(src string) error {
	sc := bufio.NewScanner(strings.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("lexicon line %d: want \"kind: words\", got %q", n, line)
		}
		ws := words(rest)
		switch strings.TrimSpace(kind) {
		case "stop":
			for _, w := range ws {
				lx.stop[w] = true
			}
		case "same":
			keys := map[string]bool{}
			for _, w := range ws {
				keys[lexiconKey(w)] = true
			}
			if len(keys) < 2 {
				return fmt.Errorf("lexicon line %d: a same group needs two different words or more", n)
			}
			id := lx.groups
			lx.groups++
			for k := range keys {
				lx.group[k] = appendUnique(lx.group[k], id)
			}
		case "means":
			from, to, ok := strings.Cut(rest, ">")
			if !ok || len(ws) < 2 {
				return fmt.Errorf("lexicon line %d: want \"means: words > words\"", n)
			}
			var targets []string
			for _, alt := range strings.Split(to, ",") {
				if alt = strings.Join(strings.Fields(Normalize(alt)), " "); alt != "" {
					targets = append(targets, alt)
				}
			}
			if len(targets) == 0 {
				return fmt.Errorf("lexicon line %d: want \"means: words > words\"", n)
			}
			for _, w := range strings.Fields(Normalize(from)) {
				k := lexiconKey(w)
				lx.means[k] = append(lx.means[k], targets...)
			}
		case "phrase":
			from, to, ok := strings.Cut(rest, ">")
			ph := phrase{from: words(from), to: words(to)}
			if !ok || len(ph.from) < 2 || len(ph.to) == 0 {
				return fmt.Errorf("lexicon line %d: want \"phrase: two words or more > words\"", n)
			}
			for i, w := range ph.from {
				ph.from[i] = lexiconKey(w)
			}
			lx.phrases = append(lx.phrases, ph)
		default:
			set, ok := lx.sets[strings.TrimSpace(kind)]
			if !ok {
				return fmt.Errorf("lexicon line %d: unknown kind %q", n, kind)
			}
			for _, w := range ws {
				if literalClasses[kind] {
					set[literalKey(w)] = true
				} else {
					set[lexiconKey(w)] = true
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read lexicon: %w", err)
	}
	return nil
}

// words normalizes s and splits it into words, skipping # comment lines
// (the stop list bleve ships has a header of comments).
func words(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, t := range Tokenize(line) {
			out = append(out, t.Norm)
		}
	}
	return out
}

// lexiconKey is the form under which a normalized lexicon word is stored:
// an Arabic word without the article, so that الألغام and ألغام are one
// entry; an English word as its stem.
func lexiconKey(w string) string {
	r := []rune(w)
	if isLatinWord(r) {
		return englishStem(w)
	}
	if len(r) >= 5 && hasPrefix(r, "ال") {
		return string(r[2:])
	}
	return w
}

// phrase is a multi-word expression: the keys of its words, in order, and
// the normalized words it stands for.
type phrase struct{ from, to []string }

// phraseAt returns the phrase whose words start at token i of n, in a
// row, and how many tokens it covers; ok is false when none does. keys(j)
// returns the lexicon keys of token j (its key and its readings), which
// the caller computes once a token.
func (lx *Lexicon) phraseAt(n, i int, keys func(int) []string) (ph phrase, covered int, ok bool) {
	for _, ph := range lx.phrases {
		if i+len(ph.from) > n {
			continue
		}
		match := true
		for j, k := range ph.from {
			if !slices.Contains(keys(i+j), k) {
				match = false
				break
			}
		}
		if match {
			return ph, len(ph.from), true
		}
	}
	return phrase{}, 0, false
}

// isStop reports whether a normalized word is a stop word, also when a
// conjunction is glued to it (وهو, فهذا).
func (lx *Lexicon) isStop(w string) bool {
	if lx.stop[w] {
		return true
	}
	r := []rune(w)
	return len(r) > 2 && (r[0] == 'و' || r[0] == 'ف') && lx.stop[string(r[1:])]
}

// pronounHosts are the prepositions that take pronoun suffixes (عنه, إليها, معهم). Only they are
// seen through: a final ه is also a ة (عمله is عملة, not عمل + ه).
var pronounHosts = map[string]bool{
	"عن": true, "من": true, "في": true, "الي": true, "علي": true, "مع": true, "عند": true,
	"لدي": true, "بين": true, "حول": true, "ضد": true, "دون": true, "بدون": true, "مثل": true,
	"زي": true, "متل": true, "فوق": true, "تحت": true, "لكن": true, "ان": true, "حسب": true,
}

// isQuestionStop is isStop for the words of a question, which also sees
// through a preposition or the future سـ in front (للمقال, ستكون) and a
// pronoun behind (إليها, عنه): chat questions glue them to their function
// words more than edited prose does.
func (lx *Lexicon) isQuestionStop(w string) bool {
	if lx.isStop(w) {
		return true
	}
	r := []rune(w)
	for _, front := range []string{"", "و", "ف", "ب", "ل", "ك", "لل", "وب", "ول"} {
		if !hasPrefix(r, front) {
			continue
		}
		rest := r[len([]rune(front)):]
		if len(rest) < 2 {
			continue
		}
		if front != "" && (lx.stop[string(rest)] || lx.stop["ال"+string(rest)]) {
			return true
		}
		if (front == "" || front == "و") && len(rest) >= 4 && hasPrefix(rest, "س") && in(rest[1], "يتن") && lx.stop[string(rest[1:])] {
			return true // ستكون, سيكون
		}
		for _, back := range []string{"ه", "ها", "هم", "هما", "هن", "ك", "كم", "ي", "نا"} {
			n := len(rest) - len([]rune(back))
			if n >= 2 && hasSuffix(rest, back) && pronounHosts[string(rest[:n])] {
				return true
			}
		}
	}
	return false
}

// groupsOf returns the groups that a word's readings belong to.
func (lx *Lexicon) groupsOf(readings []string) []int {
	var ids []int
	for _, s := range readings {
		for _, id := range lx.group[s] {
			ids = appendUnique(ids, id)
		}
	}
	return ids
}

func (lx *Lexicon) meansOf(readings []string) []string {
	var out []string
	for _, s := range readings {
		out = append(out, lx.means[s]...)
	}
	return out
}

// literalClasses are the word classes whose words are matched as
// written, not by their stems or readings: stemming makes a person of
// "personal" and an operator of "operations", and Arabic readings a
// president (رئيس) of الرئيسية, "main". Their files list each form.
var literalClasses = map[string]bool{classAsksWho: true, classAsksName: true, classNameModifier: true, classPerson: true, classOrganisation: true, classPlace: true, classAsksWhat: true, classMeasure: true, classDegree: true, classAsksDegree: true, classIndefinite: true, classResponse: true, classAuthor: true, classOutlook: true, classWork: true, classAgent: true, classWorldPlace: true, classWorldCountry: true, classSelf: true, classAtPlace: true, classAsksFact: true, classModal: true, classHappens: true, classCalled: true, classWhenClause: true, classAvoids: true, classReportedThat: true, classArticleNoun: true}

// literalKey is a word's key in a literal class: an English word in
// lower case as written, an Arabic one without its article.
func literalKey(w string) string {
	if isLatinWord([]rune(w)) {
		return w
	}
	return lexiconKey(w)
}

// literalPrefixes are the one-letter words Arabic writes onto the front
// of another (والقاضي, بالرئيس, للشركة), which a literal class word may
// carry.
var literalPrefixes = []string{"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"}

// isExactly reports whether a normalized word is in a literal class as
// written, without the one-letter prefixes isLiteral allows: كما ("as")
// and لما ("when") are not ما.
func (lx *Lexicon) isExactly(class, norm string) bool {
	return lx.sets[class][literalKey(norm)]
}

// isLiteral reports whether a normalized word is in a literal class: as
// written, or, in Arabic, after a one-letter prefix (ل also absorbs the
// alef of the article: للشركة).
func (lx *Lexicon) isLiteral(class, norm string) bool {
	set := lx.sets[class]
	found := false
	surfaceKeys(norm, func(k string) bool {
		found = set[k]
		return !found
	})
	return found
}

// surfaceKeys calls yield, until it returns false, with the literal keys
// under which a normalized word is looked up as written: its own and, in
// Arabic, those of the word after a one-letter prefix, of two letters or
// more (لتركيا, بالهند; ل also absorbs the alef of the article: للشركة).
// It takes a function rather than returning an iterator so that lookups
// on the path of every question allocate nothing for it.
func surfaceKeys(norm string, yield func(string) bool) {
	if !yield(literalKey(norm)) {
		return
	}
	r := []rune(norm)
	if isLatinWord(r) {
		return
	}
	for _, front := range literalPrefixes {
		if !hasPrefix(r, front) {
			continue
		}
		rest := string(r[len([]rune(front)):])
		if runeLen(rest) < 2 {
			continue
		}
		if !yield(literalKey(rest)) || strings.HasSuffix(front, "ل") && !yield(literalKey("ا"+rest)) {
			return
		}
	}
}

// is reports whether any of a word's readings is in the word class.
func (lx *Lexicon) is(class string, readings []string) bool {
	for _, s := range readings {
		if lx.sets[class][s] {
			return true
		}
	}
	return false
}

func appendUnique[T comparable](xs []T, x T) []T {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}
