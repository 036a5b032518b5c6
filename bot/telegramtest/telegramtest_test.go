package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/bot/telegramtest"
)

var (
	alice = models.User{ID: 42, FirstName: "Alice", Username: "alice_b", LanguageCode: "ar"}
	bob   = models.User{ID: 43, FirstName: "Bob"}
)

const wait = 5 * time.Second

// newClient returns a go-telegram/bot client of the fake server.
func newClient(t *testing.T, s *telegramtest.Server, opts ...tgbot.Option) *tgbot.Bot {
	t.Helper()
	opts = append([]tgbot.Option{tgbot.WithServerURL(s.URL), tgbot.WithSkipGetMe()}, opts...)
	b, err := tgbot.New(s.Token(), opts...)
	if err != nil {
		t.Fatalf("tgbot.New: %v", err)
	}
	return b
}

// button and keyboard are what a bot should send instead of go-telegram/bot's
// models.InlineKeyboardButton, which always carries an empty copy_text.
type button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

type keyboard struct {
	InlineKeyboard [][]button `json:"inline_keyboard"`
}

// lastError returns the description of the last rejected call.
func lastError(t *testing.T, s *telegramtest.Server) string {
	t.Helper()
	rejected := s.Rejected()
	if len(rejected) == 0 {
		t.Fatal("no call was rejected")
	}
	return rejected[len(rejected)-1].Error
}

// post calls the server without go-telegram/bot.
func post(t *testing.T, s *telegramtest.Server, token, method, contentType, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(s.URL+"/bot"+token+"/"+method, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", method, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s answer: %v", method, err)
	}
	var answer map[string]any
	if err := json.Unmarshal(raw, &answer); err != nil {
		t.Fatalf("%s answered %q: %v", method, raw, err)
	}
	return resp.StatusCode, answer
}

func TestGetMe(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	me, err := newClient(t, s).GetMe(context.Background())
	if err != nil {
		t.Fatalf("GetMe: %v", err)
	}
	if !me.IsBot || me.Username != "maqal_test_bot" || me.ID != 1000 || me.FirstName != "maqal" || !me.CanJoinGroups || me.CanReadAllGroupMessages {
		t.Errorf("GetMe = %+v", me)
	}
	// go-telegram/bot reads "support_inline_queries"; Telegram sends "supports_inline_queries".
	_, answer := post(t, s, s.Token(), "getMe", "application/json", "")
	if got := answer["result"].(map[string]any)["supports_inline_queries"]; got != true {
		t.Errorf("getMe supports_inline_queries = %v, want true", got)
	}
}

func TestTokenAndMethod(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	tests := []struct {
		token, method string
		status        int
		desc          string
	}{
		{"999:wrong", "getMe", 401, "Unauthorized"},
		{s.Token(), "sendTelepathy", 404, "Not Found"},
		{s.Token(), "GETME", 200, ""}, // method names ignore case
	}
	for _, tt := range tests {
		status, answer := post(t, s, tt.token, tt.method, "application/x-www-form-urlencoded", "")
		if status != tt.status || tt.desc != "" && answer["description"] != tt.desc {
			t.Errorf("%s with token %q: %d %v, want %d %q", tt.method, tt.token, status, answer, tt.status, tt.desc)
		}
	}
}

