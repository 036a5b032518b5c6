package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

func TestFoldKey(t *testing.T) {
	words := []string{
		"sendMessage", "SENDMESSAGE", "sendmessage", "ſendMessage", "getMe", "GETME", "K", "k",
		"\u212a", "µ", "Μ", "μ", "İ", "i", "I", "ı", "straße", "STRASSE", "\xff", "\xfe", "\ufffd", "",
	}
	for _, a := range words {
		for _, b := range words {
			if want, got := strings.EqualFold(a, b), foldKey(a) == foldKey(b); got != want {
				t.Errorf("foldKey(%q) == foldKey(%q) is %v, strings.EqualFold says %v", a, b, got, want)
			}
		}
	}
}

func TestMethodNames(t *testing.T) {
	if len(methodNames) != len(handlers) {
		t.Errorf("%d method names for %d handlers", len(methodNames), len(handlers))
	}
	for key := range handlers {
		if name := methodNames[key]; strings.ToLower(name) != key {
			t.Errorf("handler %q has no Bot API spelling", key)
		}
	}
	if got := canonicalMethod("SENDmessage"); got != "sendMessage" {
		t.Errorf("canonicalMethod(SENDmessage) = %q", got)
	}
	if got := canonicalMethod("sendPhoto"); got != "sendPhoto" {
		t.Errorf("canonicalMethod(sendPhoto) = %q", got)
	}
}

// goTB is a testing.TB for helpers run outside the test's goroutine: its Fatalf marks
// the test failed and ends only the calling goroutine.
type goTB struct{ testing.TB }

func (tb goTB) Fatalf(format string, args ...any) {
	tb.Helper()
	tb.Errorf(format, args...)
	runtime.Goexit()
}

// TestManyMessages creates 10,000 messages in 500 chats, without HTTP, while a
// WaitMessages waits in every chat: the cost per message must not grow with the number
// of messages or of waiters.
func TestManyMessages(t *testing.T) {
	const chats, perChat = 500, 20
	s := NewServer(t, Options{})
	for i := range chats {
		s.SendText(GroupChat(-int64(i+1), "load"), models.User{ID: 7, FirstName: "u"}, "/start")
	}
	var waiters sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for i := range chats {
		waiters.Go(func() {
			got := s.WaitMessages(goTB{t}, -int64(i+1), perChat, 30*time.Second)
			if len(got) != perChat || got[perChat-1].Text != strconv.Itoa(perChat-1) {
				mu.Lock()
				failures = append(failures, fmt.Sprintf("chat %d: %d messages", i, len(got)))
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	for k := range perChat {
		for i := range chats {
			r := &request{ctx: context.Background(), method: "sendMessage", params: map[string]string{
				"chat_id": strconv.Itoa(-(i + 1)), "text": strconv.Itoa(k)}}
			if _, err := s.sendMessage(r); err != nil {
				t.Fatalf("sendMessage: %v", err)
			}
		}
	}
	waiters.Wait()
	took := time.Since(start)
	t.Logf("%d messages in %d chats with %d waiters: %v", chats*perChat, chats, chats, took)
	if len(failures) > 0 {
		t.Errorf("%v", failures)
	}
	if limit := 10 * time.Second; took > limit {
		t.Errorf("took %v, want well under %v", took, limit)
	}
	all := s.AllMessages()
	if len(all) != chats*perChat || all[0].ChatID != -1 || all[chats].ChatID != -1 || all[chats].Text != "1" {
		t.Errorf("AllMessages() = %d messages, first %+v", len(all), all[0])
	}
	if st := s.Stats(); st.Messages != chats*perChat {
		t.Errorf("Stats().Messages = %d", st.Messages)
	}
}

// TestQueueDrainOneByOne drains 20,000 updates one getUpdates (limit 1) at a time: with
// a queue scanned on every call this is 2×10⁸ steps.
func TestQueueDrainOneByOne(t *testing.T) {
	const updates = 20000
	s := NewServer(t, Options{})
	chat := PrivateChat(models.User{ID: 7, FirstName: "u"})
	for i := range updates {
		s.SendText(chat, models.User{ID: 7, FirstName: "u"}, strconv.Itoa(i))
	}
	start := time.Now()
	offset := int64(0)
	for range updates {
		r := &request{ctx: context.Background(), method: "getUpdates", params: map[string]string{
			"offset": strconv.FormatInt(offset, 10), "limit": "1"}}
		result, err := s.getUpdates(r)
		if err != nil {
			t.Fatalf("getUpdates: %v", err)
		}
		if got := len(result.([]json.RawMessage)); got != 1 {
			t.Fatalf("getUpdates offset=%d: %d updates", offset, got)
		}
		offset = max(offset, 1) + 1
	}
	took := time.Since(start)
	t.Logf("drained %d updates one by one in %v", updates, took)
	if limit := 5 * time.Second; took > limit {
		t.Errorf("took %v, want well under %v", took, limit)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) != 1 || s.queue[0].id != updates || s.queueMixed {
		t.Errorf("queue after draining: %d updates, mixed %v", len(s.queue), s.queueMixed)
	}
}

// TestQueueMixedIDs checks that a Push with an older update_id is still confirmed and
// delivered as before.
func TestQueueMixedIDs(t *testing.T) {
	s := NewServer(t, Options{})
	u := models.User{ID: 7, FirstName: "u"}
	chat := PrivateChat(u)
	s.Push(models.Update{ID: 10, Message: &models.Message{Chat: chat, From: &u, Text: "10"}})
	s.Push(models.Update{ID: 5, Message: &models.Message{Chat: chat, From: &u, Text: "5"}})
	s.SendText(chat, u, "11")
	s.mu.Lock()
	if !s.queueMixed {
		t.Error("queue not marked mixed")
	}
	if got := len(s.availableLocked(6, 100)); got != 2 {
		t.Errorf("%d updates from offset 6, want 2", got)
	}
	s.confirmLocked(11)
	if len(s.queue) != 1 || s.queue[0].id != 11 {
		t.Errorf("after offset 11: %+v", s.queue)
	}
	s.confirmLocked(12)
	if len(s.queue) != 0 || s.queueMixed {
		t.Errorf("after offset 12: %d left, mixed %v", len(s.queue), s.queueMixed)
	}
	s.mu.Unlock()
}
