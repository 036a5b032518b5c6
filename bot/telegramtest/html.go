package telegramtest

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// This file ports TDLib's parse_html (td/telegram/MessageEntity.cpp), which is what the
// Bot API runs for parse_mode=HTML, with its error texts. Byte offsets in errors are
// offsets into the text as sent. Two rules are stricter than Telegram and say so in
// their error text: a bare "&" and a blockquote inside a blockquote.

// at returns s[i], or 0 past the end, the way the C++ code reads its NUL-terminated buffer.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// isSpace is td::is_space: NUL counts as space, form feed does not.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0 || c == '\v'
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }

func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexValue(c byte) uint32 {
	switch {
	case isDigit(c):
		return uint32(c - '0')
	case 'a' <= c && c <= 'f':
		return uint32(c-'a') + 10
	default:
		return uint32(c-'A') + 10
	}
}

// asciiLower lowercases ASCII letters only, like td::to_lower.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// decodeHTMLEntity decodes the entity starting with '&' at pos. It returns 0 when there is
// none: Telegram knows only &lt; &gt; &amp; &quot; and numeric references, and the ';' is
// optional.
func decodeHTMLEntity(s string, pos int) (code uint32, next int) {
	end := pos + 1
	var res uint32
	if at(s, pos+1) == '#' {
		end++
		if at(s, pos+2) == 'x' {
			end++
			for isHexDigit(at(s, end)) {
				res = res*16 + hexValue(at(s, end))
				end++
			}
		} else {
			for isDigit(at(s, end)) {
				res = res*10 + uint32(at(s, end)-'0')
				end++
			}
		}
		if res == 0 || res >= 0x10ffff || end-pos >= 10 {
			return 0, pos
		}
	} else {
		for isAlpha(at(s, end)) {
			end++
		}
		switch s[pos+1 : end] {
		case "lt":
			res = '<'
		case "gt":
			res = '>'
		case "amp":
			res = '&'
		case "quot":
			res = '"'
		default:
			return 0, pos
		}
	}
	if at(s, end) == ';' {
		return res, end + 1
	}
	return res, end
}

func utf16Units(code uint32) int {
	if code > 0xffff {
		return 2
	}
	return 1
}

// appendCode appends a decoded code point; surrogates are reported by the caller.
func appendCode(b []byte, code uint32) []byte {
	return utf8.AppendRune(b, rune(code))
}

var supportedTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "s": true, "strike": true,
	"del": true, "u": true, "ins": true, "tg-spoiler": true, "tg-emoji": true, "tg-time": true,
	"span": true, "pre": true, "code": true, "blockquote": true,
}

type openTag struct {
	name     string
	argument string
	date     int64
	offset   int // UTF-16 offset in the result where the entity begins
	begin    int // byte offset in the result
}