func TestSendMessageAccepted(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.GroupChat(-1001234567890, "دراسة")
	question := s.SendText(chat, alice, "/who@maqal_test_bot قاسم")
	b := newClient(t, s)

	html := "<b>الجواب</b>\n<blockquote>إِنَّا أَنزَلْنَاهُ</blockquote>\nSource: &lt;book&gt; &amp; <i>more</i>"
	msg, err := b.SendMessage(context.Background(), &tgbot.SendMessageParams{
		ChatID:          chat.ID,
		Text:            html,
		ParseMode:       models.ParseModeHTML,
		ReplyParameters: &models.ReplyParameters{MessageID: question.ID},
		ReplyMarkup:     &keyboard{InlineKeyboard: [][]button{{{Text: "التالي ⬅️", CallbackData: "p:2"}}}},
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	wantText := "الجواب\nإِنَّا أَنزَلْنَاهُ\nSource: <book> & more"
	if msg.Text != wantText || msg.ID != question.ID+1 || msg.From == nil || msg.From.ID != 1000 || msg.Chat.ID != chat.ID {
		t.Errorf("SendMessage = %+v, want text %q from the bot", msg, wantText)
	}
	if msg.ReplyToMessage == nil || msg.ReplyToMessage.ID != question.ID || msg.ReplyToMessage.From.ID != alice.ID {
		t.Errorf("reply_to_message = %+v, want message %d of Alice", msg.ReplyToMessage, question.ID)
	}
	wantEntities := []models.MessageEntity{
		{Type: "bold", Offset: 0, Length: 6},
		{Type: "blockquote", Offset: 7, Length: 19}, // the harakat count too
		{Type: "italic", Offset: 44, Length: 4},
	}
	if fmt.Sprint(msg.Entities) != fmt.Sprint(wantEntities) {
		t.Errorf("entities = %+v, want %+v", msg.Entities, wantEntities)
	}

	got := s.WaitMessages(t, chat.ID, 1, wait)[0]
	if got.Text != wantText || got.HTML != html || got.ParseMode != "HTML" || got.ReplyTo != question.ID || got.Edits != 0 {
		t.Errorf("Messages()[0] = %+v", got)
	}
	if got.Markup == nil || got.Markup.InlineKeyboard[0][0].CallbackData != "p:2" {
		t.Errorf("Markup = %+v, want the p:2 button", got.Markup)
	}

	// 2048 emoji are 4096 UTF-16 code units: the longest text allowed.
	if _, err := b.SendMessage(context.Background(), &tgbot.SendMessageParams{ChatID: chat.ID, Text: strings.Repeat("😀", 2048)}); err != nil {
		t.Errorf("SendMessage of 4096 UTF-16 units: %v", err)
	}
	if r := s.Rejected(); len(r) > 0 {
		t.Errorf("Rejected() = %+v", r)
	}
}

func TestSendMessageRejected(t *testing.T) {
	chat := telegramtest.PrivateChat(alice)
	tests := []struct {
		name   string
		params tgbot.SendMessageParams
		want   string // the description, or its beginning when it ends with "…"
	}{
		{"unsupported tag", tgbot.SendMessageParams{Text: "<x>مرحبا</x>", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 0`},
		{"unclosed tag", tgbot.SendMessageParams{Text: "<b>مرحبا", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"crossed tags", tgbot.SendMessageParams{Text: "<b><i>x</b></i>", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"nested blockquote", tgbot.SendMessageParams{Text: "<blockquote>قال <blockquote>آية</blockquote></blockquote>", ParseMode: models.ParseModeHTML},
			"Bad Request: can't parse entities: blockquote inside a blockquote at byte offset 19…"},
		{"bare less-than", tgbot.SendMessageParams{Text: "1 < 2", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{"bare ampersand", tgbot.SendMessageParams{Text: "Q&A", ParseMode: models.ParseModeHTML},
			`Bad Request: can't parse entities: unescaped "&" at byte offset 1…`},
		{"over 4096 UTF-16 units", tgbot.SendMessageParams{Text: strings.Repeat("😀", 2049)},
			"Bad Request: message is too long"},
		{"empty text", tgbot.SendMessageParams{Text: ""}, "Bad Request: message text is empty"},
		{"nothing visible", tgbot.SendMessageParams{Text: "<b> </b>\n", ParseMode: models.ParseModeHTML},
			"Bad Request: text must be non-empty"},
		{"reply to an unknown message", tgbot.SendMessageParams{Text: "x", ReplyParameters: &models.ReplyParameters{MessageID: 999}},
			"Bad Request: message to be replied not found"},
		{"unknown chat", tgbot.SendMessageParams{ChatID: 777, Text: "x"}, "Bad Request: chat not found"},
		{"callback data of 65 bytes", tgbot.SendMessageParams{Text: "x", ReplyMarkup: &keyboard{
			InlineKeyboard: [][]button{{{Text: "صفحة", CallbackData: strings.Repeat("ب", 32) + "1"}}}}},
			"Bad Request: BUTTON_DATA_INVALID"},
		{"library button with empty copy_text", tgbot.SendMessageParams{Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "التالي", CallbackData: "p:2"}}}}},
			"Bad Request: BUTTON_COPY_TEXT_INVALID"},
		{"button without action", tgbot.SendMessageParams{Text: "x", ReplyMarkup: &keyboard{InlineKeyboard: [][]button{{{Text: "?"}}}}},
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"nil keyboard", tgbot.SendMessageParams{Text: "x", ReplyMarkup: (*models.InlineKeyboardMarkup)(nil)},
			"Bad Request: object expected as reply markup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := telegramtest.NewServer(t, telegramtest.Options{})
			s.SendText(chat, alice, "/start")
			params := tt.params
			if params.ChatID == nil {
				params.ChatID = chat.ID
			}
			_, err := newClient(t, s).SendMessage(context.Background(), &params)
			if !errors.Is(err, tgbot.ErrorBadRequest) {
				t.Fatalf("SendMessage(%q) error = %v, want a bad request", params.Text, err)
			}
			got := lastError(t, s)
			if prefix, ok := strings.CutSuffix(tt.want, "…"); ok && !strings.HasPrefix(got, prefix) || !ok && got != tt.want {
				t.Errorf("SendMessage(%q) rejected with %q, want %q", params.Text, got, tt.want)
			}
			if n := len(s.Messages(chat.ID)); n != 0 {
				t.Errorf("%d messages recorded after a rejected call", n)
			}
		})
	}
}

