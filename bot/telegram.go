package bot

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"
)

// Modes of receiving updates.
const (
	ModePolling = "polling"
	ModeWebhook = "webhook"
)

// DefaultAPIURL is the official Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config is how the Telegram bot runs. Token is required; the rest have
// defaults.
type Config struct {
	Token string
	// APIURL is the Bot API server; DefaultAPIURL when empty.
	APIURL string
	// Mode is ModePolling (the default) or ModeWebhook.
	Mode string
	// WebhookURL is the public https address Telegram posts updates to,
	// and WebhookSecret the token it sends with them
	// (X-Telegram-Bot-Api-Secret-Token); both are needed for webhooks.
	WebhookURL, WebhookSecret string
	// Listen is the address of the HTTP listener for the webhook and the
	// health check, such as ":8080"; empty means none in polling mode.
	Listen string
	// AllowedChats, when not empty, are the only chats (and, for inline
	// queries, users) the bot answers.
	AllowedChats []int64
	// Corpus names the article, for the start-up log line.
	Corpus string
	// PollTimeout is how long one getUpdates call waits for updates
	// (default 50 s), and DrainTimeout how long shutdown waits for the
	// answers in flight (default 10 s).
	PollTimeout, DrainTimeout time.Duration
	// SessionTTL is how long the buttons under an answer work (default
	// 48 hours).
	SessionTTL time.Duration
	// Limits are the sending limits (default: Telegram's).
	Limits Limits
	// MaxQueue is how many updates may wait to be handled (default
	// 1000); past it, a new question gets "busy, try again".
	MaxQueue int
	// QuestionsPerMinute is how many messages one reader may send the bot
	// in a minute (default 20); past it they are told once to slow down.
	QuestionsPerMinute int
}

// Bot is maqal on Telegram: it receives updates by long polling or by
// webhook and answers them through a Router.
type Bot struct {
	cfg      Config
	router   *Router
	log      *slog.Logger
	tg       *tgbot.Bot
	http     *http.Client
	me       models.User
	views    *sessions
	allowed  map[int64]bool
	metrics  *metrics
	out      *outbox
	disp     *dispatcher
	users    *keyedLimiters // questions a reader may ask
	inline   *keyedLimiters // inline queries (one a keystroke) a reader may send
	busyTold *keyedLimiters // "busy" notices, one a chat now and then
	lastSeen atomic.Int64   // when Telegram last answered (unix ns)
	side     sync.WaitGroup // notices sent outside the dispatcher
}

// maxUpdateBody bounds the size of a webhook request.
const maxUpdateBody = 1 << 20

// allowedUpdates are the kinds of update the bot asks Telegram for.
var allowedUpdates = []string{"message", "callback_query", "inline_query"}

// New checks cfg and prepares a bot; Run connects it to Telegram.
func New(router *Router, cfg Config, log *slog.Logger) (*Bot, error) {
	if cfg.Token == "" {
		return nil, errors.New("no bot token")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if u, err := url.Parse(cfg.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("Bot API URL %q: want http(s)://host", cfg.APIURL)
	}
	switch cfg.Mode {
	case "", ModePolling:
		cfg.Mode = ModePolling
	case ModeWebhook:
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, fmt.Errorf("webhook mode needs the public https address of the webhook (MAQAL_WEBHOOK_URL), not %q", cfg.WebhookURL)
		}
		if !validSecret(cfg.WebhookSecret) {
			return nil, errors.New("webhook mode needs a secret (MAQAL_WEBHOOK_SECRET) of 1-256 letters, digits, _ and -")
		}
		if cfg.Listen == "" {
			return nil, errors.New("webhook mode needs the address to listen on (MAQAL_LISTEN), such as :8080")
		}
	default:
		return nil, fmt.Errorf("mode %q: want %s or %s", cfg.Mode, ModePolling, ModeWebhook)
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = 10 * time.Second
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 48 * time.Hour
	}
	if cfg.MaxQueue <= 0 {
		cfg.MaxQueue = 1000
	}
	if cfg.QuestionsPerMinute <= 0 {
		cfg.QuestionsPerMinute = 20
	}
	m := newMetrics()
	b := &Bot{
		cfg:      cfg,
		router:   router,
		log:      log,
		views:    newSessions(cfg.SessionTTL, 100_000, time.Now),
		metrics:  m,
		out:      newOutbox(cfg.Limits, log, m),
		users:    newKeyedLimiters(rate.Limit(float64(cfg.QuestionsPerMinute)/60), cfg.QuestionsPerMinute),
		inline:   newKeyedLimiters(rate.Limit(float64(3*cfg.QuestionsPerMinute)/60), 3*cfg.QuestionsPerMinute),
		busyTold: newKeyedLimiters(rate.Every(30*time.Second), 1),
	}
	b.disp = newDispatcher(cfg.MaxQueue, m, b.handle)
	transport := countingTransport{next: http.DefaultTransport, metrics: m, lastSeen: &b.lastSeen}
	// A long poll must end before the client gives up on it.
	b.http = &http.Client{Timeout: cfg.PollTimeout + 30*time.Second, Transport: transport}
	if len(cfg.AllowedChats) > 0 {
		b.allowed = map[int64]bool{}
		for _, id := range cfg.AllowedChats {
			b.allowed[id] = true
		}
	}
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithSkipGetMe(),
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithHTTPClient(cfg.PollTimeout, &http.Client{Timeout: 30 * time.Second, Transport: transport}),
		tgbot.WithErrorsHandler(func(err error) { log.Warn("telegram", "err", b.redact(err)) }),
		tgbot.WithDefaultHandler(func(context.Context, *tgbot.Bot, *models.Update) {}),
	)
	if err != nil {
		return nil, b.redact(err)
	}
	b.tg = tg
	return b, nil
}

