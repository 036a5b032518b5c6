package telegramtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"time"
)

// queuedUpdate is an update waiting to be confirmed, already in its JSON form.
type queuedUpdate struct {
	id   int64
	kind string
	raw  json.RawMessage
}

// longPoll is a getUpdates request waiting for updates.
type longPoll struct {
	abort  chan struct{} // closed when another request terminates this one
	reason string        // the 409 description, set before abort is closed
	excuse bool          // whether that 409 is the webhook's doing
}

const (
	conflictWebhookActive = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
	conflictOtherPoll     = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	conflictSetWebhook    = "Conflict: terminated by setWebhook request"
)

// defaultAllowed says which update types are delivered when the bot never set
// allowed_updates: all but chat_member, message_reaction and message_reaction_count.
func defaultAllowed(kind string) bool {
	switch kind {
	case "chat_member", "message_reaction", "message_reaction_count":
		return false
	}
	return true
}

// enqueueLocked queues an update built by build with its update_id (id, or the next one
// when 0), and wakes long polls and the webhook. Like Telegram, it drops updates of a
// type the bot excluded with allowed_updates. s.mu must be held.
func (s *Server) enqueueLocked(id int64, kind string, build func(id int64) any) {
	if id == 0 {
		id = s.nextUpdateID
	}
	if id >= s.nextUpdateID {
		s.nextUpdateID = id + 1
	}
	if s.allowed == nil && !defaultAllowed(kind) || s.allowed != nil && !s.allowed[kind] {
		return
	}
	raw, _ := json.Marshal(build(id)) // built from models types and raw JSON: always marshals
	if n := len(s.queue); n > 0 && id <= s.queue[n-1].id {
		s.queueMixed = true // a Push with an older update_id
	}
	s.queue = append(s.queue, queuedUpdate{id: id, kind: kind, raw: raw})
	s.broadcastLocked()
}

// The queue keeps updates in the order they were queued. Update ids normally grow along
// it, which lets confirming and reading cost O(log n) plus the updates concerned, however
// long the backlog; only after a Push with an older update_id (queueMixed, until the
// queue empties) do they scan the queue.

// dropFrontLocked drops the first n queued updates. s.mu must be held.
func (s *Server) dropFrontLocked(n int) {
	clear(s.queue[:n]) // let the dropped JSON go
	s.queue = s.queue[n:]
	if len(s.queue) == 0 {
		s.clearQueueLocked()
	}
}

// clearQueueLocked drops every queued update. s.mu must be held.
func (s *Server) clearQueueLocked() {
	s.queue, s.queueMixed = nil, false
}

// firstAtLocked returns the index of the first queued update with id >= offset, when ids
// grow along the queue. s.mu must be held.
func (s *Server) firstAtLocked(offset int64) int {
	return sort.Search(len(s.queue), func(i int) bool { return s.queue[i].id >= offset })
}

// setAllowedLocked applies an allowed_updates parameter: a JSON array of update types,
// empty meaning Telegram's default. The setting stays until changed, as in Telegram.
func (s *Server) setAllowedLocked(param string, present bool) {
	if !present || param == "" {
		return
	}
	var kinds []string
	if json.Unmarshal([]byte(param), &kinds) != nil {
		return // Telegram ignores an allowed_updates it can't parse
	}
	if len(kinds) == 0 {
		s.allowed = nil
		return
	}
	s.allowed = map[string]bool{}
	for _, k := range kinds {
		s.allowed[k] = true
	}
}

