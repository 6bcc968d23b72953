package records

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
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

type mapStore map[int64]Patient

func (s mapStore) Get(_ context.Context, id int64) (Patient, error) {
	if p, ok := s[id]; ok {
		return p, nil
	}
	return Patient{}, fmt.Errorf("get %d: %w", id, ErrNotFound) // wrapped, as a real store would
}

type brokenStore struct{}

func (brokenStore) Get(context.Context, int64) (Patient, error) {
	return Patient{}, errors.New("dial tcp 10.0.0.7:5432: connection reset by peer")
}

func get(t *testing.T, h http.Handler, path string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want application/json", path, ct)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("GET %s: body %q is not a JSON object: %v", path, rec.Body.String(), err)
	}
	return rec, body
}

var store = mapStore{7: {ID: 7, Name: "Wang Fang", BirthYear: 1961}}

func TestFound(t *testing.T) {
	h := NewHandler(store, slog.New(slog.DiscardHandler))
	rec, body := get(t, h, "/patients/7")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", rec.Code)
	}
	if body["name"] != "Wang Fang" || body["birth_year"] != float64(1961) || body["id"] != float64(7) {
		t.Errorf("body = %v", body)
	}
}

func TestBadIDIs400(t *testing.T) {
	h := NewHandler(store, slog.New(slog.DiscardHandler))
	for _, id := range []string{"abc", "0", "-3", "7.5", "99999999999999999999"} {
		rec, body := get(t, h, "/patients/"+id)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("id %q: status %d, want 400", id, rec.Code)
		}
		if _, ok := body["error"].(string); !ok {
			t.Errorf("id %q: body %v has no \"error\" message", id, body)
		}
	}
}

func TestMissingIs404(t *testing.T) {
	h := NewHandler(store, slog.New(slog.DiscardHandler))
	rec, body := get(t, h, "/patients/8")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d, want 404", rec.Code)
	}
	if _, ok := body["error"].(string); !ok {
		t.Errorf("body %v has no \"error\" message", body)
	}
}

func TestStoreFailureIs500WithLoggedCause(t *testing.T) {
	var logs bytes.Buffer
	h := NewHandler(brokenStore{}, slog.New(slog.NewJSONHandler(&logs, nil)))
	rec, _ := get(t, h, "/patients/7")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "10.0.0.7") {
		t.Errorf("the response leaks the internal cause: %s", rec.Body.String())
	}
	if !strings.Contains(logs.String(), "connection reset by peer") {
		t.Errorf("the cause was not logged; log output: %q", logs.String())
	}
}
