package bot

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"
)

// dispatcher runs the handling of updates: one chat's updates in the
// order they came, different chats side by side. It remembers recent
// update ids, so that an update Telegram delivers twice (a webhook
// retry, a poll that returns what is still being handled) is handled
// once, and it says which updates are done, so that polling confirms
// only those.
type dispatcher struct {
	handle func(context.Context, *models.Update)
	// max is how many updates may wait or run at once.
	max     int
	metrics *metrics

	mu      sync.Mutex
	queues  map[int64][]*models.Update
	pending int
	seen    *idSet
	// order holds the ids taken, oldest first, until a prefix of them is
	// done; finished marks those done.
	order    []int64
	finished map[int64]bool
	changed  chan struct{} // signalled when an update is done
	wg       sync.WaitGroup
}

func newDispatcher(max int, m *metrics, handle func(context.Context, *models.Update)) *dispatcher {
	return &dispatcher{
		handle:   handle,
		max:      max,
		metrics:  m,
		queues:   map[int64][]*models.Update{},
		seen:     newIDSet(4 * max),
		finished: map[int64]bool{},
		changed:  make(chan struct{}, 1),
	}
}

// Outcomes of add.
const (
	accepted = iota
	duplicate
	busy
)

// add takes an update to handle in ctx. It returns duplicate for one
// already taken, and busy (without taking it) when too many wait.
func (d *dispatcher) add(ctx context.Context, u *models.Update) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen.has(u.ID) {
		return duplicate
	}
	if d.pending >= d.max {
		return busy
	}
	d.seen.add(u.ID)
	d.order = append(d.order, u.ID)
	d.pending++
	d.metrics.queue.Set(float64(d.pending))
	k := conversation(u)
	d.queues[k] = append(d.queues[k], u)
	if len(d.queues[k]) == 1 {
		d.wg.Add(1)
		go d.run(ctx, k)
	}
	return accepted
}

// skip records an update that is not handled (busy), so that it counts
// as done for confirmation.
func (d *dispatcher) skip(u *models.Update) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen.has(u.ID) {
		return
	}
	d.seen.add(u.ID)
	d.order = append(d.order, u.ID)
	d.finished[u.ID] = true
}

// run handles the queue of one conversation until it is empty.
func (d *dispatcher) run(ctx context.Context, k int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		u := d.queues[k][0]
		d.mu.Unlock()

		d.handle(ctx, u)

		d.mu.Lock()
		d.queues[k] = d.queues[k][1:]
		d.pending--
		d.metrics.queue.Set(float64(d.pending))
		// An update whose handling was cut short (the stop's drain ran
		// out) is not done: left unconfirmed, Telegram sends it again to
		// the next process.
		if ctx.Err() == nil {
			d.finished[u.ID] = true
		}
		empty := len(d.queues[k]) == 0
		if empty {
			delete(d.queues, k)
		}
		d.mu.Unlock()
		select {
		case d.changed <- struct{}{}:
		default:
		}
		if empty {
			return
		}
	}
}

// confirmable returns the id after which all updates taken are done, or
// -1 when none is: the offset to confirm is that plus one.
func (d *dispatcher) confirmable() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	last := int64(-1)
	n := 0
	for n < len(d.order) && d.finished[d.order[n]] {
		last = d.order[n]
		delete(d.finished, last)
		n++
	}
	d.order = d.order[n:]
	return last
}

// busyNow reports whether updates are still being handled.
func (d *dispatcher) busyNow() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending > 0
}

// wait returns when every update taken is handled, or ctx ends.
func (d *dispatcher) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// idSet remembers the last n ids added.
type idSet struct {
	ids  map[int64]bool
	ring []int64
	next int
}

func newIDSet(n int) *idSet { return &idSet{ids: map[int64]bool{}, ring: make([]int64, 0, n)} }

func (s *idSet) has(id int64) bool { return s.ids[id] }

func (s *idSet) add(id int64) {
	if len(s.ring) < cap(s.ring) {
		s.ring = append(s.ring, id)
	} else {
		delete(s.ids, s.ring[s.next])
		s.ring[s.next] = id
		s.next = (s.next + 1) % len(s.ring)
	}
	s.ids[id] = true
}
