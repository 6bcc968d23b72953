package leakfixture

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

// snapshot writes the goroutine profile in the three formats runtime/pprof
// offers (debug=0 protobuf, debug=1 aggregated text, debug=2 full stacks),
// and the goroutineleak profile when the experiment is on.
func snapshot(t *testing.T, name string) {
	dir := os.Getenv("LEAK_FIXTURE_DIR")
	if dir == "" {
		t.Skip("LEAK_FIXTURE_DIR not set: this test only captures fixtures")
	}
	write := func(file string, p *pprof.Profile, debug int) {
		f, err := os.Create(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := p.WriteTo(f, debug); err != nil {
			t.Fatal(err)
		}
	}
	g := pprof.Lookup("goroutine")
	write(name+".debug2.txt", g, 2)
	write(name+".debug1.txt", g, 1)
	write(name+".pb.gz", g, 0)
	if leak := pprof.Lookup("goroutineleak"); leak != nil {
		write(name+".leak.debug1.txt", leak, 1)
		write(name+".leak.debug2.txt", leak, 2)
	}
}

func TestLeaks(t *testing.T) {
	snapshot(t, "before")
	if got := FirstResult(3); got < 0 {
		t.Fatal(got)
	}
	StartWorker()
	StartWorker()
	Watch(make(chan struct{}))
	runtime.Gosched()
	time.Sleep(50 * time.Millisecond)
	snapshot(t, "after")
}
