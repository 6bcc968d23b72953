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
	answers := make(chan string)
	failures := make(chan error)
	for _, b := range backends {
		go func() {
			v, err := b(ctx, query)
			if err != nil {
				failures <- err
				return
			}
			answers <- v
		}()
	}
	var errs []error
	for range backends {
		select {
		case v := <-answers:
			return v, nil
		case err := <-failures:
			errs = append(errs, err)
		}
	}
	return "", errors.Join(errs...)
}
