package vitals

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/goleak"
)

// TestMain searches for leaked goroutines even when a test failed, so the
// leak check grades on its own (goleak.VerifyTestMain skips it after a failure).
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

func hr(values ...float64) []Reading {
	out := make([]Reading, len(values))
	for i, v := range values {
		out[i] = Reading{Day: i + 1, Value: v}
	}
	return out
}

var study = Records{
	"P-0042": {
		"heart_rate":  hr(72, 75, 71, 80, 78, 74, 73, 77, 79, 76),
		"systolic_bp": hr(128, 131, 126),
	},
	"P-0007": {"temperature": hr(36.8, 37.9, 38.4)},
}

// connect serves NewServer(study) to an in-memory client session, the way an
// MCP host talks to a tool server, and closes both ends when the test ends.
func connect(t *testing.T) *mcp.ClientSession {
	t.Helper()
	srv, err := NewServer(study)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(ctx, st, nil)
	if err != nil {
		t.Fatalf("server Connect: %v", err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "grader", Version: "v0"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatalf("client Connect: %v", err)
	}
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs
}

func call(t *testing.T, cs *mcp.ClientSession, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "patient_vitals", Arguments: args})
	if err != nil {
		t.Fatalf("CallTool(%v): protocol error %v; bad input and missing data are tool errors (IsError), not protocol errors", args, err)
	}
	return res
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func output(t *testing.T, res *mcp.CallToolResult) Output {
	t.Helper()
	if res.IsError {
		t.Fatalf("tool error: %s", text(res))
	}
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var out Output
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("structured content %s: %v", raw, err)
	}
	return out
}

// path walks a JSON value decoded into maps, as the client sees the schema.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func TestToolIsDescribedForTheModel(t *testing.T) {
	cs := connect(t)
	list, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Tools) != 1 || list.Tools[0].Name != "patient_vitals" {
		names := []string{}
		for _, tool := range list.Tools {
			names = append(names, tool.Name)
		}
		t.Fatalf("tools %q, want exactly [patient_vitals]", names)
	}
	tool := list.Tools[0]
	if len(tool.Description) < 20 {
		t.Errorf("description %q: the model chooses tools by their description; say what it returns", tool.Description)
	}
	if tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
		t.Errorf("annotations %+v: mark the tool read-only so hosts can run it without asking", tool.Annotations)
	}
	s := tool.InputSchema
	var required []string
	if r, ok := path(s, "required").([]any); ok {
		for _, x := range r {
			required = append(required, fmt.Sprint(x))
		}
	}
	slices.Sort(required)
	if !slices.Equal(required, []string{"metric", "patient_id"}) {
		t.Errorf("required %q, want [metric patient_id] (last is optional)", required)
	}
	if got := fmt.Sprint(path(s, "properties", "metric", "enum")); got != "[heart_rate systolic_bp temperature]" {
		t.Errorf("metric enum %s, want [heart_rate systolic_bp temperature]", got)
	}
	if path(s, "properties", "patient_id", "pattern") == nil {
		t.Error("patient_id has no pattern: the schema should reject ids that are not P-dddd")
	}
	if path(s, "properties", "last", "minimum") != 1.0 || path(s, "properties", "last", "maximum") != 30.0 {
		t.Errorf("last: minimum %v maximum %v, want 1 and 30", path(s, "properties", "last", "minimum"), path(s, "properties", "last", "maximum"))
	}
	for _, p := range []string{"patient_id", "metric", "last"} {
		if d, _ := path(s, "properties", p, "description").(string); d == "" {
			t.Errorf("property %s has no description (a jsonschema struct tag)", p)
		}
	}
}

