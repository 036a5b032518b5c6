package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
	"golang.org/x/net/html"

	"github.com/maqal/maqal/bot/telegramtest"
)

// A panic while handling one update is recovered and logged with its
// stack and the update's id; the reader gets an apology and the bot goes
// on.
func TestPanicIsRecovered(t *testing.T) {
	tg := telegramtest.NewServer(t, telegramtest.Options{})
	logs := &syncLog{}
	// A router without an engine panics on any question.
	b, err := New(&Router{langs: map[int64]string{}}, Config{Token: tg.Token(), APIURL: tg.URL, Limits: Limits{Off: true}},
		slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	user := models.User{ID: 5, FirstName: "P", LanguageCode: "en"}
	chat := telegramtest.PrivateChat(user)
	m := tg.SendText(chat, user, "who wrote this?")
	b.handle(context.Background(), &models.Update{ID: 77, Message: &m})
	msgs := tg.WaitMessages(t, chat.ID, 1, 5*time.Second)
	if !strings.Contains(msgs[0].Text, "Sorry, something went wrong") {
		t.Errorf("reply %q, want an apology", msgs[0].Text)
	}
	if got := logs.String(); !contains(got, "panic while handling an update", "update_id=77", "goroutine", "nil pointer") {
		t.Errorf("log lacks the panic, its update id or its stack:\n%s", got)
	}
}

// The token never shows in logs or errors, even when requests fail with
// errors that carry their URL.
func TestTokenNeverLogged(t *testing.T) {
	tg := telegramtest.NewServer(t, telegramtest.Options{})
	logs := &syncLog{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// Nothing listens on port 1: every call fails with a URL in the error.
	b, err := New(NewRouter(nil), Config{Token: tg.Token(), APIURL: "http://127.0.0.1:1"}, log)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil {
		t.Fatal("Run succeeded with no Telegram")
	}
	if _, err := b.getUpdates(context.Background(), 0, 0); err == nil || strings.Contains(err.Error(), tg.Token()) {
		t.Errorf("getUpdates error %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	sent := b.out.do(ctx, 1, "sendMessage", false, func(ctx context.Context) error {
		_, err := b.tg.SendMessage(ctx, nil)
		return err
	})
	for _, s := range []string{err.Error(), logs.String(), sent.Error()} {
		if strings.Contains(s, tg.Token()) || strings.Contains(s, strings.SplitN(tg.Token(), ":", 2)[1]) {
			t.Errorf("the token leaked: %s", s)
		}
	}
	if !strings.Contains(err.Error(), "reach Telegram") {
		t.Errorf("Run: %v", err)
	}
}

// Whatever a reply holds, each message is well-formed HTML of the tags
// Telegram knows, valid UTF-8, at most 4096 units, and no text is lost.
func FuzzChunks(f *testing.F) {
	f.Add("قال بوتين. ثم غادر!", "Paragraph <5> & more", 3, 40)
	f.Add(strings.Repeat("كلمة ", 2000), "😀", 1, 4096)
	f.Add("a\nb\nc", "\xff", 5, 2)
	f.Fuzz(func(t *testing.T, quote, text string, reps, limit int) {
		if reps < 1 || reps > 20 || limit < 2 || limit > 4096 {
			t.Skip()
		}
		quote = strings.ToValidUTF8(quote, "")
		text = strings.ToValidUTF8(text, "")
		rep := Reply{}
		for range reps {
			rep.Blocks = append(rep.Blocks,
				textBlock(bold(text)),
				Block{Kind: Quote, Runs: []Run{plain(quote), bold(text), plain(quote)}},
				Block{Kind: Translation, Runs: []Run{plain(text)}})
		}
		var plainText strings.Builder
		for _, c := range chunks(rep, limit) {
			if n := utf16Len(c.plain); n > limit {
				t.Fatalf("a message of %d units, limit %d", n, limit)
			}
			if !utf8.ValidString(c.html) {
				t.Fatal("invalid UTF-8")
			}
			checkHTML(t, c.html)
			plainText.WriteString(c.plain)
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		want := ""
		for _, b := range rep.Blocks {
			want += b.String()
		}
		if squash(plainText.String()) != squash(want) {
			t.Fatalf("text changed in splitting")
		}
	})
}

// checkHTML fails unless s is balanced HTML of <b>, <i> and <blockquote>
// whose text is s's text escaped.
func checkHTML(t *testing.T, s string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				t.Fatalf("unclosed %v in %q", open, s)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "b", "i", "blockquote":
			default:
				t.Fatalf("tag <%s> in %q", name, s)
			}
			if string(name) == "blockquote" && len(open) > 0 {
				t.Fatalf("nested blockquote in %q", s)
			}
			open = append(open, string(name))
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				t.Fatalf("</%s> does not close %v in %q", name, open, s)
			}
			open = open[:len(open)-1]
		case html.SelfClosingTagToken, html.CommentToken, html.DoctypeToken:
			t.Fatalf("markup %q in %q", z.Raw(), s)
		}
	}
}

// The command parser takes any text without panicking, and what it calls
// a command has a name Telegram allows.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/who@maqal_bot Tokayev", "/p ٥", "/", "/ /", "//x", " /start p5", "/ÿ", "/who\nx", "/\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, arg, ok := parseCommand(s)
		if !ok {
			return
		}
		if name == "" || len(name) > 32 || strings.ToLower(name) != name {
			t.Fatalf("parseCommand(%q) name %q", s, name)
		}
		for _, c := range name {
			if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				t.Fatalf("parseCommand(%q) name %q has %q", s, name, c)
			}
		}
		if !strings.Contains(s, arg) {
			t.Fatalf("parseCommand(%q) arg %q is not from the text", s, arg)
		}
	})
}
