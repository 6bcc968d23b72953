package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain searches for leaked goroutines after every run, even when a test
// failed, so the leak check grades on its own (goleak.VerifyTestMain skips
// the search once a test has failed).
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

const validJSON = `{"patient_id":"P-001","questionnaire":"PHQ-9","score":4,"recorded_at":"2026-03-01T08:00:00Z"}`

// post calls the handler directly: no sockets, so the test measures the
// service and nothing else.
func post(h http.Handler, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/records", strings.NewReader(body)))
	return rec
}

func noReport(context.Context, Record) string { return "" }

func shutdown(t *testing.T, s *Service) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}

func TestValidationRejectsBadRecords(t *testing.T) {
	s := New(Config{Process: func(context.Context, Record) error { return nil }, ReportItem: noReport})
	defer shutdown(t, s)
	h := s.Handler()
	bad := map[string]string{
		"not JSON":          `{"patient_id":`,
		"missing patient":   `{"questionnaire":"PHQ-9","score":4,"recorded_at":"2026-03-01T08:00:00Z"}`,
		"missing form":      `{"patient_id":"P-1","score":4,"recorded_at":"2026-03-01T08:00:00Z"}`,
		"score too high":    `{"patient_id":"P-1","questionnaire":"PHQ-9","score":11,"recorded_at":"2026-03-01T08:00:00Z"}`,
		"negative score":    `{"patient_id":"P-1","questionnaire":"PHQ-9","score":-1,"recorded_at":"2026-03-01T08:00:00Z"}`,
		"missing timestamp": `{"patient_id":"P-1","questionnaire":"PHQ-9","score":4}`,
		"unknown field":     `{"patient_id":"P-1","questionnaire":"PHQ-9","score":4,"recorded_at":"2026-03-01T08:00:00Z","ssn":"x"}`,
	}
	for name, body := range bad {
		if rec := post(h, body); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, rec.Code)
		}
	}
	if rec := post(h, validJSON); rec.Code != http.StatusAccepted {
		t.Fatalf("valid record: status %d, want 202", rec.Code)
	}
	if got := s.Metrics().Rejected; got != int64(len(bad)) {
		t.Errorf("rejected = %d, want %d", got, len(bad))
	}
}

func TestWorkersBoundConcurrency(t *testing.T) {
	var active, peak atomic.Int32
	s := New(Config{ReportItem: noReport, Process: func(context.Context, Record) error {
		n := active.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(time.Millisecond)
		active.Add(-1)
		return nil
	}})
	h := s.Handler()
	for range 200 {
		if rec := post(h, validJSON); rec.Code != http.StatusAccepted {
			t.Fatalf("status %d, want 202", rec.Code)
		}
	}
	shutdown(t, s)
	if p := peak.Load(); p > 10 {
		t.Errorf("%d records were processed at once; the service must use 10 workers", p)
	}
}

func TestFullQueueAnswers503WithRetryAfter(t *testing.T) {
	gate := make(chan struct{})
	s := New(Config{ReportItem: noReport, Process: func(context.Context, Record) error {
		<-gate
		return nil
	}})
	h := s.Handler()
	accepted := 0
	var full *httptest.ResponseRecorder
	for range 2000 {
		rec := post(h, validJSON)
		if rec.Code == http.StatusAccepted {
			accepted++
			continue
		}
		full = rec
		break
	}
	close(gate)
	defer shutdown(t, s)
	if full == nil {
		t.Fatalf("2000 records accepted while every worker was blocked: the queue is not bounded")
	}
	if full.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d when the queue is full, want 503", full.Code)
	}
	if accepted < 1024 || accepted > 1024+10 {
		t.Errorf("accepted %d records before 503, want the queue (1024) plus at most the 10 busy workers", accepted)
	}
	ra, err := strconv.Atoi(full.Header().Get("Retry-After"))
	if err != nil || ra <= 0 {
		t.Errorf("Retry-After = %q, want a positive number of seconds", full.Header().Get("Retry-After"))
	}
}

