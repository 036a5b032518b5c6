package telegramtest

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Fault injection. Every call of a method, once its token and parameters have been read,
// takes its faults when it arrives, all at once:
//
//   - one pending Delay, if any: the call waits that long before anything else happens;
//   - then at most one outcome, the first that applies of: a pending Drop, a pending
//     Fail, FailEvery's turn.
//
// A call that is dropped or fails is not handled: it changes nothing on the server.

// faultState holds the faults still to come, by lower-case method name as Fail's.
type faultState struct {
	drops  map[string]int
	delays map[string][]delayRun
	every  map[string]*failEvery
}

// delayRun is a Delay still to be applied to left calls.
type delayRun struct {
	d    time.Duration
	left int
}

// failEvery is a FailEvery in force: calls counts the calls since it was set.
type failEvery struct {
	n     int
	calls int
	err   apiError
}

func newFaultState() faultState {
	return faultState{drops: map[string]int{}, delays: map[string][]delayRun{}, every: map[string]*failEvery{}}
}

// fault is what a call has taken: a delay and at most one of drop and fail.
type fault struct {
	delay time.Duration
	drop  bool
	fail  *apiError
}

// Drop makes the next times calls of method (any case) lose their connection: the server
// reads the request, then closes the TCP connection without writing any HTTP response,
// as a dropped connection would, so the client gets a transport error (EOF or connection
// reset) and no answer. A dropped call is not handled: a dropped sendMessage creates no
// message. It is recorded in Calls with Status 0 and Error "dropped", counts in Stats'
// Errors, and is not Rejected. Repeated Drops add up; times <= 0 adds nothing.
//
// Go's http.Transport resends a request on its own when a reused connection closes
// under it and the request can be replayed (GET, HEAD and the like, or one with an
// Idempotency-Key header); each such resend is one more call and takes the next drop.
// POSTs, which go-telegram/bot sends, are not resent.
func (s *Server) Drop(method string, times int) {
	if times <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.drops[strings.ToLower(method)] += times
}

// Delay makes the next times calls of method (any case) wait d before they are handled
// and answered. A call whose client gives up during the wait (its context is cancelled
// or times out, or it closes the connection) or that is still waiting when the server
// closes stops waiting at once and is abandoned: it is recorded in Calls with Status 0
// and Error "abandoned", counts in Stats' Errors, is not Rejected, and its connection is
// closed without an answer.
//
// An abandoned call is never handled: a delayed sendMessage creates its message only if
// its client is still waiting when the delay is over, just before the answer is written.
// The real Bot API may apply a request whose client has gone (the client then cannot
// know whether its message was sent); the fake does not, so that the messages it holds
// are the ones whose answers the bot could read. (A client that gives up in the
// instant between that check and the write is not noticed.)
//
// Delays queue up: Delay(m, a, 1) then Delay(m, b, 2) delays the next call by a and the
// two after it by b. d <= 0 or times <= 0 adds nothing.
//
// Faults combine. Each call of a method with the right token and readable parameters
// takes, as it arrives, one pending delay if there is one, and at most one outcome: the
// first that applies of a pending Drop, a pending Fail, FailEvery's turn. A delayed call
// waits, then is dropped, fails or is handled.
func (s *Server) Delay(method string, d time.Duration, times int) {
	if d <= 0 || times <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	s.faults.delays[key] = append(s.faults.delays[key], delayRun{d: d, left: times})
}

// FailEvery makes every n-th call of method (any case) fail as Fail does (HTTP status
// code, description, parameters.retry_after when retryAfter > 0; an empty description
// gets Telegram's usual one): with n = 3, the 3rd, 6th, 9th… calls after FailEvery
// fail and the others are handled normally, until FailEvery(method, 0, 0, 0, "") (any
// n <= 0) turns it off. Calling it again replaces the setting and counts afresh.
//
// Every call of method counts, whatever happens to it; when a call whose turn it is has
// been dropped or failed by Drop or Fail, that outcome stands and FailEvery waits for the
// next turn. Failed calls are not handled (a failed sendMessage creates no message) and
// are not Rejected.
func (s *Server) FailEvery(method string, n int, code int, retryAfter int, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	if n <= 0 {
		delete(s.faults.every, key)
		return
	}
	s.faults.every[key] = &failEvery{n: n, err: injectedError(code, retryAfter, description)}
}

