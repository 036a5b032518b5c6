package retrieval

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Explain describes how the engine reads a question: each content word,
// its weight, and the index terms it stands for with their boosts. It is
// for people tuning a lexicon or reporting a wrong answer.
func (e *Engine) Explain(text string) string {
	if err := Check(text); err != nil {
		return err.Error() + "\n"
	}
	var b strings.Builder
	asked, need := e.analyzeQuestion(text)
	words := e.dropAuthorsName(asked)
	switch need {
	case numberKind:
		b.WriteString("asks for a number\n")
	case numberKind | durationKind:
		b.WriteString("asks for a number or a length of time\n")
	case timeKind:
		b.WriteString("asks when\n")
	case dateKind:
		b.WriteString("asks for a date\n")
	case yearKind:
		b.WriteString("asks for a year\n")
	case personName:
		b.WriteString("asks for a person's name\n")
	case organisationName:
		b.WriteString("asks for an organisation's name\n")
	case placeName:
		b.WriteString("asks for a place's name\n")
	case anyName:
		b.WriteString("asks for a name\n")
	}
	qe := e.readEntities(text)
	if qe.fact {
		b.WriteString("asks whether something really happened\n")
	}
	if qe.unnamed && need&anyName != 0 {
		b.WriteString("asks the name of something the article never names\n")
	}
	if qe.responder >= 0 {
		ent := e.article.Meta.Entities[qe.responder]
		fmt.Fprintf(&b, "asks how %s responded, or what they think\n", ent.ID)
	}
	for _, w := range words {
		if e.strangerWord(w) {
			fmt.Fprintf(&b, "names someone or something the article never mentions: %s\n", w.norm)
		}
	}
	for _, w := range words {
		fmt.Fprintf(&b, "%s (weight %.2f):", w.norm, w.weight)
		if len(w.terms) == 0 {
			b.WriteString(" not in the article")
		}
		for _, t := range slices.Sorted(maps.Keys(w.terms)) {
			fmt.Fprintf(&b, " %s×%.1f[df %d]", t, w.terms[t], e.termDF(t))
		}
		b.WriteString("\n")
	}
	return b.String()
}
