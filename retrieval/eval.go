package retrieval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// EvalQuestion is one line of a question set: a question and the
// paragraphs that answer it, best first, or none when the article does not
// answer it.
type EvalQuestion struct {
	Line       int
	Text       string
	Paragraphs []int
}

// Answerable reports whether the article answers the question.
func (q EvalQuestion) Answerable() bool { return len(q.Paragraphs) > 0 }

// ParseQuestionSet reads a question set: one question a line, written
// "PARAGRAPHS<TAB>QUESTION" where PARAGRAPHS is a comma-separated list of
// paragraph numbers or the word none. Blank lines and lines starting with #
// are skipped.
func ParseQuestionSet(r io.Reader) ([]EvalQuestion, error) {
	var out []EvalQuestion
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		paras, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("line %d: want PARAGRAPHS<TAB>QUESTION", n)
		}
		q := EvalQuestion{Line: n, Text: text}
		if strings.TrimSpace(paras) != "none" {
			for _, f := range strings.Split(paras, ",") {
				p, err := strconv.Atoi(strings.TrimSpace(f))
				if err != nil || p < 0 {
					return nil, fmt.Errorf("line %d: bad paragraph number %q", n, f)
				}
				q.Paragraphs = append(q.Paragraphs, p)
			}
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read question set: %w", err)
	}
	return out, nil
}

// Report holds the scores of an engine on a question set.
type Report struct {
	Answerable, Unanswerable int
	// Top1 and Top3 are the shares of answerable questions whose best
	// ranked paragraph, or one of the three best, answers them. They
	// measure the ranking; declining is measured by FalseRejection.
	Top1, Top3 float64
	// MRR is the mean reciprocal rank of the first answering paragraph
	// among the answerable questions (0 when not among the first three).
	MRR float64
	// Answered is the share of answerable questions the engine answers
	// (does not decline) with an answering paragraph first: top-1 and
	// declining together, what a reader sees.
	Answered float64
	// Rejection is the share of unanswerable questions declined;
	// FalseRejection the share of answerable questions declined.
	Rejection, FalseRejection float64
	// Misses lists the questions the engine got wrong, for reading.
	Misses []Miss
}

// Miss is a question the engine ranked wrongly, declined wrongly, or
// answered when it should have declined.
type Miss struct {
	Question EvalQuestion
	Got      []int
	Found    bool
	// Coverage is the share of the question the best paragraph covered,
	// and Confidence the engine's confidence that it answers (it answers
	// at zero or above).
	Coverage, Confidence float64
}

// Evaluate asks every question of set and scores the answers.
func Evaluate(ctx context.Context, e *Engine, set []EvalQuestion) (Report, error) {
	var r Report
	var top1, top3, answered, rejected, falseRejected int
	var rr float64
	for _, q := range set {
		// Rank without declining, then decline as Answer would.
		ans, _, err := e.answer(ctx, Question{Text: q.Text, K: 3}, false)
		if err != nil {
			return r, fmt.Errorf("line %d %q: %w", q.Line, q.Text, err)
		}
		ans.Found = ans.Found && ans.Confidence >= 0
		var got []int
		for _, p := range ans.Passages {
			got = append(got, p.Paragraph)
		}
		miss := Miss{Question: q, Got: got, Found: ans.Found, Coverage: ans.Coverage, Confidence: ans.Confidence}
		if !q.Answerable() {
			r.Unanswerable++
			if !ans.Found {
				rejected++
			} else {
				r.Misses = append(r.Misses, miss)
			}
			continue
		}
		r.Answerable++
		if !ans.Found {
			falseRejected++
		}
		rank := 0
		for i, p := range got {
			if slices.Contains(q.Paragraphs, p) {
				rank = i + 1
				break
			}
		}
		switch {
		case rank == 1:
			top1++
			top3++
			if ans.Found {
				answered++
			}
		case rank > 1 && rank <= 3:
			top3++
		}
		if rank > 0 {
			rr += 1 / float64(rank)
		}
		if rank != 1 || !ans.Found {
			r.Misses = append(r.Misses, miss)
		}
	}
	if r.Answerable > 0 {
		n := float64(r.Answerable)
		r.Top1, r.Top3, r.MRR = float64(top1)/n, float64(top3)/n, rr/n
		r.Answered = float64(answered) / n
		r.FalseRejection = float64(falseRejected) / n
	}
	if r.Unanswerable > 0 {
		r.Rejection = float64(rejected) / float64(r.Unanswerable)
	}
	return r, nil
}
