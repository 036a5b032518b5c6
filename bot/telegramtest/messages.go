package telegramtest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// maxMessageLength is Telegram's limit on message text, in UTF-16 code units after
// entity parsing.
const maxMessageLength = 4096

// SentMessage is a message the bot sent, with its edits applied.
type SentMessage struct {
	ChatID    int64
	MessageID int
	HTML      string // the text parameter as sent
	ParseMode string
	Text      string                       // the text as users see it: entities parsed, tags removed, HTML entities unescaped
	ReplyTo   int                          // the message it replies to (reply_parameters.message_id or reply_to_message_id), 0 if none
	Markup    *models.InlineKeyboardMarkup // decoded reply_markup, nil if none
	Edits     int                          // how many times editMessageText changed it
	At        time.Time                    // when sendMessage created it (edits leave it)
}

// Messages returns the bot's messages in the chat, in order, edits applied.
func (s *Server) Messages(chatID int64) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID)
}

func (s *Server) messagesLocked(chatID int64) []SentMessage {
	cs := s.chats[chatID]
	if cs == nil {
		return nil
	}
	return copyMessages(cs.sent)
}

// copyMessages returns copies of the messages.
func copyMessages(sent []*SentMessage) []SentMessage {
	out := make([]SentMessage, len(sent))
	for i, m := range sent {
		out[i] = *m
	}
	return out
}

// AllMessages returns the bot's messages in every chat, in the order they were created,
// edits applied. Each carries its ChatID and the time it was created (At), for per-chat
// counts and rates in load tests; At does not decrease along the list.
func (s *Server) AllMessages() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyMessages(s.allSent)
}

// WaitMessages waits until the bot has sent n messages to the chat and returns the first
// n. On timeout it fails the test, listing the messages and the calls seen. It is woken
// only by messages created in that chat (once the chat is known), and each wake costs a
// comparison, so many WaitMessages on busy servers stay cheap.
func (s *Server) WaitMessages(tb testing.TB, chatID int64, n int, timeout time.Duration) []SentMessage {
	tb.Helper()
	var got []SentMessage
	if !s.waitOn(timeout, func() bool {
		cs := s.chats[chatID]
		if cs == nil {
			return n <= 0
		}
		if len(cs.sent) < n {
			return false
		}
		got = copyMessages(cs.sent[:max(n, 0)])
		return true
	}, func() <-chan struct{} {
		if cs := s.chats[chatID]; cs != nil {
			return cs.changedLocked()
		}
		return s.changed // until the chat exists
	}) {
		got = s.Messages(chatID)
		var b strings.Builder
		for _, m := range got {
			fmt.Fprintf(&b, "\t#%d %q\n", m.MessageID, m.Text)
		}
		tb.Fatalf("telegramtest: waited %v for %d messages in chat %d, got %d:\n%scalls seen:\n%s",
			timeout, n, chatID, len(got), b.String(), s.describeCalls())
	}
	return got
}

// parseText turns a text and its parse_mode (or explicit entities) into the text users
// see, as Client::get_formatted_text does. It does not yet clean or trim: see cleanText.
// Its error is TDLib's message, before the Bot API adds "Bad Request: ".
func parseText(text, parseMode, entitiesJSON string) (string, []models.MessageEntity, string) {
	if len(text) > 1<<15 {
		return "", nil, "Text is too long"
	}
	switch strings.ToLower(parseMode) {
	case "", "none":
		var entities []models.MessageEntity
		if entitiesJSON != "" && json.Unmarshal([]byte(entitiesJSON), &entities) != nil {
			entities = nil // the Bot API ignores entities it can't parse as JSON
		}
		limit := utf16Len(text)
		for _, e := range entities {
			if e.Offset > limit {
				return "", nil, fmt.Sprintf("Entity begins after the end of the text at UTF-16 offset %d", e.Offset)
			}
			if e.Offset+e.Length > limit {
				return "", nil, fmt.Sprintf("Entity beginning at UTF-16 offset %d ends after the end of the text at UTF-16 offset %d", e.Offset, e.Offset+e.Length)
			}
		}
		sortEntities(entities)
		return text, entities, ""
	case "html":
		plain, entities, err := parseHTML(text)
		if err != nil {
			return "", nil, "Can't parse entities: " + err.Error()
		}
		return plain, entities, ""
	case "markdown", "markdownv2":
		return "", nil, "Can't parse entities: telegramtest does not implement parse_mode " + parseMode + "; use HTML"
	default:
		return "", nil, "Unsupported parse_mode"
	}
}