func TestLongPolling(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{MaxPoll: 200 * time.Millisecond})
	got := make(chan *models.Update, 10)
	b := newClient(t, s, tgbot.WithDefaultHandler(func(_ context.Context, _ *tgbot.Bot, u *models.Update) {
		got <- u
	}))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		b.Start(ctx)
		close(stopped)
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
	})

	chat := telegramtest.PrivateChat(alice)
	receive := func() *models.Update {
		t.Helper()
		select {
		case u := <-got:
			return u
		case <-time.After(wait):
			t.Fatalf("no update within %v; calls:\n%+v", wait, s.Calls())
			return nil
		}
	}
	first := s.SendText(chat, alice, "/start")
	u := receive()
	if u.Message == nil || u.Message.Text != "/start" || u.Message.ID != first.ID || u.ID != 1 {
		t.Fatalf("first update = %+v", u)
	}
	s.SendText(chat, alice, "ما معنى الصبر؟")
	u = receive()
	if u.Message == nil || u.Message.Text != "ما معنى الصبر؟" || u.ID != 2 {
		t.Fatalf("second update = %+v", u)
	}

	// The next poll confirms both with offset 3.
	deadline := time.Now().Add(wait)
	for s.Confirmed() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if c, p := s.Confirmed(), s.Pending(); c != 2 || p != 0 {
		t.Errorf("Confirmed() = %d, Pending() = %d, want 2 and 0", c, p)
	}
	if r := s.Rejected(); len(r) > 0 {
		t.Errorf("Rejected() = %+v", r)
	}
	polls := s.WaitCalls(t, "getUpdates", 3, wait)
	if polls[0].Params["offset"] != "1" || polls[0].Params["timeout"] != "59" {
		t.Errorf("first getUpdates params = %v, want offset 1 and timeout 59", polls[0].Params)
	}
}

func TestEntitiesInUTF16(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.GroupChat(-100777, "group")
	text := "سؤال 👋 /who@maqal_test_bot @alice_b"
	m := s.SendText(chat, alice, text)
	want := []models.MessageEntity{
		{Type: "bot_command", Offset: 8, Length: 19},
		{Type: "mention", Offset: 28, Length: 8},
	}
	if fmt.Sprint(m.Entities) != fmt.Sprint(want) {
		t.Fatalf("SendText(%q) entities = %+v, want %+v", text, m.Entities, want)
	}
	// What the bot receives has the same entities.
	_, answer := post(t, s, s.Token(), "getUpdates", "application/x-www-form-urlencoded", "offset=0")
	raw, _ := json.Marshal(answer["result"])
	var updates []models.Update
	if err := json.Unmarshal(raw, &updates); err != nil || len(updates) != 1 {
		t.Fatalf("getUpdates = %s (%v)", raw, err)
	}
	if got := updates[0].Message.Entities; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("delivered entities = %+v, want %+v", got, want)
	}
	// Slicing by those offsets as if they were bytes, as go-telegram/bot's
	// MatchTypeCommand does, misses the command.
	if cmd := text[8 : 8+19]; cmd == "/who@maqal_test_bot" {
		t.Errorf("byte slicing found the command; the test text is not hard enough")
	}
}