// takeFaults takes what the injected faults hold for a call of method arriving now.
func (s *Server) takeFaults(method string) fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	var f fault
	if runs := s.faults.delays[key]; len(runs) > 0 {
		f.delay = runs[0].d
		if runs[0].left--; runs[0].left == 0 {
			runs = runs[1:]
		}
		if len(runs) == 0 {
			delete(s.faults.delays, key)
		} else {
			s.faults.delays[key] = runs
		}
	}
	turn := false
	if e := s.faults.every[key]; e != nil {
		e.calls++
		turn = e.calls%e.n == 0
	}
	switch {
	case s.faults.drops[key] > 0:
		if s.faults.drops[key]--; s.faults.drops[key] == 0 {
			delete(s.faults.drops, key)
		}
		f.drop = true
	case len(s.fails[key]) > 0:
		e := s.fails[key][0]
		s.fails[key] = s.fails[key][1:]
		f.fail = &e
	case turn:
		e := s.faults.every[key].err
		f.fail = &e
	}
	return f
}

// sleep waits d and reports whether the call should go on: false when the request's
// context ended or the server closed first.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
	select { // both may have happened while the timer fired
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	default:
		return true
	}
}

// abort records a call that gets no answer (Status 0, Error reason) and closes its
// connection without writing anything.
func (s *Server) abort(w http.ResponseWriter, call Call, reason string) {
	call.Status, call.Error, call.injected = 0, reason, true
	s.record(call) // before closing, so the call is in Calls once the client sees the error
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not HTTP/1 (httptest serves HTTP/1.1 only): abort the response the way net/http
		// offers, which resets the stream without writing anything.
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// Stats counts the calls the server saw and the messages the bot created, for load tests.
// Maps are keyed by the method's Bot API spelling ("sendMessage") whatever case the
// client used; methods the fake does not know are counted under the name as sent. A
// method that never was called (or never failed) is absent.
type Stats struct {
	// Calls counts every call by method, as listed by Calls.
	Calls map[string]int
	// Errors counts, by method, the calls not answered with 200 OK, injected or not:
	// rejected ones, 409 conflicts, failures from Fail and FailEvery, dropped and
	// abandoned calls.
	Errors map[string]int
	// Messages is how many messages the bot created with sendMessage, in every chat
	// (len of AllMessages).
	Messages int
}

// callStats is the running count behind Stats.
type callStats struct {
	calls, errors map[string]int
}

func newCallStats() callStats {
	return callStats{calls: map[string]int{}, errors: map[string]int{}}
}

func (cs *callStats) add(c Call) {
	name := canonicalMethod(c.Method)
	cs.calls[name]++
	if c.Status != http.StatusOK {
		cs.errors[name]++
	}
}

// Stats returns the counts so far. It costs one copy of the per-method counts, whatever
// the number of calls and messages.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Calls: make(map[string]int, len(s.stats.calls)), Errors: make(map[string]int, len(s.stats.errors)), Messages: len(s.allSent)}
	for k, v := range s.stats.calls {
		st.Calls[k] = v
	}
	for k, v := range s.stats.errors {
		st.Errors[k] = v
	}
	return st
}

// apiMethods are the Bot API spellings of the methods in handlers.
var apiMethods = []string{
	"getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "sendMessage",
	"editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "answerInlineQuery",
	"setMyCommands", "getMyCommands", "deleteMyCommands", "sendChatAction",
}

// methodNames maps lower-case method names to their Bot API spelling.
var methodNames = func() map[string]string {
	m := make(map[string]string, len(apiMethods))
	for _, name := range apiMethods {
		m[strings.ToLower(name)] = name
	}
	return m
}()

// canonicalMethod returns the Bot API spelling of a method the server handles (matched as
// handlers are, ignoring case), or method as it is.
func canonicalMethod(method string) string {
	if name, ok := methodNames[strings.ToLower(method)]; ok {
		return name
	}
	return method
}

// foldKey returns a key that two strings share exactly when strings.EqualFold says they
// are equal: each rune replaced by the smallest rune of its Unicode simple-fold orbit.
func foldKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(s) // an ASCII letter's orbit starts with its capital
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
