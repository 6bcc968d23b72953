package obs

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

const route = "/patients/{id}"

// fixture is one instrumented patients endpoint with its own registry and an
// in-memory span recorder, so tests never see each other's numbers.
type fixture struct {
	reg     *prometheus.Registry
	metrics *Metrics
	spans   *tracetest.SpanRecorder
	handler http.Handler
	// inner is the span context the wrapped handler saw, per request path.
	mu    sync.Mutex
	inner map[string]trace.SpanContext
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{reg: prometheus.NewRegistry(), spans: tracetest.NewSpanRecorder(), inner: map[string]trace.SpanContext{}}
	f.metrics = NewMetrics(f.reg)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /patients/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.inner[r.URL.Path] = trace.SpanContextFromContext(r.Context())
		f.mu.Unlock()
		switch r.PathValue("id") {
		case "404":
			http.Error(w, `{"error":"patient not found"}`, http.StatusNotFound)
		case "500":
			w.WriteHeader(http.StatusInternalServerError)
		case "silent":
			// Writes nothing: net/http sends 200.
		default:
			io.WriteString(w, `{"id":"`+r.PathValue("id")+`"}`)
		}
	})
	f.handler = Instrument(route, f.metrics, tp, mux)
	return f
}

func (f *fixture) get(t *testing.T, path string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code
}

func TestCounterByRouteAndStatus(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/patients/1", "/patients/2", "/patients/404", "/patients/500", "/patients/silent"} {
		f.get(t, p)
	}
	want := map[string]float64{"200": 3, "404": 1, "500": 1}
	for code, n := range want {
		if got := testutil.ToFloat64(f.metrics.Requests.WithLabelValues(route, code)); got != n {
			t.Errorf(`http_requests_total{route=%q, code=%q} = %v, want %v`, route, code, got, n)
		}
	}
	if n := testutil.CollectAndCount(f.metrics.Requests); n != len(want) {
		t.Errorf("http_requests_total has %d series, want %d (one per route and code; label with the route pattern, never the raw path)", n, len(want))
	}
}

func TestLatencyHistogram(t *testing.T) {
	f := newFixture(t)
	for range 4 {
		f.get(t, "/patients/7")
	}
	f.get(t, "/patients/404")
	families, err := f.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, mf := range families {
		if mf.GetName() != "http_request_duration_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			found = true
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["route"] != route || len(labels) != 1 {
				t.Errorf("latency series labelled %v, want only route=%q", labels, route)
			}
			h := m.GetHistogram()
			if h.GetSampleCount() != 5 {
				t.Errorf("latency histogram has %d observations after 5 requests", h.GetSampleCount())
			}
			if s := h.GetSampleSum(); s <= 0 || s > 5 {
				t.Errorf("latency sum = %v s for 5 in-memory requests: observe seconds (time.Since(start).Seconds())", s)
			}
		}
	}
	if !found {
		t.Fatal("no http_request_duration_seconds series: observe the duration of every request")
	}
}

func TestOneServerSpanPerRequest(t *testing.T) {
	f := newFixture(t)
	f.get(t, "/patients/42")
	f.get(t, "/patients/500")
	ended := f.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d ended spans after 2 requests, want 2 (start one per request and End it)", len(ended))
	}
	for i, wantCode := range []int64{200, 500} {
		s := ended[i]
		if s.Name() != "GET "+route {
			t.Errorf("span name %q, want %q (method and route pattern)", s.Name(), "GET "+route)
		}
		if s.SpanKind() != trace.SpanKindServer {
			t.Errorf("span kind %v, want server", s.SpanKind())
		}
		attrs := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes() {
			attrs[kv.Key] = kv.Value
		}
		if v := attrs["http.request.method"]; v.AsString() != "GET" {
			t.Errorf("span %d: http.request.method = %q", i, v.Emit())
		}
		if v := attrs["http.route"]; v.AsString() != route {
			t.Errorf("span %d: http.route = %q, want %q", i, v.Emit(), route)
		}
		if v, ok := attrs["http.response.status_code"]; !ok || v.AsInt64() != wantCode {
			t.Errorf("span %d: http.response.status_code = %q, want %d", i, v.Emit(), wantCode)
		}
	}
	if st := ended[0].Status().Code; st == codes.Error {
		t.Errorf("a 200 response marked the span as an error")
	}
	if st := ended[1].Status().Code; st != codes.Error {
		t.Errorf("span status for a 500 response = %v, want Error", st)
	}
}

func TestHandlerRunsInsideTheSpan(t *testing.T) {
	f := newFixture(t)
	f.get(t, "/patients/9")
	ended := f.spans.Ended()
	if len(ended) != 1 {
		t.Fatalf("%d spans, want 1", len(ended))
	}
	f.mu.Lock()
	inner := f.inner["/patients/9"]
	f.mu.Unlock()
	if !inner.IsValid() || inner.SpanID() != ended[0].SpanContext().SpanID() {
		t.Fatalf("the handler's request context carries span %v, want the request span %v: pass the span's context on with r.WithContext(ctx)",
			inner.SpanID(), ended[0].SpanContext().SpanID())
	}
}

func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			f.get(t, fmt.Sprintf("/patients/%d", i+1))
		})
	}
	wg.Wait()
	if got := testutil.ToFloat64(f.metrics.Requests.WithLabelValues(route, "200")); got != 40 {
		t.Errorf("http_requests_total{code=200} = %v after 40 concurrent requests", got)
	}
	if n := len(f.spans.Ended()); n != 40 {
		t.Errorf("%d spans after 40 concurrent requests", n)
	}
}

// The exposition a Prometheus server would scrape.
func TestMetricsEndpoint(t *testing.T) {
	f := newFixture(t)
	f.get(t, "/patients/404")
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(f.reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`http_requests_total{code="404",route="/patients/{id}"} 1`,
		`http_request_duration_seconds_count{route="/patients/{id}"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
