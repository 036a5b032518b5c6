// Command maqal answers questions about an Arabic article by quoting its
// passages. Run "maqal help" for the commands.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/joho/godotenv"

	"github.com/maqal/maqal/corpus"
	"github.com/maqal/maqal/retrieval"
)

func main() {
	if err := run(context.Background(), os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "maqal:", err)
		os.Exit(exitCode(err))
	}
}

const usage = `maqal answers questions about an Arabic article by quoting it.

Usage:
  maqal [serve] [--mode polling|webhook] [--listen ADDR] [--webhook-url URL] [--api-url URL]
        [--log-level L] [--log-format text|json] [--corpus DIR] [--no-translation]
        run the Telegram bot (the token is read from TELEGRAM_BOT_TOKEN or .env)
  maqal ask [--json] [-k N] [--lang auto|ar|en] [--corpus DIR] [--no-translation] [--explain] [QUESTION...]
        answer QUESTION, or each line of standard input when none is given;
        flags may come before or after the question, and -- ends them
  maqal chat [--lang ar|en] [--corpus DIR] [--no-translation]
        talk to the bot in a terminal: each line of standard input is a
        message (a question, or a command such as /who, /timeline, /quote 5,
        /about, /help), and each reply is printed as plain text
  maqal eval [--set FILE]... [-v] [--corpus DIR] [--no-translation]
        score the engine on question sets (default: the sets in testdata/)
  maqal health [URL]
        exit 0 if the running bot answers on /healthz (MAQAL_LISTEN), 1 if not
  maqal help
        show this text

The article is built in; --corpus (or MAQAL_CORPUS) reads another one from a
folder in the same format (see README.md). English questions on an article
without a translation go through FreeDict's English-Arabic dictionary
(MAQAL_DICT, default /usr/share/dictd/freedict-eng-ara.index). The bot's
configuration is described in .env.example.
`

// usageError is a mistake in the command line: the message is shown with
// a pointer to help, and the exit code is 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg + " (see maqal help)" }

func exitCode(err error) int {
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return 2
	case errors.Is(err, context.Canceled):
		return 130 // interrupted, as a shell reports it
	}
	return 1
}

// run is the whole program, with its inputs and outputs passed in so that
// tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) < 2 {
		args = append(args, "serve") // "maqal" alone runs the bot
	}
	// Configuration is read only by the commands that use it, so that a
	// broken .env does not stand in the way of "maqal help".
	config := func() (func(string) string, error) { return withDotenv(getenv, ".env") }
	switch cmd, rest := args[1], args[2:]; cmd {
	case "ask":
		getenv, err := config()
		if err != nil {
			return err
		}
		return runAsk(ctx, rest, getenv, stdin, stdout, stderr)
	case "serve":
		getenv, err := config()
		if err != nil {
			return err
		}
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "health":
		getenv, err := config()
		if err != nil {
			return err
		}
		return runHealth(ctx, rest, getenv, stdout)
	case "chat":
		getenv, err := config()
		if err != nil {
			return err
		}
		return runChat(ctx, rest, getenv, stdin, stdout, stderr)
	case "eval":
		getenv, err := config()
		if err != nil {
			return err
		}
		return runEval(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return &usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}

// withDotenv returns a getenv that falls back to the variables of the
// dotenv file at path, when there is one: real environment variables win
// over the file.
func withDotenv(getenv func(string) string, path string) (func(string) string, error) {
	file, err := godotenv.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return getenv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return func(key string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return file[key]
	}, nil
}

// engineConfig is what the commands that answer share: where the
// article is and whether its translation is used.
type engineConfig struct {
	corpusDir     string
	noTranslation bool
	// dictionary is where the dictionary is looked for when MAQAL_DICT
	// is not set; "" means retrieval.DefaultDictionary.
	dictionary string
}

func (c *engineConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.corpusDir, "corpus", "", "read the article from this folder instead of the built-in one (env MAQAL_CORPUS)")
	fs.BoolVar(&c.noTranslation, "no-translation", false, "leave the article's English translation out of the search: English questions go through the dictionary")
}

// loadEngine loads the article from the configured folder (or
// MAQAL_CORPUS, or the embedded one) and indexes it, with the
// English–Arabic dictionary when English questions will need it.
func loadEngine(c engineConfig, getenv func(string) string, logger *slog.Logger) (*retrieval.Engine, error) {
	dir := c.corpusDir
	if dir == "" {
		dir = getenv("MAQAL_CORPUS")
	}
	var (
		a   *corpus.Article
		err error
	)
	if dir == "" {
		a, err = corpus.Embedded()
	} else {
		a, err = corpus.LoadDir(dir)
	}
	if err != nil {
		return nil, err
	}
	opts := retrieval.Options{NoTranslation: c.noTranslation}
	if c.noTranslation || !a.HasTranslation() {
		path := getenv("MAQAL_DICT")
		dict, err := retrieval.OpenDictionary(cmp.Or(path, c.dictionary, retrieval.DefaultDictionary), logger)
		switch {
		case err != nil && path != "":
			return nil, fmt.Errorf("MAQAL_DICT: %w", err)
		case err != nil:
			logger.Warn("no English-Arabic dictionary: English questions on this article will match names only; install the Debian package dict-freedict-eng-ara or set MAQAL_DICT",
				"article", a.Source, "error", err)
		default:
			opts.Dictionary = dict
		}
	}
	return retrieval.New(a, opts)
}