func TestAnswerInlineQuery(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	ctx := context.Background()
	q := s.InlineQuery(alice, "الصبر")

	article := func(i int, html string) models.InlineQueryResult {
		return &models.InlineQueryResultArticle{
			ID: fmt.Sprintf("r%d", i), Title: fmt.Sprintf("نتيجة %d", i), Description: "وصف",
			InputMessageContent: &models.InputTextMessageContent{MessageText: html, ParseMode: models.ParseModeHTML},
		}
	}
	var many []models.InlineQueryResult
	for i := range 51 {
		many = append(many, article(i, "<b>x</b>"))
	}
	if _, err := b.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q, Results: many}); err == nil {
		t.Fatal("AnswerInlineQuery with 51 results succeeded")
	}
	if got, want := lastError(t, s), "Bad Request: too many inline query results specified"; got != want {
		t.Errorf("51 results rejected with %q, want %q", got, want)
	}
	bad := []models.InlineQueryResult{article(1, "<i>unclosed")}
	if _, err := b.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q, Results: bad}); err == nil {
		t.Fatal("AnswerInlineQuery with bad HTML succeeded")
	}
	if got, want := lastError(t, s), `Bad Request: can't parse inline query result: Can't parse entities: Can't find end tag corresponding to start tag "i"`; got != want {
		t.Errorf("bad HTML rejected with %q, want %q", got, want)
	}
	dup := []models.InlineQueryResult{article(1, "a"), article(1, "b")}
	if _, err := b.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q, Results: dup}); err == nil {
		t.Fatal("AnswerInlineQuery with duplicate ids succeeded")
	}
	if got, want := lastError(t, s), "Bad Request: RESULT_ID_DUPLICATE"; got != want {
		t.Errorf("duplicate ids rejected with %q, want %q", got, want)
	}

	good := []models.InlineQueryResult{article(1, "<b>الصبر</b> &amp; الشكر"), article(2, "ب")}
	// CacheTime 0 is omitted by go-telegram/bot, so Telegram applies its default of 300.
	if _, err := b.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q, Results: good, IsPersonal: true, CacheTime: 0}); err != nil {
		t.Fatalf("AnswerInlineQuery: %v", err)
	}
	answer := s.WaitInlineAnswer(t, q, wait)
	if len(answer.Results) != 2 || answer.Results[0].Text != "الصبر & الشكر" || answer.Results[0].Title != "نتيجة 1" ||
		!answer.IsPersonal || answer.CacheTime != 300 {
		t.Errorf("WaitInlineAnswer = %+v", answer)
	}
	if _, err := b.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q, Results: good}); err == nil {
		t.Fatal("second answer to the same query succeeded")
	}
	if got, want := lastError(t, s), "Bad Request: query is too old and response timeout expired or query ID is invalid"; got != want {
		t.Errorf("second answer rejected with %q, want %q", got, want)
	}
}

func TestCallbackQuery(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	ctx := context.Background()
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	msg, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat.ID, Text: "صفحة 1",
		ReplyMarkup: &keyboard{InlineKeyboard: [][]button{{{Text: "التالي", CallbackData: "p:2"}}}}})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	id := s.PressButton(bob, chat.ID, msg.ID, "p:2")
	_, answer := post(t, s, s.Token(), "getUpdates", "application/json", `{"offset":0}`)
	raw, _ := json.Marshal(answer["result"])
	var updates []models.Update
	if err := json.Unmarshal(raw, &updates); err != nil || len(updates) != 2 {
		t.Fatalf("getUpdates = %s (%v)", raw, err)
	}
	cq := updates[1].CallbackQuery
	if cq == nil || cq.ID != id || cq.Data != "p:2" || cq.Message.Message == nil || cq.Message.Message.Text != "صفحة 1" || cq.Message.Message.Chat.ID != chat.ID {
		t.Fatalf("callback update = %s", raw)
	}
	if strings.Contains(string(raw), "copy_text") {
		t.Errorf("the echoed keyboard gained a copy_text: %s", raw)
	}

	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: strings.Repeat("ص", 201)}); err == nil {
		t.Error("answer of 201 characters succeeded")
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: "تم"}); err != nil {
		t.Fatalf("AnswerCallbackQuery: %v", err)
	}
	if got := s.WaitCallbackAnswer(t, id, wait); got.Text != "تم" || got.ShowAlert {
		t.Errorf("WaitCallbackAnswer = %+v", got)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id}); err == nil {
		t.Error("second answer succeeded")
	}
	want := []string{"Bad Request: MESSAGE_TOO_LONG", "Bad Request: query is too old and response timeout expired or query ID is invalid"}
	var got []string
	for _, c := range s.Rejected() {
		got = append(got, c.Error)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rejected %q, want %q", got, want)
	}
}

