package redact

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"
)

const secret = "Li Wei"

func newLogger(buf *bytes.Buffer) *slog.Logger {
	inner := slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	return slog.New(New(inner, "patient_name", "ssn"))
}

func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func assertNoSecret(t *testing.T, buf *bytes.Buffer, how string) {
	t.Helper()
	if strings.Contains(buf.String(), secret) {
		t.Fatalf("%s: the log contains the patient's name:\n%s", how, buf.String())
	}
	if !strings.Contains(buf.String(), Placeholder) {
		t.Fatalf("%s: expected %s in the log:\n%s", how, Placeholder, buf.String())
	}
}

func TestRedactsCallAttributes(t *testing.T) {
	var buf bytes.Buffer
	newLogger(&buf).Info("admitted", "patient_name", secret, "ward", 3)
	assertNoSecret(t, &buf, "attribute of the log call")
	if got := lines(t, &buf)[0]["ward"]; got != float64(3) {
		t.Fatalf("ward = %v, want 3: other attributes must be kept", got)
	}
}

func TestRedactsWithAttributes(t *testing.T) {
	var buf bytes.Buffer
	newLogger(&buf).With("patient_name", secret).Info("admitted")
	assertNoSecret(t, &buf, "attribute added with logger.With")
}

func TestRedactsInsideGroups(t *testing.T) {
	var buf bytes.Buffer
	newLogger(&buf).Info("admitted", slog.Group("patient", slog.String("patient_name", secret), slog.Int("age", 67)))
	assertNoSecret(t, &buf, "attribute nested in slog.Group")
	p, _ := lines(t, &buf)[0]["patient"].(map[string]any)
	if p["age"] != float64(67) {
		t.Fatalf("patient.age = %v, want 67", p["age"])
	}
}

func TestRedactsAfterWithGroup(t *testing.T) {
	var buf bytes.Buffer
	newLogger(&buf).WithGroup("request").Info("lookup", "ssn", "123-45-6789", "patient_name", secret)
	assertNoSecret(t, &buf, "attribute logged after WithGroup")
	if strings.Contains(buf.String(), "123-45-6789") {
		t.Fatalf("the ssn leaked after WithGroup:\n%s", buf.String())
	}
}

type patient struct{ name, id string }

func (p patient) LogValue() slog.Value {
	return slog.GroupValue(slog.String("patient_name", p.name), slog.String("id", p.id))
}

func TestRedactsLogValuerOutput(t *testing.T) {
	var buf bytes.Buffer
	newLogger(&buf).Info("admitted", "who", patient{name: secret, id: "P042"})
	assertNoSecret(t, &buf, "attribute produced by a LogValuer")
	if !strings.Contains(buf.String(), "P042") {
		t.Fatalf("the non-sensitive id from the LogValuer is missing:\n%s", buf.String())
	}
}

func TestAddsTraceIDFromContext(t *testing.T) {
	var buf bytes.Buffer
	ctx := WithTraceID(context.Background(), "7f3a9c")
	newLogger(&buf).InfoContext(ctx, "stored")
	if got := lines(t, &buf)[0]["trace_id"]; got != "7f3a9c" {
		t.Fatalf("trace_id = %v, want 7f3a9c:\n%s", got, buf.String())
	}
}

func TestHandlerConformance(t *testing.T) {
	var buf bytes.Buffer
	h := New(slog.NewJSONHandler(&buf, nil), "ssn")
	results := func() []map[string]any {
		var ms []map[string]any
		for _, line := range bytes.Split(buf.Bytes(), []byte{'\n'}) {
			if len(line) == 0 {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		return ms
	}
	if err := slogtest.TestHandler(h, results); err != nil {
		t.Fatal(err)
	}
}
