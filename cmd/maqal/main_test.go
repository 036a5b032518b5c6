package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/bot/telegramtest"
)

// maqal runs the program with args and stdin, as a user would.
func maqal(t testing.TB, stdin string, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err = run(context.Background(), append([]string{"maqal"}, args...), getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func decode(t testing.TB, line string) jsonAnswer {
	t.Helper()
	var a jsonAnswer
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("not a JSON answer: %v\n%s", err, line)
	}
	return a
}

func TestAskJSONContract(t *testing.T) {
	out, _, err := maqal(t, "", nil, "ask", "--json", "-k", "2", "من", "كتب", "المقال؟")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("want one line, got %q", out)
	}
	// The exact keys, in the documented order.
	for _, key := range []string{`{"question":`, `"lang":`, `"found":`, `"answers":[{"paragraph":`, `"score":`, `"quote":`, `"text":`, `"translation":`} {
		if !strings.Contains(out, key) {
			t.Errorf("output lacks %s: %s", key, out)
		}
	}
	a := decode(t, out)
	if a.Question != "من كتب المقال؟" || a.Lang != "ar" || !a.Found {
		t.Errorf("answer = %+v", a)
	}
	if len(a.Answers) == 0 || len(a.Answers) > 2 {
		t.Fatalf("answers = %d, want 1 or 2 (-k 2)", len(a.Answers))
	}
	p := a.Answers[0]
	if p.Paragraph != 0 || !strings.Contains(p.Text, p.Quote) || p.Quote == "" || p.Score <= 0 {
		t.Errorf("first passage = %+v, want the byline quoted", p)
	}
}

func TestAskBatchGivesOneLinePerInputLine(t *testing.T) {
	long := strings.Repeat("كازاخستان ", 150)
	in := strings.Join([]string{
		"لماذا عدلت المحكمة قرارها؟",
		"",
		"؟؟؟ !!",
		long,
		"bad \xff\xfe utf-8",
		"ما عدد سكان كازاخستان؟",
		`+روسيا -"بوتين*`,
		"<b>السيادة</b>",
	}, "\n") + "\n"
	out, _, err := maqal(t, in, nil, "ask", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d output lines for 8 input lines:\n%s", len(lines), out)
	}
	want := []struct {
		found bool
		err   string
	}{
		{true, ""},
		{false, "empty"},
		{false, "no words"},
		{false, "longer than 1000"},
		{false, "UTF-8"},
		{false, ""},
		{true, ""},
		{true, ""},
	}
	for i, line := range lines {
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not valid UTF-8", i+1)
		}
		a := decode(t, line)
		if a.Found != want[i].found || !strings.Contains(a.Error, want[i].err) || (want[i].err == "") != (a.Error == "") {
			t.Errorf("line %d: found=%v error=%q, want found=%v error containing %q", i+1, a.Found, a.Error, want[i].found, want[i].err)
		}
		if a.Answers == nil {
			t.Errorf("line %d: answers is null, want []", i+1)
		}
		if !a.Found && len(a.Answers) != 0 {
			t.Errorf("line %d: not found yet %d answers", i+1, len(a.Answers))
		}
	}
	if a := decode(t, lines[1]); a.Question != "" {
		t.Errorf("empty line echoed as %q", a.Question)
	}
	if a := decode(t, lines[3]); utf8.RuneCountInString(a.Question) > 1000 {
		t.Errorf("a too-long question is echoed whole (%d characters)", utf8.RuneCountInString(a.Question))
	}
}

func TestAskHugeLineDoesNotStopTheBatch(t *testing.T) {
	in := strings.Repeat("ب", 3<<20) + "\nمن كتب المقال؟\n"
	out, _, err := maqal(t, in, nil, "ask", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2", len(lines))
	}
	if a := decode(t, lines[0]); a.Found || !strings.Contains(a.Error, "longer") {
		t.Errorf("huge line: %+v", a)
	}
	if a := decode(t, lines[1]); !a.Found {
		t.Errorf("the line after a huge one was not answered: %+v", a)
	}
}