func validSecret(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// redact removes the token from an error, which may carry a request URL.
func (b *Bot) redact(err error) error {
	if err == nil || b.cfg.Token == "" || !strings.Contains(err.Error(), b.cfg.Token) {
		return err
	}
	return redactedError{msg: strings.ReplaceAll(err.Error(), b.cfg.Token, "<token>"), err: err}
}

// redactedError keeps the chain of an error (errors.Is still works)
// while its message hides the token.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// Run connects to Telegram, announces the commands, and answers updates
// until ctx ends; then it finishes the answers in flight (for at most
// DrainTimeout) and returns nil.
func (b *Bot) Run(ctx context.Context) error {
	me, err := b.tg.GetMe(ctx)
	if err != nil {
		if errors.Is(err, tgbot.ErrorUnauthorized) {
			return errors.New("Telegram refused the bot token: check TELEGRAM_BOT_TOKEN (a token from @BotFather looks like 123456789:AA…)")
		}
		return fmt.Errorf("reach Telegram at %s: %w", b.cfg.APIURL, b.redact(err))
	}
	b.me = *me
	if err := b.setCommands(ctx); err != nil {
		return err
	}
	b.log.Info("maqal bot started", "username", "@"+b.me.Username, "mode", b.cfg.Mode, "corpus", b.cfg.Corpus)
	hctx, cancel := b.handlingContext(ctx)
	defer cancel()
	if b.cfg.Mode == ModeWebhook {
		err = b.serveWebhook(ctx, hctx)
	} else {
		err = b.poll(ctx, hctx)
	}
	b.side.Wait()
	b.log.Info("maqal bot stopped")
	return err
}

// setCommands announces the commands in English (the default) and in
// Arabic, for private chats and for groups.
func (b *Bot) setCommands(ctx context.Context) error {
	for _, lang := range []string{"", "ar"} {
		var cmds []models.BotCommand
		for _, c := range Commands {
			d := c.EN
			if lang == "ar" {
				d = c.AR
			}
			cmds = append(cmds, models.BotCommand{Command: c.Name, Description: d})
		}
		for _, scope := range []models.BotCommandScope{&models.BotCommandScopeAllPrivateChats{}, &models.BotCommandScopeAllGroupChats{}} {
			if _, err := b.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: lang}); err != nil {
				return fmt.Errorf("set the bot's commands: %w", b.redact(err))
			}
		}
	}
	return nil
}

// handlingContext is the context answers run in: it outlives ctx by at
// most DrainTimeout, so that shutdown lets answers in flight finish.
func (b *Bot) handlingContext(ctx context.Context) (context.Context, context.CancelFunc) {
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(b.cfg.DrainTimeout, cancel) })
	return hctx, func() { stop(); cancel() }
}

