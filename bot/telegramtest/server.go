package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Options configures a Server. The zero value gives a bot "maqal_test_bot" with the
// default token.
type Options struct {
	Token    string // default "123456:TEST-token_abc"
	Username string // the bot's username, default "maqal_test_bot"
	BotID    int64  // default 1000
	// MaxPoll caps how long an empty getUpdates waits (the client asks for up to 59 s); default 1 s.
	MaxPoll time.Duration
	// GroupPrivacy, when true, withholds group messages the way Telegram's privacy mode
	// (on by default for real bots) does: a group message reaches the bot only if it is a
	// command for it or a reply to one of its messages. Off, every pushed message is
	// delivered.
	GroupPrivacy bool
}

// Call is one request the bot made, as the server saw and answered it.
type Call struct {
	Method string
	Params map[string]string // form values as sent (JSON fields still as JSON text)
	Status int               // HTTP status answered
	Error  string            // description when not ok
	At     time.Time         // when the request arrived

	injected bool // answered by Fail or FailEvery, dropped by Drop or abandoned during a Delay
	excused  bool // a 409 caused by a webhook, or a request whose client had gone
}

// apiError is a Bot API error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	injected   bool
	excused    bool
}

func (e *apiError) Error() string { return e.desc }

func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

// request is a parsed call handed to a method handler.
type request struct {
	ctx    context.Context
	method string
	params map[string]string
}

// has reports whether the parameter was sent at all.
func (r *request) has(name string) bool {
	_, ok := r.params[name]
	return ok
}

// handler answers one Bot API method; the result is marshalled as "result".
type handler func(s *Server, r *request) (any, *apiError)

// handlers maps lower-case method names (the Bot API ignores case) to their handlers.
var handlers = map[string]handler{
	"getme":                  (*Server).getMe,
	"getupdates":             (*Server).getUpdates,
	"setwebhook":             (*Server).setWebhook,
	"deletewebhook":          (*Server).deleteWebhook,
	"getwebhookinfo":         (*Server).getWebhookInfo,
	"sendmessage":            (*Server).sendMessage,
	"editmessagetext":        (*Server).editMessageText,
	"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
	"answercallbackquery":    (*Server).answerCallbackQuery,
	"answerinlinequery":      (*Server).answerInlineQuery,
	"setmycommands":          (*Server).setMyCommands,
	"getmycommands":          (*Server).getMyCommands,
	"deletemycommands":       (*Server).deleteMyCommands,
	"sendchataction":         (*Server).sendChatAction,
}

// Server is a fake Telegram Bot API. All its methods are safe for concurrent use.
type Server struct {
	URL string // base URL, for TELEGRAM_API_URL / bot.WithServerURL

	opts    Options
	httpSrv *httptest.Server
	bot     models.User

	closeOnce sync.Once
	done      chan struct{} // closed by Close

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change, to wake waiters

	calls   []Call
	callsBy map[string][]int // indexes into calls by foldKey(method), for WaitCalls
	stats   callStats
	fails   map[string][]apiError
	faults  faultState

	chats   map[int64]*chatState
	allSent []*SentMessage // the bot's messages in every chat, in creation order

	nextUpdateID int64
	queue        []queuedUpdate // in the order queued
	queueMixed   bool           // some update_id in queue is not above the one before it
	confirmed    int64
	allowed      map[string]bool // nil: Telegram's default set
	poll         *longPoll       // the getUpdates request now waiting, if any
	lastOffset   int64
	lastPollAt   time.Time

	webhook    webhookState
	target     string
	deliveries []Delivery

	nextQueryID   int64
	inlineQueries map[string]*inlineQueryState
	callbacks     map[string]*callbackState

	commands map[string][]models.BotCommand
}

// NewServer starts a fake Bot API server; tb.Cleanup closes it.
func NewServer(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.Token == "" {
		opts.Token = "123456:TEST-token_abc"
	}
	if opts.Username == "" {
		opts.Username = "maqal_test_bot"
	}
	if opts.BotID == 0 {
		opts.BotID = 1000
	}
	if opts.MaxPoll <= 0 {
		opts.MaxPoll = time.Second
	}
	s := &Server{
		opts:          opts,
		bot:           models.User{ID: opts.BotID, IsBot: true, FirstName: "maqal", Username: opts.Username},
		done:          make(chan struct{}),
		changed:       make(chan struct{}),
		callsBy:       map[string][]int{},
		stats:         newCallStats(),
		fails:         map[string][]apiError{},
		faults:        newFaultState(),
		chats:         map[int64]*chatState{},
		nextUpdateID:  1,
		nextQueryID:   4382100000000000001,
		inlineQueries: map[string]*inlineQueryState{},
		callbacks:     map[string]*callbackState{},
		commands:      map[string][]models.BotCommand{},
	}
	s.httpSrv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.httpSrv.URL
	go s.deliverLoop()
	tb.Cleanup(s.Close)
	return s
}

// Token returns the bot token the server accepts.
func (s *Server) Token() string { return s.opts.Token }

// Username returns the bot's username, without "@".
func (s *Server) Username() string { return s.opts.Username }

