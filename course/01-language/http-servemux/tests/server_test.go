package records

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func newServer() http.Handler {
	return NewServer(Patient{ID: "P001", Name: "Chen"}, Patient{ID: "P002", Name: "Ana"}).Handler()
}

func do(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func TestGetPatient(t *testing.T) {
	h := newServer()
	rec := do(h, "GET", "/patients/P002")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /patients/P002: status %d, want 200", rec.Code)
	}
	var p Patient
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.ID != "P002" || p.Name != "Ana" {
		t.Fatalf("GET /patients/P002: body %q, want the patient P002 as JSON", rec.Body.String())
	}
	if rec := do(h, "GET", "/patients/P999"); rec.Code != http.StatusNotFound {
		t.Fatalf("GET /patients/P999: status %d, want 404", rec.Code)
	}
}

func TestWrongMethodIs405(t *testing.T) {
	h := newServer()
	for _, c := range []struct{ method, path, allow string }{
		{"DELETE", "/patients/P001", "GET"},
		{"PUT", "/patients/P001", "GET"},
		{"GET", "/patients/P001/visits", "POST"},
	} {
		rec := do(h, c.method, c.path)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: status %d, want 405", c.method, c.path, rec.Code)
			continue
		}
		if !strings.Contains(rec.Header().Get("Allow"), c.allow) {
			t.Errorf("%s %s: Allow header %q, want it to list %s", c.method, c.path, rec.Header().Get("Allow"), c.allow)
		}
	}
}

func TestUnknownPathsAre404(t *testing.T) {
	h := newServer()
	for _, path := range []string{"/patients/P001/extra", "/patients/P001/visits/3", "/patients/", "/other"} {
		if rec := do(h, "GET", path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, rec.Code)
		}
	}
}

func TestRecordVisit(t *testing.T) {
	h := newServer()
	rec := do(h, "POST", "/patients/P001/visits")
	if rec.Code != http.StatusCreated || strings.TrimSpace(rec.Body.String()) != `{"visits":1}` {
		t.Fatalf("POST visits: %d %q, want 201 {\"visits\":1}", rec.Code, rec.Body.String())
	}
	if rec := do(h, "POST", "/patients/P404/visits"); rec.Code != http.StatusNotFound {
		t.Fatalf("POST visits for unknown patient: status %d, want 404", rec.Code)
	}
	var p Patient
	_ = json.Unmarshal(do(h, "GET", "/patients/P001").Body.Bytes(), &p)
	if p.Visits != 1 {
		t.Fatalf("visits after one POST = %d, want 1", p.Visits)
	}
}

func TestConcurrentVisits(t *testing.T) {
	h := newServer()
	const n = 64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			do(h, "POST", "/patients/P001/visits")
			do(h, "GET", "/patients/P001")
		})
	}
	wg.Wait()
	var p Patient
	_ = json.Unmarshal(do(h, "GET", "/patients/P001").Body.Bytes(), &p)
	if p.Visits != n {
		t.Fatalf("visits after %d concurrent POSTs = %d: increments were lost", n, p.Visits)
	}
}
