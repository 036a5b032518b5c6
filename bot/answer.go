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
		return say(lang, msgNotInArticle.in(lang))
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
	rep := Reply{Lang: lang}
	rep.Blocks = append(rep.Blocks,
		textBlock(bold(paragraphLabel(lang, p.Paragraph))),
		Block{Kind: Quote, Runs: marked(p.Text, p.QuoteSpan, p.Marks)})
	if lang == "en" && p.QuoteTranslation != "" {
		rep.Blocks = append(rep.Blocks, Block{Kind: Translation,
			Runs: marked(p.Translation, p.QuoteTranslationSpan, p.TranslationMarks)})
	}
	return rep
}

func paragraphLabel(lang string, n int) string {
	if n == 0 {
		return msgByline.in(lang)
	}
	return msgParagraph.in(lang, n)
}
