package bot_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/bot"
	"github.com/maqal/maqal/bot/telegramtest"
)

const wait = 10 * time.Second

// syncBuffer is a log sink that tests read while the bot writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// started is a bot running against a fake Telegram.
type started struct {
	tg   *telegramtest.Server
	logs *syncBuffer
	stop func() error
}

// startBot runs the bot against a new fake Telegram until the test ends,
// then checks that Telegram refused nothing it sent.
func startBot(t *testing.T, cfg bot.Config) *started {
	t.Helper()
	return runBot(t, telegramtest.NewServer(t, telegramtest.Options{}), cfg)
}

// runBot runs a bot against tg until the test ends or stop is called.
func runBot(t *testing.T, tg *telegramtest.Server, cfg bot.Config) *started {
	t.Helper()
	cfg.Token, cfg.APIURL = tg.Token(), tg.URL
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = time.Second
	}
	logs := &syncBuffer{}
	b, err := bot.New(bot.NewRouter(engine(t)), cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(wait):
				t.Errorf("the bot did not stop")
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		for _, c := range tg.Rejected() {
			t.Errorf("Telegram refused %s: %s\n%v", c.Method, c.Error, c.Params)
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	// Ready once it asks for updates, one way or the other.
	if cfg.Mode == bot.ModeWebhook {
		tg.WaitCalls(t, "setWebhook", 1, wait)
	} else {
		tg.WaitCalls(t, "getUpdates", 1, wait)
	}
	return &started{tg: tg, logs: logs, stop: stop}
}

var (
	english = models.User{ID: 101, FirstName: "Ann", Username: "ann", LanguageCode: "en"}
	arabic  = models.User{ID: 102, FirstName: "سارة", LanguageCode: "ar"}
	robot   = models.User{ID: 103, FirstName: "Other", Username: "other_bot", IsBot: true}
)

func buttonTexts(m telegramtest.SentMessage) []string {
	var out []string
	if m.Markup != nil {
		for _, row := range m.Markup.InlineKeyboard {
			for _, b := range row {
				out = append(out, b.Text)
			}
		}
	}
	return out
}

func buttonData(t *testing.T, m telegramtest.SentMessage, text string) string {
	t.Helper()
	if m.Markup != nil {
		for _, row := range m.Markup.InlineKeyboard {
			for _, b := range row {
				if b.Text == text {
					return b.CallbackData
				}
			}
		}
	}
	t.Fatalf("no button %q under %q (buttons %q)", text, m.Text, buttonTexts(m))
	return ""
}

func mustContain(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func TestStartUpAnnouncesCommandsInBothLanguages(t *testing.T) {
	s := startBot(t, bot.Config{Corpus: "test article"})
	cmds := s.tg.Commands()
	for _, key := range []string{"all_private_chats/", "all_private_chats/ar", "all_group_chats/", "all_group_chats/ar"} {
		if len(cmds[key]) != len(bot.Commands) {
			t.Errorf("commands for %s: %v", key, cmds[key])
		}
	}
	if got := cmds["all_group_chats/ar"]; len(got) > 0 && got[0].Description != bot.Commands[0].AR {
		t.Errorf("Arabic description %q", got[0].Description)
	}
	mustContain(t, "start-up log", s.logs.String(), "maqal bot started", "username=@maqal_test_bot", "mode=polling", `corpus="test article"`)
}

func TestPrivateChatAnswersAndButtons(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(english)
	s.tg.SendText(chat, english, "why did the court shut the pipeline?")
	msg := s.tg.WaitMessages(t, chat.ID, 1, wait)[0]
	mustContain(t, "answer", msg.HTML, "<b>Paragraph 2", "<blockquote>", "<blockquote><i>", "next day")
	if msg.ReplyTo != 0 {
		t.Errorf("a private answer quotes the question (reply to %d)", msg.ReplyTo)
	}
	if got := buttonTexts(msg); strings.Join(got, "|") != "Next passage ›|Whole paragraph|العربية" {
		t.Errorf("buttons %q", got)
	}

	// Next passage: the same message shows the second passage.
	s.tg.PressButton(english, chat.ID, msg.MessageID, buttonData(t, msg, "Next passage ›"))
	s.tg.WaitCalls(t, "editMessageText", 1, wait)
	msg = s.tg.Messages(chat.ID)[0]
	mustContain(t, "second passage", msg.Text, "passage 2 of")
	// Whole paragraph, then the Arabic alone.
	s.tg.PressButton(english, chat.ID, msg.MessageID, buttonData(t, msg, "Whole paragraph"))
	s.tg.WaitCalls(t, "editMessageText", 2, wait)
	msg = s.tg.Messages(chat.ID)[0]
	full := msg.Text
	s.tg.PressButton(english, chat.ID, msg.MessageID, buttonData(t, msg, "العربية"))
	s.tg.WaitCalls(t, "editMessageText", 3, wait)
	msg = s.tg.Messages(chat.ID)[0]
	if len(msg.Text) >= len(full) || strings.Contains(msg.HTML, "<i>") {
		t.Errorf("hiding the English left:\n%s", msg.HTML)
	}
	if got := buttonTexts(msg); !strings.Contains(strings.Join(got, "|"), "Quote only|English") {
		t.Errorf("buttons after the toggles: %q", got)
	}
	if msg.Edits != 3 {
		t.Errorf("%d edits, want 3", msg.Edits)
	}
	if n := len(s.tg.Messages(chat.ID)); n != 1 {
		t.Errorf("buttons sent %d messages; they should edit the answer", n)
	}
	for i := 1; i <= 3; i++ {
		s.tg.WaitCalls(t, "answerCallbackQuery", i, wait)
	}
}

func TestArabicQuestionGetsAnArabicAnswer(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(english) // an English app, an Arabic question
	s.tg.SendText(chat, english, "لماذا عدلت المحكمة قرارها؟")
	msg := s.tg.WaitMessages(t, chat.ID, 1, wait)[0]
	mustContain(t, "answer", msg.HTML, "<b>الفقرة 3", "<b>المحكمة</b>")
	if strings.Contains(msg.HTML, "<i>") {
		t.Errorf("an Arabic answer carries the English:\n%s", msg.HTML)
	}
	if got := buttonTexts(msg); len(got) == 0 || got[len(got)-1] != "English" {
		t.Errorf("buttons %q, want the English to be offered", got)
	}
}

func TestExpiredButtonAnswersPolitely(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(english)
	s.tg.SendText(chat, english, "/quote 3")
	msg := s.tg.WaitMessages(t, chat.ID, 1, wait)[0]
	id := s.tg.PressButton(english, chat.ID, msg.MessageID, "n:gone12345")
	if a := s.tg.WaitCallbackAnswer(t, id, wait); !strings.Contains(a.Text, "expired") {
		t.Errorf("expired button answered %q", a.Text)
	}
}

func TestStartOffersExamplesAndDeepLinks(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(arabic)
	s.tg.SendText(chat, arabic, "/start")
	msg := s.tg.WaitMessages(t, chat.ID, 1, wait)[0]
	mustContain(t, "greeting", msg.Text, "مرحبًا")
	if got := buttonTexts(msg); len(got) != 3 {
		t.Fatalf("example buttons %q", got)
	}
	s.tg.PressButton(arabic, chat.ID, msg.MessageID, msg.Markup.InlineKeyboard[0][0].CallbackData)
	answer := s.tg.WaitMessages(t, chat.ID, 2, wait)[1]
	mustContain(t, "answer to the example", answer.HTML, "<b>الفقرة ", "<blockquote>")

	s.tg.SendText(chat, arabic, "/start p5")
	para := s.tg.WaitMessages(t, chat.ID, 3, wait)[2]
	mustContain(t, "deep link", para.Text, "الفقرة 5", "كما تم عرض التحدي")
}

func TestStickersAndPhotosGetAHint(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(english)
	s.tg.SendSticker(chat, english)
	s.tg.SendPhoto(chat, english, "")
	msgs := s.tg.WaitMessages(t, chat.ID, 2, wait)
	for _, m := range msgs {
		mustContain(t, "hint", m.Text, "I read text only")
	}
	s.tg.SendPhoto(chat, english, "who wrote the article?")
	mustContain(t, "captioned photo", s.tg.WaitMessages(t, chat.ID, 3, wait)[2].Text, "Nargis Kassenova")
}

func TestGroupAnswersOnlyWhenAddressed(t *testing.T) {
	s := startBot(t, bot.Config{})
	group := telegramtest.GroupChat(-1001, "Reading group")
	q1 := s.tg.SendText(group, english, "/who@maqal_test_bot Putin")
	s.tg.SendText(group, english, "I think the pipeline story is the key") // chatter
	s.tg.SendText(group, english, "/who@other_bot Tokayev")                // another bot's command
	s.tg.SendText(group, robot, "/timeline")                               // another bot
	q2 := s.tg.SendText(group, arabic, "/timeline")
	q3 := s.tg.SendText(group, english, "@maqal_test_bot who wrote the article?")
	msgs := s.tg.WaitMessages(t, group.ID, 3, wait)
	// Each is a reply to its question, in order.
	var who, timeline, byline telegramtest.SentMessage
	for _, m := range msgs {
		switch m.ReplyTo {
		case q1.ID:
			who = m
		case q2.ID:
			timeline = m
		case q3.ID:
			byline = m
		}
	}
	mustContain(t, "/who@bot", who.Text, "Putin — President of Russia")
	mustContain(t, "/timeline from an Arabic app", timeline.Text, "التسلسل الزمني")
	mustContain(t, "mention", byline.Text, "Nargis Kassenova")

	// A reply to the bot's message is a follow-up question.
	q4 := s.tg.SendReply(group, english, "and what did Putin say about sovereignty?", byline.MessageID)
	follow := s.tg.WaitMessages(t, group.ID, 4, wait)[3]
	if follow.ReplyTo != q4.ID {
		t.Errorf("follow-up reply to %d, want %d", follow.ReplyTo, q4.ID)
	}
	mustContain(t, "follow-up", follow.Text, "Paragraph 7")

	// Nothing else was answered.
	s.tg.SendText(group, english, "/help@maqal_test_bot")
	s.tg.WaitMessages(t, group.ID, 5, wait)
	if n := len(s.tg.Messages(group.ID)); n != 5 {
		t.Errorf("%d messages in the group, want 5", n)
	}
}

// A reply too long for one message is sent as several, in order, the
// first quoting the question.
func TestLongRepliesAreSplit(t *testing.T) {
	s := startBot(t, bot.Config{})
	group := telegramtest.GroupChat(-1002, "Long")
	q := s.tg.SendText(group, english, "/who Tokayev")
	msgs := s.tg.WaitMessages(t, group.ID, 2, wait)
	if msgs[0].ReplyTo != q.ID {
		t.Errorf("the first part replies to %d, want %d", msgs[0].ReplyTo, q.ID)
	}
	mustContain(t, "first part", msgs[0].Text, "Kassym-Jomart Tokayev — President of Kazakhstan", "Paragraph 2")
	// Each paragraph's number stays with its quote.
	deadline := time.Now().Add(wait)
	for {
		for _, m := range s.tg.Messages(group.ID) {
			if strings.Contains(m.Text, "Paragraph 12") {
				mustContain(t, "the part with paragraph 12", m.Text, "Paragraph 12\n\nفي الوقت الحاضر")
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("paragraph 12 never came")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestInlineMode(t *testing.T) {
	s := startBot(t, bot.Config{})
	id := s.tg.InlineQuery(english, "what did Putin say about sovereignty")
	ans := s.tg.WaitInlineAnswer(t, id, wait)
	if len(ans.Results) == 0 || len(ans.Results) > 10 {
		t.Fatalf("%d results", len(ans.Results))
	}
	first := ans.Results[0]
	if !strings.HasPrefix(first.Title, "Paragraph 7: ") {
		t.Errorf("first title %q", first.Title)
	}
	mustContain(t, "inline message", first.HTML, "<blockquote>", "<i>", "— paragraph 7 of the article")

	id = s.tg.InlineQuery(arabic, "")
	open := s.tg.WaitInlineAnswer(t, id, wait)
	if len(open.Results) == 0 || !strings.HasPrefix(open.Results[0].Title, "الفقرة 1: ") {
		t.Errorf("empty query: %+v", open.Results)
	}
}

func TestAllowedChats(t *testing.T) {
	s := startBot(t, bot.Config{AllowedChats: []int64{english.ID}})
	s.tg.SendText(telegramtest.PrivateChat(arabic), arabic, "من كتب المقال؟")
	s.tg.SendText(telegramtest.PrivateChat(english), english, "who wrote the article?")
	s.tg.WaitMessages(t, english.ID, 1, wait)
	id := s.tg.InlineQuery(arabic, "بوتين")
	time.Sleep(200 * time.Millisecond)
	if n := len(s.tg.Messages(arabic.ID)); n != 0 {
		t.Errorf("a chat not allowed got %d messages", n)
	}
	for _, c := range s.tg.Calls() {
		if c.Method == "answerInlineQuery" && c.Params["inline_query_id"] == id {
			t.Error("an inline query from a user not allowed was answered")
		}
	}
}

// Updates are confirmed only once handled: after a stop, Telegram holds
// nothing unconfirmed, and the last update's id is confirmed.
func TestPollingConfirmsHandledUpdates(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(english)
	for i := range 3 {
		s.tg.SendText(chat, english, "/quote "+strconv.Itoa(i+1))
	}
	s.tg.SendText(chat, english, "/about")
	s.tg.WaitMessages(t, chat.ID, 4, wait)
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if p := s.tg.Pending(); p != 0 {
		t.Errorf("%d updates unconfirmed after a clean stop", p)
	}
	msgs := s.tg.Messages(chat.ID)
	for i, want := range []string{"Paragraph 1", "Paragraph 2", "Paragraph 3", "About the article"} {
		if !strings.Contains(msgs[i].Text, want) {
			t.Errorf("message %d: %q, want %q (in order)", i, msgs[i].Text[:min(40, len(msgs[i].Text))], want)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestWebhook(t *testing.T) {
	addr := freeAddr(t)
	s := startBot(t, bot.Config{Mode: bot.ModeWebhook, WebhookURL: "https://bot.example.com/maqal/hook",
		WebhookSecret: "s3cret-token_x", Listen: addr})
	url, secret := s.tg.Webhook()
	if url != "https://bot.example.com/maqal/hook" || secret != "s3cret-token_x" {
		t.Fatalf("webhook %q %q", url, secret)
	}
	s.tg.SetWebhookTarget("http://" + addr + "/maqal/hook")
	chat := telegramtest.PrivateChat(arabic)
	s.tg.SendText(chat, arabic, "من كتب المقال؟")
	mustContain(t, "answer by webhook", s.tg.WaitMessages(t, chat.ID, 1, wait)[0].Text, "نرجس كاسينوفا")
	for _, d := range s.tg.Deliveries() {
		if d.Status != http.StatusOK {
			t.Errorf("delivery of update %d: %d %v", d.UpdateID, d.Status, d.Err)
		}
	}
	// Without the secret, or with another, the webhook refuses.
	for _, h := range []string{"", "wrong"} {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/maqal/hook", strings.NewReader(`{"update_id":1}`))
		if h != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", h, resp.StatusCode)
		}
	}
	// A delivery repeated (Telegram retries when it gets no answer in
	// time) is answered once; an oversized body is refused.
	post := func(body string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/maqal/hook", strings.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret-token_x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	again := `{"update_id":900001,"message":{"message_id":1,"date":1,"chat":{"id":102,"type":"private"},"from":{"id":102,"is_bot":false,"first_name":"S","language_code":"ar"},"text":"/quote 4"}}`
	for range 3 {
		if code := post(again); code != http.StatusOK {
			t.Errorf("repeated delivery: %d", code)
		}
	}
	msgs := s.tg.WaitMessages(t, chat.ID, 2, wait)
	time.Sleep(300 * time.Millisecond)
	if n := len(s.tg.Messages(chat.ID)); n != 2 || !strings.Contains(msgs[1].Text, "الفقرة 4") {
		t.Errorf("an update delivered 3 times gave %d replies in all, want 2", n)
	}
	if code := post(`{"update_id":2,"message":{"text":"` + strings.Repeat("x", 2<<20) + `"}}`); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MB update: %d, want 413", code)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %v %v", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}

func TestConfigErrors(t *testing.T) {
	r := bot.NewRouter(engine(t))
	log := slog.New(slog.DiscardHandler)
	for _, tt := range []struct {
		cfg  bot.Config
		want string
	}{
		{bot.Config{}, "no bot token"},
		{bot.Config{Token: "1:x", Mode: "carrier-pigeon"}, `mode "carrier-pigeon"`},
		{bot.Config{Token: "1:x", Mode: bot.ModeWebhook, WebhookURL: "http://x.example/hook", WebhookSecret: "s", Listen: ":8080"}, "https"},
		{bot.Config{Token: "1:x", Mode: bot.ModeWebhook, WebhookURL: "https://x.example/hook", WebhookSecret: "bad secret!", Listen: ":8080"}, "MAQAL_WEBHOOK_SECRET"},
		{bot.Config{Token: "1:x", Mode: bot.ModeWebhook, WebhookURL: "https://x.example/hook", WebhookSecret: "ok"}, "MAQAL_LISTEN"},
		{bot.Config{Token: "1:x", APIURL: "ftp://x"}, "Bot API URL"},
	} {
		if _, err := bot.New(r, tt.cfg, log); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v, want an error about %q", tt.cfg, err, tt.want)
		}
	}
}

// When Telegram cannot parse a reply's HTML, the reply goes again as
// plain text rather than being lost.
func TestUnparsableReplyIsResentAsPlainText(t *testing.T) {
	s := startBot(t, bot.Config{})
	chat := telegramtest.PrivateChat(english)
	s.tg.Fail("sendMessage", 1, http.StatusBadRequest, 0, "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0")
	s.tg.SendText(chat, english, "/quote 2")
	msg := s.tg.WaitMessages(t, chat.ID, 1, wait)[0]
	if msg.ParseMode != "" || strings.Contains(msg.HTML, "<b>") {
		t.Errorf("resent as %q: %s", msg.ParseMode, msg.HTML)
	}
	mustContain(t, "plain resend", msg.Text, "Paragraph 2", "وقد ظهرت صعوبة هذه المهمة")
	mustContain(t, "log", s.logs.String(), "sending it as plain text")
}

// Bad input gets a reply Telegram accepts: never a crash, never a message
// it refuses (startBot fails the test on any refused call).
func TestBadInputGetsAClearReply(t *testing.T) {
	s := startBot(t, bot.Config{Limits: bot.Limits{Off: true}})
	chat := telegramtest.PrivateChat(english)
	inputs := []string{
		"who \u202ewrote\u202c the article?",     // bidi override
		"من\u200b كتب\u200c المقال؟",             // zero-width characters
		"<b>who</b> wrote the <i>article</i>?",   // HTML
		`+Putin sovereignty^2 "speech"~ field:*`, // query syntax
		"😀😀😀🎉",                                   // emoji only
		"\x01\x02\x7f",                           // control characters
		strings.Repeat("كازاخستان ", 101),        // over 1000 characters
		"/quote <99>",
		"&amp; &lt; & < >",
	}
	for _, in := range inputs {
		s.tg.SendText(chat, english, in)
	}
	msgs := s.tg.WaitMessages(t, chat.ID, len(inputs), wait)
	want := []string{"Nargis Kassenova", "نرجس كاسينوفا", "Nargis Kassenova", "Paragraph 7", "I need words", "I need words",
		"1000 حرف", "Give a paragraph number", ""}
	for i, m := range msgs {
		if !strings.Contains(m.Text, want[i]) {
			t.Errorf("%q: reply %q, want %q", inputs[i], m.Text, want[i])
		}
	}
}

func TestReadinessAndMetrics(t *testing.T) {
	addr := freeAddr(t)
	s := startBot(t, bot.Config{Listen: addr, Limits: bot.Limits{Off: true}})
	chat := telegramtest.PrivateChat(english)
	s.tg.SendText(chat, english, "who wrote the article?")
	s.tg.SendText(chat, english, "what is the population of kazakhstan?")
	s.tg.WaitMessages(t, chat.ID, 2, wait)
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := get("/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz: %d %q", code, body)
	}
	// Metrics are counted after the reply is sent: wait for them.
	deadline := time.Now().Add(wait)
	for {
		_, body := get("/metrics")
		ok := true
		for _, w := range []string{
			`maqal_updates_total{kind="message"} 2`,
			`maqal_answers_total{result="found"} 1`,
			`maqal_answers_total{result="declined"} 1`,
			`maqal_answer_seconds_count 2`,
			`maqal_telegram_requests_total{code="200",method="sendMessage"} 2`,
			`maqal_queue_depth 0`,
		} {
			ok = ok && strings.Contains(body, w)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks the counts:\n%s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A reply that waits out a 429 holds up its own chat only: polling goes
// on, and another chat is answered meanwhile (well within the 8 s that
// chat A waits: the margin is for slow machines).
func TestASlowChatDoesNotHoldUpTheOthers(t *testing.T) {
	s := startBot(t, bot.Config{Limits: bot.Limits{Off: true}, PollTimeout: 10 * time.Second})
	s.tg.Fail("sendMessage", 1, http.StatusTooManyRequests, 8, "Too Many Requests: retry after 8")
	a := telegramtest.PrivateChat(english)
	s.tg.SendText(a, english, "/quote 1")
	s.tg.WaitCalls(t, "sendMessage", 1, wait) // A's first try, refused
	b := telegramtest.PrivateChat(arabic)
	start := time.Now()
	s.tg.SendText(b, arabic, "/quote 2")
	s.tg.WaitMessages(t, b.ID, 1, wait)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("chat B waited %v behind chat A's 8 s retry", d)
	}
	s.tg.WaitMessages(t, a.ID, 1, wait) // and A is answered after its wait
}

// Inline queries, one a keystroke, do not use up the questions a reader
// may ask in a chat.
func TestInlineQueriesDoNotUseTheQuestionBudget(t *testing.T) {
	s := startBot(t, bot.Config{Limits: bot.Limits{Off: true}, QuestionsPerMinute: 5})
	for i := range 12 {
		s.tg.WaitInlineAnswer(t, s.tg.InlineQuery(english, "putin sovereignty"[:5+i]), wait)
	}
	chat := telegramtest.PrivateChat(english)
	s.tg.SendText(chat, english, "who wrote the article?")
	mustContain(t, "answer after typing inline", s.tg.WaitMessages(t, chat.ID, 1, wait)[0].Text, "Nargis Kassenova")
	// Past the question limit, one notice, then silence.
	for range 7 {
		s.tg.SendText(chat, english, "/quote 1")
	}
	msgs := s.tg.WaitMessages(t, chat.ID, 6, wait)
	time.Sleep(300 * time.Millisecond)
	msgs = s.tg.Messages(chat.ID)
	notices := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, "faster than I can answer") {
			notices++
		}
	}
	if len(msgs) != 6 || notices != 1 {
		t.Errorf("%d messages with %d notices; want 5 answers and one notice", len(msgs), notices)
	}
}

// An anonymous group admin writes as @GroupAnonymousBot on behalf of the
// group: a person, not a bot.
func TestAnonymousAdminIsAnswered(t *testing.T) {
	s := startBot(t, bot.Config{Limits: bot.Limits{Off: true}})
	group := telegramtest.GroupChat(-1005, "Anonymous")
	anon := models.User{ID: 1087968824, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}
	s.tg.Push(models.Update{Message: &models.Message{Chat: group, From: &anon, SenderChat: &group, Text: "/who@maqal_test_bot Putin",
		Entities: []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 19}}}})
	mustContain(t, "reply to an anonymous admin", s.tg.WaitMessages(t, group.ID, 1, wait)[0].Text, "Putin — President of Russia")
}
