// Package search asks several replicas the same question and keeps the
// first good answer.
package search

import (
	"context"
	"errors"
)

// Backend answers a query. It must return promptly once ctx is cancelled.
type Backend func(ctx context.Context, query string) (string, error)

// ErrNoBackends is returned when there is nobody to ask.
var ErrNoBackends = errors.New("search: no backends")

// First sends query to every backend concurrently and returns the first
// successful answer. If every backend fails it returns all their errors
// joined. It returns ctx.Err() if ctx ends first. When First returns, the
// backends still running must be told to stop (their context is cancelled)
// and no goroutine started by First may stay blocked.
func First(ctx context.Context, backends []Backend, query string) (string, error) {
	if len(backends) == 0 {
		return "", ErrNoBackends
	}
	// The losers learn that nobody needs their answer through this context;
	// the deferred cancel runs on every return path.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type outcome struct {
		answer string
		err    error
	}
	outcomes := make(chan outcome)
	for _, b := range backends {
		go func() {
			v, err := b(ctx, query)
			outcomes <- outcome{v, err}
		}()
	}
	var errs []error
	for range backends {
		select {
		case o := <-outcomes:
			if o.err == nil {
				return o.answer, nil
			}
			errs = append(errs, o.err)
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return "", errors.Join(errs...)
}