// describe turns a TDLib error message into a Bot API description, as
// Client::fail_query_with_error does: "Bad Request: " and the first letter lowered,
// unless the message is an upper-case code such as BUTTON_DATA_INVALID.
func describe(message string) *apiError {
	if len(message) >= 2 && (message[1] == '_' || 'A' <= message[1] && message[1] <= 'Z') {
		return badRequest(message)
	}
	return badRequest(strings.ToLower(message[:1]) + message[1:])
}

// tdlibMessage undoes describe, to nest an error inside another as the Bot API does
// ("can't parse inline query result: Can't parse entities: …").
func tdlibMessage(e *apiError) string {
	m := strings.TrimPrefix(e.desc, "Bad Request: ")
	if m == "" {
		return m
	}
	return strings.ToUpper(m[:1]) + m[1:]
}

// messageText is a checked message text.
type messageText struct {
	html, parseMode string
	text            string
	entities        []models.MessageEntity
}

// readText reads and checks the text and parse_mode parameters as far as the Bot API
// does before contacting Telegram.
func readText(r *request) (*messageText, *apiError) {
	t := &messageText{html: r.params["text"], parseMode: r.params["parse_mode"]}
	if t.html == "" {
		return nil, badRequest("message text is empty")
	}
	text, entities, msg := parseText(t.html, t.parseMode, r.params["entities"])
	if msg != "" {
		return nil, describe(msg)
	}
	t.text, t.entities = text, entities
	return t, nil
}

// finish does what TDLib and the servers do next: clean and trim the text, refuse it
// empty or too long. tooLong is the description for a text over 4096 UTF-16 units.
func (t *messageText) finish(tooLong string) *apiError {
	text, entities, ok := cleanText(t.text, t.entities)
	if !ok {
		return badRequest("text must be non-empty")
	}
	if utf16Len(text) > maxMessageLength {
		return badRequest(tooLong)
	}
	t.text, t.entities = text, entities
	return nil
}

// replyTarget is the message a new message should reply to.
type replyTarget struct {
	chatID         string
	messageID      int
	withoutReplyOK bool
}

// readReplyParameters reads reply_parameters, or the older reply_to_message_id and
// allow_sending_without_reply, as Client::get_reply_parameters does.
func readReplyParameters(r *request) (replyTarget, *apiError) {
	if !r.has("reply_parameters") {
		return replyTarget{
			messageID:      int(max(toInt(r.params["reply_to_message_id"]), 0)),
			withoutReplyOK: toBool(r.params["allow_sending_without_reply"]),
		}, nil
	}
	param := r.params["reply_parameters"]
	if param == "" {
		return replyTarget{}, nil
	}
	var value any
	if json.Unmarshal([]byte(param), &value) != nil {
		return replyTarget{}, badRequest("can't parse reply parameters JSON object")
	}
	object, ok := value.(map[string]any)
	if !ok {
		return replyTarget{}, badRequest("object expected as reply parameters")
	}
	if len(object) == 0 {
		return replyTarget{}, nil
	}
	var p struct {
		ChatID                   any  `json:"chat_id"`
		MessageID                *int `json:"message_id"`
		AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
	}
	if err := json.Unmarshal([]byte(param), &p); err != nil {
		return replyTarget{}, badRequest("can't parse reply parameters: " + err.Error())
	}
	if p.MessageID == nil {
		return replyTarget{}, badRequest(`can't find field "message_id"`)
	}
	t := replyTarget{messageID: max(*p.MessageID, 0), withoutReplyOK: p.AllowSendingWithoutReply}
	switch id := p.ChatID.(type) {
	case string:
		t.chatID = id
	case float64:
		t.chatID = fmt.Sprintf("%.0f", id)
	}
	return t, nil
}

