// Package bot is maqal's conversation: the command router that turns a
// reader's message into a reply, shared by the Telegram bot and by the
// terminal chat, and the Telegram front end itself.
package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/maqal/maqal/retrieval"
)

// Message is what a reader sent, as the router needs it.
type Message struct {
	// ChatID identifies the conversation, for its /lang setting.
	ChatID int64
	// Text is the message: a command such as "/who Tokayev" or a question.
	Text string
	// ClientLang is the language of the reader's app (Telegram's
	// language_code, such as "ar" or "en-GB"), or "".
	ClientLang string
}

// Router answers messages with the engine. It keeps each chat's /lang
// choice in memory and is safe for concurrent use.
type Router struct {
	eng *retrieval.Engine

	mu    sync.Mutex
	langs map[int64]string
}

// NewRouter returns a router over eng.
func NewRouter(eng *retrieval.Engine) *Router {
	return &Router{eng: eng, langs: map[int64]string{}}
}

// Commands lists the commands the router understands, with what each
// does in English and in Arabic, for menus (Telegram's setMyCommands).
var Commands = []struct{ Name, EN, AR string }{
	{"ask", "Answer a question about the article", "الإجابة عن سؤال حول المقال"},
	{"who", "People, organisations and places", "الأشخاص والمؤسسات والأماكن"},
	{"timeline", "The events in order", "الأحداث بالترتيب"},
	{"quote", "A paragraph in full: /quote N", "فقرة كاملة: /quote رقم"},
	{"about", "The article and its author", "المقال وكاتبه"},
	{"lang", "Reply language: /lang ar or /lang en", "لغة الردود: /lang ar أو /lang en"},
	{"help", "What I can do", "ما أستطيع فعله"},
}

// maxArg is the longest argument or question read, in characters, as
// the engine's own limit.
const maxArg = retrieval.MaxQuestionRunes

// Handle answers one message.
func (r *Router) Handle(ctx context.Context, m Message) Reply {
	if !utf8.ValidString(m.Text) {
		lang := r.lang(m, "")
		return say(lang, msgUnreadable.in(lang))
	}
	name, arg, isCommand := parseCommand(m.Text)
	if !isCommand {
		return r.ask(ctx, m, strings.TrimSpace(m.Text))
	}
	switch name {
	case "start":
		return r.start(m, arg)
	case "help":
		return r.help(r.lang(m, ""))
	case "ask":
		return r.ask(ctx, m, arg)
	case "who":
		return r.who(m, arg)
	case "timeline":
		return r.timeline(m, arg)
	case "quote", "p":
		return r.quote(r.lang(m, ""), arg)
	case "about":
		return r.about(r.lang(m, arg))
	case "lang":
		return r.setLang(m, arg)
	}
	lang := r.lang(m, "")
	return say(lang, msgUnknownCommand.in(lang, name))
}

// parseCommand splits "/name@bot arg" into the command's name, in lower
// case and without the bot's name, and its argument. Text that is not a
// command (no slash, or a slash before something other than Latin
// letters, digits and _) is not one.
func parseCommand(text string) (name, arg string, ok bool) {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	rest, ok := strings.CutPrefix(text, "/")
	if !ok {
		return "", "", false
	}
	end := strings.IndexFunc(rest, unicode.IsSpace)
	if end < 0 {
		end = len(rest)
	}
	name, _, _ = strings.Cut(rest[:end], "@")
	if name == "" || len(name) > 32 || strings.IndexFunc(name, func(c rune) bool {
		return !(c == '_' || c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c)))
	}) >= 0 {
		return "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(rest[end:]), true
}

