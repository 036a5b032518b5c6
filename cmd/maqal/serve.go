package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/maqal/maqal/bot"
)

// serveFlags are the settings of "maqal serve" that a flag can override;
// each falls back to its environment variable.
type serveFlags struct {
	mode, listen, webhookURL, apiURL, logLevel, logFormat string
	noPacing                                              bool
}

// runServe is "maqal serve" (and "maqal" alone): the Telegram bot.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var sf serveFlags
	flags.StringVar(&sf.mode, "mode", "", "how updates arrive: polling or webhook (env MAQAL_MODE; default polling)")
	flags.StringVar(&sf.listen, "listen", "", "address of the HTTP listener for the webhook and /healthz, such as :8080 (env MAQAL_LISTEN)")
	flags.StringVar(&sf.webhookURL, "webhook-url", "", "public https address of the webhook (env MAQAL_WEBHOOK_URL); its secret is read from MAQAL_WEBHOOK_SECRET only")
	flags.StringVar(&sf.apiURL, "api-url", "", "Bot API server (env TELEGRAM_API_URL; default "+bot.DefaultAPIURL+")")
	flags.StringVar(&sf.logLevel, "log-level", "", "debug, info, warn or error (env MAQAL_LOG_LEVEL; default info)")
	flags.StringVar(&sf.logFormat, "log-format", "", "text or json (env MAQAL_LOG_FORMAT; default text)")
	flags.BoolVar(&sf.noPacing, "no-pacing", false, "send as fast as the Bot API answers, ignoring Telegram's limits: for benchmarks against a fake or local Bot API server, never for api.telegram.org")
	var cfg engineConfig
	cfg.flags(flags)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "Usage: maqal serve [flags]\n\nRuns the Telegram bot. The bot token is read from TELEGRAM_BOT_TOKEN (or .env);\nMAQAL_ALLOWED_CHATS limits it to some chats. Flags override the environment:\n\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{err.Error()}
	}
	if flags.NArg() > 0 {
		return &usageError{fmt.Sprintf("serve takes no arguments, not %q", flags.Arg(0))}
	}
	logger, err := newLogger(stderr, cmp.Or(sf.logLevel, getenv("MAQAL_LOG_LEVEL")), cmp.Or(sf.logFormat, getenv("MAQAL_LOG_FORMAT")))
	if err != nil {
		return err
	}
	token := strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN"))
	if token == "" {
		return &usageError{"TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather in Telegram and put it in .env (see .env.example); `maqal chat` tries the bot in a terminal without one"}
	}
	allowed, err := parseChats(getenv("MAQAL_ALLOWED_CHATS"))
	if err != nil {
		return &usageError{err.Error()}
	}
	engine, err := loadEngine(cfg, getenv, logger)
	if err != nil {
		return err
	}
	defer engine.Close()
	corpusName := cmp.Or(cfg.corpusDir, getenv("MAQAL_CORPUS"), "built-in article")
	b, err := bot.New(bot.NewRouter(engine), bot.Config{
		Token:         token,
		APIURL:        cmp.Or(sf.apiURL, getenv("TELEGRAM_API_URL")),
		Mode:          cmp.Or(sf.mode, getenv("MAQAL_MODE")),
		WebhookURL:    cmp.Or(sf.webhookURL, getenv("MAQAL_WEBHOOK_URL")),
		WebhookSecret: getenv("MAQAL_WEBHOOK_SECRET"),
		Listen:        cmp.Or(sf.listen, getenv("MAQAL_LISTEN")),
		AllowedChats:  allowed,
		Corpus:        corpusName,
		Limits:        bot.Limits{Off: sf.noPacing},
	}, logger)
	if err != nil {
		return &usageError{err.Error()}
	}
	return b.Run(ctx)
}

// parseChats reads MAQAL_ALLOWED_CHATS: chat ids separated by commas.
func parseChats(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("MAQAL_ALLOWED_CHATS: %q is not a chat id (ids are whole numbers, groups' negative, separated by commas)", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// newLogger makes the process's logger from MAQAL_LOG_LEVEL and
// MAQAL_LOG_FORMAT.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(cmp.Or(level, "info"))); err != nil {
		return nil, &usageError{fmt.Sprintf("MAQAL_LOG_LEVEL %q: want debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch cmp.Or(format, "text") {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, &usageError{fmt.Sprintf("MAQAL_LOG_FORMAT %q: want text or json", format)}
}