func TestEditMessageText(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	ctx := context.Background()
	chat := telegramtest.PrivateChat(alice)
	question := s.SendText(chat, alice, "/start")
	kb := &keyboard{InlineKeyboard: [][]button{{{Text: "1", CallbackData: "p:1"}, {Text: "2", CallbackData: "p:2"}}}}
	msg, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat.ID, Text: "<b>صفحة</b> 1", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	// A trailing newline is trimmed, so this is the same content.
	same := &tgbot.EditMessageTextParams{ChatID: chat.ID, MessageID: msg.ID, Text: "<b>صفحة</b> 1\n", ParseMode: models.ParseModeHTML, ReplyMarkup: kb}
	if _, err := b.EditMessageText(ctx, same); err == nil {
		t.Fatal("an edit to the same content succeeded")
	}
	want := "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
	if got := lastError(t, s); got != want {
		t.Errorf("same content rejected with %q, want %q", got, want)
	}
	// The same text without its keyboard is a change.
	if _, err := b.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: chat.ID, MessageID: msg.ID, ReplyMarkup: kb}); err == nil {
		t.Fatal("an edit to the same keyboard succeeded")
	}

	edited, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: chat.ID, MessageID: msg.ID, Text: "صفحة 2"})
	if err != nil {
		t.Fatalf("EditMessageText: %v", err)
	}
	if edited.Text != "صفحة 2" || edited.EditDate == 0 || edited.ReplyMarkup != nil {
		t.Errorf("edited = %+v, want the new text and no keyboard", edited)
	}
	got := s.Messages(chat.ID)
	if len(got) != 1 || got[0].Text != "صفحة 2" || got[0].Edits != 1 || got[0].Markup != nil || got[0].HTML != "صفحة 2" {
		t.Errorf("Messages() = %+v", got)
	}

	// A user's message is not the bot's to edit; an unknown one is not found.
	if _, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: chat.ID, MessageID: question.ID, Text: "x"}); err == nil {
		t.Error("editing the user's message succeeded")
	}
	if got := lastError(t, s); got != "Bad Request: message can't be edited" {
		t.Errorf("editing the user's message rejected with %q", got)
	}
	if _, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: chat.ID, MessageID: 99, Text: "x"}); err == nil {
		t.Error("editing an unknown message succeeded")
	}
	if got := lastError(t, s); got != "Bad Request: message to edit not found" {
		t.Errorf("editing an unknown message rejected with %q", got)
	}
	// Telegram answers true for an inline message, which go-telegram/bot fails to decode.
	_, err = b.EditMessageText(ctx, &tgbot.EditMessageTextParams{InlineMessageID: "AgAAAOwB", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "cannot unmarshal bool") {
		t.Errorf("EditMessageText of an inline message: %v, want go-telegram/bot's decoding error", err)
	}
}

func TestWebhook(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	ctx := context.Background()

	type delivery struct {
		secret string
		update models.Update
	}
	var mu sync.Mutex
	var delivered []delivery
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u models.Update
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		delivered = append(delivered, delivery{r.Header.Get("X-Telegram-Bot-Api-Secret-Token"), u})
		mu.Unlock()
	}))
	defer target.Close()

	ok, err := b.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: "https://maqal.example.com/telegram", SecretToken: "s3cret_-TOKEN"})
	if err != nil || !ok {
		t.Fatalf("SetWebhook = %v, %v", ok, err)
	}
	if url, secret := s.Webhook(); url != "https://maqal.example.com/telegram" || secret != "s3cret_-TOKEN" {
		t.Errorf("Webhook() = %q, %q", url, secret)
	}
	s.SetWebhookTarget(target.URL)
	m := s.SendText(telegramtest.PrivateChat(alice), alice, "/start")

	deadline := time.Now().Add(wait)
	for len(s.Deliveries()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	got := append([]delivery(nil), delivered...)
	mu.Unlock()
	if len(got) != 1 || got[0].secret != "s3cret_-TOKEN" || got[0].update.Message == nil || got[0].update.Message.ID != m.ID {
		t.Fatalf("delivered %+v", got)
	}
	if d := s.Deliveries(); len(d) != 1 || d[0].Status != http.StatusOK || d[0].Err != nil || d[0].UpdateID != got[0].update.ID {
		t.Errorf("Deliveries() = %+v", d)
	}
	if p := s.Pending(); p != 0 {
		t.Errorf("Pending() = %d after delivery", p)
	}

	status, answer := post(t, s, s.Token(), "getUpdates", "application/x-www-form-urlencoded", "")
	if status != http.StatusConflict || answer["description"] != "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" {
		t.Errorf("getUpdates with a webhook = %d %v", status, answer)
	}
	if r := s.Rejected(); len(r) > 0 {
		t.Errorf("Rejected() = %+v", r)
	}

	// Telegram lets a bot set a webhook once a second.
	_, err = b.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: "https://maqal.example.com/other"})
	var tooMany *tgbot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
		t.Errorf("a second SetWebhook within a second: %v, want retry after 1", err)
	}
	if ok, err := b.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil || !ok {
		t.Errorf("DeleteWebhook = %v, %v", ok, err)
	}
	if url, _ := s.Webhook(); url != "" {
		t.Errorf("Webhook() = %q after deleteWebhook", url)
	}
}

