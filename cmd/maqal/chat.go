package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/maqal/maqal/bot"
)

// chatID is the one conversation of a terminal chat.
const chatID = 1

// runChat is "maqal chat": the bot's conversation in a terminal, through
// the same router as Telegram. Each line of standard input is a message
// (a question or a command); each reply is printed as plain text,
// followed by a blank line.
func runChat(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("chat", flag.ContinueOnError)
	flags.SetOutput(stderr)
	lang := flags.String("lang", "en", "the reader's language, for replies to messages without words of their own (/timeline): ar or en")
	var cfg engineConfig
	cfg.flags(flags)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{err.Error()}
	}
	if flags.NArg() > 0 {
		return &usageError{fmt.Sprintf("chat reads its messages from standard input, not %q", flags.Arg(0))}
	}
	switch *lang {
	case "ar", "en":
	default:
		return &usageError{fmt.Sprintf("--lang must be ar or en, not %q", *lang)}
	}
	engine, err := loadEngine(cfg, getenv, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer engine.Close()
	router := bot.NewRouter(engine)

	out := bufio.NewWriter(stdout)
	ansi := isTerminal(stdout)
	interactive := isTerminal(stdin)
	reply := func(text string) error {
		rep := router.Handle(ctx, bot.Message{ChatID: chatID, Text: text, ClientLang: *lang})
		fmt.Fprintf(out, "%s\n\n", rep.Plain(ansi))
		if interactive {
			fmt.Fprint(out, "> ")
		}
		return out.Flush()
	}
	if interactive {
		// A person at a terminal is greeted as Telegram greets them.
		if err := reply("/start"); err != nil {
			return err
		}
	}
	return eachLine(ctx, stdin, reply)
}
