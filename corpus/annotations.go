package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entity is a person, organisation or place that the article names.
type Entity struct {
	// ID names the entity in the annotations; it is never shown.
	ID string `json:"id"`
	// Kind is one of KindPerson, KindOrganisation and KindPlace.
	Kind string `json:"kind"`
	// Names are the entity's names as the article writes them, the Arabic
	// in the text and the English in the translation, the full name
	// first. The retrieval engine finds the paragraphs that mention the
	// entity by these names and refuses a name that occurs nowhere.
	Names Names `json:"names"`
	// Variants are other spellings a reader may use, in either script
	// (Tokaev, توكايف); they find the entity but need not occur.
	Variants []string `json:"variants,omitempty"`
	// Label is how the entity is shown, when not by its first name.
	Label Bilingual `json:"label,omitempty"`
	// Role says in one line who or what the entity is.
	Role Bilingual `json:"role"`
	// Line is the entity's line in annotations.json, for messages.
	Line int `json:"-"`
}

// Shown returns the name the entity is shown by in lang: its label, else
// its first name in that language.
func (e Entity) Shown(lang string) string {
	if l := e.Label.In(lang); l != "" {
		return l
	}
	if lang == "ar" || len(e.Names.EN) == 0 {
		return e.Names.AR[0]
	}
	return e.Names.EN[0]
}

// Kinds of entity.
const (
	KindPerson       = "person"
	KindOrganisation = "organisation"
	KindPlace        = "place"
)

// Names are an entity's names in each language, the full name first.
type Names struct {
	AR []string `json:"ar"`
	EN []string `json:"en"`
}

// Bilingual is a short text in Arabic and in English.
type Bilingual struct {
	AR string `json:"ar"`
	EN string `json:"en"`
}

// In returns the text in lang ("ar" or "en"), or the other one when that
// is empty.
func (b Bilingual) In(lang string) string {
	if lang == "ar" && b.AR != "" || b.EN == "" {
		return b.AR
	}
	return b.EN
}

// Event is something that happens in the article, dated as precisely as
// it is known and anchored to the words that state it.
type Event struct {
	// ID names the event in the annotations, for After.
	ID string `json:"id"`
	// Date is "2022-07-06" or "2022-07" (see Precision), or "" when only
	// the event's order is known.
	Date string `json:"date,omitempty"`
	// Precision is PrecisionDay, PrecisionMonth or PrecisionAfter (no date,
	// only that it comes after the event After).
	Precision string `json:"precision"`
	// After is the ID of the event this one follows, when the article says
	// so ("the next day", "later").
	After string `json:"after,omitempty"`
	// DateSource says where Date comes from: DateFromArticle, or
	// DateFromReporting when the article does not give it and public
	// reporting does; replies mark the latter.
	DateSource string `json:"date_source,omitempty"`
	// When says in words when it happened as the article puts it ("the
	// next day", "last March"), in both languages.
	When Bilingual `json:"when"`
	// Text says what happened, in one line.
	Text Bilingual `json:"text"`
	// Paragraph is the paragraph that states the event, and Anchor the
	// verbatim phrase of it that does.
	Paragraph int    `json:"paragraph"`
	Anchor    string `json:"anchor"`
	// Line is the event's line in annotations.json, for messages.
	Line int `json:"-"`
}

// Precisions of an event's date, and where a date comes from.
const (
	PrecisionDay      = "day"
	PrecisionMonth    = "month"
	PrecisionAfter    = "after"
	DateFromArticle   = "article"
	DateFromReporting = "reporting"
)