func TestSetWebhookRejected(t *testing.T) {
	tests := []struct {
		url, secret, want string
	}{
		{"http://maqal.example.com/hook", "", "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{"https://maqal.example.com:8080/hook", "", "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"},
		{"https://127.0.0.1/hook", "", "Bad Request: bad webhook: IP address 127.0.0.1 is reserved"},
		{"https://localhost:8443/hook", "", "Bad Request: bad webhook: IP address 127.0.0.1 is reserved"},
		{"ftp://maqal.example.com/hook", "", "Bad Request: invalid webhook URL specified"},
		{"https://maqal.example.com/hook", "not secret!", "Bad Request: secret token contains unallowed characters"},
		{"https://maqal.example.com/hook", strings.Repeat("s", 257), "Bad Request: secret token is too long"},
	}
	for _, tt := range tests {
		s := telegramtest.NewServer(t, telegramtest.Options{})
		_, err := newClient(t, s).SetWebhook(context.Background(), &tgbot.SetWebhookParams{URL: tt.url, SecretToken: tt.secret})
		if err == nil {
			t.Errorf("SetWebhook(%q, %q) succeeded", tt.url, tt.secret)
			continue
		}
		if got := lastError(t, s); got != tt.want {
			t.Errorf("SetWebhook(%q, %q) rejected with %q, want %q", tt.url, tt.secret, got, tt.want)
		}
		if url, _ := s.Webhook(); url != "" {
			t.Errorf("SetWebhook(%q) left webhook %q", tt.url, url)
		}
	}
}

func TestFail(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	s.Fail("sendMessage", 1, http.StatusTooManyRequests, 7, "")

	_, err := b.SendMessage(context.Background(), &tgbot.SendMessageParams{ChatID: chat.ID, Text: "أ"})
	var tooMany *tgbot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("SendMessage error = %v, want *TooManyRequestsError with RetryAfter 7", err)
	}
	if _, err := b.SendMessage(context.Background(), &tgbot.SendMessageParams{ChatID: chat.ID, Text: "أ"}); err != nil {
		t.Fatalf("SendMessage after the injected failure: %v", err)
	}
	calls := s.WaitCalls(t, "sendMessage", 2, wait)
	if calls[0].Status != 429 || calls[0].Error != "Too Many Requests: retry after 7" || calls[1].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}
	if r := s.Rejected(); len(r) != 0 {
		t.Errorf("Rejected() = %+v, want injected failures left out", r)
	}
	if n := len(s.Messages(chat.ID)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

func TestSetMyCommands(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	ctx := context.Background()
	ar := []models.BotCommand{{Command: "who", Description: "من هو؟"}, {Command: "/timeline", Description: " الخط الزمني "}}
	if _, err := b.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: ar, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "ar"}); err != nil {
		t.Fatalf("SetMyCommands: %v", err)
	}
	if _, err := b.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "help", Description: "Help"}}}); err != nil {
		t.Fatalf("SetMyCommands: %v", err)
	}
	got := s.Commands()
	want := map[string][]models.BotCommand{
		"all_private_chats/ar": {{Command: "who", Description: "من هو؟"}, {Command: "timeline", Description: "الخط الزمني"}},
		"default/":             {{Command: "help", Description: "Help"}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Commands() = %v, want %v", got, want)
	}
	back, err := b.GetMyCommands(ctx, &tgbot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "ar"})
	if err != nil || len(back) != 2 {
		t.Errorf("GetMyCommands = %v, %v", back, err)
	}

	tests := []struct {
		params tgbot.SetMyCommandsParams
		want   string
	}{
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Who", Description: "x"}}}, "Bad Request: BOT_COMMAND_INVALID"},
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "من", Description: "x"}}}, "Bad Request: BOT_COMMAND_INVALID"},
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: strings.Repeat("a", 33), Description: "x"}}}, "Bad Request: command length must not exceed 32"},
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "who", Description: " "}}}, "Bad Request: command description must be non-empty"},
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "who", Description: strings.Repeat("و", 257)}}}, "Bad Request: command description length must not exceed 256"},
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "who", Description: "x"}}, LanguageCode: "ara"}, "Bad Request: invalid language code specified"},
		{tgbot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "who", Description: "x"}}, Scope: &models.BotCommandScopeChat{ChatID: 5}}, "Bad Request: chat not found"},
	}
	for _, tt := range tests {
		if _, err := b.SetMyCommands(ctx, &tt.params); err == nil {
			t.Errorf("SetMyCommands(%+v) succeeded", tt.params)
			continue
		}
		if got := lastError(t, s); got != tt.want {
			t.Errorf("SetMyCommands(%+v) rejected with %q, want %q", tt.params, got, tt.want)
		}
	}
	var many []models.BotCommand
	for i := range 101 {
		many = append(many, models.BotCommand{Command: fmt.Sprintf("c%d", i), Description: "x"})
	}
	if _, err := b.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: many}); err == nil || lastError(t, s) != "Bad Request: BOT_COMMANDS_TOO_MUCH" {
		t.Errorf("101 commands: %v", err)
	}
}

