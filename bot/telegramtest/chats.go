package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// chatState is what the server knows of a chat: its messages, the users' and the bot's.
type chatState struct {
	chat     models.Chat
	lastID   int // message ids grow per chat, shared by users and the bot
	messages map[int]*storedMessage
	sent     []*SentMessage // the bot's messages, in order
	changed  chan struct{}  // closed when the bot sends a message here; nil until a WaitMessages asks
}

// changedLocked returns the channel closed by the chat's next new message. s.mu must be
// held.
func (cs *chatState) changedLocked() <-chan struct{} {
	if cs.changed == nil {
		cs.changed = make(chan struct{})
	}
	return cs.changed
}

// notifyLocked wakes the WaitMessages of the chat. s.mu must be held.
func (cs *chatState) notifyLocked() {
	if cs.changed != nil {
		close(cs.changed)
		cs.changed = nil
	}
}

// storedMessage is a known message. msg is what Go callers get back; markup is the
// reply_markup exactly as the bot sent it, which is what Telegram echoes (re-marshalling
// models.InlineKeyboardMarkup would add go-telegram's empty copy_text to every button).
type storedMessage struct {
	msg    models.Message
	markup json.RawMessage
	sent   *SentMessage // nil for users' messages
}

// wireMessage is a message as Telegram sends it: the raw fields shadow the embedded ones.
type wireMessage struct {
	models.Message
	ReplyToMessage json.RawMessage `json:"reply_to_message,omitempty"`
	ReplyMarkup    json.RawMessage `json:"reply_markup,omitempty"`
}

// wireLocked returns the JSON of a known message, with its reply_to_message one level
// deep as Telegram does. s.mu must be held.
func (s *Server) wireLocked(cs *chatState, m *storedMessage, nested bool) json.RawMessage {
	w := wireMessage{Message: m.msg, ReplyMarkup: m.markup}
	if !nested && m.msg.ReplyToMessage != nil {
		if target := cs.messages[m.msg.ReplyToMessage.ID]; target != nil {
			w.ReplyToMessage = s.wireLocked(cs, target, true)
		}
	}
	raw, _ := json.Marshal(w) // a models.Message always marshals
	return raw
}

// PrivateChat returns the private chat of user u with the bot: type "private", ID = user ID.
func PrivateChat(u models.User) models.Chat {
	return models.Chat{ID: u.ID, Type: models.ChatTypePrivate, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
}

// GroupChat returns a supergroup chat; negative ids are fine.
func GroupChat(id int64, title string) models.Chat {
	return models.Chat{ID: id, Type: models.ChatTypeSupergroup, Title: title}
}

// chatLocked returns the state of chat, creating it. s.mu must be held.
func (s *Server) chatLocked(chat models.Chat) *chatState {
	cs := s.chats[chat.ID]
	if cs == nil {
		cs = &chatState{chat: chat, messages: map[int]*storedMessage{}}
		s.chats[chat.ID] = cs
	}
	return cs
}

// knownChatLocked finds a chat by the chat_id parameter: a number or an @username.
// s.mu must be held.
func (s *Server) knownChatLocked(chatID string) (*chatState, *apiError) {
	chatID = strings.TrimSpace(chatID)
	if chatID == "" {
		return nil, badRequest("chat_id is empty")
	}
	if strings.HasPrefix(chatID, "@") {
		for _, cs := range s.chats {
			if cs.chat.Username != "" && strings.EqualFold("@"+cs.chat.Username, chatID) {
				return cs, nil
			}
		}
		return nil, badRequest("chat not found")
	}
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	cs := s.chats[id]
	if cs == nil {
		return nil, badRequest("chat not found")
	}
	return cs, nil
}

// addUserMessageLocked records a user's message, giving it the next id of its chat.
func (s *Server) addUserMessageLocked(m models.Message) (*chatState, *storedMessage) {
	cs := s.chatLocked(m.Chat)
	if m.ID == 0 {
		cs.lastID++
		m.ID = cs.lastID
	} else if m.ID > cs.lastID {
		cs.lastID = m.ID
	}
	sm := &storedMessage{msg: m}
	if m.ReplyMarkup != nil {
		sm.markup, _ = json.Marshal(m.ReplyMarkup)
	}
	cs.messages[m.ID] = sm
	return cs, sm
}

// newUserMessage builds a message from a user, entities found the way Telegram finds them.
func (s *Server) newUserMessage(chat models.Chat, from models.User) models.Message {
	return models.Message{From: &from, Chat: chat, Date: int(time.Now().Unix())}
}

// SendText pushes a text message from a user. Entities are built as Telegram builds them:
// bot_command for "/cmd" or "/cmd@name" anywhere, mention for "@username", with offsets
// and lengths in UTF-16 code units. The message gets the chat's next id and becomes
// known, so the bot can reply to it. It returns the message (not queued when
// Options.GroupPrivacy withholds it).
func (s *Server) SendText(chat models.Chat, from models.User, text string) models.Message {
	m := s.newUserMessage(chat, from)
	m.Text = text
	m.Entities = findEntities(text)
	return s.pushMessage(m, 0, "SendText")
}

// SendReply pushes a text message that replies to message replyTo of the chat, a message
// of the bot's or a user's (it panics if the chat has no such message: the test is wrong).
func (s *Server) SendReply(chat models.Chat, from models.User, text string, replyTo int) models.Message {
	m := s.newUserMessage(chat, from)
	m.Text = text
	m.Entities = findEntities(text)
	return s.pushMessage(m, replyTo, "SendReply")
}

// SendSticker pushes a sticker message from a user.
func (s *Server) SendSticker(chat models.Chat, from models.User) models.Message {
	m := s.newUserMessage(chat, from)
	m.Sticker = &models.Sticker{
		FileID: "CAACAgIAAxkBAAEBsticker", FileUniqueID: "AgADsticker", Type: "regular",
		Width: 512, Height: 512, Emoji: "👍", SetName: "maqal_test_stickers",
	}
	return s.pushMessage(m, 0, "SendSticker")
}

// SendPhoto pushes a photo message from a user, with an optional caption (its commands
// and mentions become caption_entities).
func (s *Server) SendPhoto(chat models.Chat, from models.User, caption string) models.Message {
	m := s.newUserMessage(chat, from)
	m.Photo = []models.PhotoSize{
		{FileID: "AgACAgIAAxkBAAEBphoto-s", FileUniqueID: "AQADphoto-s", Width: 90, Height: 67, FileSize: 1200},
		{FileID: "AgACAgIAAxkBAAEBphoto-m", FileUniqueID: "AQADphoto-m", Width: 320, Height: 240, FileSize: 15000},
	}
	m.Caption = caption
	m.CaptionEntities = findEntities(caption)
	return s.pushMessage(m, 0, "SendPhoto")
}

// pushMessage records a user's message and queues its update unless privacy mode
// withholds it.
func (s *Server) pushMessage(m models.Message, replyTo int, caller string) models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(m.Chat)
	if replyTo != 0 {
		target := cs.messages[replyTo]
		if target == nil {
			panic(fmt.Sprintf("telegramtest: %s: chat %d has no message %d", caller, m.Chat.ID, replyTo))
		}
		shallow := target.msg
		shallow.ReplyToMessage = nil
		m.ReplyToMessage = &shallow
	}
	cs, sm := s.addUserMessageLocked(m)
	if s.opts.GroupPrivacy && s.withheldLocked(cs, sm) {
		return sm.msg
	}
	raw := s.wireLocked(cs, sm, false)
	s.enqueueLocked(0, "message", func(id int64) any {
		return struct {
			UpdateID int64           `json:"update_id"`
			Message  json.RawMessage `json:"message"`
		}{id, raw}
	})
	return sm.msg
}

