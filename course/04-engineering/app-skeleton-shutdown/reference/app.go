// Package app is a service skeleton: constructor wiring, validated
// configuration and a graceful shutdown that loses no work.
package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// FlushFunc is the background job, e.g. writing buffered records to storage.
type FlushFunc func(ctx context.Context) error

// App is an HTTP server plus one background worker.
type App struct {
	cfg   Config
	log   *slog.Logger
	srv   *http.Server
	flush FlushFunc
}

// New wires the app from its dependencies. It starts nothing, so a test can
// build an App with fakes and no side effects.
func New(cfg Config, log *slog.Logger, handler http.Handler, flush FlushFunc) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil || handler == nil || flush == nil {
		return nil, errors.New("app.New: logger, handler and flush are required")
	}
	return &App{
		cfg:   cfg,
		log:   log,
		flush: flush,
		// ReadHeaderTimeout: a client that never finishes its headers must not
		// hold a connection (and delay Shutdown) forever.
		srv: &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second},
	}, nil
}

// Run listens on cfg.Addr and serves until ctx is cancelled.
func (a *App) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled, then shuts down in order: stop
// accepting, let in-flight requests finish (up to cfg.ShutdownTimeout), stop
// the worker after one final flush, and return once everything has exited.
// It returns nil after a clean shutdown and context.DeadlineExceeded when
// requests were still running at the deadline (they are then cut off).
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	// The worker gets its own context: it must keep running while requests
	// drain, because those requests may still hand it work.
	workerCtx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWorker()
	var wg sync.WaitGroup
	wg.Go(func() { a.runWorker(workerCtx) })

	serveErr := make(chan error, 1)
	go func() { serveErr <- a.srv.Serve(ln) }()

	var err error
	select {
	case err = <-serveErr: // the listener failed: nothing to drain
	case <-ctx.Done():
		// ctx is already cancelled, so the drain deadline must start from a
		// fresh context or Shutdown would give up immediately.
		sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
		err = a.srv.Shutdown(sctx)
		cancel()
		if err != nil {
			// Requests outlived the deadline: close their connections so their
			// goroutines end instead of outliving the app.
			a.log.Warn("shutdown deadline passed, closing remaining connections", "timeout", a.cfg.ShutdownTimeout)
			a.srv.Close()
		}
		if serr := <-serveErr; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
	}
	stopWorker()
	wg.Wait()
	return err
}

// runWorker flushes every cfg.FlushInterval and once more when stopped, so
// whatever was buffered while requests drained still reaches storage.
func (a *App) runWorker(ctx context.Context) {
	t := time.NewTicker(a.cfg.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := a.flush(ctx); err != nil {
				a.log.Error("flush", "err", err)
			}
		case <-ctx.Done():
			// The final flush gets a live context with its own deadline: the
			// cancelled one would make it fail before it starts.
			fctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
			defer cancel()
			if err := a.flush(fctx); err != nil {
				a.log.Error("final flush", "err", err)
			}
			return
		}
	}
}