// Close stops the server. It wakes pending long polls, which answer an empty list, and
// stops webhook deliveries. Calling it again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.mu.Lock()
		s.broadcastLocked()
		s.mu.Unlock()
		s.httpSrv.CloseClientConnections()
		s.httpSrv.Close()
	})
}

// broadcastLocked wakes everything waiting for a change. s.mu must be held.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor waits until cond (called with s.mu held) is true, or timeout passes. It returns
// the last value of cond.
func (s *Server) waitFor(timeout time.Duration, cond func() bool) bool {
	return s.waitOn(timeout, cond, func() <-chan struct{} { return s.changed })
}

// waitOn is waitFor woken by the channel wake returns (called with s.mu held, after
// cond), which must be closed by every change that can make cond true.
func (s *Server) waitOn(timeout time.Duration, cond func() bool, wake func() <-chan struct{}) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := wake()
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			s.mu.Lock()
			defer s.mu.Unlock()
			return cond()
		}
	}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	path := strings.TrimPrefix(r.URL.Path, "/")
	if !strings.HasPrefix(path, "bot") {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	token, method, ok := strings.Cut(strings.TrimPrefix(path, "bot"), "/")
	method = strings.TrimPrefix(method, "test/") // tgbot.UseTestEnvironment
	if !ok || method == "" || strings.Contains(method, "/") {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	params, perr := readParams(r)

	call := Call{Method: method, Params: params, At: at}
	var result any
	var aerr *apiError
	switch {
	case token != s.opts.Token:
		aerr = &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"}
	case perr != nil:
		aerr = perr
	default:
		f := s.takeFaults(method)
		if f.delay > 0 {
			// net/http notices a client leaving only once the body is read: read what
			// readParams did not (a content type it ignores).
			io.Copy(io.Discard, r.Body) //nolint:errcheck // a broken body shows as a cancelled context
		}
		if f.delay > 0 && !s.sleep(r.Context(), f.delay) {
			s.abort(w, call, "abandoned")
			return
		}
		if f.drop {
			s.abort(w, call, "dropped")
			return
		}
		if f.fail != nil {
			aerr = f.fail
			break
		}
		h, found := handlers[strings.ToLower(method)]
		if !found {
			aerr = &apiError{code: http.StatusNotFound, desc: "Not Found"}
			break
		}
		result, aerr = h(s, &request{ctx: r.Context(), method: method, params: params})
	}

	if aerr != nil {
		call.Status, call.Error = aerr.code, aerr.desc
		call.injected, call.excused = aerr.injected, aerr.excused
	} else {
		call.Status = http.StatusOK
	}
	if r.Context().Err() != nil {
		call.excused = true // nobody is listening for this answer
	}
	s.record(call)

	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeResult(w, result)
}

// readParams reads the parameters of a call the ways the Bot API accepts them: the query
// string, url-encoded and multipart forms (files are recorded by file name), and JSON
// objects (nested values kept as JSON text, as if they had been sent in a form).
func readParams(r *http.Request) (map[string]string, *apiError) {
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	mediaType, mediaParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "multipart/form-data":
		// go-telegram/bot sends an empty body, no parts at all, for calls without
		// parameters (getMe); the Bot API takes that as no parameters.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return params, badRequest("can't read the request body")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			break
		}
		form, err := multipart.NewReader(bytes.NewReader(body), mediaParams["boundary"]).ReadForm(32 << 20)
		if err != nil {
			return params, badRequest("can't parse multipart/form-data: " + err.Error())
		}
		for k, v := range form.Value {
			params[k] = v[0]
		}
		for k, v := range form.File {
			params[k] = v[0].Filename
		}
		_ = form.RemoveAll()
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return params, badRequest("can't parse url-encoded form: " + err.Error())
		}
		for k, v := range r.PostForm {
			params[k] = v[0]
		}
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return params, badRequest("can't read the request body")
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			break
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			return params, badRequest("can't parse JSON object")
		}
		for k, raw := range fields {
			var str string
			switch {
			case string(raw) == "null":
				continue
			case json.Unmarshal(raw, &str) == nil:
				params[k] = str
			default:
				params[k] = string(raw)
			}
		}
	}
	for k, v := range params {
		if !utf8.ValidString(v) {
			return params, badRequest(fmt.Sprintf("parameter %q must be encoded in UTF-8", k))
		}
	}
	return params, nil
}

