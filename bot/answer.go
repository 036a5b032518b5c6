package bot

import (
	"context"
	"strconv"

	"github.com/maqal/maqal/retrieval"
)

// ask answers a question with the engine's best passage.
func (r *Router) ask(ctx context.Context, m Message, question string) Reply {
	lang := r.lang(m, question)
	ans, err := r.eng.Answer(ctx, retrieval.Question{Text: question})
	if err != nil {
		if rep, ok := problem(lang, err, r.examples(lang)[0]); ok {
			return rep
		}
		return say(lang, msgFailed.in(lang))
	}
	if !ans.Found {
		rep := say(lang, msgNotInArticle.in(lang))
		rep.Answer, rep.Question = &ans, question
		return rep
	}
	rep := r.Passage(lang, ans.Passages[0])
	rep.Answer, rep.Question = &ans, question
	if len(ans.Passages) > 1 {
		var others []string
		for _, p := range ans.Passages[1:] {
			others = append(others, strconv.Itoa(p.Paragraph))
		}
		where := msgOneParagraph
		if len(others) > 1 {
			where = msgParagraphsList
		}
		rep.Blocks = append(rep.Blocks, textBlock(plain(msgSeeAlso.in(lang, where.in(lang, listOf(others, lang))))))
	}
	return rep
}

// Passage shows one passage of an answer: the paragraph's number, the
// quote with the matched words in bold, and for English readers its
// English.
func (r *Router) Passage(lang string, p retrieval.Passage) Reply {
	return passageReply(lang, paragraphLabel(lang, p.Paragraph), p, false, lang == "en")
}

// passageReply shows p under label: its quote or, when full, the whole
// paragraph, with the matched words in bold, and its English when
// english is set and the corpus has one.
func passageReply(lang, label string, p retrieval.Passage, full, english bool) Reply {
	span, enSpan := p.QuoteSpan, p.QuoteTranslationSpan
	if full {
		span, enSpan = retrieval.Span{End: len(p.Text)}, retrieval.Span{End: len(p.Translation)}
	}
	rep := Reply{Lang: lang, Blocks: []Block{
		textBlock(bold(label)),
		{Kind: Quote, Runs: marked(p.Text, span, p.Marks)},
	}}
	if english && p.Translation != "" && enSpan.End > enSpan.Start {
		rep.Blocks = append(rep.Blocks, Block{Kind: Translation, Runs: marked(p.Translation, enSpan, p.TranslationMarks)})
	}
	return rep
}

func paragraphLabel(lang string, n int) string {
	if n == 0 {
		return msgByline.in(lang)
	}
	return msgParagraph.in(lang, n)
}

// viewReply shows the passage of an answer that v points at: the quote
// or, when v.full, the whole paragraph, with the matched words in bold
// and the English beside it when v.english.
func viewReply(v view, ans retrieval.Answer) Reply {
	p := ans.Passages[v.passage]
	label := paragraphLabel(v.lang, p.Paragraph)
	if n := len(ans.Passages); n > 1 {
		label += " · " + msgPassageOf.in(v.lang, v.passage+1, n)
	}
	return passageReply(v.lang, label, p, v.full, v.english)
}

// Callback data of the buttons under an answer: the action, a colon and
// the view's id.
const (
	actionNext    = "n"
	actionFull    = "f"
	actionEnglish = "e"
	actionExample = "x" // x:LANG:N asks example question N
)

// viewButtons are the buttons under an answer: the next passage, the
// whole paragraph or the quote only, and the English shown or hidden.
func viewButtons(v view, ans retrieval.Answer, id string) *keyboard {
	var row []button
	if v.passage+1 < len(ans.Passages) {
		row = append(row, button{Text: msgButtonNext.in(v.lang), CallbackData: actionNext + ":" + id})
	}
	full := msgButtonFull
	if v.full {
		full = msgButtonQuote
	}
	row = append(row, button{Text: full.in(v.lang), CallbackData: actionFull + ":" + id})
	if ans.Passages[v.passage].Translation != "" {
		label := "English"
		if v.english {
			label = "العربية"
		}
		row = append(row, button{Text: label, CallbackData: actionEnglish + ":" + id})
	}
	return &keyboard{InlineKeyboard: [][]button{row}}
}

// keyboard is an inline keyboard as the Bot API takes it. The library's
// own button type sends an empty copy_text with every button, which
// Telegram refuses.
type keyboard struct {
	InlineKeyboard [][]button `json:"inline_keyboard"`
}

type button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// examplesKeyboard offers the example questions as buttons, one a row.
func examplesKeyboard(lang string, examples []string) *keyboard {
	kb := &keyboard{}
	for i, ex := range examples {
		kb.InlineKeyboard = append(kb.InlineKeyboard, []button{{Text: ex, CallbackData: actionExample + ":" + lang + ":" + strconv.Itoa(i)}})
	}
	return kb
}
