package bot

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/maqal/maqal/corpus"
	"github.com/maqal/maqal/retrieval"
)

// maxName is the longest name /who looks up, in characters.
const maxName = 100

func (r *Router) who(m Message, arg string) Reply {
	lang := r.lang(m, arg)
	ents := r.eng.Entities()
	if len(ents) == 0 {
		return say(lang, msgNoEntities.in(lang))
	}
	if arg == "" {
		return r.whoList(lang)
	}
	if utf8.RuneCountInString(arg) > maxName {
		return say(lang, msgNameTooLong.in(lang))
	}
	found, closest := r.eng.LookupEntity(arg)
	if len(found) == 0 {
		rep := say(lang, msgUnknownName.in(lang, arg))
		if len(closest) > 0 {
			rep.Blocks = append(rep.Blocks, textBlock(plain(msgDidYouMean.in(lang, listOf(r.shownNames(closest, lang), lang)))))
		} else {
			all := make([]int, len(ents))
			for i := range all {
				all[i] = i
			}
			rep.Blocks = append(rep.Blocks, textBlock(plain(msgKnownNames.in(lang, listOf(r.shownNames(all, lang), lang)))))
		}
		return rep
	}
	rep := Reply{Lang: lang}
	for _, i := range found {
		ent := ents[i]
		mentions := r.eng.Mentions(i)
		var paras []string
		for _, ex := range mentions {
			paras = append(paras, strconv.Itoa(ex.Paragraph))
		}
		where := msgOneParagraph
		if len(paras) > 1 {
			where = msgParagraphsList
		}
		rep.Blocks = append(rep.Blocks,
			textBlock(bold(ent.Shown(lang)), plain(" — "+ent.Role.In(lang))),
			textBlock(plain(msgMentioned.in(lang, where.in(lang, listOf(paras, lang))))))
		for _, ex := range mentions {
			rep.Blocks = append(rep.Blocks, r.excerptBlocks(lang, ex, ent.Names.EN)...)
		}
	}
	return rep
}

func (r *Router) shownNames(ids []int, lang string) []string {
	ents := r.eng.Entities()
	out := make([]string, len(ids))
	for j, i := range ids {
		out[j] = ents[i].Shown(lang)
	}
	return out
}

// whoList lists the entities by kind, each with its role and paragraphs.
func (r *Router) whoList(lang string) Reply {
	rep := Reply{Lang: lang}
	for _, kind := range []struct {
		kind  string
		title msg
	}{{corpus.KindPerson, msgPeople}, {corpus.KindOrganisation, msgOrganisations}, {corpus.KindPlace, msgPlaces}} {
		runs := []Run{bold(kind.title.in(lang))}
		for i, ent := range r.eng.Entities() {
			if ent.Kind != kind.kind {
				continue
			}
			var paras []string
			for _, ex := range r.eng.Mentions(i) {
				paras = append(paras, strconv.Itoa(ex.Paragraph))
			}
			runs = append(runs, plain("\n• "), bold(ent.Shown(lang)),
				plain(" — "+ent.Role.In(lang)+" ("+paragraphSign(lang)+strings.Join(paras, listSep(lang))+")"))
		}
		if len(runs) > 1 {
			rep.Blocks = append(rep.Blocks, textBlock(runs...))
		}
	}
	rep.Blocks = append(rep.Blocks, textBlock(plain(msgWhoHint.in(lang))))
	return rep
}

// listSep separates the items of a short list.
func listSep(lang string) string {
	if lang == "ar" {
		return "، "
	}
	return ", "
}

// paragraphSign abbreviates "paragraph" before numbers.
func paragraphSign(lang string) string {
	if lang == "ar" {
		return "ف "
	}
	return "¶"
}

// excerptBlocks shows a sentence of the article with the words it was
// taken for in bold, under its paragraph's number, and its English for
// English readers.
// English words in enMarks are bold in the English.
func (r *Router) excerptBlocks(lang string, ex retrieval.Excerpt, enMarks []string) []Block {
	text := r.eng.Article().Paragraphs[ex.Paragraph].Text
	blocks := []Block{
		textBlock(bold(paragraphLabel(lang, ex.Paragraph))),
		{Kind: Quote, Runs: marked(text, ex.Span, []retrieval.Span{ex.Mark})},
	}
	if lang == "en" && ex.Translation != "" {
		blocks = append(blocks, Block{Kind: Translation,
			Runs: marked(ex.Translation, retrieval.Span{End: len(ex.Translation)}, wordSpans(ex.Translation, enMarks))})
	}
	return blocks
}

