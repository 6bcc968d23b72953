package debounce

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// calls records when f ran, in fake time since the bubble started.
type calls struct {
	mu    sync.Mutex
	start time.Time
	at    []time.Duration
}

func (c *calls) f() {
	c.mu.Lock()
	c.at = append(c.at, time.Since(c.start))
	c.mu.Unlock()
}

func (c *calls) times() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.at...)
}

func TestBurstCallsOnceAfterTheLastTrigger(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{start: time.Now()}
		d := New(time.Second, c.f)
		for range 5 {
			d.Trigger()
			time.Sleep(300 * time.Millisecond)
		}
		// Last trigger at 1.2s, so the call is due at 2.2s.
		time.Sleep(5 * time.Second)
		synctest.Wait()
		got := c.times()
		if len(got) != 1 || got[0] != 2200*time.Millisecond {
			t.Fatalf("f ran at %v; want exactly once, at 2.2s (1s after the last of 5 triggers 300ms apart)", got)
		}
	})
}

func TestSeparateBurstsCallSeparately(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{start: time.Now()}
		d := New(500*time.Millisecond, c.f)
		d.Trigger()
		d.Trigger()
		time.Sleep(2 * time.Second)
		d.Trigger()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		got := c.times()
		want := []time.Duration{500 * time.Millisecond, 2500 * time.Millisecond}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("f ran at %v; want %v", got, want)
		}
	})
}

func TestStopCancelsThePendingCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{start: time.Now()}
		d := New(time.Second, c.f)
		d.Trigger()
		time.Sleep(500 * time.Millisecond)
		d.Stop()
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if got := c.times(); len(got) != 0 {
			t.Fatalf("f ran at %v after Stop; want no call", got)
		}
		d.Trigger() // still usable after Stop
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := c.times(); len(got) != 1 || got[0] != 4500*time.Millisecond {
			t.Fatalf("f ran at %v; want one call at 4.5s for the Trigger after Stop", got)
		}
	})
}

// TestConcurrentTriggerAndStop calls Trigger and Stop from several goroutines
// at once, as the edits of different users would.
func TestConcurrentTriggerAndStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &calls{start: time.Now()}
		d := New(time.Second, c.f)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 10 {
					d.Trigger()
				}
			})
		}
		wg.Wait()
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if got := c.times(); len(got) != 1 || got[0] != time.Second {
			t.Fatalf("f ran at %v after 80 Triggers from 8 goroutines at 0s; want exactly once, at 1s: a timer that two Triggers replaced at the same moment was never stopped", got)
		}

		// Triggers and Stops interleave; the final Stop must leave nothing pending.
		for range 4 {
			wg.Go(func() {
				for range 10 {
					d.Trigger()
				}
			})
			wg.Go(func() {
				for range 10 {
					d.Stop()
				}
			})
		}
		wg.Wait()
		d.Stop()
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if got := c.times(); len(got) != 1 {
			t.Fatalf("f ran at %v; want no call after the Stop at 3s that followed concurrent Triggers and Stops: a timer lost in the race still fired", got)
		}

		d.Trigger() // still usable
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := c.times(); len(got) != 2 || got[1] != 7*time.Second {
			t.Fatalf("f ran at %v; want a second call at 7s, 1s after the Trigger at 6s", got)
		}
	})
}