// withheldLocked tells whether privacy mode keeps a group message from the bot: only
// commands for it (or for any bot) and replies to its messages get through.
func (s *Server) withheldLocked(cs *chatState, sm *storedMessage) bool {
	if cs.chat.Type == models.ChatTypePrivate || cs.chat.Type == models.ChatTypeChannel {
		return false
	}
	if r := sm.msg.ReplyToMessage; r != nil {
		if t := cs.messages[r.ID]; t != nil && t.sent != nil {
			return false
		}
	}
	text, entities := sm.msg.Text, sm.msg.Entities
	if text == "" {
		text, entities = sm.msg.Caption, sm.msg.CaptionEntities
	}
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		command := utf16Slice(text, e.Offset, e.Length)
		_, target, addressed := strings.Cut(command, "@")
		if !addressed || strings.EqualFold(target, s.opts.Username) {
			return false
		}
	}
	return true
}

// InlineQuery pushes an inline query from a user and returns its id.
func (s *Server) InlineQuery(from models.User, query string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newQueryIDLocked()
	s.inlineQueries[id] = &inlineQueryState{}
	q := models.InlineQuery{ID: id, From: &from, Query: query}
	s.enqueueLocked(0, "inline_query", func(uid int64) any {
		return models.Update{ID: uid, InlineQuery: &q}
	})
	return id
}

// PressButton pushes a callback_query: user from pressed a button with callback data data
// on message messageID of chat chatID, which must be a message the bot sent (it panics
// otherwise: the test is wrong). The update carries the full message. It returns the
// query id.
func (s *Server) PressButton(from models.User, chatID int64, messageID int, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	var m *storedMessage
	if cs != nil {
		m = cs.messages[messageID]
	}
	if m == nil || m.sent == nil {
		panic(fmt.Sprintf("telegramtest: PressButton: chat %d has no message %d from the bot", chatID, messageID))
	}
	id := s.newQueryIDLocked()
	s.callbacks[id] = &callbackState{}
	raw := s.wireLocked(cs, m, false)
	query := struct {
		ID           string          `json:"id"`
		From         models.User     `json:"from"`
		Message      json.RawMessage `json:"message"`
		ChatInstance string          `json:"chat_instance"`
		Data         string          `json:"data"`
	}{id, from, raw, strconv.FormatInt(-7000000000000000000+chatID, 10), data}
	s.enqueueLocked(0, "callback_query", func(uid int64) any {
		return struct {
			UpdateID      int64 `json:"update_id"`
			CallbackQuery any   `json:"callback_query"`
		}{uid, query}
	})
	return id
}

