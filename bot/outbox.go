package bot

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"golang.org/x/time/rate"
)

// Limits are the sending limits the bot keeps to, below Telegram's: about
// one message a second to a chat, twenty a minute to a group, thirty a
// second in all.
type Limits struct {
	// PerChat, PerGroup and Global are messages a second; zero takes the
	// default. A group message waits for both PerChat and PerGroup.
	PerChat, PerGroup, Global rate.Limit
	// Off turns pacing off (benchmarks, tests of throughput).
	Off bool
}

// Default sending limits. A group's bucket holds five messages and
// refills one every four seconds, so no minute carries more than 20.
const (
	defaultPerChat  = rate.Limit(1)
	defaultPerGroup = rate.Limit(1.0 / 4)
	groupBurst      = 5
	defaultGlobal   = rate.Limit(30)
)

func (l Limits) withDefaults() Limits {
	if l.PerChat <= 0 {
		l.PerChat = defaultPerChat
	}
	if l.PerGroup <= 0 {
		l.PerGroup = defaultPerGroup
	}
	if l.Global <= 0 {
		l.Global = defaultGlobal
	}
	return l
}

// Retry policy for one call to Telegram.
const (
	maxAttempts = 8
	backoffBase = 500 * time.Millisecond
	backoffCap  = 30 * time.Second
)

// errGaveUp is returned by outbox.do when a call was dropped for good
// (and logged).
var errGaveUp = errors.New("gave up")

// outbox sends to Telegram within the limits, retrying what can be
// retried: after a 429 it waits as long as Telegram says, after a
// network error or a 5xx it backs off exponentially with jitter; a 403
// (the bot was blocked or removed) is dropped and logged once a chat.
type outbox struct {
	limits  Limits
	log     *slog.Logger
	metrics *metrics
	global  *rate.Limiter
	chats   *keyedLimiters
	groups  *keyedLimiters
	sleep   func(context.Context, time.Duration) error

	mu      sync.Mutex
	blocked map[int64]bool // chats where a 403 was logged (at most maxRemembered)
}

// maxRemembered bounds the maps kept by chat (blocked chats, /lang
// choices): past it, an arbitrary entry is forgotten for each new one.
const maxRemembered = 100_000

