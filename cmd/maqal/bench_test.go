package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/bot/telegramtest"
)

// BenchmarkServeReady measures the time from starting "maqal serve" (in
// this process) to its first getUpdates: the article indexed, the bot
// known to Telegram, the commands set. The fake Telegram answers on the
// loopback.
func BenchmarkServeReady(b *testing.B) {
	tg := telegramtest.NewServer(b, telegramtest.Options{MaxPoll: 50 * time.Millisecond})
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_URL": tg.URL, "MAQAL_LOG_LEVEL": "error"}
	var ready []time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		polls := len(filter(tg.Calls(), "getUpdates"))
		start := time.Now()
		go func() {
			done <- run(ctx, []string{"maqal", "serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
		}()
		// A call is listed once answered, but stamped when it arrived.
		first := tg.WaitCalls(b, "getUpdates", polls+1, 10*time.Second)[polls]
		ready = append(ready, first.At.Sub(start))
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	slices.Sort(ready)
	b.ReportMetric(float64(ready[len(ready)/2].Microseconds())/1000, "ms-to-ready")
}

func filter(calls []telegramtest.Call, method string) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// TestProcessFigures measures maqal as whole processes, beside the bare
// program (retrieval/bare: the article in bleve, one MatchQuery): one
// question, a batch of 100, the time for serve to be ready, and the peak
// memory of serve after 10,000 questions. It builds both binaries, so it
// runs only when asked: MAQAL_BENCH=1 (scripts/bench sets it).
func TestProcessFigures(t *testing.T) {
	if os.Getenv("MAQAL_BENCH") == "" {
		t.Skip("MAQAL_BENCH is not set; scripts/bench runs this")
	}
	dir := t.TempDir()
	build := func(name, pkg string) string {
		out := filepath.Join(dir, name)
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Dir = filepath.Join("..", "..")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", pkg, err, b)
		}
		return out
	}
	maqalBin, bareBin := build("maqal", "./cmd/maqal"), build("bare", "./retrieval/bare")
	const runs = 15
	timeIt := func(stdin string, name string, args ...string) (med, lo, hi time.Duration) {
		var ds []time.Duration
		for range runs {
			cmd := exec.Command(name, args...)
			cmd.Stdin = strings.NewReader(stdin)
			cmd.Dir = dir // no .env here
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s %q: %v\n%s", name, args, err, out)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[len(ds)/2], ds[0], ds[len(ds)-1]
	}
	q := "لماذا عدلت المحكمة قرارها؟"
	var batch strings.Builder
	lines := questionLines(t, 100)
	for _, l := range lines {
		batch.WriteString(l + "\n")
	}
	report := func(what string, m, lo, hi time.Duration) {
		t.Logf("%-34s median %6.1f ms  (min %.1f, max %.1f)", what, ms(m), ms(lo), ms(hi))
	}
	am, alo, ahi := timeIt("", maqalBin, "ask", q)
	bm, blo, bhi := timeIt("", bareBin, q)
	report("maqal ask (one question)", am, alo, ahi)
	report("bare (one MatchQuery)", bm, blo, bhi)
	t.Logf("%-34s %.2f×", "ratio", float64(am)/float64(bm))
	abm, ablo, abhi := timeIt(batch.String(), maqalBin, "ask")
	bbm, bblo, bbhi := timeIt(batch.String(), bareBin)
	report("maqal ask (100 questions, stdin)", abm, ablo, abhi)
	report("bare (100 questions, stdin)", bbm, bblo, bbhi)
	t.Logf("%-34s %.2f×", "ratio", float64(abm)/float64(bbm))

	// serve: ready, then 10,000 questions from 500 chats, then its peak RSS.
	tg := telegramtest.NewServer(t, telegramtest.Options{MaxPoll: 200 * time.Millisecond})
	cmd := exec.Command(maqalBin, "serve", "--no-pacing")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN="+tg.Token(), "TELEGRAM_API_URL="+tg.URL, "MAQAL_LOG_LEVEL=warn")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	first := tg.WaitCalls(t, "getUpdates", 1, 30*time.Second)[0]
	t.Logf("%-34s %6.1f ms", "serve ready (process start to poll)", ms(first.At.Sub(start)))
	const chats, per = 500, 20
	for n := range per {
		for c := range chats {
			u := models.User{ID: int64(1000 + c), FirstName: "B", LanguageCode: "en"}
			tg.SendText(telegramtest.PrivateChat(u), u, lines[(n*chats+c)%len(lines)])
		}
	}
	loadStart := time.Now()
	deadline := time.Now().Add(5 * time.Minute)
	for tg.Stats().Messages < chats*per && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	elapsed := time.Since(loadStart)
	if got := tg.Stats().Messages; got < chats*per {
		t.Fatalf("%d answers to %d questions", got, chats*per)
	}
	t.Logf("%-34s %6.0f updates/s (%d in %v, pacing off)", "serve throughput", float64(chats*per)/elapsed.Seconds(), chats*per, elapsed.Round(time.Millisecond))
	t.Logf("%-34s %6.1f MB", "serve peak RSS (VmHWM)", float64(vmHWM(t, cmd.Process.Pid))/1024)
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	for _, bin := range []string{maqalBin, bareBin} {
		fi, _ := os.Stat(bin)
		t.Logf("%-34s %6.1f MB", "binary "+filepath.Base(bin)+" (not stripped)", float64(fi.Size())/(1<<20))
	}
	stripped := filepath.Join(dir, "maqal-stripped")
	sb := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", stripped, "./cmd/maqal")
	sb.Dir = filepath.Join("..", "..")
	if out, err := sb.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	fi, _ := os.Stat(stripped)
	t.Logf("%-34s %6.1f MB", "binary maqal (stripped, -s -w)", float64(fi.Size())/(1<<20))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// vmHWM reads a process's peak resident memory, in kB, from /proc.
func vmHWM(t *testing.T, pid int) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

// questionLines returns n questions from the dev sets, both languages.
func questionLines(t *testing.T, n int) []string {
	var out []string
	for _, set := range []string{"questions.ar.tsv", "questions.en.tsv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", set))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if _, q, ok := strings.Cut(l, "\t"); ok && !strings.HasPrefix(l, "#") {
				out = append(out, q)
			}
		}
	}
	for len(out) < n {
		out = append(out, out...)
	}
	return out[:n]
}
