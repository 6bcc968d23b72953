package mw

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

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
	var seen, sent []string
	h := RequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = append(seen, RequestIDFrom(r.Context())) }))
	ids := map[string]bool{}
	for range 50 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		id := rec.Header().Get("X-Request-ID")
		sent = append(sent, id)
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
	// A random id shares almost no character position with the next one; a
	// counter or a clock, however long it is padded, changes only its tail.
	for i := 1; i < len(sent); i++ {
		if d := differingPositions(sent[i-1], sent[i]); d < 8 {
			t.Fatalf("consecutive ids %q and %q differ at only %d of %d character positions: whoever sees one id can guess the next; generate ids from a cryptographic random source", sent[i-1], sent[i], d, max(len(sent[i-1]), len(sent[i])))
		}
	}
}

// differingPositions counts the positions at which a and b differ (a
// missing character counts as different).
func differingPositions(a, b string) int {
	n := max(len(a), len(b)) - min(len(a), len(b))
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// keyTypeOf walks the context.WithValue layers of ctx and returns the type
// of the key that holds val; ok is false when no layer holds it.
func keyTypeOf(ctx context.Context, val string) (key reflect.Type, ok bool) {
	v := reflect.ValueOf(ctx)
	for v.IsValid() {
		if v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return nil, false
			}
			v = v.Elem()
			continue
		}
		if v.Kind() != reflect.Struct {
			return nil, false
		}
		k, x := v.FieldByName("key"), v.FieldByName("val")
		if k.IsValid() && x.IsValid() && !k.IsNil() && !x.IsNil() && x.Elem().Kind() == reflect.String && x.Elem().String() == val {
			return k.Elem().Type(), true
		}
		v = v.FieldByName("Context")
	}
	return nil, false
}

func TestRequestIDUsesAPrivateContextKey(t *testing.T) {
	var ctx context.Context
	h := RequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { ctx = r.Context() }))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Request-ID", "upstream-7")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got := RequestIDFrom(ctx); got != "upstream-7" {
		t.Fatalf("RequestIDFrom(the handler's context) = %q, want upstream-7", got)
	}
	key, ok := keyTypeOf(ctx, "upstream-7")
	if !ok {
		t.Fatal("the handler's context holds the id in no context.WithValue layer: store it with context.WithValue")
	}
	pkg := reflect.TypeFor[Middleware]().PkgPath()
	if key.PkgPath() != pkg || key.Name() == "" || token.IsExported(key.Name()) {
		t.Fatalf("the id is stored under a key of type %v: code in any other package can build an equal key and read or overwrite the id; use a key of an unexported type declared in package %s", key, pkg)
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
