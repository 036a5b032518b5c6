package telegramtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// maxCommands is the most commands a scope may have; beyond it the server answers
// BOT_COMMANDS_TOO_MUCH.
const maxCommands = 100

// Commands returns the bot's commands as set with setMyCommands. The key is the scope
// type ("default" when none) + "/" + language_code ("" when none), e.g.
// "all_private_chats/ar"; scopes that name a chat add it: "chat:-100123/".
func (s *Server) Commands() map[string][]models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]models.BotCommand, len(s.commands))
	for k, v := range s.commands {
		out[k] = append([]models.BotCommand(nil), v...)
	}
	return out
}

// commandsKeyLocked reads scope and language_code as Client::get_bot_command_scope and
// TDLib's validate_bot_language_code do and returns the key they are stored under.
// s.mu must be held.
func (s *Server) commandsKeyLocked(r *request) (string, *apiError) {
	key := "default"
	if param := r.params["scope"]; param != "" {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal([]byte(param), &fields); err != nil {
			var value any
			if json.Unmarshal([]byte(param), &value) != nil {
				return "", badRequest("can't parse BotCommandScope JSON object")
			}
			return "", badRequest("can't parse BotCommandScope: BotCommandScope must be an Object")
		}
		field := func(name string) (string, bool) {
			v, ok := fields[name]
			if !ok {
				return "", false
			}
			var s string
			if json.Unmarshal(v, &s) == nil {
				return s, true
			}
			var n json.Number
			if json.Unmarshal(v, &n) == nil {
				return n.String(), true
			}
			return "", false
		}
		typ, ok := field("type")
		if !ok {
			return "", badRequest(`can't parse BotCommandScope: Can't find field "type"`)
		}
		switch typ {
		case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
			key = typ
		case "chat", "chat_administrators", "chat_member":
			chatID, ok := field("chat_id")
			if !ok {
				return "", badRequest(`can't parse BotCommandScope: Can't find field "chat_id"`)
			}
			if chatID == "" {
				return "", badRequest("can't parse BotCommandScope: Empty chat_id specified")
			}
			key = typ + ":" + chatID
			if typ == "chat_member" {
				userID, ok := field("user_id")
				if !ok {
					return "", badRequest(`can't parse BotCommandScope: Can't find field "user_id"`)
				}
				if toInt(userID) <= 0 {
					return "", badRequest("can't parse BotCommandScope: Invalid user_id specified")
				}
				key += ":" + userID
			}
			if _, err := s.knownChatLocked(chatID); err != nil {
				return "", err
			}
		default:
			return "", badRequest("can't parse BotCommandScope: Unsupported type specified")
		}
	}
	lang := r.params["language_code"]
	if lang != "" && (len(lang) != 2 || lang[0] < 'a' || lang[0] > 'z' || lang[1] < 'a' || lang[1] > 'z') {
		return "", badRequest("invalid language code specified")
	}
	return key + "/" + lang, nil
}

func (s *Server) setMyCommands(r *request) (any, *apiError) {
	commands, err := parseCommands(r.params["commands"])
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandsKeyLocked(r)
	if err != nil {
		return nil, err
	}
	// What TDLib's set_commands checks, then Telegram's servers.
	for i, c := range commands {
		c.Command = strings.TrimPrefix(strings.TrimSpace(c.Command), "/")
		c.Description = strings.TrimSpace(c.Description)
		switch {
		case c.Command == "":
			return nil, badRequest("command must be non-empty")
		case utf8.RuneCountInString(c.Command) > 32:
			return nil, badRequest("command length must not exceed 32")
		case c.Description == "":
			return nil, badRequest("command description must be non-empty")
		case utf8.RuneCountInString(c.Description) > 256:
			return nil, badRequest("command description length must not exceed 256")
		}
		commands[i] = c
	}
	if len(commands) > maxCommands {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range commands {
		for _, b := range []byte(c.Command) {
			if !('a' <= b && b <= 'z' || isDigit(b) || b == '_') {
				return nil, badRequest("BOT_COMMAND_INVALID")
			}
		}
	}
	if len(commands) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = commands
	}
	s.broadcastLocked()
	return true, nil
}

// parseCommands parses the commands parameter as Client::get_bot_commands does.
func parseCommands(param string) ([]models.BotCommand, *apiError) {
	if param == "" {
		return nil, nil
	}
	var value any
	if json.Unmarshal([]byte(param), &value) != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	items, ok := value.([]any)
	if !ok {
		return nil, badRequest("expected an Array of BotCommand")
	}
	commands := make([]models.BotCommand, 0, len(items))
	for _, item := range items {
		object, ok := item.(map[string]any)
		if !ok {
			return nil, badRequest("can't parse BotCommand: expected an Object")
		}
		var c models.BotCommand
		for _, f := range []struct {
			name string
			dst  *string
		}{{"command", &c.Command}, {"description", &c.Description}} {
			name, dst := f.name, f.dst
			v, ok := object[name]
			if !ok {
				return nil, badRequest(fmt.Sprintf("can't parse BotCommand: Can't find field %q", name))
			}
			s, ok := v.(string)
			if !ok {
				return nil, badRequest(fmt.Sprintf("can't parse BotCommand: Field %q must be of type String", name))
			}
			*dst = s
		}
		commands = append(commands, c)
	}
	return commands, nil
}

func (s *Server) getMyCommands(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandsKeyLocked(r)
	if err != nil {
		return nil, err
	}
	commands := s.commands[key]
	if commands == nil {
		commands = []models.BotCommand{}
	}
	return commands, nil
}

func (s *Server) deleteMyCommands(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandsKeyLocked(r)
	if err != nil {
		return nil, err
	}
	delete(s.commands, key)
	s.broadcastLocked()
	return true, nil
}
