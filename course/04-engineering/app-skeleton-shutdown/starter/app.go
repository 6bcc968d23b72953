// Package app is a service skeleton: constructor wiring, validated
// configuration and a graceful shutdown that loses no work.
package app

import (
	"context"
	"log/slog"
	"net"
	"net/http"
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

// New wires the app from its dependencies without checking any of them.
func New(cfg Config, log *slog.Logger, handler http.Handler, flush FlushFunc) (*App, error) {
	return &App{cfg: cfg, log: log, flush: flush, srv: &http.Server{Handler: handler}}, nil
}

// Run listens on cfg.Addr and serves until ctx is cancelled.
func (a *App) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled. It starts a flush loop that
// nobody stops and closes the server, cutting off in-flight requests.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	go func() {
		for range time.Tick(a.cfg.FlushInterval) {
			if err := a.flush(ctx); err != nil {
				a.log.Error("flush", "err", err)
			}
		}
	}()
	go a.srv.Serve(ln)
	<-ctx.Done()
	return a.srv.Close()
}
