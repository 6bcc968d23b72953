// Package fetch loads records from a slow source concurrently.
package fetch

import (
	"context"
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
	results := make([]Result, len(ids))
	errs := make(chan error)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := src.Fetch(context.Background(), id)
			if err != nil {
				errs <- err
				return
			}
			results[i] = r
		}()
	}
	go func() {
		wg.Wait()
		close(errs)
	}()
	if err, ok := <-errs; ok {
		return nil, err
	}
	return results, nil
}