func TestReturnsTheMostRecentReadings(t *testing.T) {
	cs := connect(t)
	out := output(t, call(t, cs, map[string]any{"patient_id": "P-0042", "metric": "heart_rate", "last": 3}))
	want := Output{PatientID: "P-0042", Metric: "heart_rate", Unit: "bpm", Readings: []Reading{{8, 77}, {9, 79}, {10, 76}}, Mean: 77.3}
	if fmt.Sprint(out) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", out, want)
	}
	res := call(t, cs, map[string]any{"patient_id": "P-0007", "metric": "temperature", "last": 30})
	if out := output(t, res); out.Unit != "°C" || len(out.Readings) != 3 || out.Mean != 37.7 {
		t.Fatalf("last above the number of readings: got %+v, want all 3, unit °C, mean 37.7", out)
	}
	if !strings.Contains(text(res), `"readings"`) {
		t.Errorf("text content %q: clients without structured output need the JSON as text too", text(res))
	}
}

func TestLastDefaultsToSeven(t *testing.T) {
	cs := connect(t)
	out := output(t, call(t, cs, map[string]any{"patient_id": "P-0042", "metric": "heart_rate"}))
	if len(out.Readings) != 7 || out.Readings[0].Day != 4 || out.Readings[6].Day != 10 {
		t.Fatalf("without last: %d readings %v, want days 4..10", len(out.Readings), out.Readings)
	}
}

func TestRejectsInvalidInputBeforeTheHandler(t *testing.T) {
	cs := connect(t)
	for _, args := range []map[string]any{
		{"patient_id": "42", "metric": "heart_rate"},
		{"patient_id": "P-00421", "metric": "heart_rate"},
		{"patient_id": "P-0042; DROP TABLE", "metric": "heart_rate"},
		{"patient_id": "P-0042", "metric": "glucose"},
		{"patient_id": "P-0042", "metric": "heart_rate", "last": 0},
		{"patient_id": "P-0042", "metric": "heart_rate", "last": 31},
		{"patient_id": "P-0042", "metric": "heart_rate", "last": "all"},
		{"patient_id": "P-0042"},
		{"metric": "heart_rate"},
		{"patient_id": "P-0042", "metric": "heart_rate", "include_notes": true},
	} {
		res := call(t, cs, args)
		if !res.IsError {
			t.Errorf("%v was accepted (%s); want a tool error from schema validation", args, text(res))
		} else if !strings.Contains(text(res), "argument") {
			t.Errorf("%v: error %q does not come from argument validation", args, text(res))
		}
	}
}

func TestMissingDataIsAToolErrorTheModelCanRead(t *testing.T) {
	cs := connect(t)
	for _, c := range []struct {
		args map[string]any
		want []string
	}{
		{map[string]any{"patient_id": "P-9999", "metric": "heart_rate", "last": 5}, []string{"P-9999"}},
		{map[string]any{"patient_id": "P-0007", "metric": "heart_rate", "last": 5}, []string{"P-0007", "heart_rate"}},
	} {
		res := call(t, cs, c.args)
		if !res.IsError {
			t.Errorf("%v: IsError false (%s); an empty answer looks like 'no problem' to the model", c.args, text(res))
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(text(res), w) {
				t.Errorf("%v: error %q should name %s", c.args, text(res), w)
			}
		}
	}
}

func TestConcurrentCallsAgree(t *testing.T) {
	cs := connect(t)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 16 {
		wg.Go(func() {
			n := i%5 + 1
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "patient_vitals", Arguments: map[string]any{"patient_id": "P-0042", "metric": "heart_rate", "last": n}})
			if err != nil || res.IsError {
				errs <- fmt.Sprintf("last=%d: %v %v", n, err, res)
				return
			}
			raw, _ := json.Marshal(res.StructuredContent)
			var out Output
			if json.Unmarshal(raw, &out) != nil || len(out.Readings) != n || out.Readings[n-1].Day != 10 {
				errs <- fmt.Sprintf("last=%d: %s", n, raw)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if study["P-0042"]["heart_rate"][9] != (Reading{10, 76}) || len(study["P-0042"]["heart_rate"]) != 10 {
		t.Error("the tool modified the records it serves")
	}
}
