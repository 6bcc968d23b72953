// Package ingest accepts ePRO (electronic patient-reported outcome) records
// over HTTP and processes them on a fixed pool of workers.
package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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
//
// This first version works in a demo and fails in production: every record
// gets its own goroutine (no bound, no back-pressure), Shutdown does not wait
// for anything, and a report keeps running after its client has gone.
type Service struct {
	cfg Config

	doneMu chan struct{} // one-slot lock around done
	done   []Record

	accepted, rejected, processed, failed atomic.Int64
}

// New prepares the service.
func New(cfg Config) *Service {
	s := &Service{cfg: cfg, doneMu: make(chan struct{}, 1)}
	return s
}

func (s *Service) process(rec Record) {
	if err := s.cfg.Process(context.Background(), rec); err != nil {
		s.failed.Add(1)
		return
	}
	s.processed.Add(1)
	s.doneMu <- struct{}{}
	s.done = append(s.done, rec)
	<-s.doneMu
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
	if err := json.NewDecoder(r.Body).Decode(&rec); err != nil {
		s.rejected.Add(1)
		http.Error(w, "invalid JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	if err := rec.Validate(); err != nil {
		s.rejected.Add(1)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	go s.process(rec)
	s.accepted.Add(1)
	w.WriteHeader(http.StatusAccepted)
}

func (s *Service) report(w http.ResponseWriter, r *http.Request) {
	s.doneMu <- struct{}{}
	recs := append([]Record(nil), s.done...)
	<-s.doneMu
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, rec := range recs {
		fmt.Fprintln(w, s.cfg.ReportItem(context.Background(), rec))
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

// Shutdown should stop intake and wait until every accepted record is
// processed, giving up when ctx ends.
func (s *Service) Shutdown(ctx context.Context) error {
	return nil
}