// Confirmed returns the highest update_id confirmed through getUpdates' offset (offset-1).
func (s *Server) Confirmed() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Pending returns how many updates are queued and not yet confirmed (by a later offset,
// or by a successful webhook delivery).
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// confirmLocked applies a getUpdates offset: updates below a positive offset are
// confirmed and dropped for good; a negative offset keeps only the last -offset updates.
func (s *Server) confirmLocked(offset int64) {
	switch {
	case offset > 0:
		if !s.queueMixed {
			s.dropFrontLocked(s.firstAtLocked(offset))
		} else {
			keep := s.queue[:0]
			for _, u := range s.queue {
				if u.id >= offset {
					keep = append(keep, u)
				}
			}
			clear(s.queue[len(keep):])
			s.queue = keep
			if len(s.queue) == 0 {
				s.clearQueueLocked()
			}
		}
		if offset-1 > s.confirmed {
			s.confirmed = offset - 1
		}
	case offset < 0:
		if n := -offset; n < int64(len(s.queue)) {
			s.dropFrontLocked(len(s.queue) - int(n))
		}
	}
}

// availableLocked returns up to limit queued updates with id >= offset.
func (s *Server) availableLocked(offset int64, limit int) []json.RawMessage {
	out := []json.RawMessage{}
	queue := s.queue
	if offset > 0 && !s.queueMixed {
		queue = queue[s.firstAtLocked(offset):]
	}
	for _, u := range queue {
		if len(out) == limit {
			break
		}
		if offset <= 0 || u.id >= offset {
			out = append(out, u.raw)
		}
	}
	return out
}

func clampInt(v, lo, hi int64) int64 {
	return max(lo, min(v, hi))
}

// intArg reads an integer parameter like the Bot API's get_integer_arg: the default when
// absent, else clamped.
func intArg(r *request, name string, def, lo, hi int64) int64 {
	if v, ok := r.params[name]; ok && v != "" {
		return clampInt(toInt(v), lo, hi)
	}
	return def
}

func (s *Server) getUpdates(r *request) (any, *apiError) {
	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		return nil, &apiError{code: http.StatusConflict, desc: conflictWebhookActive, excused: true}
	}
	offset := toInt(r.params["offset"])
	limit := int(intArg(r, "limit", 100, 1, 100))
	timeout := time.Duration(intArg(r, "timeout", 0, 0, 50)) * time.Second
	s.setAllowedLocked(r.params["allowed_updates"], r.has("allowed_updates"))

	// Like the Bot API, repeating an offset within 3 s makes a short poll wait 3 s,
	// so a client that polls with timeout 0 does not spin.
	now := time.Now()
	if offset == s.lastOffset && timeout < 3*time.Second && now.Before(s.lastPollAt.Add(3*time.Second)) {
		timeout = 3 * time.Second
	}
	s.lastOffset, s.lastPollAt = offset, now
	timeout = min(timeout, s.opts.MaxPoll)

	s.confirmLocked(offset)
	if s.poll != nil {
		s.poll.reason = conflictOtherPoll
		close(s.poll.abort)
		s.poll = nil
	}
	if updates := s.availableLocked(offset, limit); len(updates) > 0 || timeout <= 0 {
		s.mu.Unlock()
		return updates, nil
	}
	poll := &longPoll{abort: make(chan struct{})}
	s.poll = poll
	changed := s.changed
	s.mu.Unlock()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	leave := func() {
		s.mu.Lock()
		if s.poll == poll {
			s.poll = nil
		}
		s.mu.Unlock()
	}
	for {
		select {
		case <-changed:
			s.mu.Lock()
			updates := s.availableLocked(offset, limit)
			changed = s.changed
			if len(updates) > 0 && s.poll == poll {
				s.poll = nil
				s.mu.Unlock()
				return updates, nil
			}
			s.mu.Unlock()
		case <-poll.abort:
			s.mu.Lock()
			reason, excuse := poll.reason, poll.excuse
			s.mu.Unlock()
			if !excuse {
				// A bot restarted by the test may be the one terminated: give its
				// cancelled request a moment to show as gone before calling it a conflict.
				select {
				case <-r.ctx.Done():
				case <-time.After(100 * time.Millisecond):
				}
			}
			return nil, &apiError{code: http.StatusConflict, desc: reason, excused: excuse}
		case <-timer.C:
			leave()
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.availableLocked(offset, limit), nil
		case <-r.ctx.Done():
			leave()
			return []json.RawMessage{}, nil
		case <-s.done:
			leave()
			return []json.RawMessage{}, nil
		}
	}
}
