package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/maqal/maqal/retrieval"
)

// This file holds every route of the Telegram bot: which updates it
// answers, and how.
//
//   - private chat: any text is a question or a command; other messages
//     get a hint;
//   - group: commands (with @botname or without; a command for another
//     bot is ignored), messages that mention @botname, and replies to the
//     bot's own messages; everything else, and other bots, are ignored.
//     Replies quote the asker's message;
//   - callback queries: the buttons under answers and the examples under
//     /start;
//   - inline queries: "@botname question" from any chat.

// handle answers one update. A panic is recovered and logged with its
// stack; the reader gets an apology.
func (b *Bot) handle(ctx context.Context, u *models.Update) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("panic while handling an update", "update_id", u.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if m := u.Message; m != nil {
				b.sendText(ctx, m.Chat.ID, replyTarget(m), say(langOf(m.From), msgApology.in(langOf(m.From))))
			}
		}
	}()
	switch {
	case u.Message != nil:
		b.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		b.onCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		b.onInline(ctx, u.InlineQuery)
	}
}

// allowedChat says whether the bot may answer chat (or user) id.
func (b *Bot) allowedChat(id int64) bool { return b.allowed == nil || b.allowed[id] }

func (b *Bot) onMessage(ctx context.Context, m *models.Message) {
	if !b.allowedChat(m.Chat.ID) {
		return
	}
	if fromBot(m) || m.ViaBot != nil && m.ViaBot.ID == b.me.ID {
		// Other bots, and the messages readers send through our inline
		// mode, are not questions.
		return
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	private := m.Chat.Type == models.ChatTypePrivate
	if !private {
		var ok bool
		if text, ok = b.addressed(m, text); !ok {
			return
		}
	}
	if m.From != nil {
		if ok, notice := b.users.allow(m.From.ID); !ok {
			b.metrics.rateLimited.WithLabelValues("user").Inc()
			if notice {
				lang := langOf(m.From)
				b.sendText(ctx, m.Chat.ID, replyTarget(m), say(lang, msgSlowDown.in(lang)))
			}
			return
		}
	}
	start := time.Now()
	defer func() { b.metrics.latency.Observe(time.Since(start).Seconds()) }()
	if strings.TrimSpace(text) == "" {
		lang := langOf(m.From)
		if m.Text == "" {
			// A sticker, a photo, a voice message…
			b.sendText(ctx, m.Chat.ID, replyTarget(m), say(lang, msgOnlyText.in(lang)))
			return
		}
		text = "/help" // "@maqal_bot" alone
	}
	rep := b.router.Handle(ctx, Message{ChatID: m.Chat.ID, Text: text, ClientLang: clientLang(m.From)})
	b.countAnswer(rep)
	b.sendReply(ctx, m.Chat.ID, replyTarget(m), rep)
}

// countAnswer counts a reply to a question as found or declined.
func (b *Bot) countAnswer(rep Reply) {
	switch {
	case rep.Answer == nil:
	case rep.Answer.Found:
		b.metrics.answers.WithLabelValues("found").Inc()
	default:
		b.metrics.answers.WithLabelValues("declined").Inc()
	}
}

// fromBot reports a message from another bot. An anonymous group admin
// writes as @GroupAnonymousBot (a bot) on behalf of the group
// (sender_chat): that is a person.
func fromBot(m *models.Message) bool {
	return m.From != nil && m.From.IsBot && m.SenderChat == nil
}

// addressed decides whether a group message is for the bot, and returns
// what it asks: a command without another bot's name, a message that
// mentions the bot (less the mention), or a reply to the bot's own
// message.
func (b *Bot) addressed(m *models.Message, text string) (string, bool) {
	if name, _, isCmd := parseCommand(text); isCmd && name != "" {
		word := strings.Fields(text)[0]
		if _, target, ok := strings.Cut(word, "@"); ok && !strings.EqualFold(target, b.me.Username) {
			return "", false // for another bot
		}
		return text, true
	}
	entities := m.Entities
	if m.Text == "" {
		entities = m.CaptionEntities
	}
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeMention {
			continue
		}
		start, end, ok := utf16Span(text, e.Offset, e.Length)
		if ok && strings.EqualFold(text[start:end], "@"+b.me.Username) {
			return strings.TrimSpace(text[:start] + " " + text[end:]), true
		}
	}
	if r := m.ReplyToMessage; r != nil && r.From != nil && r.From.ID == b.me.ID {
		return text, true
	}
	return "", false
}