// parseHTML parses text the way Telegram parses parse_mode=HTML and returns the text users
// see and its entities (offsets in UTF-16 code units). The error is the part of the
// description after "can't parse entities: ".
func parseHTML(s string) (string, []models.MessageEntity, error) {
	var out []byte
	var entities []models.MessageEntity
	var open []openTag
	utf16Offset := 0
	surrogate := false

	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '&' {
			code, next := decodeHTMLEntity(s, i)
			if code == 0 {
				return "", nil, fmt.Errorf(`unescaped "&" at byte offset %d: write &amp; (telegramtest is stricter than Telegram here, which shows a bare "&" as it is)`, i)
			}
			utf16Offset += utf16Units(code)
			if code >= 0xd800 && code <= 0xdfff {
				surrogate = true
			}
			out = appendCode(out, code)
			i = next - 1
			continue
		}
		if c != '<' {
			if c&0xc0 != 0x80 {
				utf16Offset++
				if c >= 0xf0 {
					utf16Offset++
				}
			}
			out = append(out, c)
			continue
		}

		begin := i
		i++
		if at(s, i) != '/' {
			// A start tag.
			for !isSpace(at(s, i)) && at(s, i) != '>' {
				i++
			}
			if at(s, i) == 0 {
				return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			name := asciiLower(s[begin+1 : i])
			if !supportedTags[name] {
				return "", nil, fmt.Errorf("Unsupported start tag %q at byte offset %d", name, begin)
			}

			var argument string
			var date int64
			for at(s, i) != '>' {
				for at(s, i) != 0 && isSpace(at(s, i)) {
					i++
				}
				if at(s, i) == '>' {
					break
				}
				attrBegin := i
				for !isSpace(at(s, i)) && at(s, i) != '=' && at(s, i) != '>' && at(s, i) != '/' &&
					at(s, i) != '"' && at(s, i) != '\'' {
					i++
				}
				attr := s[attrBegin:i]
				if attr == "" {
					return "", nil, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", name, begin)
				}
				for at(s, i) != 0 && isSpace(at(s, i)) {
					i++
				}
				if at(s, i) != '=' {
					if at(s, i) == 0 {
						return "", nil, fmt.Errorf("Unclosed start tag %q at byte offset %d", name, begin)
					}
					if name == "blockquote" && attr == "expandable" {
						argument = "1"
					}
					continue
				}
				i++
				for at(s, i) != 0 && isSpace(at(s, i)) {
					i++
				}
				if at(s, i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag %q at byte offset %d", name, begin)
				}

				var value string
				if at(s, i) != '\'' && at(s, i) != '"' {
					// A name token: letters, digits, periods or hyphens, not case sensitive.
					tokenBegin := i
					for isAlnum(at(s, i)) || at(s, i) == '.' || at(s, i) == '-' {
						i++
					}
					value = asciiLower(s[tokenBegin:i])
					if !isSpace(at(s, i)) && at(s, i) != '>' {
						return "", nil, fmt.Errorf("Unexpected end of name token at byte offset %d", tokenBegin)
					}
				} else {
					quote := at(s, i)
					i++
					var v []byte
					for at(s, i) != quote && at(s, i) != 0 {
						if at(s, i) == '&' {
							if code, next := decodeHTMLEntity(s, i); code != 0 {
								v = appendCode(v, code)
								i = next
								continue
							}
						}
						v = append(v, s[i])
						i++
					}
					if at(s, i) == quote {
						i++
					}
					value = string(v)
				}
				if at(s, i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
				}

				switch {
				case name == "a" && attr == "href":
					argument = value
				case name == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
					argument = value[len("language-"):]
				case name == "span" && attr == "class" && strings.HasPrefix(value, "tg-"):
					argument = value[len("tg-"):]
				case name == "tg-emoji" && attr == "emoji-id":
					argument = value
				case name == "blockquote" && attr == "expandable":
					argument = "1"
				case name == "tg-time" && attr == "unix":
					date, _ = strconv.ParseInt(value, 10, 32)
				case name == "tg-time" && attr == "format":
					argument = value
				}
			}

			if name == "span" && argument != "spoiler" {
				return "", nil, fmt.Errorf(`Tag "span" must have class "tg-spoiler" at byte offset %d`, begin)
			}
			if name == "blockquote" {
				for _, t := range open {
					if t.name == "blockquote" {
						return "", nil, fmt.Errorf("blockquote inside a blockquote at byte offset %d (telegramtest is stricter than Telegram here, which silently drops the inner quote)", begin)
					}
				}
			}
			open = append(open, openTag{name: name, argument: argument, date: date, offset: utf16Offset, begin: len(out)})
			continue
		}

		// An end tag.
		if len(open) == 0 {
			return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
		}
		for !isSpace(at(s, i)) && at(s, i) != '>' {
			i++
		}
		endName := asciiLower(s[begin+2 : i])
		for isSpace(at(s, i)) && at(s, i) != 0 {
			i++
		}
		if at(s, i) != '>' {
			return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
		}
		top := open[len(open)-1]
		if endName != "" && endName != top.name {
			return "", nil, fmt.Errorf(`Unmatched end tag at byte offset %d, expected "</%s>", found "</%s>"`, begin, top.name, endName)
		}
		if utf16Offset > top.offset {
			e, err := closeEntity(top, utf16Offset, out, entities)
			if err != nil {
				return "", nil, err
			}
			entities = e
		}
		open = open[:len(open)-1]
	}
	if len(open) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", open[len(open)-1].name)
	}
	for i := range entities {
		if entities[i].Type == models.MessageEntityTypeCode {
			entities[i].Language = ""
		}
	}
	if surrogate {
		return "", nil, fmt.Errorf("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units")
	}
	sortEntities(entities)
	return string(out), entities, nil
}