func newOutbox(limits Limits, log *slog.Logger, m *metrics) *outbox {
	limits = limits.withDefaults()
	return &outbox{
		limits:  limits,
		log:     log,
		metrics: m,
		global:  rate.NewLimiter(limits.Global, 1),
		chats:   newKeyedLimiters(limits.PerChat, 1),
		groups:  newKeyedLimiters(limits.PerGroup, groupBurst),
		sleep:   sleepCtx,
		blocked: map[int64]bool{},
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pace waits until a message may go to chat.
func (o *outbox) pace(ctx context.Context, chat int64) error {
	if o.limits.Off {
		return nil
	}
	if chat < 0 { // groups, supergroups and channels have negative ids
		if err := o.groups.get(chat).Wait(ctx); err != nil {
			return err
		}
	}
	if err := o.chats.get(chat).Wait(ctx); err != nil {
		return err
	}
	return o.global.Wait(ctx)
}

// do runs call, one attempt of a Telegram method, until it succeeds or
// cannot. A message to a chat (paced is set) waits for the limits before
// each attempt. A 400 is returned at once for the caller to judge (a
// parse error is resent as plain text); a give-up is logged with the
// chat and the reason and returned as errGaveUp.
func (o *outbox) do(ctx context.Context, chat int64, method string, paced bool, call func(context.Context) error) error {
	var backoff time.Duration
	for attempt := 1; ; attempt++ {
		if paced {
			if err := o.pace(ctx, chat); err != nil {
				return o.giveUp(chat, method, "shutting down: "+err.Error(), err)
			}
		}
		err := call(ctx)
		if err == nil {
			return nil
		}
		var tooMany *tgbot.TooManyRequestsError
		var wait time.Duration
		switch {
		case ctx.Err() != nil:
			return o.giveUp(chat, method, "shutting down", err)
		case errors.As(err, &tooMany):
			o.metrics.rateLimited.WithLabelValues("telegram").Inc()
			wait = time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			o.log.Warn("Telegram asks to slow down", "chat", chat, "method", method, "retry_after", wait)
		case errors.Is(err, tgbot.ErrorForbidden):
			o.mu.Lock()
			first := !o.blocked[chat]
			if first && len(o.blocked) >= maxRemembered {
				for k := range o.blocked {
					delete(o.blocked, k)
					break
				}
			}
			o.blocked[chat] = true
			o.mu.Unlock()
			if first {
				o.log.Warn("the bot may not write to this chat (blocked, or removed from the group); its messages are dropped", "chat", chat, "err", err)
			}
			o.metrics.gaveUp.WithLabelValues(method).Inc()
			return errGaveUp
		case errors.Is(err, tgbot.ErrorBadRequest):
			return err
		case permanent(err):
			return o.giveUp(chat, method, "refused", err)
		default: // a network error or a 5xx
			backoff = min(max(2*backoff, backoffBase), backoffCap)
			wait = backoff/2 + rand.N(backoff/2+1) // jitter
		}
		if attempt == maxAttempts {
			return o.giveUp(chat, method, "too many attempts", err)
		}
		if err := o.sleep(ctx, wait); err != nil {
			return o.giveUp(chat, method, "shutting down while waiting to retry", err)
		}
	}
}

// permanent reports errors that trying again cannot mend.
func permanent(err error) bool {
	var migrate *tgbot.MigrateError
	return errors.As(err, &migrate) || errors.Is(err, tgbot.ErrorUnauthorized) ||
		errors.Is(err, tgbot.ErrorNotFound) || errors.Is(err, tgbot.ErrorConflict)
}

func (o *outbox) giveUp(chat int64, method, reason string, err error) error {
	o.log.Warn("gave up sending", "chat", chat, "method", method, "reason", reason, "err", err)
	o.metrics.gaveUp.WithLabelValues(method).Inc()
	return errGaveUp
}

// isNotModified reports an edit that changed nothing: not a failure.
func isNotModified(err error) bool {
	return err != nil && strings.Contains(err.Error(), "message is not modified")
}

// keyedLimiters holds a rate limiter for each key (a chat, a user),
// forgetting those unused for a while so that memory stays bounded.
type keyedLimiters struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	m       map[int64]*keyedLimiter
	inserts int
}

type keyedLimiter struct {
	*rate.Limiter
	used time.Time
	// noticed is for the caller: whether the key was told it is limited.
	noticed bool
}

// idleAfter is how long an unused limiter is kept: long enough that it
// is full again, so forgetting it changes nothing.
const idleAfter = 10 * time.Minute

func newKeyedLimiters(limit rate.Limit, burst int) *keyedLimiters {
	return &keyedLimiters{limit: limit, burst: burst, m: map[int64]*keyedLimiter{}}
}

func (k *keyedLimiters) get(key int64) *keyedLimiter {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := time.Now()
	l, ok := k.m[key]
	if !ok {
		k.inserts++
		if k.inserts%1024 == 0 {
			for id, old := range k.m {
				if now.Sub(old.used) > idleAfter {
					delete(k.m, id)
				}
			}
		}
		l = &keyedLimiter{Limiter: rate.NewLimiter(k.limit, k.burst)}
		k.m[key] = l
	}
	l.used = now
	return l
}

// allow reports whether key may go on now; when it may not, notice says
// whether this is the first refusal since it last could, so that a
// reader is told once, not at every message.
func (k *keyedLimiters) allow(key int64) (ok, notice bool) {
	l := k.get(key)
	k.mu.Lock()
	defer k.mu.Unlock()
	if l.Allow() {
		l.noticed = false
		return true, false
	}
	notice = !l.noticed
	l.noticed = true
	return false, notice
}