// Reported reports whether the event's date comes from public reporting
// rather than from the article.
func (e Event) Reported() bool { return e.DateSource == DateFromReporting }

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// parseAnnotations decodes annotations.json strictly: an unknown field, a
// paragraph that does not exist or an anchor the paragraph lacks is an
// error naming its line.
func (a *Article) parseAnnotations(raw []byte) error {
	if !utf8.Valid(raw) {
		return fmt.Errorf("not valid UTF-8")
	}
	// The lists are kept raw first so that an error can name the line of
	// the item at fault.
	var doc struct {
		Meta
		Notes    []json.RawMessage `json:"notes"`
		Entities []json.RawMessage `json:"entities"`
		Events   []json.RawMessage `json:"events"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return jsonError(raw, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &lineError{1 + bytes.Count(raw[:dec.InputOffset()], []byte("\n")), "text after the JSON object"}
	}
	if p := doc.Published; p != "" && !validDate(p) {
		return fmt.Errorf("published %q: want a year, a month or a day, as 2022, 2022-07 or 2022-07-05", p)
	}
	a.Meta = doc.Meta
	var err error
	if a.Meta.Notes, err = decodeList(raw, "notes", doc.Notes, a.checkNote, "paragraph"); err != nil {
		return err
	}
	if a.Meta.Entities, err = decodeList(raw, "entities", doc.Entities, a.checkEntity); err != nil {
		return err
	}
	if a.Meta.Events, err = decodeList(raw, "events", doc.Events, a.checkEvent, "paragraph"); err != nil {
		return err
	}
	return a.checkReferences()
}

// decodeList decodes each raw item of the list called name strictly and
// checks it, turning any problem into an error on the item's line.
// Each of required must be present: a missing number would read as 0.
func decodeList[T any](raw []byte, name string, items []json.RawMessage, check func(v *T, line int) error, required ...string) ([]T, error) {
	out := make([]T, 0, len(items))
	pos := 0
	for i, item := range items {
		at := pos + max(0, bytes.Index(raw[pos:], item))
		pos = at + len(item)
		line := 1 + bytes.Count(raw[:at], []byte("\n"))
		var v T
		d := json.NewDecoder(bytes.NewReader(item))
		d.DisallowUnknownFields()
		if err := d.Decode(&v); err != nil {
			return nil, &lineError{line, fmt.Sprintf("%s[%d]: %v", name, i, err)}
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(item, &fields); err != nil {
			return nil, &lineError{line, fmt.Sprintf("%s[%d]: %v", name, i, err)}
		}
		for _, f := range required {
			if _, ok := fields[f]; !ok {
				return nil, &lineError{line, fmt.Sprintf("%s[%d] has no %s", name, i, f)}
			}
		}
		if err := check(&v, line); err != nil {
			return nil, &lineError{line, fmt.Sprintf("%s[%d]: %v", name, i, err)}
		}
		out = append(out, v)
	}
	return out, nil
}

func (a *Article) checkNote(n *Note, line int) error {
	if err := a.checkParagraph(n.Paragraph, n.Anchor, n.Anchor != ""); err != nil {
		return err
	}
	if strings.TrimSpace(n.Text) == "" {
		return fmt.Errorf("(paragraph %d) has no text", n.Paragraph)
	}
	return nil
}

func (a *Article) checkEntity(e *Entity, line int) error {
	e.Line = line
	if !idPattern.MatchString(e.ID) {
		return fmt.Errorf("id %q: want lower-case letters, digits and dashes", e.ID)
	}
	switch e.Kind {
	case KindPerson, KindOrganisation, KindPlace:
	default:
		return fmt.Errorf("%s: kind %q: want %s, %s or %s", e.ID, e.Kind, KindPerson, KindOrganisation, KindPlace)
	}
	if len(e.Names.AR) == 0 {
		return fmt.Errorf("%s: no Arabic name: names.ar lists the names as the article writes them", e.ID)
	}
	if len(e.Names.EN) == 0 {
		return fmt.Errorf("%s: no English name", e.ID)
	}
	for _, n := range append(append(append([]string(nil), e.Names.AR...), e.Names.EN...), e.Variants...) {
		if strings.TrimSpace(n) == "" || strings.ContainsAny(n, "\r\n") {
			return fmt.Errorf("%s: name %q: want one line of text", e.ID, n)
		}
	}
	if e.Label != (Bilingual{}) {
		if err := checkBilingual(e.ID+": label", e.Label); err != nil {
			return err
		}
	}
	if a.HasTranslation() {
		for _, n := range e.Names.EN {
			if !a.translationHas(n) {
				return fmt.Errorf("%s: English name %q occurs nowhere in %s (names are matched whole and case by case; put other spellings in variants)",
					e.ID, n, TranslationFile)
			}
		}
	}
	return checkBilingual(e.ID+": role", e.Role)
}

// translationHas reports whether some paragraph's translation has name as
// whole words.
func (a *Article) translationHas(name string) bool {
	for _, p := range a.Paragraphs {
		for i := 0; ; {
			j := strings.Index(p.Translation[i:], name)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(name)
			before, _ := utf8.DecodeLastRuneInString(p.Translation[:start])
			after, _ := utf8.DecodeRuneInString(p.Translation[end:])
			if !isWordRune(before) && !isWordRune(after) {
				return true
			}
			i = start + 1
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func (a *Article) checkEvent(ev *Event, line int) error {
	ev.Line = line
	if !idPattern.MatchString(ev.ID) {
		return fmt.Errorf("id %q: want lower-case letters, digits and dashes", ev.ID)
	}
	layout := map[string]string{PrecisionDay: "2006-01-02", PrecisionMonth: "2006-01"}
	switch ev.Precision {
	case PrecisionDay, PrecisionMonth:
		if !matchesLayout(ev.Date, layout[ev.Precision]) {
			return fmt.Errorf("%s: date %q: a %s date is written like %s", ev.ID, ev.Date, ev.Precision, layout[ev.Precision])
		}
		if ev.DateSource != DateFromArticle && ev.DateSource != DateFromReporting {
			return fmt.Errorf("%s: date_source %q: want %q or %q", ev.ID, ev.DateSource, DateFromArticle, DateFromReporting)
		}
	case PrecisionAfter:
		if ev.Date != "" || ev.DateSource != "" {
			return fmt.Errorf("%s: an event dated only by what it follows has no date or date_source", ev.ID)
		}
		if ev.After == "" {
			return fmt.Errorf("%s: precision %q needs the id of the event it follows in \"after\"", ev.ID, PrecisionAfter)
		}
	default:
		return fmt.Errorf("%s: precision %q: want %s, %s or %s", ev.ID, ev.Precision, PrecisionDay, PrecisionMonth, PrecisionAfter)
	}
	if err := checkBilingual(ev.ID+": text", ev.Text); err != nil {
		return err
	}
	if ev.When != (Bilingual{}) {
		if err := checkBilingual(ev.ID+": when", ev.When); err != nil {
			return err
		}
	}
	if err := a.checkParagraph(ev.Paragraph, ev.Anchor, true); err != nil {
		return fmt.Errorf("%s: %w", ev.ID, err)
	}
	return nil
}

// checkParagraph checks that paragraph n exists and, when needAnchor is
// set, that anchor is a verbatim phrase of it.
func (a *Article) checkParagraph(n int, anchor string, needAnchor bool) error {
	p, ok := a.Paragraph(n)
	if !ok {
		return fmt.Errorf("points at paragraph %d, but the article has paragraphs 0-%d", n, len(a.Paragraphs)-1)
	}
	if !needAnchor {
		return nil
	}
	if strings.TrimSpace(anchor) == "" {
		return fmt.Errorf("no anchor: give the verbatim phrase of paragraph %d that states it", n)
	}
	if !strings.Contains(p.Text, anchor) {
		return fmt.Errorf("anchor %q is not in paragraph %d verbatim (copy it from %s, line %d)", anchor, n, TextFile, n+1)
	}
	return nil
}

// checkReferences checks what one item says of another: unique ids, and
// events that follow events that exist, without a cycle.
func (a *Article) checkReferences() error {
	seen := map[string]int{}
	for _, e := range a.Meta.Entities {
		if line, ok := seen[e.ID]; ok {
			return &lineError{e.Line, fmt.Sprintf("entity %q is defined twice (first on line %d)", e.ID, line)}
		}
		seen[e.ID] = e.Line
	}
	events := map[string]Event{}
	for _, ev := range a.Meta.Events {
		if prev, ok := events[ev.ID]; ok {
			return &lineError{ev.Line, fmt.Sprintf("event %q is defined twice (first on line %d)", ev.ID, prev.Line)}
		}
		events[ev.ID] = ev
	}
	for _, ev := range a.Meta.Events {
		steps := 0
		for cur := ev; cur.After != ""; steps++ {
			next, ok := events[cur.After]
			if !ok {
				return &lineError{cur.Line, fmt.Sprintf("event %q follows %q, which is not an event", cur.ID, cur.After)}
			}
			if steps > len(events) {
				return &lineError{ev.Line, fmt.Sprintf("event %q: the \"after\" links go round in a circle", ev.ID)}
			}
			cur = next
		}
	}
	return nil
}

func checkBilingual(what string, b Bilingual) error {
	for _, s := range []string{b.AR, b.EN} {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%s: want both \"ar\" and \"en\"", what)
		}
		if strings.ContainsAny(s, "\r\n") {
			return fmt.Errorf("%s: want one line, got %q", what, s)
		}
	}
	return nil
}
