package mw

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// tag records its name on the way in and on the way out.
func tag(name string, trace *[]string) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			*trace = append(*trace, name+">")
			next.ServeHTTP(w, r)
			*trace = append(*trace, "<"+name)
		})
	}
}

func TestChainOrder(t *testing.T) {
	var trace []string
	h := Chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { trace = append(trace, "handler") }),
		tag("a", &trace), tag("b", &trace), tag("c", &trace))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	want := "a> b> c> handler <c <b <a"
	if got := strings.Join(trace, " "); got != want {
		t.Fatalf("order = %q, want %q (first middleware outermost)", got, want)
	}
}

func TestRequestIDKeepsIncoming(t *testing.T) {
	var seen string
	h := RequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = RequestIDFrom(r.Context()) }))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Request-ID", "upstream-42")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if seen != "upstream-42" || rec.Header().Get("X-Request-ID") != "upstream-42" {
		t.Fatalf("context id %q, header %q; want the caller's id upstream-42 in both", seen, rec.Header().Get("X-Request-ID"))
	}
}

func TestRequestIDGeneratesUnguessableIDs(t *testing.T) {
	var seen []string
	h := RequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = append(seen, RequestIDFrom(r.Context())) }))
	ids := map[string]bool{}
	for range 50 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		id := rec.Header().Get("X-Request-ID")
		if len(id) < 16 {
			t.Fatalf("generated id %q: want at least 16 random characters, not a counter", id)
		}
		ids[id] = true
	}
	if len(ids) != 50 {
		t.Fatalf("50 requests got %d distinct ids", len(ids))
	}
	if len(seen) != 50 || !ids[seen[0]] {
		t.Fatalf("handler saw ids %v that are not the ones sent back", seen[:1])
	}
}

func TestRecoverTurnsPanicInto500(t *testing.T) {
	var logs bytes.Buffer
	h := Chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("nil map write in report builder") }),
		RequestID, Recover(slog.New(slog.NewJSONHandler(&logs, nil))))
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			if v := recover(); v != nil {
				t.Fatalf("panic escaped the middleware: %v", v)
			}
		}()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/reports/1", nil))
	}()
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if !strings.Contains(logs.String(), "nil map write in report builder") {
		t.Errorf("the panic value was not logged: %q", logs.String())
	}
	if id := rec.Header().Get("X-Request-ID"); id == "" || !strings.Contains(logs.String(), id) {
		t.Errorf("the log line does not carry the request id %q: %q", id, logs.String())
	}
}

func TestRecoverLetsAbortHandlerThrough(t *testing.T) {
	h := Recover(slog.New(slog.DiscardHandler))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	defer func() {
		v := recover()
		if err, ok := v.(error); !ok || !errors.Is(err, http.ErrAbortHandler) {
			t.Fatalf("recovered %v, want http.ErrAbortHandler to propagate", v)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}
