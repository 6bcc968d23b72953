// Program used to capture the gctrace/schedtrace/runtime-metrics fixtures
// (see ../README.md): it allocates steadily, keeps a growing live set, forces
// one GC, runs goroutines that block and spin so the scheduler has queues to
// report, and finally prints a runtime/metrics snapshot as JSON.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

var live [][]byte

func churn(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		b := make([]byte, 64<<10)
		if len(live) < 400 {
			live = append(live, b)
		} else {
			live[len(live)%400] = b
		}
		for i := 0; i < 200; i++ {
			_ = make([]byte, 1024)
		}
	}
}

type histogram struct {
	Counts  []uint64  `json:"counts"`
	Buckets []float64 `json:"buckets"`
}

type sample struct {
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Uint64    *uint64    `json:"uint64,omitempty"`
	Float64   *float64   `json:"float64,omitempty"`
	Histogram *histogram `json:"histogram,omitempty"`
}

func dumpMetrics() {
	descs := metrics.All()
	samples := make([]metrics.Sample, len(descs))
	for i := range samples {
		samples[i].Name = descs[i].Name
	}
	metrics.Read(samples)
	var out []sample
	for _, s := range samples {
		o := sample{Name: s.Name}
		switch s.Value.Kind() {
		case metrics.KindUint64:
			v := s.Value.Uint64()
			o.Kind, o.Uint64 = "uint64", &v
		case metrics.KindFloat64:
			v := s.Value.Float64()
			o.Kind, o.Float64 = "float64", &v
		case metrics.KindFloat64Histogram:
			h := s.Value.Float64Histogram()
			b := make([]float64, len(h.Buckets))
			for i, x := range h.Buckets {
				// JSON has no infinities: the open-ended first and last buckets become ±MaxFloat64.
				switch {
				case math.IsInf(x, -1):
					b[i] = -math.MaxFloat64
				case math.IsInf(x, 1):
					b[i] = math.MaxFloat64
				default:
					b[i] = x
				}
			}
			o.Kind, o.Histogram = "float64histogram", &histogram{h.Counts, b}
		default:
			continue
		}
		out = append(out, o)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(out)
}

func main() {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < 6; i++ {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					x := 0
					for j := 0; j < 1e5; j++ {
						x += j
					}
					_ = x
					runtime.Gosched()
				}
			}
		})
	}
	churn(1200 * time.Millisecond)
	runtime.GC() // appears as "(forced)" in the gctrace
	churn(900 * time.Millisecond)
	close(stop)
	wg.Wait()
	fmt.Fprintln(os.Stderr, "done")
	dumpMetrics()
}