func TestSendChatAction(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	b := newClient(t, s)
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	if _, err := b.SendChatAction(context.Background(), &tgbot.SendChatActionParams{ChatID: chat.ID, Action: models.ChatActionTyping}); err != nil {
		t.Errorf("SendChatAction(typing): %v", err)
	}
	if _, err := b.SendChatAction(context.Background(), &tgbot.SendChatActionParams{ChatID: chat.ID, Action: "thinking"}); err == nil {
		t.Error("SendChatAction(thinking) succeeded")
	} else if got := lastError(t, s); got != "Bad Request: wrong parameter action in request" {
		t.Errorf("SendChatAction(thinking) rejected with %q", got)
	}
	if _, err := b.SendChatAction(context.Background(), &tgbot.SendChatActionParams{ChatID: 5, Action: models.ChatActionTyping}); err == nil {
		t.Error("SendChatAction to an unknown chat succeeded")
	}
}

func TestOtherBodies(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.PrivateChat(alice)
	s.SendText(chat, alice, "/start")
	form := url.Values{"chat_id": {"42"}, "text": {"<i>urlencoded</i>"}, "parse_mode": {"HTML"},
		"reply_markup": {`{"inline_keyboard":[[{"text":"a","url":"https://example.com"}]]}`}}
	if status, answer := post(t, s, s.Token(), "sendMessage", "application/x-www-form-urlencoded", form.Encode()); status != 200 {
		t.Errorf("url-encoded sendMessage = %d %v", status, answer)
	}
	body := `{"chat_id":42,"text":"json","reply_parameters":{"message_id":1},"reply_markup":{"inline_keyboard":[[{"text":"b","callback_data":"b"}]]}}`
	if status, answer := post(t, s, s.Token(), "sendMessage", "application/json", body); status != 200 {
		t.Errorf("JSON sendMessage = %d %v", status, answer)
	}
	got := s.Messages(chat.ID)
	if len(got) != 2 || got[0].Text != "urlencoded" || got[1].Text != "json" || got[1].ReplyTo != 1 || got[1].Markup.InlineKeyboard[0][0].CallbackData != "b" {
		t.Errorf("Messages() = %+v", got)
	}
}

func TestGroupPrivacy(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{GroupPrivacy: true})
	group := telegramtest.GroupChat(-100555, "حلقة")
	s.SendText(group, alice, "سؤال عام")                    // withheld
	s.SendText(group, alice, "@maqal_test_bot سؤال")        // withheld: a mention is not enough
	s.SendText(group, alice, "/who@other_bot")              // withheld: another bot's command
	s.SendText(group, alice, "/who@maqal_test_bot قاسم")    // delivered
	s.SendText(telegramtest.PrivateChat(bob), bob, "مرحبا") // private: delivered
	if got := s.Pending(); got != 2 {
		t.Errorf("Pending() = %d, want 2 delivered updates", got)
	}
}

