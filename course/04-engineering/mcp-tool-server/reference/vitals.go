// Package vitals is an MCP tool server that lets a model read a clinical
// study's vital-sign measurements, one patient and one metric at a time.
package vitals

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Reading is one measurement taken on a study day.
type Reading struct {
	Day   int     `json:"day"`
	Value float64 `json:"value"`
}

// Records maps patient id -> metric -> readings in ascending day order.
// The server only reads it, so concurrent tool calls may share it.
type Records map[string]map[string][]Reading

// Input is what the model sends. The jsonschema tags become the property
// descriptions the model reads when it decides how to call the tool.
type Input struct {
	PatientID string `json:"patient_id" jsonschema:"study patient id, P- followed by four digits, e.g. P-0042"`
	Metric    string `json:"metric" jsonschema:"which vital sign: heart_rate, systolic_bp or temperature"`
	Last      int    `json:"last,omitempty" jsonschema:"how many of the most recent readings to return, 1 to 30 (default 7)"`
}

// Output is the structured result; its inferred schema is the tool's output schema.
type Output struct {
	PatientID string    `json:"patient_id"`
	Metric    string    `json:"metric"`
	Unit      string    `json:"unit"`
	Readings  []Reading `json:"readings"`
	Mean      float64   `json:"mean"`
}

// units lists the metrics the tool serves; the schema's enum is built from it
// so the two cannot drift apart.
var units = map[string]string{"heart_rate": "bpm", "systolic_bp": "mmHg", "temperature": "°C"}

var metricOrder = []any{"heart_rate", "systolic_bp", "temperature"}

const (
	ToolName    = "patient_vitals"
	defaultLast = 7
	maxLast     = 30
)

// inputSchema starts from the schema inferred from Input (property names,
// types, required fields, no additional properties) and adds the constraints
// Go types cannot express. The SDK validates every call against it before the
// handler runs, so the handler never sees a malformed id or an unknown metric.
func inputSchema() (*jsonschema.Schema, error) {
	s, err := jsonschema.For[Input](nil)
	if err != nil {
		return nil, err
	}
	s.Properties["patient_id"].Pattern = `^P-[0-9]{4}$`
	s.Properties["metric"].Enum = metricOrder
	last := s.Properties["last"]
	last.Minimum = jsonschema.Ptr(1.0)
	last.Maximum = jsonschema.Ptr(float64(maxLast))
	last.Default = json.RawMessage(fmt.Sprint(defaultLast)) // applied by the SDK when the model omits it
	return s, nil
}

// NewServer returns a server exposing the patient_vitals tool over recs.
func NewServer(recs Records) (*mcp.Server, error) {
	schema, err := inputSchema()
	if err != nil {
		return nil, fmt.Errorf("vitals: input schema: %w", err)
	}
	s := mcp.NewServer(&mcp.Implementation{Name: "study-vitals", Version: "v1.0.0"}, nil)
	mcp.AddTool(s, &mcp.Tool{
		Name:        ToolName,
		Description: "Recent vital-sign readings of one study patient, oldest first, with their mean. Read-only.",
		InputSchema: schema,
		Annotations: &mcp.ToolAnnotations{Title: "Patient vitals", ReadOnlyHint: true, OpenWorldHint: jsonschema.Ptr(false)},
	}, vitalsHandler(recs))
	return s, nil
}

// vitalsHandler answers a validated call. Failures the model can act on (an
// unknown patient, no readings) are returned as errors, which the SDK turns
// into a tool result with IsError set: the model sees the message and can
// correct itself. A protocol error would only tell it the call broke.
func vitalsHandler(recs Records) mcp.ToolHandlerFor[Input, Output] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in Input) (*mcp.CallToolResult, Output, error) {
		metrics, ok := recs[in.PatientID]
		if !ok {
			return nil, Output{}, fmt.Errorf("no patient %s in this study", in.PatientID)
		}
		all := metrics[in.Metric]
		if len(all) == 0 {
			return nil, Output{}, fmt.Errorf("no %s readings for %s", in.Metric, in.PatientID)
		}
		n := in.Last
		if n <= 0 { // the schema default covers calls through the protocol; keep direct calls safe too
			n = defaultLast
		}
		// Copy the tail: the records are shared by concurrent calls and must not be aliased.
		recent := append([]Reading(nil), all[max(0, len(all)-n):]...)
		var sum float64
		for _, r := range recent {
			sum += r.Value
		}
		return nil, Output{
			PatientID: in.PatientID,
			Metric:    in.Metric,
			Unit:      units[in.Metric],
			Readings:  recent,
			Mean:      math.Round(sum/float64(len(recent))*10) / 10, // one decimal, as clinicians read it
		}, nil
	}
}
