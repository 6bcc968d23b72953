// Package fetch loads records from a slow source concurrently.
package fetch

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Result is one fetched record.
type Result struct {
	ID   string
	Body string
}

// Source fetches one record. Implementations stop and return ctx.Err()
// (possibly wrapped) when ctx is done.
type Source interface {
	Fetch(ctx context.Context, id string) (Result, error)
}

// FetchAll fetches every id from src and returns the results in the order
// of ids.
//
//   - At most limit calls run at the same time (limit >= 1).
//   - Each call gets perCall time, but never more than ctx allows.
//   - When a call fails, the calls still running are cancelled, no new call
//     starts, and FetchAll returns an error wrapping the first failure.
//   - When ctx is cancelled or its deadline passes, FetchAll returns an error
//     wrapping ctx's cause.
//   - When FetchAll returns, no goroutine it started is still running.
func FetchAll(ctx context.Context, src Source, ids []string, perCall time.Duration, limit int) ([]Result, error) {
	if limit < 1 {
		limit = 1
	}
	// One cancel for the whole batch: the first failure records itself as
	// the cause, which also cancels every call derived from ctx.
	caller := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	results := make([]Result, len(ids)) // each goroutine writes only its own index
	slots := make(chan struct{}, limit)
	var wg sync.WaitGroup
launch:
	for i, id := range ids {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			break launch
		}
		wg.Go(func() {
			defer func() { <-slots }()
			// WithTimeout under ctx: the call's deadline is the earlier of
			// now+perCall and the caller's deadline.
			callCtx, cancelCall := context.WithTimeout(ctx, perCall)
			defer cancelCall()
			r, err := src.Fetch(callCtx, id)
			if err != nil {
				cancel(fmt.Errorf("fetch %s: %w", id, err))
				return
			}
			results[i] = r
		})
	}
	// Waiting here is what guarantees that no goroutine outlives the call.
	wg.Wait()
	if err := caller.Err(); err != nil {
		return nil, fmt.Errorf("fetch all: %w", err) // the caller gave up
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return results, nil
}