// checkLinkPreview checks link_preview_options as the Bot API parses it.
func checkLinkPreview(r *request) *apiError {
	param, ok := r.params["link_preview_options"]
	if !ok || param == "" {
		return nil
	}
	var value any
	if json.Unmarshal([]byte(param), &value) != nil {
		return badRequest("can't parse link preview options JSON object")
	}
	if _, ok := value.(map[string]any); !ok {
		return badRequest("object expected as link preview options")
	}
	return nil
}

func (s *Server) sendMessage(r *request) (any, *apiError) {
	text, err := readText(r)
	if err != nil {
		return nil, err
	}
	reply, err := readReplyParameters(r)
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(r.params["reply_markup"], r.has("reply_markup"), false)
	if err != nil {
		return nil, err
	}
	if err := checkLinkPreview(r); err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	cs, err := s.knownChatLocked(r.params["chat_id"])
	if err != nil {
		return nil, err
	}
	var replyTo *storedMessage
	if reply.messageID > 0 {
		target := cs
		if reply.chatID != "" && reply.chatID != r.params["chat_id"] {
			if target, err = s.knownChatLocked(reply.chatID); err != nil {
				return nil, err
			}
		}
		replyTo = target.messages[reply.messageID]
		if replyTo == nil && !reply.withoutReplyOK {
			return nil, badRequest("message to be replied not found")
		}
	}
	if err := text.finish("message is too long"); err != nil {
		return nil, err
	}
	if err := mk.serverCheck(); err != nil {
		return nil, err
	}

	cs.lastID++
	bot := s.bot
	now := time.Now()
	msg := models.Message{
		ID:       cs.lastID,
		From:     &bot,
		Chat:     cs.chat,
		Date:     int(now.Unix()),
		Text:     text.text,
		Entities: text.entities,
	}
	sent := &SentMessage{ChatID: cs.chat.ID, MessageID: msg.ID, HTML: text.html, ParseMode: text.parseMode, Text: text.text, At: now}
	stored := &storedMessage{msg: msg, sent: sent}
	if replyTo != nil {
		shallow := replyTo.msg
		shallow.ReplyToMessage = nil
		stored.msg.ReplyToMessage = &shallow
		sent.ReplyTo = replyTo.msg.ID
	}
	if mk != nil {
		stored.markup, stored.msg.ReplyMarkup, sent.Markup = mk.raw, mk.inline, mk.inline
	}
	cs.messages[msg.ID] = stored
	cs.sent = append(cs.sent, sent)
	s.allSent = append(s.allSent, sent)
	cs.notifyLocked()
	s.broadcastLocked()
	return s.wireLocked(cs, stored, false), nil
}

// botMessageLocked finds the bot's message chat_id/message_id for an edit, with the Bot
// API's errors. s.mu must be held.
func (s *Server) botMessageLocked(r *request) (*chatState, *storedMessage, *apiError) {
	cs, err := s.knownChatLocked(r.params["chat_id"])
	if err != nil {
		return nil, nil, err
	}
	m := cs.messages[int(toInt(r.params["message_id"]))]
	if m == nil {
		return nil, nil, badRequest("message to edit not found")
	}
	if m.sent == nil {
		return nil, nil, badRequest("message can't be edited")
	}
	return cs, m, nil
}

// isInlineEdit tells whether an edit addresses an inline message, as the Bot API decides:
// neither chat_id nor message_id given.
func isInlineEdit(r *request) (bool, *apiError) {
	if r.params["chat_id"] != "" || toInt(r.params["message_id"]) > 0 {
		return false, nil
	}
	if r.params["inline_message_id"] == "" {
		return true, badRequest("message identifier is not specified")
	}
	return true, nil
}