func TestShutdownProcessesEveryAcceptedRecord(t *testing.T) {
	var mu sync.Mutex
	var seen []int
	s := New(Config{ReportItem: noReport, Process: func(_ context.Context, r Record) error {
		time.Sleep(200 * time.Microsecond)
		mu.Lock()
		seen = append(seen, r.Score)
		mu.Unlock()
		return nil
	}})
	h := s.Handler()
	const n = 500
	for i := range n {
		body := strings.Replace(validJSON, `"score":4`, `"score":`+strconv.Itoa(i%11), 1)
		if rec := post(h, body); rec.Code != http.StatusAccepted {
			t.Fatalf("record %d: status %d, want 202", i, rec.Code)
		}
	}
	shutdown(t, s)
	mu.Lock()
	got := len(seen)
	mu.Unlock()
	if got != n {
		t.Fatalf("Shutdown returned after %d of %d accepted records were processed", got, n)
	}
	if m := s.Metrics(); m.Accepted != n || m.Processed != n {
		t.Errorf("metrics = %+v, want accepted = processed = %d", m, n)
	}
	if rec := post(h, validJSON); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("POST after Shutdown: status %d, want 503", rec.Code)
	}
}

func TestShutdownHonoursItsDeadline(t *testing.T) {
	s := New(Config{ReportItem: noReport, Process: func(ctx context.Context, _ Record) error {
		<-ctx.Done() // a stuck downstream that only gives up when told to
		return ctx.Err()
	}})
	if rec := post(s.Handler(), validJSON); rec.Code != http.StatusAccepted {
		t.Fatalf("status %d, want 202", rec.Code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Shutdown took %v with a 50ms deadline", d)
	}
}

func TestReportStopsWhenTheClientLeaves(t *testing.T) {
	var calls atomic.Int32
	s := New(Config{
		Process: func(context.Context, Record) error { return nil },
		ReportItem: func(_ context.Context, r Record) string {
			calls.Add(1)
			time.Sleep(3 * time.Millisecond) // 300 records: about a second of work
			return r.PatientID
		},
	})
	defer shutdown(t, s)
	h := s.Handler()
	for range 300 {
		post(h, validJSON)
	}
	for deadline := time.Now().Add(5 * time.Second); s.Metrics().Processed < 300; {
		if time.Now().After(deadline) {
			t.Fatalf("processed %d of 300 records", s.Metrics().Processed)
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/report", nil).WithContext(ctx))
	if d := time.Since(start); d > 400*time.Millisecond {
		t.Errorf("report ran %v after a client that waited 30ms; it must stop when the request context ends", d)
	}
	if c := calls.Load(); c >= 150 {
		t.Errorf("report built %d of 300 lines for a client that left after 30ms", c)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	s := New(Config{Process: func(context.Context, Record) error { return nil }, ReportItem: noReport})
	h := s.Handler()
	post(h, validJSON)
	post(h, validJSON)
	post(h, `{}`)
	shutdown(t, s)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	var m Metrics
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("GET /metrics: %v (body %q)", err, rec.Body.String())
	}
	if m != (Metrics{Accepted: 2, Rejected: 1, Processed: 2}) {
		t.Errorf("metrics = %+v, want accepted 2, rejected 1, processed 2", m)
	}
}

// BenchmarkLoad is the load test: parallel clients POST records while the
// workers process them. It reports throughput (req/s, higher is better) and
// the 99th percentile intake latency (p99-ms, lower is better).
func BenchmarkLoad(b *testing.B) {
	s := New(Config{ReportItem: noReport, Process: func(context.Context, Record) error {
		var sum int
		for i := range 2000 { // a little CPU work per record
			sum += i
		}
		_ = sum
		return nil
	}})
	h := s.Handler()
	body := []byte(validJSON)
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(4)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			t0 := time.Now()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/records", bytes.NewReader(body)))
			local = append(local, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		b.Fatalf("Shutdown: %v", err)
	}
	slices.Sort(lat)
	p99 := lat[(len(lat)*99)/100]
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}