// poll receives updates by long polling, until ctx ends, and hands them
// to the dispatcher, which handles them in hctx. An update is confirmed
// to Telegram (by the offset of a later call) only once it is handled,
// so that a restart neither loses nor repeats one; Telegram meanwhile
// returns it again, and the dispatcher knows it.
func (b *Bot) poll(ctx, hctx context.Context) error {
	// A webhook left set would make getUpdates fail.
	if _, err := b.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("remove the webhook before polling: %w", b.redact(err))
	}
	stopHTTP, err := b.serveHTTP(ctx, b.mux(hctx, false))
	if err != nil {
		return err
	}
	defer stopHTTP()
	var offset int64
	var backoff time.Duration
	for ctx.Err() == nil {
		if last := b.disp.confirmable(); last >= 0 {
			offset = last + 1
		}
		updates, err := b.getUpdates(ctx, offset, b.cfg.PollTimeout)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			backoff = nextBackoff(backoff, err)
			b.log.Warn("get updates", "err", err, "retry_in", backoff)
			select {
			case <-ctx.Done():
			case <-time.After(backoff):
			}
			continue
		}
		backoff = 0
		fresh := 0
		for _, u := range updates {
			if b.accept(hctx, u) != duplicate {
				fresh++
			}
		}
		if fresh == 0 && b.disp.busyNow() {
			// Telegram gave back only updates still being handled: wait
			// a moment (until one is done, at most repollWait) rather
			// than ask again at once, but not so long that a slow chat
			// (a reply waiting out a 429) holds up the others' updates.
			select {
			case <-ctx.Done():
			case <-b.disp.changed:
			case <-time.After(repollWait):
			}
		}
	}
	// Finish what was taken, then confirm it, without waiting for more.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.DrainTimeout)
	defer cancel()
	if err := b.disp.wait(dctx); err != nil {
		b.log.Warn("stopped before every update was handled; Telegram will send those again", "err", err)
	}
	if last := b.disp.confirmable(); last >= 0 {
		offset = last + 1
	}
	if offset > 0 {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := b.getUpdates(cctx, offset, 0); err != nil {
			b.log.Warn("confirm the last updates", "err", err)
		}
	}
	return nil
}

// repollWait is the longest polling pauses while Telegram returns only
// updates still being handled.
const repollWait = 250 * time.Millisecond

// accept hands an update to the dispatcher. When too many wait, a
// question is answered "busy, try again" at once instead.
func (b *Bot) accept(ctx context.Context, u *models.Update) int {
	r := b.disp.add(ctx, u)
	switch r {
	case duplicate:
		return r
	case busy:
		b.metrics.rateLimited.WithLabelValues("busy").Inc()
		b.disp.skip(u)
		b.tellBusy(ctx, u)
	}
	b.metrics.updates.WithLabelValues(updateKind(u)).Inc()
	return r
}

func updateKind(u *models.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.InlineQuery != nil:
		return "inline_query"
	}
	return "other"
}

// tellBusy answers a question that could not be queued: once in a while
// a chat, so that a flood does not become a flood of notices.
func (b *Bot) tellBusy(ctx context.Context, u *models.Update) {
	m := u.Message
	if m == nil || !b.allowedChat(m.Chat.ID) || fromBot(m) {
		return
	}
	if m.Chat.Type != models.ChatTypePrivate {
		if _, ok := b.addressed(m, cmpOr(m.Text, m.Caption)); !ok {
			return
		}
	}
	if ok, _ := b.busyTold.allow(m.Chat.ID); !ok {
		return
	}
	lang := langOf(m.From)
	b.side.Go(func() {
		b.sendText(ctx, m.Chat.ID, replyTarget(m), say(lang, msgBusy.in(lang)))
	})
}

// nextBackoff doubles the wait after a failed getUpdates, from 100 ms
// to 30 s, or waits as long as Telegram asks.
func nextBackoff(prev time.Duration, err error) time.Duration {
	var tooMany *tgbot.TooManyRequestsError
	if errors.As(err, &tooMany) && tooMany.RetryAfter > 0 {
		return time.Duration(tooMany.RetryAfter) * time.Second
	}
	return min(max(2*prev, 100*time.Millisecond), 30*time.Second)
}

