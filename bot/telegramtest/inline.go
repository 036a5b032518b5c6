package telegramtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// InlineResult is one result of an answerInlineQuery.
type InlineResult struct {
	ID, Type, Title, Description string
	HTML, ParseMode, Text        string // input_message_content: message_text as sent, its parse_mode, the text users see
	Markup                       *models.InlineKeyboardMarkup
}

// InlineAnswer is the bot's accepted answer to an inline query.
type InlineAnswer struct {
	QueryID    string
	Results    []InlineResult
	CacheTime  int // as Telegram applies it: 300 when the bot sent none
	IsPersonal bool
}

// CallbackAnswer is the bot's accepted answer to a callback query.
type CallbackAnswer struct {
	QueryID, Text string
	ShowAlert     bool
}

type inlineQueryState struct {
	answer *InlineAnswer
}

type callbackState struct {
	answer *CallbackAnswer
}

// errQueryInvalid is QUERY_ID_INVALID as the Bot API words it.
func errQueryInvalid() *apiError {
	return badRequest("query is too old and response timeout expired or query ID is invalid")
}

// WaitInlineAnswer waits for the bot's accepted answer to inline query queryID. On
// timeout it fails the test, listing the calls seen.
func (s *Server) WaitInlineAnswer(tb testing.TB, queryID string, timeout time.Duration) InlineAnswer {
	tb.Helper()
	var answer *InlineAnswer
	if !s.waitFor(timeout, func() bool {
		if q := s.inlineQueries[queryID]; q != nil {
			answer = q.answer
		}
		return answer != nil
	}) {
		tb.Fatalf("telegramtest: waited %v for an answer to inline query %s; calls seen:\n%s", timeout, queryID, s.describeCalls())
	}
	return *answer
}

// WaitCallbackAnswer waits for the bot's accepted answer to callback query queryID. On
// timeout it fails the test, listing the calls seen.
func (s *Server) WaitCallbackAnswer(tb testing.TB, queryID string, timeout time.Duration) CallbackAnswer {
	tb.Helper()
	var answer *CallbackAnswer
	if !s.waitFor(timeout, func() bool {
		if q := s.callbacks[queryID]; q != nil {
			answer = q.answer
		}
		return answer != nil
	}) {
		tb.Fatalf("telegramtest: waited %v for an answer to callback query %s; calls seen:\n%s", timeout, queryID, s.describeCalls())
	}
	return *answer
}

