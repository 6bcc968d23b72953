// Package ingest accepts ePRO (electronic patient-reported outcome) records
// over HTTP and processes them on a fixed pool of workers.
package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Record is one questionnaire answer submitted by a patient's device.
type Record struct {
	PatientID     string    `json:"patient_id"`
	Questionnaire string    `json:"questionnaire"`
	Score         int       `json:"score"`
	RecordedAt    time.Time `json:"recorded_at"`
}

// Validate reports the first problem that makes r unusable.
func (r Record) Validate() error {
	switch {
	case r.PatientID == "":
		return errors.New("patient_id is required")
	case r.Questionnaire == "":
		return errors.New("questionnaire is required")
	case r.Score < 0 || r.Score > 10:
		return fmt.Errorf("score %d is outside 0..10", r.Score)
	case r.RecordedAt.IsZero():
		return errors.New("recorded_at is required")
	}
	return nil
}

// Config wires the service. Process and ReportItem are injected so that
// tests (and production) decide what "processing" costs.
type Config struct {
	QueueSize  int                                  // default 1024
	Workers    int                                  // default 10
	RetryAfter time.Duration                        // sent with 503; default 1s
	Process    func(context.Context, Record) error  // required
	ReportItem func(context.Context, Record) string // one report line per processed record; required
}

// Metrics are the service's counters at one instant.
type Metrics struct {
	Accepted  int64 `json:"accepted"`
	Rejected  int64 `json:"rejected"`
	Processed int64 `json:"processed"`
	Failed    int64 `json:"failed"`
}

// Service is the ingest service. Create it with New; stop it with Shutdown.
type Service struct {
	cfg   Config
	queue chan Record

	// mu guards closed and the send on queue: Shutdown takes the write lock
	// to close the channel, so no handler can send on a closed channel.
	mu     sync.RWMutex
	closed bool

	workers sync.WaitGroup
	// stop cancels the context handed to Process, only when Shutdown's
	// deadline passes (a clean shutdown lets every record finish).
	stopCtx context.Context
	stop    context.CancelFunc

	doneMu sync.Mutex
	done   []Record // processed records, input for reports

	accepted, rejected, processed, failed atomic.Int64
}

// New starts the workers.
func New(cfg Config) *Service {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1024
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = time.Second
	}
	s := &Service{cfg: cfg, queue: make(chan Record, cfg.QueueSize)}
	s.stopCtx, s.stop = context.WithCancel(context.Background())
	for range cfg.Workers {
		s.workers.Go(s.work)
	}
	return s
}

func (s *Service) work() {
	// range ends only when Shutdown closed the queue AND it is drained,
	// which is what makes "accepted means processed" hold.
	for rec := range s.queue {
		if err := s.cfg.Process(s.stopCtx, rec); err != nil {
			s.failed.Add(1)
			continue
		}
		s.processed.Add(1)
		s.doneMu.Lock()
		s.done = append(s.done, rec)
		s.doneMu.Unlock()
	}
}

// Handler serves POST /records, GET /report and GET /metrics.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /records", s.intake)
	mux.HandleFunc("GET /report", s.report)
	mux.HandleFunc("GET /metrics", s.metrics)
	return mux
}

func (s *Service) intake(w http.ResponseWriter, r *http.Request) {
	var rec Record
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		s.rejected.Add(1)
		http.Error(w, "invalid JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	if err := rec.Validate(); err != nil {
		s.rejected.Add(1)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !s.enqueue(rec) {
		s.rejected.Add(1)
		// Retry-After tells well-behaved clients when to come back instead
		// of hammering a saturated service.
		w.Header().Set("Retry-After", strconv.Itoa(int((s.cfg.RetryAfter+time.Second-1)/time.Second)))
		http.Error(w, "queue full or shutting down", http.StatusServiceUnavailable)
		return
	}
	s.accepted.Add(1)
	w.WriteHeader(http.StatusAccepted)
}

// enqueue never blocks: a full queue is reported to the client, not hidden
// behind a handler that waits while the connection count grows.
func (s *Service) enqueue(rec Record) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false
	}
	select {
	case s.queue <- rec:
		return true
	default:
		return false
	}
}

func (s *Service) report(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context() // cancelled when the client leaves or the server's deadline passes
	s.doneMu.Lock()
	recs := append([]Record(nil), s.done...)
	s.doneMu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, rec := range recs {
		if err := ctx.Err(); err != nil {
			return // nobody is waiting for the rest
		}
		fmt.Fprintln(w, s.cfg.ReportItem(ctx, rec))
	}
}

func (s *Service) metrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s.Metrics())
}

// Metrics returns the current counters.
func (s *Service) Metrics() Metrics {
	return Metrics{Accepted: s.accepted.Load(), Rejected: s.rejected.Load(), Processed: s.processed.Load(), Failed: s.failed.Load()}
}

// Shutdown stops intake (new records get 503) and waits until every accepted
// record is processed. If ctx ends first, in-flight Process calls see their
// context cancelled and Shutdown returns ctx's error.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true // handlers now answer 503; the queue stays open, so no send can panic
	s.mu.Unlock()

	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		m := s.Metrics()
		if m.Processed+m.Failed >= m.Accepted && len(s.queue) == 0 {
			s.stop()
			return nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			s.stop()
			return ctx.Err()
		}
	}
}