// closeEntity appends the entity of the tag t that ends at utf16End.
func closeEntity(t openTag, utf16End int, out []byte, entities []models.MessageEntity) ([]models.MessageEntity, error) {
	e := models.MessageEntity{Offset: t.offset, Length: utf16End - t.offset}
	switch t.name {
	case "i", "em":
		e.Type = models.MessageEntityTypeItalic
	case "b", "strong":
		e.Type = models.MessageEntityTypeBold
	case "s", "strike", "del":
		e.Type = models.MessageEntityTypeStrikethrough
	case "u", "ins":
		e.Type = models.MessageEntityTypeUnderline
	case "tg-spoiler", "span":
		e.Type = models.MessageEntityTypeSpoiler
	case "tg-emoji":
		id, err := strconv.ParseInt(t.argument, 10, 64)
		if err != nil || id == 0 {
			return nil, fmt.Errorf("Invalid custom emoji identifier specified")
		}
		e.Type = models.MessageEntityTypeCustomEmoji
		e.CustomEmojiID = t.argument
	case "tg-time":
		if _, err := dateFlags(t.argument); err != nil {
			return nil, err
		}
		if t.date <= 0 {
			return entities, nil
		}
		e.Type = "date_time"
	case "a":
		link := t.argument
		if link == "" {
			link = string(out[t.begin:])
		}
		if id, ok := linkUserID(link); ok {
			e.Type = models.MessageEntityTypeTextMention
			e.User = &models.User{ID: id}
		} else if checked := checkedLink(link); checked != "" {
			e.Type = models.MessageEntityTypeTextLink
			e.URL = checked
		} else {
			return entities, nil // Telegram drops a link it can't use and keeps the text
		}
	case "pre":
		if n := len(entities); n > 0 && entities[n-1].Type == models.MessageEntityTypeCode &&
			entities[n-1].Offset == e.Offset && entities[n-1].Length == e.Length && entities[n-1].Language != "" {
			entities[n-1].Type = models.MessageEntityTypePre
			return entities, nil
		}
		e.Type = models.MessageEntityTypePre
	case "code":
		if n := len(entities); n > 0 && entities[n-1].Type == models.MessageEntityTypePre &&
			entities[n-1].Offset == e.Offset && entities[n-1].Length == e.Length && t.argument != "" {
			entities[n-1].Language = t.argument
			return entities, nil
		}
		e.Type = models.MessageEntityTypeCode
		e.Language = t.argument // cleared once parsing ends, as TDLib does
	case "blockquote":
		e.Type = models.MessageEntityTypeBlockquote
		if t.argument != "" {
			e.Type = models.MessageEntityTypeExpandableBlockquote
		}
	}
	return append(entities, e), nil
}

// dateFlags checks a tg-time format the way FormattedDate::get_date_flags does.
func dateFlags(format string) (int, error) {
	if format == "r" || format == "R" {
		return 1, nil
	}
	for _, c := range format {
		if !strings.ContainsRune("tTdDwW", c) {
			return 0, fmt.Errorf("Invalid date format used")
		}
	}
	return 0, nil
}