// Push queues a raw update, setting update_id when it is 0. Chats and messages in it
// become known, and its inline and callback queries can be answered.
func (s *Server) Push(u models.Update) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, field := range []**models.Message{&u.Message, &u.EditedMessage, &u.ChannelPost, &u.EditedChannelPost} {
		if *field != nil {
			_, sm := s.addUserMessageLocked(**field) // gives a message without an id the next one
			m := sm.msg
			*field = &m // u is a copy: the caller's message is left alone
		}
	}
	if q := u.InlineQuery; q != nil {
		s.inlineQueries[q.ID] = &inlineQueryState{}
	}
	if q := u.CallbackQuery; q != nil {
		s.callbacks[q.ID] = &callbackState{}
		if q.Message.Message != nil {
			s.chatLocked(q.Message.Message.Chat)
		} else if q.Message.InaccessibleMessage != nil {
			s.chatLocked(q.Message.InaccessibleMessage.Chat)
		}
	}
	kind := updateKind(u)
	s.enqueueLocked(u.ID, kind, func(id int64) any {
		u.ID = id
		return &u
	})
}

// newQueryIDLocked returns a fresh inline or callback query id, numeric like Telegram's.
func (s *Server) newQueryIDLocked() string {
	s.nextQueryID++
	return strconv.FormatInt(s.nextQueryID, 10)
}

// updateKind names the update's type as allowed_updates does.
func updateKind(u models.Update) string {
	raw, err := json.Marshal(&u)
	if err != nil {
		return ""
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return ""
	}
	for k, v := range fields {
		if k != "update_id" && string(v) != "null" {
			return k
		}
	}
	return ""
}

// findEntities finds bot commands and mentions as TDLib's match_bot_commands and
// find_mentions do, with offsets in UTF-16 code units.
func findEntities(text string) []models.MessageEntity {
	var entities []models.MessageEntity
	for _, span := range matchBotCommands(text) {
		entities = append(entities, entityAt(text, span, models.MessageEntityTypeBotCommand))
	}
	for _, span := range matchMentions(text) {
		entities = append(entities, entityAt(text, span, models.MessageEntityTypeMention))
	}
	sortEntities(entities)
	return entities
}

type span struct{ begin, end int } // byte offsets

func entityAt(text string, sp span, typ models.MessageEntityType) models.MessageEntity {
	return models.MessageEntity{Type: typ, Offset: utf16Len(text[:sp.begin]), Length: utf16Len(text[sp.begin:sp.end])}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
}

func isUsernameByte(c byte) bool { return isAlnum(c) || c == '_' }

// runeBefore and runeAt return the rune ending before i / starting at i, 0 at the ends.
func runeBefore(s string, i int) rune {
	if i == 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// matchBotCommands: '/(?<!\b|[\/<>])\/([a-zA-Z0-9_]{1,64})(?:@([a-zA-Z0-9_]{3,32}))?(?!\B|[\/<>])/u'
func matchBotCommands(s string) []span {
	var spans []span
	for i := 0; i < len(s); i++ {
		if s[i] != '/' {
			continue
		}
		if p := runeBefore(s, i); i > 0 && (isWordRune(p) || p == '/' || p == '<' || p == '>') {
			continue
		}
		begin := i
		j := i + 1
		for j < len(s) && isUsernameByte(s[j]) {
			j++
		}
		if n := j - begin - 1; n < 1 || n > 64 {
			continue
		}
		end := j
		if j < len(s) && s[j] == '@' {
			k := j + 1
			for k < len(s) && isUsernameByte(s[k]) {
				k++
			}
			if n := k - j - 1; n < 3 || n > 32 {
				i = k - 1
				continue
			}
			end = k
		}
		if next := runeAt(s, end); isWordRune(next) || next == '/' || next == '<' || next == '>' {
			i = end - 1
			continue
		}
		spans = append(spans, span{begin, end})
		i = end - 1
	}
	return spans
}

// matchMentions: '/(?<=\B)@([a-zA-Z0-9_]{2,32})(?=\b)/u', then find_mentions keeps
// usernames of at least 4 characters.
func matchMentions(s string) []span {
	var spans []span
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		if i > 0 && isWordRune(runeBefore(s, i)) {
			continue
		}
		j := i + 1
		for j < len(s) && isUsernameByte(s[j]) {
			j++
		}
		n := j - i - 1
		if n < 2 || n > 32 || isWordRune(runeAt(s, j)) {
			continue
		}
		if n >= 4 {
			spans = append(spans, span{i, j})
		}
		i = j - 1
	}
	return spans
}

// utf16Slice returns the part of s at UTF-16 offset off with UTF-16 length n.
func utf16Slice(s string, off, n int) string {
	pos, begin, end := 0, -1, len(s)
	for i, r := range s {
		if pos == off && begin < 0 {
			begin = i
		}
		if pos == off+n {
			end = i
			break
		}
		pos += utf16Units(uint32(r))
	}
	if begin < 0 {
		return ""
	}
	return s[begin:end]
}
