package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

const (
	benchQuestion        = "لماذا عدلت المحكمة في نوفوروسيسك قرارها بإغلاق خط الأنابيب؟"
	benchEnglishQuestion = "why did the court in Novorossiysk change its ruling to shut the pipeline?"
)

// BenchmarkAnswer measures the whole engine on one question: normalizing,
// reading each word, searching, ranking, picking sentences, marking.
func BenchmarkAnswer(b *testing.B) {
	for _, q := range []struct{ name, text string }{{"ar", benchQuestion}, {"en", benchEnglishQuestion}} {
		b.Run(q.name, func(b *testing.B) {
			e := engine(b)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Answer(ctx, Question{Text: q.text, K: 3}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBareMatchQuery is a bare bleve MatchQuery for the same question
// over the same index, top 3: the cost of bleve alone, for comparison.
func BenchmarkBareMatchQuery(b *testing.B) {
	e := engine(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		q := bleve.NewMatchQuery(benchQuestion)
		q.SetField(fieldArabic)
		if _, err := e.index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 3, 0, false)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures indexing the article: the start-up cost.
func BenchmarkNew(b *testing.B) {
	a := engine(b).Article()
	b.ReportAllocs()
	for b.Loop() {
		e, err := New(a, Options{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkAnswerLatency answers the questions of the dev sets in turn,
// Arabic and English, answerable or not, and reports the median and the
// 99th percentile of the time one answer takes, beside the mean.
func BenchmarkAnswerLatency(b *testing.B) {
	e := engine(b)
	var questions []string
	for _, set := range []string{"questions.ar.tsv", "dev2.ar.tsv", "questions.en.tsv", "dev2.en.tsv"} {
		f, err := os.Open(filepath.Join("..", "testdata", set))
		if err != nil {
			b.Fatal(err)
		}
		qs, err := ParseQuestionSet(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range qs {
			questions = append(questions, q.Text)
		}
	}
	ctx := context.Background()
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := e.Answer(ctx, Question{Text: questions[i%len(questions)], K: 3}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		i++
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}