// wordSpans returns where the words or phrases occur in text as whole
// words, in order and not overlapping.
func wordSpans(text string, words []string) []retrieval.Span {
	var out []retrieval.Span
	for _, w := range words {
		for from := 0; w != "" && from < len(text); {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(w)
			from = end
			before, _ := utf8.DecodeLastRuneInString(text[:start])
			after, _ := utf8.DecodeRuneInString(text[end:])
			if isLetter(before) || isLetter(after) {
				continue
			}
			out = append(out, retrieval.Span{Start: start, End: end})
		}
	}
	slices.SortFunc(out, func(a, b retrieval.Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End)) })
	var kept []retrieval.Span
	for _, s := range out {
		if len(kept) == 0 || s.Start >= kept[len(kept)-1].End {
			kept = append(kept, s)
		}
	}
	return kept
}

func isLetter(r rune) bool { return r != utf8.RuneError && unicode.IsLetter(r) }

// timelineEvents returns the annotated events in date order. An event
// dated only by the event it follows comes right after that event (and
// after the others that follow it); events on the same date keep the
// order of the file, and a month sorts before its days.
func timelineEvents(events []corpus.Event) []corpus.Event {
	var out, undated []corpus.Event
	for _, ev := range events {
		if ev.Date == "" {
			undated = append(undated, ev)
		} else {
			out = append(out, ev)
		}
	}
	slices.SortStableFunc(out, func(a, b corpus.Event) int { return cmp.Compare(a.Date, b.Date) })
	for len(undated) > 0 {
		placed := false
		for j, ev := range undated {
			at := slices.IndexFunc(out, func(o corpus.Event) bool { return o.ID == ev.After })
			if at < 0 {
				continue
			}
			// Past the events already placed after the same one.
			for at+1 < len(out) && out[at+1].Date == "" && follows(out[at+1], ev.After, events) {
				at++
			}
			out = slices.Insert(out, at+1, ev)
			undated = slices.Delete(undated, j, j+1)
			placed = true
			break
		}
		if !placed { // loading rules this out; keep what is left in file order
			out = append(out, undated...)
			break
		}
	}
	return out
}

// follows reports whether ev comes, through its "after" links, after
// the event with id.
func follows(ev corpus.Event, id string, events []corpus.Event) bool {
	for steps := 0; ev.After != "" && steps <= len(events); steps++ {
		if ev.After == id {
			return true
		}
		i := slices.IndexFunc(events, func(o corpus.Event) bool { return o.ID == ev.After })
		if i < 0 {
			return false
		}
		ev = events[i]
	}
	return false
}

// eventDate says when an event happened: its date, marked † when it comes
// from reporting, or which event it follows; with the article's own words
// for it.
func eventDate(ev corpus.Event, order []corpus.Event, lang string) string {
	var s string
	if ev.Date != "" {
		s = formatDate(ev.Date, lang)
		if ev.Reported() {
			s += "†"
		}
	} else {
		n := slices.IndexFunc(order, func(o corpus.Event) bool { return o.ID == ev.After })
		s = msgAfterEvent.in(lang, n+1)
	}
	if w := ev.When.In(lang); w != "" {
		if lang == "ar" {
			s += " («" + w + "»)"
		} else {
			s += " (“" + w + "”)"
		}
	}
	return s
}

func (r *Router) timeline(m Message, arg string) Reply {
	lang := r.lang(m, "")
	events := timelineEvents(r.eng.Article().Meta.Events)
	if len(events) == 0 {
		return r.foundDates(lang)
	}
	if arg != "" {
		n, ok := parseNumber(arg)
		switch {
		case !ok:
			return say(lang, msgTimelineUsage.in(lang, len(events)))
		case n < 1 || n > len(events):
			return say(lang, msgEventRange.in(lang, shortArg(arg), len(events)))
		}
		return r.event(lang, events, n)
	}
	runs := []Run{bold(msgTimeline.in(lang))}
	reported := false
	for i, ev := range events {
		reported = reported || ev.Reported()
		runs = append(runs, plain("\n"), bold(strconv.Itoa(i+1)+". "+eventDate(ev, events, lang)),
			plain(": "+ev.Text.In(lang)+" ("+paragraphSign(lang)+strconv.Itoa(ev.Paragraph)+")"))
	}
	rep := Reply{Lang: lang, Blocks: []Block{textBlock(runs...)}}
	if reported {
		rep.Blocks = append(rep.Blocks, textBlock(plain(msgReported.in(lang, r.published(lang)))))
	}
	rep.Blocks = append(rep.Blocks, textBlock(plain(msgTimelineHint.in(lang))))
	return rep
}

