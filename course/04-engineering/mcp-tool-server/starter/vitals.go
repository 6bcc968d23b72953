// Package vitals is an MCP tool server that lets a model read a clinical
// study's vital-sign measurements, one patient and one metric at a time.
package vitals

import (
	"context"
	"math"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Reading is one measurement taken on a study day.
type Reading struct {
	Day   int     `json:"day"`
	Value float64 `json:"value"`
}

// Records maps patient id -> metric -> readings in ascending day order.
type Records map[string]map[string][]Reading

// Input is what the model sends.
type Input struct {
	PatientID string `json:"patient_id"`
	Metric    string `json:"metric"`
	Last      int    `json:"last"`
}

// Output is the structured result.
type Output struct {
	PatientID string    `json:"patient_id"`
	Metric    string    `json:"metric"`
	Unit      string    `json:"unit"`
	Readings  []Reading `json:"readings"`
	Mean      float64   `json:"mean"`
}

var units = map[string]string{"heart_rate": "bpm", "systolic_bp": "mmHg", "temperature": "°C"}

const ToolName = "patient_vitals"

// NewServer returns a server exposing the patient_vitals tool over recs.
// The tool has no description, no annotations and only the schema inferred
// from Input: nothing limits the id format, the metric or last.
func NewServer(recs Records) (*mcp.Server, error) {
	s := mcp.NewServer(&mcp.Implementation{Name: "study-vitals", Version: "v0.1.0"}, nil)
	mcp.AddTool(s, &mcp.Tool{Name: ToolName}, func(ctx context.Context, _ *mcp.CallToolRequest, in Input) (*mcp.CallToolResult, Output, error) {
		all := recs[in.PatientID][in.Metric] // unknown patients and metrics silently give nothing
		recent := all[max(0, len(all)-in.Last):]
		var sum float64
		for _, r := range recent {
			sum += r.Value
		}
		return nil, Output{
			PatientID: in.PatientID,
			Metric:    in.Metric,
			Unit:      units[in.Metric],
			Readings:  recent,
			Mean:      math.Round(sum/float64(len(recent))*10) / 10,
		}, nil
	})
	return s, nil
}
