// Package telegramtest provides a fake Telegram Bot API server for end-to-end tests of
// bots, in the way net/http/httptest provides servers for HTTP clients.
//
// NewServer starts the fake on a loopback address; point the bot at it with
// tgbot.WithServerURL(s.URL) (or TELEGRAM_API_URL) and the server's token. The test then
// acts as Telegram's users: SendText, SendReply, PressButton and InlineQuery queue updates
// that the bot receives through getUpdates or, once it has set a webhook, as POSTs to the
// target given by SetWebhookTarget. What the bot did is read back with Messages, Calls,
// Commands and the Wait… helpers, which fail the test after a timeout and list what was
// seen.
//
// The server speaks what github.com/go-telegram/bot sends (multipart forms with JSON
// strings inside fields) as well as url-encoded and JSON bodies, and it rejects what the
// real Bot API rejects with the real error descriptions, taken from the sources of
// tdlib/telegram-bot-api and TDLib: HTML that does not parse as Telegram parses it, text
// that is empty or longer than 4096 UTF-16 code units, unknown chats and messages, callback
// data over 64 bytes, inline answers with more than 50 results, bad webhooks, invalid bot
// commands. A few rules are stricter than Telegram, to catch output that Telegram would
// silently change (a bare "&", a blockquote inside a blockquote, a button with an empty
// copy_text or with two actions); their descriptions say "telegramtest is stricter".
// Rejected lists every call answered with an error that the test did not inject, so a
// test can end with
//
//	if r := s.Rejected(); len(r) > 0 {
//		t.Errorf("Telegram rejected %d calls: %+v", len(r), r)
//	}
//
// # Fault injection
//
// Tests of a bot's sending layer (retries, pacing, timeouts) make the server misbehave
// per method, matched in any case:
//
//   - Fail answers the next n calls with an error (429 with retry_after, 403, 5xx…);
//     FailEvery fails every n-th call until it is turned off, as a rate limit would.
//   - Drop closes the connection of the next n calls without any HTTP response.
//   - Delay answers the next n calls only after a pause; a call whose client gives up
//     meanwhile (or that the closing server interrupts) is abandoned.
//
// A call that fails, is dropped or is abandoned is never applied: a sendMessage creates
// no message, so Messages lists only messages whose success the bot could have seen (the
// real Bot API may apply a request whose client has gone; the fake does not). Such calls
// are in Calls (dropped and abandoned ones with Status 0 and Error "dropped" or
// "abandoned") and in Stats, not in Rejected. Delay's documentation says how faults
// pending for the same method combine.
//
// For load tests, AllMessages lists the bot's messages in every chat in creation order,
// each with its creation time (SentMessage.At), and Stats counts calls and errors by
// method. The server stays cheap per call with tens of thousands of calls, messages and
// queued updates: WaitMessages is woken only by its own chat, and getUpdates drains a
// backlog 100 updates at a time (its limit, clamped to 1..100 as Telegram does) without
// rescanning the queue.
package telegramtest