func TestRestartIsNotAConflict(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{MaxPoll: 100 * time.Millisecond})
	start := func() (stop func()) {
		b := newClient(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			b.Start(ctx)
			close(done)
		}()
		return func() {
			cancel()
			<-done
		}
	}
	stop := start()
	s.WaitCalls(t, "getUpdates", 1, wait)
	stop()
	stop = start()
	s.WaitCalls(t, "getUpdates", 2, wait)
	time.Sleep(50 * time.Millisecond)
	stop()
	if r := s.Rejected(); len(r) > 0 {
		t.Errorf("a restarted bot was rejected: %+v", r)
	}

	// Two bots polling at once are a real conflict.
	stop1, stop2 := start(), start()
	defer stop1()
	defer stop2()
	deadline := time.Now().Add(wait)
	for len(s.Rejected()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	r := s.Rejected()
	if len(r) == 0 || r[0].Status != http.StatusConflict || !strings.HasPrefix(r[0].Error, "Conflict: terminated by other getUpdates request") {
		t.Errorf("two bots polling: Rejected() = %+v, want a 409 conflict", r)
	}
}

func TestPush(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{})
	chat := telegramtest.GroupChat(-100999, "قناة")
	s.SendText(chat, alice, "/start")
	s.Push(models.Update{Message: &models.Message{Chat: chat, From: &bob, Date: 1, Text: "raw"}})
	s.Push(models.Update{ID: 50, Message: &models.Message{ID: 10, Chat: chat, From: &bob, Date: 1, Text: "raw 2"}})
	s.SendText(chat, alice, "after")
	_, answer := post(t, s, s.Token(), "getUpdates", "application/x-www-form-urlencoded", "offset=0")
	raw, _ := json.Marshal(answer["result"])
	var updates []models.Update
	if err := json.Unmarshal(raw, &updates); err != nil || len(updates) != 4 {
		t.Fatalf("getUpdates = %s (%v)", raw, err)
	}
	var got []string
	for _, u := range updates {
		got = append(got, fmt.Sprintf("%d:%d:%s", u.ID, u.Message.ID, u.Message.Text))
	}
	if want := "[1:1:/start 2:2:raw 50:10:raw 2 51:11:after]"; fmt.Sprint(got) != want {
		t.Errorf("updates = %v, want %v", got, want)
	}
	// A pushed message can be replied to.
	if _, err := newClient(t, s).SendMessage(context.Background(), &tgbot.SendMessageParams{
		ChatID: chat.ID, Text: "رد", ReplyParameters: &models.ReplyParameters{MessageID: 10}}); err != nil {
		t.Errorf("reply to a pushed message: %v", err)
	}
}

func TestUserMessages(t *testing.T) {
	s := telegramtest.NewServer(t, telegramtest.Options{GroupPrivacy: true})
	group := telegramtest.GroupChat(-100321, "حلقة")
	s.SendText(group, alice, "/who@maqal_test_bot")
	sent, err := newClient(t, s).SendMessage(context.Background(), &tgbot.SendMessageParams{ChatID: group.ID, Text: "جواب",
		ReplyMarkup: &keyboard{InlineKeyboard: [][]button{{{Text: "المزيد", CallbackData: "more"}}}}})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	reply := s.SendReply(group, bob, "وضّح", sent.ID) // a reply to the bot passes privacy mode
	if reply.ReplyToMessage == nil || reply.ReplyToMessage.ID != sent.ID || reply.ReplyToMessage.From.ID != 1000 || reply.ID != sent.ID+1 {
		t.Errorf("SendReply = %+v", reply)
	}
	photo := s.SendPhoto(group, alice, "/who@maqal_test_bot هذا؟")
	if len(photo.Photo) == 0 || len(photo.CaptionEntities) != 1 || photo.CaptionEntities[0].Length != 19 {
		t.Errorf("SendPhoto = %+v", photo)
	}
	s.SendSticker(group, alice) // withheld in a group
	if sticker := s.SendSticker(telegramtest.PrivateChat(alice), alice); sticker.Sticker == nil {
		t.Errorf("SendSticker = %+v", sticker)
	}

	_, answer := post(t, s, s.Token(), "getUpdates", "application/x-www-form-urlencoded", "")
	raw, _ := json.Marshal(answer["result"])
	var updates []models.Update
	if err := json.Unmarshal(raw, &updates); err != nil || len(updates) != 4 {
		t.Fatalf("getUpdates = %s (%v)", raw, err)
	}
	r := updates[1].Message.ReplyToMessage
	if r == nil || r.From == nil || !r.From.IsBot || r.ReplyMarkup == nil || r.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "more" {
		t.Errorf("delivered reply_to_message = %+v", r)
	}
	if strings.Contains(string(raw), "copy_text") {
		t.Errorf("the echoed keyboard gained a copy_text: %s", raw)
	}
}
