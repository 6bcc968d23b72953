// Package debounce coalesces bursts of events, e.g. re-indexing a patient
// record once after a flurry of edits rather than after every keystroke.
package debounce

import (
	"sync"
	"time"
)

// Debouncer calls f once, wait after the last Trigger of a burst.
type Debouncer struct {
	wait time.Duration
	f    func()

	mu    sync.Mutex
	timer *time.Timer // pending call, nil when idle
}

// New returns a Debouncer for f. f runs in its own goroutine.
func New(wait time.Duration, f func()) *Debouncer {
	return &Debouncer{wait: wait, f: f}
}

// Trigger records an event. f will run wait after the last Trigger, unless
// another Trigger arrives first (which restarts the wait) or Stop is called.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	// One timer per burst: each Trigger pushes the deadline back. Since Go
	// 1.23, Stop and Reset guarantee that a stopped timer's function does not
	// run afterwards, unless it had already started.
	if d.timer != nil {
		d.timer.Stop()
	}
	var t *time.Timer
	t = time.AfterFunc(d.wait, func() {
		d.mu.Lock()
		// A Trigger may have replaced the timer while this call was
		// starting; only the current timer marks the debouncer idle.
		if d.timer == t {
			d.timer = nil
		}
		d.mu.Unlock()
		d.f()
	})
	d.timer = t
}

// Stop cancels a pending call, if any. Triggers after Stop work normally.
func (d *Debouncer) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}