// linkUserID recognises tg://user?id=N links, which become text mentions.
func linkUserID(link string) (int64, bool) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || !strings.EqualFold(u.Scheme, "tg") || !strings.EqualFold(u.Host, "user") {
		return 0, false
	}
	id, err := strconv.ParseInt(u.Query().Get("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// checkedLink approximates LinkManager::get_checked_link: http(s), tg and ton links, a
// missing scheme meaning http. It returns "" for a link Telegram would not keep.
func checkedLink(link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	if !strings.Contains(link, "://") && !strings.HasPrefix(strings.ToLower(link), "tg:") {
		link = "http://" + link
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "tg", "ton", "tonsite":
	default:
		return ""
	}
	return link
}

// sortEntities orders entities by offset, longer first, as TDLib's sort_entities does
// (it also orders equal spans by type priority, which nothing here depends on).
func sortEntities(entities []models.MessageEntity) {
	sort.SliceStable(entities, func(i, j int) bool {
		if entities[i].Offset != entities[j].Offset {
			return entities[i].Offset < entities[j].Offset
		}
		return entities[i].Length > entities[j].Length
	})
}

// utf16Len counts UTF-16 code units, the unit of Telegram's offsets and length limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// isRemovedRune reports the characters clean_input_string deletes: U+2028–U+202E and the
// combining vertical lines U+030A, U+0333, U+033F.
func isRemovedRune(r rune) bool {
	return r >= 0x2028 && r <= 0x202e || r == 0x030a || r == 0x0333 || r == 0x033f
}

// cleanText does what fix_formatted_text does to a text before sending it: control
// characters become spaces, '\r' and a few invisible characters are removed, then spaces
// and newlines are trimmed from the end, and from the start up to the first entity.
// Entities are moved along. It reports false when nothing visible is left, which Telegram
// answers with "text must be non-empty".
func cleanText(text string, entities []models.MessageEntity) (string, []models.MessageEntity, bool) {
	var b strings.Builder
	b.Grow(len(text))
	newAt := make([]int, 0, len(text)+1) // UTF-16 offset in the old text -> in the new one
	n := 0
	for _, r := range text {
		units := utf16.RuneLen(r)
		for k := 0; k < units; k++ {
			newAt = append(newAt, n)
		}
		switch {
		case r == '\r' || isRemovedRune(r):
		case r <= ' ' && r != '\n':
			b.WriteByte(' ')
			n++
		default:
			b.WriteRune(r)
			n += units
		}
	}
	newAt = append(newAt, n)
	text = b.String()

	var moved []models.MessageEntity
	for _, e := range entities {
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length >= len(newAt) {
			continue
		}
		start, end := newAt[e.Offset], newAt[e.Offset+e.Length]
		if end > start {
			e.Offset, e.Length = start, end-start
			moved = append(moved, e)
		}
	}
	entities = moved

	// rtrim
	end := len(text)
	for end > 0 && (text[end-1] == ' ' || text[end-1] == '\n') {
		end--
	}
	if end == 0 {
		return "", nil, false
	}
	text = text[:end]
	limit := utf16Len(text)
	moved = entities[:0]
	for _, e := range entities {
		if e.Offset >= limit {
			continue
		}
		if e.Offset+e.Length > limit {
			e.Length = limit - e.Offset
		}
		moved = append(moved, e)
	}
	entities = moved

	// ltrim, only up to the first entity
	first := len(text)
	if len(entities) > 0 {
		first = entities[0].Offset
	}
	start := 0
	for start < first && start < len(text) && (text[start] == ' ' || text[start] == '\n') {
		start++
	}
	if start > 0 {
		text = text[start:]
		for i := range entities {
			entities[i].Offset -= start
		}
	}
	sortEntities(entities)
	return text, entities, !isEmptyString(text)
}

// isEmptyString is TDLib's is_empty_string: true when the text holds only spaces, newlines
// and characters that show nothing (Unicode spaces, zero-width characters, direction marks,
// the byte order mark, no-break space, Braille blank, tag characters).
func isEmptyString(s string) bool {
	for _, r := range s {
		switch {
		case r == ' ' || r == '\n' || r == '\t' || r == '\v' || r == 0:
		case r == 0x1680 || r == 0x180e || r >= 0x2000 && r <= 0x200f || r == 0x202e || r == 0x202f ||
			r == 0x205f || r == 0x2800 || r == 0x3000 || r == 0xfffc || r == 0xfeff || r == 0x00a0:
		case r >= 0xe0000 && r <= 0xe007f:
		default:
			return false
		}
	}
	return true
}
