// Package obs instruments HTTP handlers with Prometheus metrics and
// OpenTelemetry spans.
package obs

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
)

// Metrics are the RED metrics (rate, errors, duration) of an HTTP service.
type Metrics struct {
	// Requests is http_requests_total{route, code}.
	Requests *prometheus.CounterVec
	// Latency is http_request_duration_seconds{route}.
	Latency *prometheus.HistogramVec
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests handled, by route pattern and status code.",
		}, []string{"route", "code"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to handle an HTTP request, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	reg.MustRegister(m.Requests, m.Latency)
	return m
}

// Instrument should wrap next so that every request increments
// Requests{route, code} with the status actually sent, observes its duration
// in Latency{route}, and runs inside a server span "<METHOD> <route>" carrying
// the method, route and status code.
//
// This version counts every request as a 200 under its raw path, measures
// nothing and starts no span.
func Instrument(route string, m *Metrics, tp trace.TracerProvider, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		m.Requests.WithLabelValues(r.URL.Path, "200").Inc()
	})
}
