package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/go-telegram/bot/models"
)

// maxButtons is the most buttons an inline keyboard may have here; beyond it the server
// answers REPLY_MARKUP_TOO_LONG, which the Bot API words "reply markup is too long".
const maxButtons = 100

// markup is a checked reply_markup.
type markup struct {
	raw       json.RawMessage // as sent, echoed in messages (inline keyboards only)
	canonical string          // for comparing two markups
	inline    *models.InlineKeyboardMarkup
	buttons   []map[string]json.RawMessage
}

// actionFields are the fields that give an inline button its action, in the order the
// Bot API tries them (Client::get_inline_keyboard_button_type).
var actionFields = []string{
	"url", "callback_data", "callback_game", "pay", "switch_inline_query",
	"switch_inline_query_chosen_chat", "switch_inline_query_current_chat", "login_url", "web_app", "copy_text",
}

// hasAction tells whether the button uses field as its action: url and callback_data
// count only when non-empty, the others when present.
func hasAction(button map[string]json.RawMessage, field string) bool {
	raw, ok := button[field]
	if !ok {
		return false
	}
	if field == "url" || field == "callback_data" {
		var s string
		return json.Unmarshal(raw, &s) == nil && s != ""
	}
	return true
}

// parseMarkup checks a reply_markup parameter the way the Bot API parses it
// (Client::get_reply_markup); serverCheck then applies what Telegram's servers check.
// inlineOnly is for places that accept only an inline keyboard.
func parseMarkup(param string, present bool, inlineOnly bool) (*markup, *apiError) {
	if !present || param == "" {
		return nil, nil
	}
	var value any
	if err := json.Unmarshal([]byte(param), &value); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	return markupFromValue(json.RawMessage(param), value, inlineOnly)
}

func markupFromValue(raw json.RawMessage, value any, inlineOnly bool) (*markup, *apiError) {
	object, ok := value.(map[string]any)
	if !ok {
		return nil, badRequest("object expected as reply markup")
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(raw, &fields) // an object, so it unmarshals
	rowsRaw, ok := fields["inline_keyboard"]
	if !ok {
		if inlineOnly {
			return nil, badRequest("inline keyboard expected")
		}
		return nil, nil // a reply keyboard or its removal: not echoed in messages
	}
	var rows []json.RawMessage
	if json.Unmarshal(rowsRaw, &rows) != nil {
		return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`)
	}
	m := &markup{raw: bytes.TrimSpace(raw)}
	for _, rowRaw := range rows {
		var row []json.RawMessage
		if json.Unmarshal(rowRaw, &row) != nil {
			return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`)
		}
		for _, buttonRaw := range row {
			var button map[string]json.RawMessage
			if json.Unmarshal(buttonRaw, &button) != nil || button == nil {
				return nil, badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
			}
			text, ok := button["text"]
			if !ok {
				return nil, badRequest(`can't parse inline keyboard button: Can't find field "text"`)
			}
			var s string
			if json.Unmarshal(text, &s) != nil {
				return nil, badRequest(`can't parse inline keyboard button: Field "text" must be of type String`)
			}
			found := false
			for _, f := range actionFields {
				found = found || hasAction(button, f)
			}
			if !found {
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			m.buttons = append(m.buttons, button)
		}
	}
	canonical, _ := json.Marshal(object["inline_keyboard"]) // maps marshal with sorted keys
	m.canonical = string(canonical)
	m.inline = &models.InlineKeyboardMarkup{}
	if err := json.Unmarshal(raw, m.inline); err != nil {
		return nil, badRequest("can't parse inline keyboard button: " + err.Error())
	}
	return m, nil
}

// serverCheck applies the checks that happen past the Bot API, on Telegram's servers, and
// the ones telegramtest adds to catch buttons Telegram would silently change.
func (m *markup) serverCheck() *apiError {
	if m == nil {
		return nil
	}
	if len(m.buttons) > maxButtons {
		return badRequest("reply markup is too long")
	}
	for _, button := range m.buttons {
		var data string
		if raw, ok := button["callback_data"]; ok && json.Unmarshal(raw, &data) == nil && len(data) > 64 {
			return badRequest("BUTTON_DATA_INVALID")
		}
		if raw, ok := button["copy_text"]; ok {
			var copyText struct {
				Text *string `json:"text"`
			}
			if json.Unmarshal(raw, &copyText) != nil || copyText.Text == nil || *copyText.Text == "" {
				return badRequest("BUTTON_COPY_TEXT_INVALID")
			}
		}
		var actions []string
		for _, f := range actionFields {
			if hasAction(button, f) {
				actions = append(actions, f)
			}
		}
		if len(actions) > 1 {
			return badRequest(fmt.Sprintf("can't parse inline keyboard button: the button has %d actions %v, it must have exactly one (telegramtest is stricter than Telegram here, which silently uses %s)", len(actions), actions, actions[0]))
		}
		var text string
		_ = json.Unmarshal(button["text"], &text) // checked by markupFromValue
		if text == "" {
			return badRequest("inline keyboard button text must be non-empty (telegramtest is stricter than Telegram here, which silently drops the button)")
		}
	}
	return nil
}

// sameMarkup tells whether two markups are the same for "message is not modified".
func sameMarkup(a, b *markup) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.canonical == b.canonical
}
