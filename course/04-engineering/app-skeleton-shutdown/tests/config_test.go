package app

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// env turns a map into a getenv function, so tests never touch the real
// process environment.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// fieldsOf collects the Field of every *FieldError in err's tree (errors.Join
// and %w wrapping included), sorted.
func fieldsOf(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			if inner := u.Unwrap(); inner != nil {
				walk(inner)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	slices.Sort(out)
	return out
}

func TestLoadDefaultsAndOverrides(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load with an empty environment: %v, want the defaults", err)
	}
	if cfg != Defaults() {
		t.Fatalf("Load with an empty environment = %+v, want %+v", cfg, Defaults())
	}
	cfg, err = Load(env(map[string]string{
		"APP_ADDR": "127.0.0.1:9090", "APP_SHUTDOWN_TIMEOUT": "3s", "APP_FLUSH_INTERVAL": "250ms",
	}))
	want := Config{Addr: "127.0.0.1:9090", ShutdownTimeout: 3 * time.Second, FlushInterval: 250 * time.Millisecond}
	if err != nil || cfg != want {
		t.Fatalf("Load = %+v, %v; want %+v read through getenv", cfg, err, want)
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		fields []string // every field that must be reported, sorted
	}{
		{"address without port", map[string]string{"APP_ADDR": "localhost"}, []string{"APP_ADDR"}},
		{"port out of range", map[string]string{"APP_ADDR": ":99999"}, []string{"APP_ADDR"}},
		{"port not a number", map[string]string{"APP_ADDR": "localhost:web"}, []string{"APP_ADDR"}},
		{"duration without unit", map[string]string{"APP_SHUTDOWN_TIMEOUT": "10"}, []string{"APP_SHUTDOWN_TIMEOUT"}},
		{"negative timeout", map[string]string{"APP_SHUTDOWN_TIMEOUT": "-1s"}, []string{"APP_SHUTDOWN_TIMEOUT"}},
		{"zero timeout", map[string]string{"APP_SHUTDOWN_TIMEOUT": "0s"}, []string{"APP_SHUTDOWN_TIMEOUT"}},
		{"timeout beyond the maximum", map[string]string{"APP_SHUTDOWN_TIMEOUT": "2m"}, []string{"APP_SHUTDOWN_TIMEOUT"}},
		{"flush interval too short", map[string]string{"APP_FLUSH_INTERVAL": "1ms"}, []string{"APP_FLUSH_INTERVAL"}},
		{"flush interval not a duration", map[string]string{"APP_FLUSH_INTERVAL": "soon"}, []string{"APP_FLUSH_INTERVAL"}},
		{"every problem at once",
			map[string]string{"APP_ADDR": "nope", "APP_SHUTDOWN_TIMEOUT": "forever", "APP_FLUSH_INTERVAL": "0s"},
			[]string{"APP_ADDR", "APP_FLUSH_INTERVAL", "APP_SHUTDOWN_TIMEOUT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if err == nil {
				t.Fatalf("Load(%v) = nil error, want it refused", tt.env)
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("errors.Is(err, ErrInvalidConfig) = false for %q", err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("errors.As(err, *FieldError) = false for %q: callers cannot tell which setting is wrong", err)
			}
			if fe.Reason == "" {
				t.Errorf("FieldError %+v has no Reason", fe)
			}
			if got := fieldsOf(err); !slices.Equal(got, tt.fields) {
				t.Errorf("fields reported = %v, want %v (each bad setting exactly once): %q", got, tt.fields, err)
			}
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	err := Config{Addr: ":8080", ShutdownTimeout: 0, FlushInterval: time.Microsecond}.Validate()
	if got, want := fieldsOf(err), []string{"APP_FLUSH_INTERVAL", "APP_SHUTDOWN_TIMEOUT"}; !slices.Equal(got, want) {
		t.Fatalf("Validate fields = %v, want %v: %v", got, want, err)
	}
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
}
