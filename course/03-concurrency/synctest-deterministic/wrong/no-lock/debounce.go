// Package debounce coalesces bursts of events, e.g. re-indexing a patient
// record once after a flurry of edits rather than after every keystroke.
package debounce

import "time"

// Debouncer calls f once, wait after the last Trigger of a burst.
type Debouncer struct {
	wait  time.Duration
	f     func()
	timer *time.Timer // pending call, nil when idle
}

// New returns a Debouncer for f. f runs in its own goroutine.
func New(wait time.Duration, f func()) *Debouncer {
	return &Debouncer{wait: wait, f: f}
}

// Trigger records an event. f will run wait after the last Trigger, unless
// another Trigger arrives first (which restarts the wait) or Stop is called.
func (d *Debouncer) Trigger() {
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.wait, d.f)
}

// Stop cancels a pending call, if any. Triggers after Stop work normally.
func (d *Debouncer) Stop() {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}