func (s *Server) answerCallbackQuery(r *request) (any, *apiError) {
	id := r.params["callback_query_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.callbacks[id]
	if q == nil || q.answer != nil {
		return nil, errQueryInvalid()
	}
	text := r.params["text"]
	if utf16Len(text) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	q.answer = &CallbackAnswer{QueryID: id, Text: text, ShowAlert: toBool(r.params["show_alert"])}
	s.broadcastLocked()
	return true, nil
}

// inlineResult is a result being checked, with what later checks need.
type inlineResult struct {
	InlineResult
	text   *messageText
	markup *markup
}

func (s *Server) answerInlineQuery(r *request) (any, *apiError) {
	id := r.params["inline_query_id"]
	cacheTime := int(intArg(r, "cache_time", 300, 0, 24*60*60))
	if err := checkResultsButton(r.params["button"]); err != nil {
		return nil, err
	}
	results, err := parseInlineResults(r.params["results"])
	if err != nil {
		return nil, err
	}
	// What TDLib checks.
	for _, res := range results {
		if res.text != nil {
			if _, _, ok := cleanText(res.text.text, res.text.entities); !ok {
				return nil, badRequest("text must be non-empty")
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.inlineQueries[id]
	if q == nil || q.answer != nil {
		return nil, errQueryInvalid()
	}
	// What Telegram's servers check.
	if len(r.params["next_offset"]) > 64 {
		return nil, badRequest("NEXT_OFFSET_INVALID")
	}
	seen := map[string]bool{}
	answer := &InlineAnswer{QueryID: id, CacheTime: cacheTime, IsPersonal: toBool(r.params["is_personal"])}
	for _, res := range results {
		if res.ID == "" || len(res.ID) > 64 {
			return nil, badRequest("RESULT_ID_INVALID")
		}
		if seen[res.ID] {
			return nil, badRequest("RESULT_ID_DUPLICATE")
		}
		seen[res.ID] = true
		if res.Type == "article" && strings.TrimSpace(res.Title) == "" {
			return nil, badRequest("ARTICLE_TITLE_EMPTY")
		}
		if res.text != nil {
			if err := res.text.finish("MESSAGE_TOO_LONG"); err != nil {
				return nil, err
			}
			res.Text = res.text.text
		}
		if err := res.markup.serverCheck(); err != nil {
			return nil, err
		}
		answer.Results = append(answer.Results, res.InlineResult)
	}
	q.answer = answer
	s.broadcastLocked()
	return true, nil
}

// parseInlineResults parses the results parameter as Client::get_inline_query_results
// does.
func parseInlineResults(param string) ([]*inlineResult, *apiError) {
	if param == "" {
		return nil, nil
	}
	var value any
	if err := json.Unmarshal([]byte(param), &value); err != nil {
		return nil, badRequest("can't parse JSON encoded inline query results: " + err.Error())
	}
	if value == nil {
		return nil, nil
	}
	if _, ok := value.([]any); !ok {
		return nil, badRequest("expected an Array of inline query results")
	}
	var raws []json.RawMessage
	_ = json.Unmarshal([]byte(param), &raws) // an array, so it unmarshals
	if len(raws) > 50 {
		return nil, badRequest("too many inline query results specified")
	}
	var results []*inlineResult
	for _, raw := range raws {
		res, msg := parseInlineResult(raw)
		if msg != "" {
			return nil, badRequest("can't parse inline query result: " + msg)
		}
		results = append(results, res)
	}
	return results, nil
}

// parseInlineResult parses one result as Client::get_inline_query_result does, for the
// article type in detail. The error is the message after "can't parse inline query
// result: ".
func parseInlineResult(raw json.RawMessage) (*inlineResult, string) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || fields == nil {
		return nil, "Inline query result must be an object"
	}
	str := func(name string, required bool) (string, string) {
		v, ok := fields[name]
		if !ok {
			if required {
				return "", fmt.Sprintf("Can't find field %q", name)
			}
			return "", ""
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			var n json.Number
			if json.Unmarshal(v, &n) == nil {
				return n.String(), ""
			}
			return "", fmt.Sprintf("Field %q must be of type String", name)
		}
		return s, ""
	}
	res := &inlineResult{}
	var msg string
	if res.Type, msg = str("type", true); msg != "" {
		return nil, msg
	}
	res.Type = strings.ToLower(res.Type)
	if res.ID, msg = str("id", true); msg != "" {
		return nil, msg
	}
	if res.Title, msg = str("title", res.Type == "article"); msg != "" {
		return nil, msg
	}
	res.Description, _ = str("description", false)

	content, legacy := fields, true
	if imc, ok := fields["input_message_content"]; ok && string(imc) != "null" {
		content, legacy = nil, false
		if json.Unmarshal(imc, &content) != nil || content == nil {
			return nil, `Field "input_message_content" must be of type Object`
		}
	} else if res.Type == "article" {
		if _, ok := fields["message_text"]; !ok {
			return nil, `Can't find field "message_text"`
		}
	}
	var text, parseMode string
	if v, ok := content["message_text"]; ok {
		_ = json.Unmarshal(v, &text)
	}
	if v, ok := content["parse_mode"]; ok {
		_ = json.Unmarshal(v, &parseMode)
	}
	if text != "" {
		var entities string
		if v, ok := content["entities"]; ok {
			entities = string(v)
		}
		plain, ents, msg := parseText(text, parseMode, entities)
		if msg != "" {
			return nil, msg
		}
		res.HTML, res.ParseMode, res.Text = text, parseMode, plain
		res.text = &messageText{html: text, parseMode: parseMode, text: plain, entities: ents}
	} else if res.Type == "article" && legacy {
		return nil, "Message text is empty"
	} else if res.Type == "article" && content["latitude"] == nil && content["phone_number"] == nil && content["payload"] == nil {
		return nil, "Input message content is not specified"
	}

	if v, ok := fields["reply_markup"]; ok && string(v) != "null" {
		var value any
		_ = json.Unmarshal(v, &value) // part of a parsed array
		mk, err := markupFromValue(v, value, false)
		if err != nil {
			return nil, tdlibMessage(err)
		}
		if mk == nil {
			return nil, "Inline keyboard expected"
		}
		res.markup, res.Markup = mk, mk.inline
	}
	return res, ""
}

// checkResultsButton checks answerInlineQuery's button as
// Client::get_inline_query_results_button and TDLib do.
func checkResultsButton(param string) *apiError {
	if param == "" {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(param), &fields); err != nil {
		var value any
		if json.Unmarshal([]byte(param), &value) != nil {
			return badRequest("can't parse inline query results button JSON object")
		}
		return badRequest("can't parse inline query results button: InlineQueryResultsButton must be an Object")
	}
	var text string
	if v, ok := fields["text"]; !ok || json.Unmarshal(v, &text) != nil {
		return badRequest(`can't parse inline query results button: Can't find field "text"`)
	}
	if v, ok := fields["start_parameter"]; ok {
		var start string
		if json.Unmarshal(v, &start) != nil {
			return badRequest(`can't parse inline query results button: Field "start_parameter" must be of type String`)
		}
		switch {
		case start == "":
			return badRequest("can't use empty start_parameter")
		case len(start) > 64:
			return badRequest("too long start_parameter specified")
		}
		for _, c := range []byte(start) {
			if !isAlnum(c) && c != '_' && c != '-' {
				return badRequest("unallowed characters in start_parameter are used")
			}
		}
		return nil
	}
	if v, ok := fields["web_app"]; ok {
		var webApp map[string]json.RawMessage
		if json.Unmarshal(v, &webApp) != nil || webApp == nil {
			return badRequest(`can't parse inline query results button: Field "web_app" must be of type Object`)
		}
		return nil
	}
	return badRequest("can't parse inline query results button: InlineQueryResultsButton must have exactly one optional field")
}