// utf16Span converts an entity's offset and length, which Telegram
// counts in UTF-16 code units, into byte offsets of s.
func utf16Span(s string, offset, length int) (start, end int, ok bool) {
	units := 0
	start, end = -1, -1
	for i, r := range s {
		if units == offset {
			start = i
		}
		if units == offset+length {
			end = i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	if units == offset+length {
		end = len(s)
	}
	if start < 0 || end < start {
		return 0, 0, false
	}
	return start, end, true
}

// replyTarget is the message a reply quotes: the asker's, in a group,
// so that threads stay readable; none in a private chat.
func replyTarget(m *models.Message) int {
	if m.Chat.Type == models.ChatTypePrivate {
		return 0
	}
	return m.ID
}

func clientLang(u *models.User) string {
	if u == nil {
		return ""
	}
	return u.LanguageCode
}

// langOf is the language of a reply to someone whose words are not
// known: their app's.
func langOf(u *models.User) string {
	if l := clientLang(u); l == "ar" || strings.HasPrefix(l, "ar-") {
		return "ar"
	}
	return "en"
}

// sendReply sends a reply. An answer is shown as a view with buttons;
// /start offers its examples as buttons.
func (b *Bot) sendReply(ctx context.Context, chatID int64, replyTo int, rep Reply) {
	switch {
	case rep.Answer != nil && rep.Answer.Found && len(rep.Answer.Passages) > 0:
		v := view{question: rep.Question, lang: rep.Lang}
		v.english = rep.Lang == "en" && rep.Answer.Passages[0].Translation != ""
		id := b.views.put(v)
		b.send(ctx, chatID, replyTo, viewReply(v, *rep.Answer), viewButtons(v, *rep.Answer, id))
	case len(rep.Examples) > 0:
		b.send(ctx, chatID, replyTo, rep, examplesKeyboard(rep.Lang, rep.Examples))
	default:
		b.send(ctx, chatID, replyTo, rep, nil)
	}
}

// sendText sends a reply without buttons.
func (b *Bot) sendText(ctx context.Context, chatID int64, replyTo int, rep Reply) {
	b.send(ctx, chatID, replyTo, rep, nil)
}

// send sends rep as one message or more, in HTML; the buttons go under
// the last. A message Telegram cannot parse is sent again as plain text.
func (b *Bot) send(ctx context.Context, chatID int64, replyTo int, rep Reply, kb *keyboard) {
	parts := chunks(rep, maxMessage)
	for i, c := range parts {
		p := &tgbot.SendMessageParams{
			ChatID:             chatID,
			Text:               c.html,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		}
		if i == 0 && replyTo != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
		}
		if i == len(parts)-1 && kb != nil {
			p.ReplyMarkup = kb
		}
		sendMessage := func(ctx context.Context) error {
			_, err := b.tg.SendMessage(ctx, p)
			return err
		}
		err := b.out.do(ctx, chatID, "sendMessage", true, sendMessage)
		if isParseError(err) {
			b.log.Warn("Telegram could not parse a reply; sending it as plain text", "chat", chatID, "err", err)
			p.Text, p.ParseMode = c.plain, ""
			err = b.out.do(ctx, chatID, "sendMessage", true, sendMessage)
		}
		if err != nil {
			if !errors.Is(err, errGaveUp) {
				b.log.Warn("gave up sending", "chat", chatID, "method", "sendMessage", "reason", "refused", "err", b.redact(err))
			}
			return
		}
	}
}

func isParseError(err error) bool {
	return err != nil && errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "can't parse entities")
}

// onCallback answers a button: the ones under an answer edit it; an
// example under /start asks its question.
func (b *Bot) onCallback(ctx context.Context, q *models.CallbackQuery) {
	msg := q.Message.Message // nil when the message is too old to reach
	chatID := q.From.ID
	if msg != nil {
		chatID = msg.Chat.ID
	}
	if !b.allowedChat(chatID) {
		b.answerCallback(ctx, q.ID, "")
		return
	}
	lang := langOf(&q.From)
	if ok, _ := b.users.allow(q.From.ID); !ok {
		b.metrics.rateLimited.WithLabelValues("user").Inc()
		b.answerCallback(ctx, q.ID, msgSlowDown.in(lang))
		return
	}
	action, arg, _ := strings.Cut(q.Data, ":")
	if action == actionExample {
		b.answerCallback(ctx, q.ID, "")
		l, n, _ := strings.Cut(arg, ":")
		i, err := strconv.Atoi(n)
		examples := b.router.examples(l)
		if err != nil || i < 0 || i >= len(examples) {
			return
		}
		rep := b.router.ask(ctx, Message{ChatID: chatID, ClientLang: clientLang(&q.From)}, examples[i])
		replyTo := 0
		if msg != nil && msg.Chat.Type != models.ChatTypePrivate {
			replyTo = msg.ID
		}
		b.sendReply(ctx, chatID, replyTo, rep)
		return
	}
	v, ok := b.views.get(arg)
	var ans retrieval.Answer
	if ok && msg != nil {
		var err error
		ans, err = b.router.eng.Answer(ctx, retrieval.Question{Text: v.question})
		ok = err == nil && ans.Found && v.passage < len(ans.Passages)
	}
	if !ok || msg == nil {
		b.answerCallback(ctx, q.ID, msgExpired.in(lang))
		return
	}
	switch action {
	case actionNext:
		if v.passage+1 < len(ans.Passages) {
			v.passage++
		}
	case actionFull:
		v.full = !v.full
	case actionEnglish:
		v.english = !v.english
	default:
		b.answerCallback(ctx, q.ID, msgExpired.in(lang))
		return
	}
	if !b.views.update(arg, v) {
		b.answerCallback(ctx, q.ID, msgExpired.in(lang))
		return
	}
	b.answerCallback(ctx, q.ID, "")
	// A view is one passage: it fits one message (a paragraph and its
	// English are far below Telegram's limit).
	part := chunks(viewReply(v, ans), maxMessage)[0]
	p := &tgbot.EditMessageTextParams{
		ChatID:             chatID,
		MessageID:          msg.ID,
		Text:               part.html,
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		ReplyMarkup:        viewButtons(v, ans, arg),
	}
	edit := func(ctx context.Context) error {
		_, err := b.tg.EditMessageText(ctx, p)
		return err
	}
	err := b.out.do(ctx, chatID, "editMessageText", true, edit)
	if isParseError(err) {
		p.Text, p.ParseMode = part.plain, ""
		err = b.out.do(ctx, chatID, "editMessageText", true, edit)
	}
	if err != nil && !isNotModified(err) && !errors.Is(err, errGaveUp) {
		b.log.Warn("gave up sending", "chat", chatID, "method", "editMessageText", "reason", "refused", "err", b.redact(err))
	}
}

