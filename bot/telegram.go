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
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
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
}

// Bot is maqal on Telegram: it receives updates by long polling or by
// webhook and answers them through a Router.
type Bot struct {
	cfg     Config
	router  *Router
	log     *slog.Logger
	tg      *tgbot.Bot
	http    *http.Client
	me      models.User
	views   *sessions
	allowed map[int64]bool
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
	b := &Bot{
		cfg:    cfg,
		router: router,
		log:    log,
		// A long poll must end before the client gives up on it.
		http:  &http.Client{Timeout: cfg.PollTimeout + 30*time.Second},
		views: newSessions(cfg.SessionTTL, 100_000, time.Now),
	}
	if len(cfg.AllowedChats) > 0 {
		b.allowed = map[int64]bool{}
		for _, id := range cfg.AllowedChats {
			b.allowed[id] = true
		}
	}
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithSkipGetMe(),
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithHTTPClient(cfg.PollTimeout, &http.Client{Timeout: 30 * time.Second}),
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
	if b.cfg.Mode == ModeWebhook {
		return b.serveWebhook(ctx)
	}
	return b.poll(ctx)
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

// poll receives updates by long polling. An update is confirmed to
// Telegram (by the next call's offset) only once it has been handled, so
// that a restart neither loses nor repeats one.
func (b *Bot) poll(ctx context.Context) error {
	// A webhook left set would make getUpdates fail.
	if _, err := b.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("remove the webhook before polling: %w", b.redact(err))
	}
	hctx, cancel := b.handlingContext(ctx)
	defer cancel()
	var offset int64
	var backoff time.Duration
	for ctx.Err() == nil {
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
		b.handleBatch(hctx, updates)
		if n := len(updates); n > 0 {
			offset = updates[n-1].ID + 1
		}
	}
	if offset > 0 {
		// Confirm the last updates handled, without waiting for more.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := b.getUpdates(cctx, offset, 0); err != nil {
			b.log.Warn("confirm the last updates", "err", err)
		}
	}
	b.log.Info("maqal bot stopped")
	return nil
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

// handleBatch handles updates, those of one chat in order and the chats
// side by side, and returns when all are done.
func (b *Bot) handleBatch(ctx context.Context, updates []*models.Update) {
	byChat := map[int64][]*models.Update{}
	var chats []int64
	for _, u := range updates {
		k := conversation(u)
		if _, ok := byChat[k]; !ok {
			chats = append(chats, k)
		}
		byChat[k] = append(byChat[k], u)
	}
	var wg sync.WaitGroup
	for _, k := range chats {
		wg.Go(func() {
			for _, u := range byChat[k] {
				b.handle(ctx, u)
			}
		})
	}
	wg.Wait()
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

// serveWebhook sets the webhook and serves it, with the health check,
// until ctx ends.
func (b *Bot) serveWebhook(ctx context.Context) error {
	u, _ := url.Parse(b.cfg.WebhookURL) // New checked it
	path := u.Path
	if path == "" {
		path = "/"
	}
	hctx, cancel := b.handlingContext(ctx)
	defer cancel()
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+path, func(w http.ResponseWriter, r *http.Request) {
		b.webhook(hctx, w, r)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	ln, err := net.Listen("tcp", b.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen for the webhook: %w", err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	if _, err := b.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            b.cfg.WebhookURL,
		SecretToken:    b.cfg.WebhookSecret,
		AllowedUpdates: allowedUpdates,
	}); err != nil {
		srv.Close()
		return fmt.Errorf("set the webhook to %s: %w", b.cfg.WebhookURL, b.redact(err))
	}
	b.log.Info("webhook listening", "addr", ln.Addr().String(), "path", path)
	select {
	case err := <-serveErr:
		return fmt.Errorf("webhook server: %w", err)
	case <-ctx.Done():
	}
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.DrainTimeout)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		b.log.Warn("webhook shutdown", "err", err)
	}
	b.log.Info("maqal bot stopped")
	return nil
}

// webhook handles one update posted by Telegram. It answers once the
// update is handled, so that Telegram posts it again if the bot dies
// first.
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
	b.handle(ctx, &u)
	w.WriteHeader(http.StatusOK)
}