func TestAskReadable(t *testing.T) {
	out, _, err := maqal(t, "", nil, "ask", "غرامة", "بدلا", "من", "التعليق")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "الفقرة 3") || !strings.Contains(out, "*بغرامة*") {
		t.Errorf("want paragraph 3 named and the match marked:\n%s", out)
	}
	out, _, _ = maqal(t, "", nil, "ask", "--lang", "en", "نتيجة", "مباراة", "الأهلي")
	if !strings.Contains(out, "does not say") {
		t.Errorf("want an English decline, got:\n%s", out)
	}
	out, _, _ = maqal(t, "من كتب المقال؟\nكيف اتعلم بايثون\n\n", nil, "ask")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "¶0 ") || !strings.HasPrefix(lines[1], "- ") || !strings.HasPrefix(lines[2], "! ") {
		t.Errorf("batch text output, one line each, got:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"ask", "-k", "0", "x"},
		{"ask", "--lang", "fr", "x"},
		{"ask", "--nope"},
		{"eval", "extra"},
		{"chat", "--lang", "fr"},
		{"chat", "what is this"},
	} {
		_, _, err := maqal(t, "", nil, args...)
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != 2 {
			t.Errorf("maqal %q: err = %v, want a usage error (exit 2)", args, err)
		}
	}
	out, _, err := maqal(t, "", nil, "help")
	if err != nil || !strings.Contains(out, "maqal ask") {
		t.Errorf("help: %v\n%s", err, out)
	}
}

func TestCorpusFromFlagAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "article.txt"), []byte("كاتب تجريبي\nالقطط تحب النوم في الشمس.\nالكلاب تحب الركض في الحديقة.\n"), 0o644)
	for name, run := range map[string]func() (string, string, error){
		"flag": func() (string, string, error) {
			return maqal(t, "", nil, "ask", "--json", "--corpus", dir, "أين", "تركض", "الكلاب؟")
		},
		"env": func() (string, string, error) {
			return maqal(t, "", map[string]string{"MAQAL_CORPUS": dir}, "ask", "--json", "أين", "تركض", "الكلاب؟")
		},
	} {
		out, _, err := run()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a := decode(t, out); !a.Found || a.Answers[0].Paragraph != 2 {
			t.Errorf("%s: %+v, want paragraph 2 of the other article", name, a)
		}
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "article.txt"), []byte("byline\n\nbody\n"), 0o644)
	_, _, err := maqal(t, "", nil, "ask", "--corpus", bad, "x")
	if err == nil || !strings.Contains(err.Error(), "article.txt:2") {
		t.Errorf("err = %v, want the file and line", err)
	}
}

func TestEval(t *testing.T) {
	set := filepath.Join(t.TempDir(), "set.tsv")
	os.WriteFile(set, []byte("# a tiny set\n0\tمن كتب المقال؟\n3\tلماذا عدلت المحكمة قرارها؟\nnone\tكيف اتعلم بايثون\n"), 0o644)
	out, _, err := maqal(t, "", nil, "eval", "--set", set)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 answerable, 1 unanswerable", "top-1 1.000", "top-3 1.000", "MRR 1.000", "rejection 1.000", "false rejection 0.000"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := maqal(t, "", nil, "eval", "--set", filepath.Join(t.TempDir(), "missing.tsv")); err == nil {
		t.Error("eval of a missing set succeeded")
	}
}

func FuzzAsk(f *testing.F) {
	for _, s := range []string{"من كتب المقال؟", "", "\xff", "a\nb", "<i>x</i>", `"*"`, "٢٧ دولة"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, _, err := maqal(t, in, nil, "ask", "--json")
		if err != nil {
			t.Fatal(err)
		}
		if out == "" {
			return
		}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if !json.Valid([]byte(line)) {
				t.Fatalf("invalid JSON for %q: %s", in, line)
			}
		}
	})
}

func TestDotenvFallsBackToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("# comment\nMAQAL_CORPUS=/from/file\nOTHER=x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	real := map[string]string{"MAQAL_CORPUS": "/from/env"}
	getenv, err := withDotenv(func(k string) string { return real[k] }, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := getenv("MAQAL_CORPUS"); got != "/from/env" {
		t.Errorf("MAQAL_CORPUS = %q, want the real environment to win", got)
	}
	if got := getenv("OTHER"); got != "x" {
		t.Errorf("OTHER = %q, want the file's value", got)
	}
	if _, err := withDotenv(os.Getenv, filepath.Join(t.TempDir(), "none")); err != nil {
		t.Errorf("a missing .env is an error: %v", err)
	}
}

func TestAskEnglish(t *testing.T) {
	out, _, err := maqal(t, "", nil, "ask", "--json", "-k", "1", "why did the court change its ruling?")
	if err != nil {
		t.Fatal(err)
	}
	a := decode(t, out)
	if a.Lang != "en" || !a.Found || a.Answers[0].Paragraph != 3 {
		t.Fatalf("answer = %+v", a)
	}
	p := a.Answers[0]
	if !strings.Contains(p.Translation, "the court amended its ruling") || !strings.Contains(p.Translation, p.QuoteTranslation) || p.QuoteTranslation == "" {
		t.Errorf("translation %q, quote translation %q", p.Translation, p.QuoteTranslation)
	}
	if !slices.Contains(p.MatchedTranslation, "court") || !slices.Contains(p.MatchedTranslation, "ruling") {
		t.Errorf("matched_translation = %q, want court and ruling", p.MatchedTranslation)
	}

	// A reader of English sees the English under the Arabic; a reader of
	// Arabic sees Arabic only unless asking for English.
	out, _, _ = maqal(t, "", nil, "ask", "-k", "1", "why did the court change its ruling?")
	if !strings.Contains(out, "Paragraph 3") || !strings.Contains(out, "the *court*") || !strings.Contains(out, "its *ruling*") {
		t.Errorf("English question, text output lacks the marked English:\n%s", out)
	}
	out, _, _ = maqal(t, "", nil, "ask", "-k", "1", "لماذا عدلت المحكمة قرارها؟")
	if strings.Contains(out, "amended") {
		t.Errorf("Arabic question shows English unasked:\n%s", out)
	}
	out, _, _ = maqal(t, "", nil, "ask", "-k", "1", "--lang", "en", "لماذا عدلت المحكمة قرارها؟")
	if !strings.Contains(out, "amended") || !strings.Contains(out, "Paragraph 3") {
		t.Errorf("--lang en on an Arabic question lacks the English:\n%s", out)
	}
}

func TestNoTranslationAndTheDictionary(t *testing.T) {
	if _, _, err := maqal(t, "", map[string]string{"MAQAL_DICT": "/nonexistent/dict.index"}, "ask", "--no-translation", "court"); err == nil || !strings.Contains(err.Error(), "MAQAL_DICT") {
		t.Errorf("a bad MAQAL_DICT: err = %v, want it named", err)
	}
	// Without a dictionary, the engine still runs and says why English
	// is limited, once.
	var log bytes.Buffer
	cfg := engineConfig{noTranslation: true, dictionary: "/nonexistent/freedict.index"}
	e, err := loadEngine(cfg, func(string) string { return "" }, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	if strings.Count(log.String(), "dict-freedict-eng-ara") != 1 {
		t.Errorf("want one log line naming the package, got:\n%s", log.String())
	}
}

func TestFlagsAfterTheQuestion(t *testing.T) {
	out, _, err := maqal(t, "", nil, "ask", "من", "كتب", "المقال؟", "--json", "-k", "1")
	if err != nil {
		t.Fatal(err)
	}
	if a := decode(t, out); !a.Found || a.Question != "من كتب المقال؟" || len(a.Answers) != 1 {
		t.Errorf("flags after the question: %+v", a)
	}
	// After --, a leading dash is part of the question.
	out, _, err = maqal(t, "", nil, "ask", "--json", "--", "-بوتين", "السيادة")
	if err != nil {
		t.Fatal(err)
	}
	if a := decode(t, out); a.Question != "-بوتين السيادة" || !a.Found {
		t.Errorf("after --: %+v", a)
	}
}

// failingWriter fails every write, like a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestAskReportsWriteErrors(t *testing.T) {
	for _, args := range [][]string{{"ask", "من كتب المقال؟"}, {"ask"}} {
		err := run(context.Background(), append([]string{"maqal"}, args...), func(string) string { return "" },
			strings.NewReader("من كتب المقال؟\n"), failingWriter{}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "no space") {
			t.Errorf("maqal %q to a full disk: err = %v", args, err)
		}
	}
}

func TestInterruptEndsABatchWaitingForInput(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe() // never written to, never closed: a silent terminal
	defer w.Close()
	done := make(chan error)
	go func() {
		done <- run(ctx, []string{"maqal", "ask"}, func(string) string { return "" }, r, io.Discard, io.Discard)
	}()
	cancel()
	select {
	case err := <-done:
		if exitCode(err) != 130 {
			t.Errorf("interrupted batch: err = %v, exit %d, want 130", err, exitCode(err))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the batch did not stop when interrupted")
	}
}

func TestHTMLOnlyQuestionCannotBeSearched(t *testing.T) {
	out, _, _ := maqal(t, "", nil, "ask", "--json", "<b></b>")
	if a := decode(t, out); a.Error == "" {
		t.Errorf("a question of tags only: %+v, want an error", a)
	}
}

// maqal chat is the bot's conversation in a terminal: one reply for each
// line, in order, each followed by a blank line.
func TestChat(t *testing.T) {
	out, _, err := maqal(t, "/timeline\n/quote 99\nمن كتب المقال؟\n/who tokaev\n", nil, "chat", "--lang", "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"*Timeline*\n*1. March 2022",
		"There is no paragraph 99",
		"الفقرة 0 (سطر التعريف بالكاتب)",
		"*Kassym-Jomart Tokayev* — President of Kazakhstan",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "Timeline") > strings.Index(out, "no paragraph 99") || strings.Index(out, "no paragraph 99") > strings.Index(out, "Kassym-Jomart") {
		t.Errorf("replies out of order:\n%s", out)
	}
	ar, _, err := maqal(t, "/timeline\n", nil, "chat", "--lang", "ar")
	if err != nil || !strings.HasPrefix(ar, "*التسلسل الزمني*") {
		t.Errorf("chat --lang ar: %v\n%s", err, ar)
	}
}

func TestServeWithoutATokenSaysHowToGetOne(t *testing.T) {
	for _, args := range [][]string{nil, {"serve"}} {
		_, _, err := maqal(t, "", nil, args...)
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != 2 {
			t.Fatalf("maqal %q: err = %v, want exit 2", args, err)
		}
		for _, w := range []string{"TELEGRAM_BOT_TOKEN", "@BotFather", "maqal chat"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("maqal %q: %q does not mention %s", args, err, w)
			}
		}
	}
	if _, _, err := maqal(t, "", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "MAQAL_ALLOWED_CHATS": "12,abc"}, "serve"); err == nil || !strings.Contains(err.Error(), `"abc" is not a chat id`) {
		t.Errorf("bad MAQAL_ALLOWED_CHATS: %v", err)
	}
	if _, _, err := maqal(t, "", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "MAQAL_LOG_FORMAT": "xml"}, "serve"); err == nil || exitCode(err) != 2 {
		t.Errorf("bad MAQAL_LOG_FORMAT: %v", err)
	}
	_, help, err := maqal(t, "", nil, "serve", "--help")
	if err != nil || !strings.Contains(help, "TELEGRAM_BOT_TOKEN") || !strings.Contains(help, "-no-pacing") || !strings.Contains(help, "env MAQAL_MODE") {
		t.Errorf("serve --help: %v\n%s", err, help)
	}
}

