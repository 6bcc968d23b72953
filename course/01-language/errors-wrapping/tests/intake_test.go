package intake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
)

type tempErr struct{ temporary bool }

func (e tempErr) Error() string   { return fmt.Sprintf("temporary=%v", e.temporary) }
func (e tempErr) Temporary() bool { return e.temporary }

func TestClassifyDirect(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Class
	}{
		{"nil", nil, OK},
		{"validation", &ValidationError{Field: "score", Reason: "negative"}, BadRequest},
		{"not found", ErrNotFound, NotFound},
		{"deadline", context.DeadlineExceeded, Unavailable},
		{"other", io.ErrUnexpectedEOF, Internal},
	}
	for _, c := range cases {
		if got := Classify(c.err); got != c.want {
			t.Errorf("%s: Classify(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

func TestClassifyWrapped(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Class
	}{
		{"wrapped validation", fmt.Errorf("decode form: %w", &ValidationError{Field: "age", Reason: "negative"}), BadRequest},
		{"twice wrapped not found", fmt.Errorf("handler: %w", fmt.Errorf("load: %w", ErrNotFound)), NotFound},
		{"store error with deadline", &StoreError{Op: "get", Err: context.DeadlineExceeded}, Unavailable},
		{"wrapped store error with not found", fmt.Errorf("load P7: %w", &StoreError{Op: "get", Err: ErrNotFound}), NotFound},
		{"temporary in chain", fmt.Errorf("dial: %w", tempErr{temporary: true}), Unavailable},
		{"not temporary in chain", fmt.Errorf("dial: %w", tempErr{temporary: false}), Internal},
		{"plain text mention is not a cause", fmt.Errorf("load: %v", ErrNotFound), Internal},
	}
	for _, c := range cases {
		if got := Classify(c.err); got != c.want {
			t.Errorf("%s: Classify(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

func TestClassifyJoinedValidationWins(t *testing.T) {
	err := errors.Join(ErrNotFound, fmt.Errorf("field: %w", &ValidationError{Field: "id", Reason: "empty"}))
	if got := Classify(err); got != BadRequest {
		t.Fatalf("Classify(join(not found, validation)) = %v, want BadRequest", got)
	}
	err = fmt.Errorf("batch: %w and %w", io.EOF, context.DeadlineExceeded)
	if got := Classify(err); got != Unavailable {
		t.Fatalf("Classify(%v) = %v, want Unavailable", err, got)
	}
}

func TestCheckIDValidIsNil(t *testing.T) {
	if err := CheckID("P0042"); err != nil {
		t.Fatalf("CheckID(%q) = %#v (dynamic type %T), want a nil error", "P0042", err, err)
	}
	var verr *ValidationError
	if err := CheckID("X12"); !errors.As(err, &verr) || verr.Field != "id" {
		t.Fatalf("CheckID(%q) = %v, want a *ValidationError for field id", "X12", err)
	}
}

type fakeStore map[string]error

func (f fakeStore) Get(_ context.Context, id string) (Record, error) {
	if err, ok := f[id]; ok {
		return Record{}, err
	}
	return Record{ID: id, Score: 7}, nil
}

func TestLoadKeepsTheCause(t *testing.T) {
	store := fakeStore{
		"P1": &StoreError{Op: "get", Err: ErrNotFound},
		"P2": &StoreError{Op: "get", Err: context.DeadlineExceeded},
	}
	ctx := context.Background()
	if r, err := Load(ctx, store, "P3"); err != nil || r.Score != 7 {
		t.Fatalf("Load(P3) = %v, %v; want the record and no error", r, err)
	}
	_, err := Load(ctx, store, "P1")
	if got := Classify(err); got != NotFound {
		t.Fatalf("Load(P1) error %q classifies as %v, want NotFound: the chain to ErrNotFound was lost", err, got)
	}
	var serr *StoreError
	if !errors.As(err, &serr) || serr.Op != "get" {
		t.Fatalf("Load(P1) error %q does not contain the *StoreError", err)
	}
	if _, err := Load(ctx, store, "P2"); Classify(err) != Unavailable {
		t.Fatalf("Load(P2) error %q classifies as %v, want Unavailable", err, Classify(err))
	}
	if _, err := Load(ctx, store, "bad"); Classify(err) != BadRequest {
		t.Fatalf("Load(bad) error %q classifies as %v, want BadRequest", err, Classify(err))
	}
}
