package bot

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// view is what an answer message shows: which passage, whether the whole
// paragraph or the quote, and whether the English is beside it. Buttons
// change it and edit the message. It keeps the question, not the answer:
// the engine gives the same answer again in a fraction of a millisecond,
// and a kept question costs a hundred bytes where an answer costs a
// kilobyte.
type view struct {
	question string
	lang     string
	passage  int
	full     bool
	english  bool
}

// sessions keeps the views of answer messages under short random ids,
// since callback data holds at most 64 bytes. A view expires after ttl,
// and the oldest go first when there are more than max.
type sessions struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu    sync.Mutex
	views map[string]*stored
	order []string // ids, oldest first
}

type stored struct {
	v       view
	expires time.Time
}

func newSessions(ttl time.Duration, max int, now func() time.Time) *sessions {
	return &sessions{ttl: ttl, max: max, now: now, views: map[string]*stored{}}
}

// put stores v and returns its id: 11 characters of base64url.
func (s *sessions) put(v view) string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	id := base64.RawURLEncoding.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	s.views[id] = &stored{v: v, expires: s.now().Add(s.ttl)}
	s.order = append(s.order, id)
	for len(s.order) > s.max || len(s.order) > 0 && s.expired(s.order[0]) {
		delete(s.views, s.order[0])
		s.order = s.order[1:]
	}
	return id
}

func (s *sessions) expired(id string) bool {
	st, ok := s.views[id]
	return !ok || s.now().After(st.expires)
}

// get returns the view stored under id, unless it has expired.
func (s *sessions) get(id string) (view, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.expired(id) {
		return view{}, false
	}
	return s.views[id].v, true
}

// update replaces the view under id, keeping its expiry; it reports
// false when the view has expired.
func (s *sessions) update(id string, v view) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.expired(id) {
		return false
	}
	s.views[id].v = v
	return true
}