func errNotModified() *apiError {
	return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
}

func (s *Server) editMessageText(r *request) (any, *apiError) {
	text, err := readText(r)
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(r.params["reply_markup"], r.has("reply_markup"), true)
	if err != nil {
		return nil, err
	}
	if err := checkLinkPreview(r); err != nil {
		return nil, err
	}
	if inline, err := isInlineEdit(r); inline {
		if err == nil {
			err = text.finish("MESSAGE_TOO_LONG")
		}
		if err == nil {
			err = mk.serverCheck()
		}
		if err != nil {
			return nil, err
		}
		return true, nil // Telegram answers true for inline messages, not a Message
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	cs, m, err := s.botMessageLocked(r)
	if err != nil {
		return nil, err
	}
	if err := text.finish("MESSAGE_TOO_LONG"); err != nil {
		return nil, err
	}
	if err := mk.serverCheck(); err != nil {
		return nil, err
	}
	var old *markup
	if m.sent.Markup != nil {
		old = &markup{canonical: canonicalMarkup(m.markup)}
	}
	if text.text == m.msg.Text && sameEntities(text.entities, m.msg.Entities) && sameMarkup(mk, old) {
		return nil, errNotModified()
	}
	m.msg.Text, m.msg.Entities, m.msg.EditDate = text.text, text.entities, int(time.Now().Unix())
	m.sent.HTML, m.sent.ParseMode, m.sent.Text = text.html, text.parseMode, text.text
	s.setMarkupLocked(m, mk)
	m.sent.Edits++
	s.broadcastLocked()
	return s.wireLocked(cs, m, false), nil
}

func (s *Server) editMessageReplyMarkup(r *request) (any, *apiError) {
	mk, err := parseMarkup(r.params["reply_markup"], r.has("reply_markup"), true)
	if err != nil {
		return nil, err
	}
	if inline, err := isInlineEdit(r); inline {
		if err == nil {
			err = mk.serverCheck()
		}
		if err != nil {
			return nil, err
		}
		return true, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, m, err := s.botMessageLocked(r)
	if err != nil {
		return nil, err
	}
	if err := mk.serverCheck(); err != nil {
		return nil, err
	}
	var old *markup
	if m.sent.Markup != nil {
		old = &markup{canonical: canonicalMarkup(m.markup)}
	}
	if sameMarkup(mk, old) {
		return nil, errNotModified()
	}
	m.msg.EditDate = int(time.Now().Unix())
	s.setMarkupLocked(m, mk)
	s.broadcastLocked()
	return s.wireLocked(cs, m, false), nil
}

// setMarkupLocked replaces a message's keyboard; no markup removes it.
func (s *Server) setMarkupLocked(m *storedMessage, mk *markup) {
	if mk == nil {
		m.markup, m.msg.ReplyMarkup, m.sent.Markup = nil, nil, nil
		return
	}
	m.markup, m.msg.ReplyMarkup, m.sent.Markup = mk.raw, mk.inline, mk.inline
}

// canonicalMarkup returns the comparable form of a stored raw inline keyboard.
func canonicalMarkup(raw json.RawMessage) string {
	var v struct {
		InlineKeyboard any `json:"inline_keyboard"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	canonical, _ := json.Marshal(v.InlineKeyboard)
	return string(canonical)
}

func sameEntities(a, b []models.MessageEntity) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// chatActions are the actions sendChatAction accepts (Client::get_chat_action).
var chatActions = map[string]bool{
	"cancel": true, "typing": true, "record_video": true, "upload_video": true, "record_audio": true,
	"record_voice": true, "upload_audio": true, "upload_voice": true, "upload_photo": true,
	"upload_document": true, "choose_sticker": true, "pick_up_location": true, "find_location": true,
	"record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(r *request) (any, *apiError) {
	if !chatActions[strings.ToLower(r.params["action"])] {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.knownChatLocked(r.params["chat_id"]); err != nil {
		return nil, err
	}
	return true, nil
}
