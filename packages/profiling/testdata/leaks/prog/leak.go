// Package leakfixture has the classic goroutine leaks a learner writes: a
// worker nobody sends to, a producer nobody reads from, and a select that
// waits on a channel nobody closes.
package leakfixture

import "time"

// FirstResult starts a query per replica and returns the first answer; the
// other senders block forever on the unbuffered channel.
func FirstResult(replicas int) int {
	ch := make(chan int)
	for i := 0; i < replicas; i++ {
		go func() { ch <- i }()
	}
	return <-ch
}

// StartWorker starts a worker that waits for jobs that never come.
func StartWorker() {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			_ = j
		}
	}()
}

// Watch waits for a stop signal or a tick; nobody closes done.
func Watch(done chan struct{}) {
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
		}
	}()
}