// The whole program, started as a user starts it, answers through a fake
// Telegram and stops cleanly on a signal (here, its context).
func TestServeEndToEnd(t *testing.T) {
	tg := telegramtest.NewServer(t, telegramtest.Options{})
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": tg.Token(),
		"TELEGRAM_API_URL":   tg.URL,
		"MAQAL_LOG_FORMAT":   "json",
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncWriter
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"maqal"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &stderr)
	}()
	user := models.User{ID: 7, FirstName: "U", LanguageCode: "en"}
	chat := telegramtest.PrivateChat(user)
	tg.WaitCalls(t, "setMyCommands", 4, 10*time.Second)
	tg.SendText(chat, user, "who wrote the article?")
	msg := tg.WaitMessages(t, chat.ID, 1, 10*time.Second)[0]
	if !strings.Contains(msg.Text, "Nargis Kassenova") {
		t.Errorf("answer: %s", msg.Text)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := stderr.String()
	if !strings.Contains(logs, `"msg":"maqal bot started"`) {
		t.Errorf("no JSON start-up line in the log:\n%s", logs)
	}
	if strings.Contains(logs, tg.Token()) {
		t.Errorf("the token is in the log:\n%s", logs)
	}
	for _, c := range tg.Rejected() {
		t.Errorf("Telegram refused %s: %s", c.Method, c.Error)
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			io.WriteString(w, "ok\n")
			return
		}
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	listen := strings.TrimPrefix(srv.URL, "http://127.0.0.1")
	if out, _, err := maqal(t, "", map[string]string{"MAQAL_LISTEN": listen}, "health"); err != nil || out != "ok\n" {
		t.Errorf("health on %s: %q %v", listen, out, err)
	}
	if _, _, err := maqal(t, "", nil, "health", srv.URL+"/readyz"); err == nil || exitCode(err) != 1 {
		t.Errorf("an unhealthy answer: %v, want exit 1", err)
	}
	if out, _, err := maqal(t, "", map[string]string{"MAQAL_LISTEN": "[::1]" + listen}, "health"); err == nil {
		t.Errorf("health on [::1]%s answered %q, but nothing listens there", listen, out)
	}
	if _, _, err := maqal(t, "", nil, "health"); exitCode(err) != 2 {
		t.Errorf("no MAQAL_LISTEN: %v, want exit 2", err)
	}
}