// getUpdates calls the Bot API's getUpdates, which the library does not
// export: its own loop confirms updates before they are handled.
func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]*models.Update, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(timeout / time.Second),
		"allowed_updates": allowedUpdates,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.cfg.APIURL+"/bot"+b.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, b.redact(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, b.redact(err)
	}
	defer resp.Body.Close()
	var r struct {
		OK          bool             `json:"ok"`
		Result      []*models.Update `json:"result"`
		ErrorCode   int              `json:"error_code"`
		Description string           `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&r); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d: %w", resp.StatusCode, err)
	}
	if !r.OK {
		if r.ErrorCode == http.StatusTooManyRequests {
			return nil, &tgbot.TooManyRequestsError{Message: r.Description, RetryAfter: r.Parameters.RetryAfter}
		}
		return nil, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	return r.Result, nil
}

// conversation is the chat an update belongs to (the user, for an inline
// query), for keeping one chat's updates in order.
func conversation(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		return u.CallbackQuery.Message.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return u.InlineQuery.From.ID
	}
	return 0
}

// mux routes the HTTP listener: the health and readiness checks, the
// metrics, and the webhook when there is one.
func (b *Bot) mux(hctx context.Context, webhook bool) *http.ServeMux {
	mux := http.NewServeMux()
	if webhook {
		mux.HandleFunc("POST "+b.webhookPath(), func(w http.ResponseWriter, r *http.Request) {
			b.webhook(hctx, w, r)
		})
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", b.readyz)
	mux.Handle("GET /metrics", b.metrics.handler())
	return mux
}

// readyWithin is how recently Telegram must have answered for the bot to
// be ready without asking it again.
const readyWithin = 2 * time.Minute

// readyz says whether the bot can answer: the article is indexed (it is,
// once the bot runs) and Telegram answers.
func (b *Bot) readyz(w http.ResponseWriter, r *http.Request) {
	if time.Since(time.Unix(0, b.lastSeen.Load())) > readyWithin {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if _, err := b.tg.GetMe(ctx); err != nil {
			http.Error(w, "Telegram is not reachable: "+b.redact(err).Error(), http.StatusServiceUnavailable)
			return
		}
	}
	io.WriteString(w, "ready\n")
}

func (b *Bot) webhookPath() string {
	u, _ := url.Parse(b.cfg.WebhookURL) // New checked it
	if u.Path == "" {
		return "/"
	}
	return u.Path
}

// serveHTTP serves mux on the configured listener, if any, until the
// returned stop is called; stop lets requests in flight finish (for at
// most DrainTimeout).
func (b *Bot) serveHTTP(ctx context.Context, mux *http.ServeMux) (stop func(), err error) {
	if b.cfg.Listen == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", b.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (MAQAL_LISTEN): %w", b.cfg.Listen, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			b.log.Error("HTTP listener", "err", err)
		}
	}()
	b.log.Info("listening", "addr", ln.Addr().String())
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.DrainTimeout)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			b.log.Warn("HTTP shutdown", "err", err)
		}
	}, nil
}

// serveWebhook sets the webhook and serves it until ctx ends; then it
// stops taking updates and finishes those taken.
func (b *Bot) serveWebhook(ctx, hctx context.Context) error {
	stopHTTP, err := b.serveHTTP(ctx, b.mux(hctx, true))
	if err != nil {
		return err
	}
	if _, err := b.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            b.cfg.WebhookURL,
		SecretToken:    b.cfg.WebhookSecret,
		AllowedUpdates: allowedUpdates,
	}); err != nil {
		stopHTTP()
		return fmt.Errorf("set the webhook to %s: %w", b.cfg.WebhookURL, b.redact(err))
	}
	b.log.Info("webhook set", "url", b.cfg.WebhookURL, "path", b.webhookPath())
	<-ctx.Done()
	stopHTTP()
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.DrainTimeout)
	defer cancel()
	if err := b.disp.wait(dctx); err != nil {
		b.log.Warn("stopped before every update was handled", "err", err)
	}
	return nil
}

// webhook takes one update posted by Telegram: the secret must match
// (compared in constant time), the body is bounded, and an update
// delivered twice is handled once.
func (b *Bot) webhook(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.WebhookSecret)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	var u models.Update
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpdateBody)).Decode(&u); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	b.accept(ctx, &u)
	b.disp.confirmable() // nothing to confirm with a webhook: this only trims
	w.WriteHeader(http.StatusOK)
}