// lang picks the language of a reply: that of the reader's own words in
// text when there are any, else the chat's /lang, else the reader's app
// language, else English.
func (r *Router) lang(m Message, text string) string {
	if strings.ContainsFunc(text, unicode.IsLetter) && utf8.ValidString(text) {
		return retrieval.DetectLang(text)
	}
	r.mu.Lock()
	l := r.langs[m.ChatID]
	r.mu.Unlock()
	if l != "" {
		return l
	}
	if cl := strings.ToLower(m.ClientLang); cl == "ar" || strings.HasPrefix(cl, "ar-") || strings.HasPrefix(cl, "ar_") {
		return "ar"
	}
	return "en"
}

// say is a reply of plain sentences, one block each.
func say(lang string, lines ...string) Reply {
	rep := Reply{Lang: lang}
	for _, l := range lines {
		rep.Blocks = append(rep.Blocks, textBlock(plain(l)))
	}
	return rep
}

func (r *Router) setLang(m Message, arg string) Reply {
	var l string
	switch strings.ToLower(retrieval.Normalize(strings.TrimSpace(arg))) {
	case "ar", "arabic", "عربي", "عربيه", "العربيه":
		l = "ar"
	case "en", "english", "انجليزي", "انجليزيه", "الانجليزيه", "الانكليزيه":
		l = "en"
	default:
		lang := r.lang(m, "")
		return say(lang, msgLangUsage.in(lang, languageNames[lang].in(lang)))
	}
	r.mu.Lock()
	if _, ok := r.langs[m.ChatID]; !ok && len(r.langs) >= maxRemembered {
		for k := range r.langs { // forget one choice to keep memory bounded
			delete(r.langs, k)
			break
		}
	}
	r.langs[m.ChatID] = l
	r.mu.Unlock()
	return say(l, msgLangSet.in(l))
}

func (r *Router) start(m Message, arg string) Reply {
	// A deep link (t.me/bot?start=p5) opens a paragraph.
	if n, ok := strings.CutPrefix(arg, "p"); ok && n != "" {
		return r.quote(r.lang(m, ""), n)
	}
	lang := r.lang(m, "")
	meta := r.eng.Article().Meta
	title, author := cmpOr(meta.Title, "—"), cmpOr(meta.Author, "—")
	rep := say(lang, msgGreeting.in(lang, title, author), msgGreetingHow.in(lang))
	rep.Examples = r.examples(lang)
	rep.Blocks = append(rep.Blocks, textBlock(plain("• "+strings.Join(rep.Examples, "\n• "))))
	rep.Blocks = append(rep.Blocks, textBlock(plain(msgHelpCommands.in(lang))))
	return rep
}

// genericExamples work for any article: the byline, the first and the
// last paragraph answer them.
var genericExamples = msg{
	en: "What is the article about?\nWho wrote it?\nWhat does it conclude?",
	ar: "ما موضوع المقال؟\nمن كتبه؟\nما الخلاصة؟",
}

// examples returns three questions to offer a reader.
func (r *Router) examples(lang string) []string {
	ex := r.eng.Article().Meta.Examples.EN
	if lang == "ar" {
		ex = r.eng.Article().Meta.Examples.AR
	}
	if len(ex) == 0 {
		ex = strings.Split(genericExamples.in(lang), "\n")
	}
	return ex[:min(3, len(ex))]
}

func (r *Router) help(lang string) Reply {
	return say(lang, msgHelp.in(lang), msgHelpCommands.in(lang))
}

func cmpOr(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// problem is the reply to a question the engine cannot search.
func problem(lang string, err error, example string) (Reply, bool) {
	switch {
	case errors.Is(err, retrieval.ErrEmptyQuestion):
		return say(lang, msgAskSomething.in(lang, example)), true
	case errors.Is(err, retrieval.ErrTooLong):
		return say(lang, msgTooLong.in(lang, maxArg)), true
	case errors.Is(err, retrieval.ErrInvalidUTF8):
		return say(lang, msgUnreadable.in(lang)), true
	case errors.Is(err, retrieval.ErrNoWords):
		return say(lang, msgNoWords.in(lang)), true
	}
	return Reply{}, false
}