func writeResult(w http.ResponseWriter, result any) {
	answer := struct {
		OK          bool   `json:"ok"`
		Result      any    `json:"result"`
		Description string `json:"description,omitempty"`
	}{OK: true, Result: result}
	if d, ok := result.(described); ok {
		answer.Result, answer.Description = d.result, d.description
	}
	body, err := json.Marshal(answer)
	if err != nil {
		writeError(w, &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(body) //nolint:errcheck // the client may have gone; nothing to do about it
}

func writeError(w http.ResponseWriter, e *apiError) {
	type parameters struct {
		RetryAfter int `json:"retry_after"`
	}
	answer := struct {
		OK          bool        `json:"ok"`
		ErrorCode   int         `json:"error_code"`
		Description string      `json:"description"`
		Parameters  *parameters `json:"parameters,omitempty"`
	}{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 {
		answer.Parameters = &parameters{RetryAfter: e.retryAfter}
		w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	body, _ := json.Marshal(answer)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.code)
	w.Write(body) //nolint:errcheck // the client may have gone; nothing to do about it
}

// Calls returns every call so far, in the order they were answered. A call is recorded
// before its answer is written, so once a client call returns, it is here.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Rejected returns the calls answered with an error, except errors injected by Fail and
// FailEvery, calls dropped by Drop or abandoned during a Delay, 409 answers to getUpdates
// caused by a webhook, and answers nobody was waiting for.
func (s *Server) Rejected() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rejected []Call
	for _, c := range s.calls {
		if c.Status != http.StatusOK && !c.injected && !c.excused {
			rejected = append(rejected, c)
		}
	}
	return rejected
}

// record adds a call to Calls, its method's index and Stats, and wakes waiters.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	key := foldKey(c.Method)
	s.callsBy[key] = append(s.callsBy[key], len(s.calls)-1)
	s.stats.add(c)
	s.broadcastLocked()
}

// callsOfLocked returns the first n calls of method (any case, as strings.EqualFold
// compares), all of them when n < 0. s.mu must be held.
func (s *Server) callsOfLocked(method string, n int) []Call {
	index := s.callsBy[foldKey(method)]
	if n < 0 || n > len(index) {
		n = len(index)
	}
	calls := make([]Call, n)
	for i, at := range index[:n] {
		calls[i] = s.calls[at]
	}
	return calls
}

// WaitCalls waits for n calls of method (any case) and returns the first n. A call is
// recorded just before its answer is written, so a long poll shows when it returns, and
// when WaitCalls returns the bot may not have read the last answer yet: wait for what
// the bot does next (another call, a message) rather than for time. On timeout it fails
// the test, listing the calls seen.
func (s *Server) WaitCalls(tb testing.TB, method string, n int, timeout time.Duration) []Call {
	tb.Helper()
	var calls []Call
	seen := 0
	if !s.waitFor(timeout, func() bool {
		seen = len(s.callsBy[foldKey(method)])
		if seen < n {
			return false
		}
		calls = s.callsOfLocked(method, max(n, 0))
		return true
	}) {
		tb.Fatalf("telegramtest: waited %v for %d %s calls, got %d; calls seen:\n%s", timeout, n, method, seen, s.describeCalls())
	}
	return calls
}

// describeCalls lists the calls for a failure message.
func (s *Server) describeCalls() string {
	calls := s.Calls()
	if len(calls) == 0 {
		return "\t(none)"
	}
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "\t%s %s %d", c.At.Format("15:04:05.000"), c.Method, c.Status)
		if c.Error != "" {
			fmt.Fprintf(&b, " %q", c.Error)
		}
		if t, ok := c.Params["text"]; ok {
			fmt.Fprintf(&b, " text=%q", t)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Fail makes the next times calls of method answer an error with the HTTP status code and
// description, and parameters.retry_after when retryAfter > 0. An empty description gets
// Telegram's usual one for the code ("Too Many Requests: retry after N" for 429). Injected
// errors do not count as Rejected.
func (s *Server) Fail(method string, times int, code int, retryAfter int, description string) {
	e := injectedError(code, retryAfter, description)
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	for range times {
		s.fails[key] = append(s.fails[key], e)
	}
}

// injectedError is the error Fail and FailEvery answer. An empty description gets
// Telegram's usual one for the code.
func injectedError(code int, retryAfter int, description string) apiError {
	if description == "" {
		switch code {
		case http.StatusTooManyRequests:
			description = fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
		case http.StatusBadRequest:
			description = "Bad Request"
		case http.StatusForbidden:
			description = "Forbidden: bot was blocked by the user"
		default:
			description = http.StatusText(code)
		}
	}
	return apiError{code: code, desc: description, retryAfter: retryAfter, injected: true}
}

// getMe answers the bot's user, with the field names of the real API
// (supports_inline_queries, which go-telegram/bot's models.User misspells).
func (s *Server) getMe(*request) (any, *apiError) {
	return struct {
		ID                      int64  `json:"id"`
		IsBot                   bool   `json:"is_bot"`
		FirstName               string `json:"first_name"`
		Username                string `json:"username"`
		CanJoinGroups           bool   `json:"can_join_groups"`
		CanReadAllGroupMessages bool   `json:"can_read_all_group_messages"`
		SupportsInlineQueries   bool   `json:"supports_inline_queries"`
		CanConnectToBusiness    bool   `json:"can_connect_to_business"`
		HasMainWebApp           bool   `json:"has_main_web_app"`
	}{
		ID:                    s.bot.ID,
		IsBot:                 true,
		FirstName:             s.bot.FirstName,
		Username:              s.bot.Username,
		CanJoinGroups:         true,
		SupportsInlineQueries: true,
	}, nil
}

// toBool reads a boolean parameter as the Bot API does.
func toBool(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "true" || v == "1" || v == "yes"
}

// toInt reads an integer parameter leniently, as td::to_integer does: garbage is 0.
func toInt(v string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
