// Command bare is the baseline that maqal's start-up is measured
// against: it loads the same article into bleve (scorch, in memory, one
// field with the standard analyzer) and runs one MatchQuery, with none
// of maqal's analysis. scripts/bench times it beside `maqal ask`.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/maqal/maqal/corpus"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

// run indexes the article and answers each question given, or each line
// of standard input when none is, with the best paragraph's number.
func run(questions []string) error {
	a, err := corpus.Embedded()
	if err != nil {
		return err
	}
	idx, err := bleve.NewUsing("", bleve.NewIndexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return err
	}
	defer idx.Close()
	batch := idx.NewBatch()
	for _, p := range a.Paragraphs {
		if err := batch.Index(strconv.Itoa(p.Number), map[string]string{"text": p.Text}); err != nil {
			return err
		}
	}
	if err := idx.Batch(batch); err != nil {
		return err
	}
	ask := func(q string) error {
		mq := bleve.NewMatchQuery(q)
		mq.SetField("text")
		res, err := idx.Search(bleve.NewSearchRequestOptions(mq, 3, 0, false))
		if err != nil {
			return err
		}
		best := "none"
		if len(res.Hits) > 0 {
			best = res.Hits[0].ID
		}
		fmt.Println(best)
		return nil
	}
	if len(questions) > 0 {
		return ask(questions[0])
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if err := ask(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}
