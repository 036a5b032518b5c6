package retrieval_test

import (
	"context"
	"fmt"

	"github.com/maqal/maqal/corpus"
	"github.com/maqal/maqal/retrieval"
)

func ExampleEngine_Answer() {
	a, err := corpus.Embedded()
	if err != nil {
		fmt.Println(err)
		return
	}
	engine, err := retrieval.New(a, retrieval.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer engine.Close()

	for _, q := range []string{"لماذا عدلت المحكمة قرارها؟", "What did the court replace the suspension with?", "ما عدد سكان كازاخستان؟"} {
		ans, err := engine.Answer(context.Background(), retrieval.Question{Text: q, K: 1})
		if err != nil {
			fmt.Println(err)
			continue
		}
		if !ans.Found {
			fmt.Println(ans.Lang, "declined")
			continue
		}
		fmt.Println(ans.Lang, "paragraph", ans.Passages[0].Paragraph)
	}
	// Output:
	// ar paragraph 3
	// en paragraph 3
	// ar declined
}