// event shows event n (from 1) of the timeline with the sentence of the
// article that states it, its anchor in bold.
func (r *Router) event(lang string, events []corpus.Event, n int) Reply {
	ev := events[n-1]
	rep := Reply{Lang: lang, Blocks: []Block{
		textBlock(bold(msgEventOf.in(lang, n, len(events)) + ": " + eventDate(ev, events, lang))),
		textBlock(plain(ev.Text.In(lang))),
	}}
	text := r.eng.Article().Paragraphs[ev.Paragraph].Text
	at := strings.Index(text, ev.Anchor) // loading checked that it is there
	if ex, ok := r.eng.Excerpt(ev.Paragraph, retrieval.Span{Start: at, End: at + len(ev.Anchor)}); ok && at >= 0 {
		rep.Blocks = append(rep.Blocks, r.excerptBlocks(lang, ex, nil)...)
	}
	if ev.Reported() {
		rep.Blocks = append(rep.Blocks, textBlock(plain(msgReported.in(lang, r.published(lang)))))
	}
	return rep
}

// foundDates is the timeline of an article without annotated events:
// the sentences that carry a date.
func (r *Router) foundDates(lang string) Reply {
	dated := r.eng.DatedSentences()
	if len(dated) == 0 {
		return say(lang, msgNoDates.in(lang))
	}
	rep := say(lang, msgFoundDates.in(lang))
	for _, ex := range dated {
		rep.Blocks = append(rep.Blocks, r.excerptBlocks(lang, ex, nil)...)
	}
	return rep
}

func (r *Router) published(lang string) string {
	if p := r.eng.Article().Meta.Published; p != "" {
		return formatDate(p, lang)
	}
	return "—"
}

func (r *Router) about(lang string) Reply {
	a := r.eng.Article()
	meta := a.Meta
	rep := Reply{Lang: lang}
	head := []Run{bold(msgAboutTitle.in(lang))}
	if meta.Title != "" {
		head = append(head, plain("\n"+meta.Title))
	}
	rep.Blocks = append(rep.Blocks, textBlock(head...))
	var facts []Run
	add := func(label msg, value string) {
		if value == "" {
			return
		}
		if len(facts) > 0 {
			facts = append(facts, plain("\n"))
		}
		facts = append(facts, bold(label.in(lang)), plain(value))
	}
	add(msgAboutAuthor, meta.Author)
	add(msgAboutAffiliation, meta.Affiliation)
	if name, ok := languageNames[meta.Language]; ok {
		add(msgAboutLanguage, name.in(lang))
	} else {
		add(msgAboutLanguage, meta.Language)
	}
	if meta.Published != "" {
		add(msgAboutPublished, formatDate(meta.Published, lang))
	}
	if len(facts) > 0 {
		facts = append(facts, plain("\n"))
	}
	facts = append(facts, plain(msgAboutLength.in(lang, len(a.Body()))))
	rep.Blocks = append(rep.Blocks, textBlock(facts...))
	if meta.Source != "" {
		rep.Blocks = append(rep.Blocks, textBlock(bold(msgAboutSource.in(lang)), plain(meta.Source)))
	}
	if a.HasTranslation() {
		rep.Blocks = append(rep.Blocks, textBlock(plain(msgAboutTranslation.in(lang))))
	}
	rep.Blocks = append(rep.Blocks, textBlock(plain(msgHelp.in(lang))), textBlock(plain(msgHelpCommands.in(lang))))
	return rep
}

func (r *Router) quote(lang, arg string) Reply {
	a := r.eng.Article()
	last := len(a.Paragraphs) - 1
	if arg == "" {
		return say(lang, msgQuoteUsage.in(lang, last))
	}
	n, ok := parseNumber(arg)
	if !ok {
		return say(lang, msgQuoteUsage.in(lang, last))
	}
	p, ok := a.Paragraph(n)
	if !ok {
		return say(lang, msgQuoteRange.in(lang, shortArg(arg), last))
	}
	rep := Reply{Lang: lang, Blocks: []Block{
		textBlock(bold(paragraphLabel(lang, n))),
		{Kind: Quote, Runs: []Run{plain(p.Text)}},
	}}
	if lang == "en" && p.Translation != "" {
		rep.Blocks = append(rep.Blocks, Block{Kind: Translation, Runs: []Run{plain(p.Translation)}})
	}
	return rep
}

// parseNumber reads a paragraph or event number as a reader types it:
// 5, ٥, ¶5, #5, p5.
func parseNumber(s string) (int, bool) {
	s = retrieval.Normalize(strings.TrimSpace(s))
	s = strings.TrimLeft(s, "¶#pP")
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// shortArg is an argument as echoed in a reply: at most 20 characters.
func shortArg(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	return string([]rune(s)[:20]) + "…"
}
