// Package retrieval answers questions about one article by finding and
// quoting the paragraphs that answer them, in Arabic (Modern Standard and
// dialect) and in English.
//
// An Engine indexes a corpus.Article in bleve (scorch, in memory): the
// Arabic paragraphs under every reading of their words (see Normalize and
// the light stemming in stem.go), their lexicon groups and roots, and the
// English translation, when there is one, in a field of its own. A
// question is read the same way; the paragraphs that match most of its
// weight are ranked afresh on all their evidence (model.go), and the best
// sentences of the best paragraphs are quoted, verbatim, unless the
// engine's confidence says the article does not answer (signals.go):
//
//	a, _ := corpus.Embedded()
//	engine, err := retrieval.New(a, retrieval.Options{})
//	if err != nil { … }
//	ans, err := engine.Answer(ctx, retrieval.Question{Text: "لماذا عدلت المحكمة قرارها؟"})
//	if errors.Is(err, retrieval.ErrEmptyQuestion) { … }
//	if ans.Found { fmt.Println(ans.Passages[0].Paragraph, ans.Passages[0].Quote) }
//
// The language knowledge the engine needs beyond morphology (synonyms,
// broken plurals, dialect words, names in both scripts, stop words) is
// data: the lexicon*.txt files, parsed by ParseLexicon. Evaluate scores an
// engine on a question set (ParseQuestionSet).
package retrieval
