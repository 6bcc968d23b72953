package roster

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSource implements only Patient, the one method Service needs. It
// embeds PatientSource so this file compiles whatever else the interface
// declares; calling any other method hits the nil embedded value and panics,
// which lookup below reports as "Service depends on more than it uses".
type fakeSource struct {
	PatientSource

	mu        sync.Mutex
	patients  map[string]Patient
	err       error // returned for every id when set
	block     bool  // wait for ctx to end instead of answering
	calls     int
	deadlines []time.Duration // time left until ctx's deadline at each call
}

func newFake(ps ...Patient) *fakeSource {
	f := &fakeSource{patients: map[string]Patient{}}
	for _, p := range ps {
		f.patients[p.ID] = p
	}
	return f
}

func (f *fakeSource) Patient(ctx context.Context, id string) (Patient, error) {
	f.mu.Lock()
	f.calls++
	if dl, ok := ctx.Deadline(); ok {
		f.deadlines = append(f.deadlines, time.Until(dl))
	} else {
		f.deadlines = append(f.deadlines, -1)
	}
	p, ok := f.patients[id]
	err, block := f.err, f.block
	f.mu.Unlock()
	switch {
	case block:
		<-ctx.Done()
		return Patient{}, ctx.Err()
	case err != nil:
		return Patient{}, err
	case !ok:
		return Patient{}, fmt.Errorf("fake: %w", ErrNotFound)
	}
	return p, nil
}

func (f *fakeSource) stats() (int, []time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, slices.Clone(f.deadlines)
}

var (
	ada   = Patient{ID: "P-000001", Name: "Ada", Site: "Shanghai"}
	grace = Patient{ID: "P-000002", Name: "Grace", Site: "Beijing"}
	alan  = Patient{ID: "P-000003", Name: "Alan", Site: "Shenzhen"}
)

// lookup calls s.Lookup and turns a panic into a test error that names the
// likely cause.
func lookup(t *testing.T, s *Service, ctx context.Context, id string) (p Patient, err error) {
	t.Helper()
	defer func() {
		if v := recover(); v != nil {
			t.Errorf("Lookup(%q) panicked (%v): Service called a PatientSource method other than Patient; depend only on what you use", id, v)
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return s.Lookup(ctx, id)
}

func mustService(t *testing.T, src PatientSource, opts ...Option) *Service {
	t.Helper()
	s, err := NewService(src, opts...)
	if err != nil || s == nil {
		t.Fatalf("NewService with valid options = %v, %v", s, err)
	}
	return s
}

func TestPatientSourceIsTheConsumersInterface(t *testing.T) {
	typ := reflect.TypeFor[PatientSource]()
	var names []string
	for m := range typ.Methods() {
		names = append(names, m.Name)
	}
	if len(names) != 1 || names[0] != "Patient" {
		t.Fatalf("PatientSource declares %v; Service only needs Patient, so the interface should have that one method (MemStore keeps the others)", names)
	}
	var _ PatientSource = NewMemStore() // the real store still fits
}

func TestLookupFindsPatientThroughAFake(t *testing.T) {
	src := newFake(ada)
	s := mustService(t, src)
	p, err := lookup(t, s, t.Context(), ada.ID)
	if err != nil || p != ada {
		t.Fatalf("Lookup(%q) = %+v, %v; want %+v", ada.ID, p, err, ada)
	}
}

func TestLookupErrorsAreAPI(t *testing.T) {
	t.Run("malformed ids are a typed error and never reach the source", func(t *testing.T) {
		for _, id := range []string{"", "P-1", "P-12345a", "X-000001", "P-0000001", "p-000001"} {
			src := newFake(ada)
			s := mustService(t, src)
			_, err := lookup(t, s, t.Context(), id)
			var ide *InvalidIDError
			if !errors.As(err, &ide) {
				t.Errorf("Lookup(%q) = %v; want an error errors.As finds as *InvalidIDError", id, err)
				continue
			}
			if ide.ID != id || ide.Reason == "" {
				t.Errorf("Lookup(%q): InvalidIDError{ID: %q, Reason: %q}; want the id given and a reason", id, ide.ID, ide.Reason)
			}
			if calls, _ := src.stats(); calls != 0 {
				t.Errorf("Lookup(%q) asked the source %d times; validate before doing I/O", id, calls)
			}
		}
	})
	t.Run("a missing patient matches ErrNotFound and names the id", func(t *testing.T) {
		s := mustService(t, newFake(ada))
		_, err := lookup(t, s, t.Context(), "P-999999")
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("Lookup of a missing patient = %v; want an error matching ErrNotFound with errors.Is", err)
		}
		if !strings.Contains(err.Error(), "P-999999") {
			t.Errorf("error %q does not say which id was missing", err)
		}
	})
	t.Run("a source failure keeps its identity", func(t *testing.T) {
		errBackend := errors.New("connection refused")
		src := newFake(ada)
		src.err = fmt.Errorf("postgres: %w", errBackend)
		s := mustService(t, src)
		_, err := lookup(t, s, t.Context(), ada.ID)
		if !errors.Is(err, errBackend) {
			t.Fatalf("Lookup = %v; want the source's error wrapped with %%w so errors.Is still finds it", err)
		}
		if errors.Is(err, ErrNotFound) {
			t.Errorf("a backend failure must not look like ErrNotFound: %v", err)
		}
	})
	t.Run("the lookup timeout ends a slow source", func(t *testing.T) {
		src := newFake(ada)
		src.block = true
		s := mustService(t, src, WithTimeout(50*time.Millisecond))
		start := time.Now()
		_, err := lookup(t, s, t.Context(), ada.ID)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Lookup on a stuck source = %v; want an error matching context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Lookup took %v with WithTimeout(50ms)", d)
		}
	})
}

