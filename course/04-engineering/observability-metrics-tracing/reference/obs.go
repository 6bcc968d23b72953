// Package obs instruments HTTP handlers with Prometheus metrics and
// OpenTelemetry spans.
package obs

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Metrics are the RED metrics (rate, errors, duration) of an HTTP service.
type Metrics struct {
	// Requests is http_requests_total{route, code}.
	Requests *prometheus.CounterVec
	// Latency is http_request_duration_seconds{route}.
	Latency *prometheus.HistogramVec
}

// NewMetrics creates the metrics and registers them with reg. Taking a
// Registerer instead of using the global default registry lets every test
// (and every server in one process) have its own, empty set.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests handled, by route pattern and status code.",
		}, []string{"route", "code"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to handle an HTTP request, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.Requests, m.Latency)
	return m
}

// statusRecorder remembers the status code the handler sent; a handler that
// never calls WriteHeader sends 200 on its first Write (or when it returns).
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.NewResponseController reach Flush and deadlines.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Instrument wraps next so that every request
//   - increments Requests{route, code} with the status actually sent,
//   - observes its duration in Latency{route},
//   - runs inside a server span named "<METHOD> <route>" whose context is in
//     the request's context, with the method, route and status code as
//     attributes and an Error status for 5xx responses.
//
// route is the pattern ("/patients/{id}"), never the raw path: raw paths make
// one time series (and one span name) per patient id.
func Instrument(route string, m *Metrics, tp trace.TracerProvider, next http.Handler) http.Handler {
	tracer := tp.Tracer("example.com/obs")
	latency := m.Latency.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, span := tracer.Start(r.Context(), r.Method+" "+route,
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(
				attribute.String("http.request.method", r.Method),
				attribute.String("http.route", route),
			))
		defer span.End()

		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.code == 0 {
			rec.code = http.StatusOK
		}

		span.SetAttributes(attribute.Int("http.response.status_code", rec.code))
		if rec.code >= 500 {
			span.SetStatus(codes.Error, http.StatusText(rec.code))
		}
		m.Requests.WithLabelValues(route, strconv.Itoa(rec.code)).Inc()
		latency.Observe(time.Since(start).Seconds())
	})
}