func (b *Bot) answerCallback(ctx context.Context, id, text string) {
	err := b.out.do(ctx, 0, "answerCallbackQuery", false, func(ctx context.Context) error {
		_, err := b.tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: text})
		return err
	})
	if err != nil && !errors.Is(err, errGaveUp) {
		b.log.Warn("gave up sending", "method", "answerCallbackQuery", "reason", "refused", "err", b.redact(err))
	}
}

// maxInline is how many passages an inline query offers.
const maxInline = 10

// onInline answers "@botname question" with the passages that answer
// it, or with the article's opening passages when nothing is asked yet.
func (b *Bot) onInline(ctx context.Context, q *models.InlineQuery) {
	if q.From == nil || !b.allowedChat(q.From.ID) {
		return
	}
	question := strings.TrimSpace(q.Query)
	lang := langOf(q.From)
	var passages []retrieval.Passage
	if ok, _ := b.inline.allow(q.From.ID); !ok {
		// Over the limit: no passages, and no notice (there is no chat).
		b.metrics.rateLimited.WithLabelValues("user").Inc()
	} else if question == "" {
		passages = b.opening(maxInline)
	} else {
		lang = b.router.lang(Message{ChatID: q.From.ID, ClientLang: clientLang(q.From)}, question)
		ans, err := b.router.eng.Answer(ctx, retrieval.Question{Text: question, K: maxInline})
		if err == nil && ans.Found {
			passages = ans.Passages
		}
	}
	results := make([]models.InlineQueryResult, 0, len(passages))
	for _, p := range passages {
		v := view{lang: lang, english: lang == "en"}
		rep := viewReply(v, retrieval.Answer{Passages: []retrieval.Passage{p}})
		rep.Blocks[0] = textBlock(plain(msgInlineParagraph.in(lang, p.Paragraph)))
		// The reference goes last, on its own line.
		rep.Blocks = append(rep.Blocks[1:], rep.Blocks[0])
		results = append(results, &models.InlineQueryResultArticle{
			ID:          "p" + strconv.Itoa(p.Paragraph),
			Title:       paragraphLabel(lang, p.Paragraph) + ": " + firstWords(p.Quote, 8),
			Description: firstWords(description(lang, p), 20),
			InputMessageContent: &models.InputTextMessageContent{
				MessageText:        chunks(rep, maxMessage)[0].html,
				ParseMode:          models.ParseModeHTML,
				LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
			},
		})
	}
	err := b.out.do(ctx, 0, "answerInlineQuery", false, func(ctx context.Context) error {
		_, err := b.tg.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{
			InlineQueryID: q.ID,
			Results:       results,
			CacheTime:     60,
			IsPersonal:    true, // the language follows the reader's app
		})
		return err
	})
	if err != nil && !errors.Is(err, errGaveUp) {
		b.log.Warn("gave up sending", "method", "answerInlineQuery", "reason", "refused", "err", b.redact(err))
	}
}

func description(lang string, p retrieval.Passage) string {
	if lang == "en" && p.QuoteTranslation != "" {
		return p.QuoteTranslation
	}
	return p.Quote
}

// opening returns the first n paragraphs of the body as passages.
func (b *Bot) opening(n int) []retrieval.Passage {
	a := b.router.eng.Article()
	var out []retrieval.Passage
	for _, p := range a.Body() {
		if len(out) == n {
			break
		}
		out = append(out, retrieval.Passage{
			Paragraph: p.Number, Text: p.Text, Quote: p.Text, QuoteSpan: retrieval.Span{End: len(p.Text)},
			Translation: p.Translation, QuoteTranslation: p.Translation, QuoteTranslationSpan: retrieval.Span{End: len(p.Translation)},
		})
	}
	return out
}

// firstWords returns the first n words of s, with "…" when it goes on.
func firstWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + "…"
}