func TestDefaults(t *testing.T) {
	src := newFake(ada)
	s := mustService(t, src)
	for range 3 {
		if _, err := lookup(t, s, t.Context(), ada.ID); err != nil {
			t.Fatal(err)
		}
	}
	calls, deadlines := src.stats()
	if calls != 1 {
		t.Errorf("3 lookups of one patient asked the source %d times; the default cache (%d entries) should answer the repeats", calls, DefaultCacheSize)
	}
	if len(deadlines) == 0 || deadlines[0] <= DefaultTimeout-500*time.Millisecond || deadlines[0] > DefaultTimeout {
		t.Errorf("the source's context had %v left; want the default timeout %v", deadlines, DefaultTimeout)
	}
}

func TestOptionsOverrideDefaults(t *testing.T) {
	src := newFake(ada)
	s := mustService(t, src, WithTimeout(300*time.Millisecond), WithCacheSize(0))
	for range 2 {
		if _, err := lookup(t, s, t.Context(), ada.ID); err != nil {
			t.Fatal(err)
		}
	}
	calls, deadlines := src.stats()
	if calls != 2 {
		t.Errorf("WithCacheSize(0) must disable the cache: 2 lookups asked the source %d times (was the explicit 0 replaced by the default?)", calls)
	}
	if len(deadlines) == 0 || deadlines[0] <= 0 || deadlines[0] > 300*time.Millisecond {
		t.Errorf("with WithTimeout(300ms) the source's context had %v left", deadlines)
	}
}

func TestCacheIsBounded(t *testing.T) {
	src := newFake(ada, grace, alan)
	s := mustService(t, src, WithCacheSize(2))
	for _, id := range []string{ada.ID, grace.ID, alan.ID, ada.ID} {
		if _, err := lookup(t, s, t.Context(), id); err != nil {
			t.Fatal(err)
		}
	}
	if calls, _ := src.stats(); calls != 4 {
		t.Fatalf("with WithCacheSize(2), looking up A, B, C, A asked the source %d times; want 4 (A was evicted to make room for C)", calls)
	}
	if _, err := lookup(t, s, t.Context(), "P-999999"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing patient: %v", err)
	}
}

func TestInvalidOptionsAreErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
	}{
		{"zero timeout", WithTimeout(0)},
		{"negative timeout", WithTimeout(-time.Second)},
		{"timeout above MaxTimeout", WithTimeout(MaxTimeout + time.Second)},
		{"negative cache size", WithCacheSize(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewService(newFake(), WithCacheSize(4), tt.opt)
			if !errors.Is(err, ErrInvalidOption) || s != nil {
				t.Fatalf("NewService(%s) returned service=%t, err=%v; want no service and an error matching ErrInvalidOption", tt.name, s != nil, err)
			}
		})
	}
	if s, err := NewService(nil); err == nil || s != nil {
		t.Fatalf("NewService(nil) returned service=%t, err=%v; want an error", s != nil, err)
	}
}

func TestConcurrentLookups(t *testing.T) {
	s := mustService(t, newFake(ada, grace, alan), WithCacheSize(2))
	ids := []string{ada.ID, grace.ID, alan.ID, "P-999999"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				id := ids[(g+i)%len(ids)]
				p, err := lookup(t, s, context.Background(), id)
				if id == "P-999999" {
					if !errors.Is(err, ErrNotFound) {
						t.Errorf("concurrent Lookup(%q) = %v, want ErrNotFound", id, err)
						return // one report per goroutine is enough
					}
				} else if err != nil || p.ID != id {
					t.Errorf("concurrent Lookup(%q) = %+v, %v", id, p, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
