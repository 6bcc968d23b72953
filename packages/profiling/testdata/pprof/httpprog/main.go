// Command httpprog serves net/http/pprof on a loopback port and downloads its
// own heap, goroutine and CPU profiles, exactly as `go tool pprof
// http://host/debug/pprof/...` would. Usage: httpprog <outdir>.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

var keep [][]byte

func busy(stop <-chan struct{}) {
	m := map[int]int{}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		m[i%4096] += i
		if i%1024 == 0 {
			keep = append(keep, make([]byte, 512))
			if len(keep) > 4096 {
				keep = keep[:0]
			}
		}
	}
}

func fetch(base, path, out string) {
	resp, err := http.Get(base + path)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		panic(fmt.Sprintf("%s: %s", path, resp.Status))
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		panic(err)
	}
}

func main() {
	dir := os.Args[1]
	runtime.MemProfileRate = 4096
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, nil)
	stop := make(chan struct{})
	go busy(stop)
	base := "http://" + ln.Addr().String()
	time.Sleep(100 * time.Millisecond)
	fetch(base, "/debug/pprof/profile?seconds=1", filepath.Join(dir, "http-cpu.pb.gz"))
	fetch(base, "/debug/pprof/heap", filepath.Join(dir, "http-heap.pb.gz"))
	fetch(base, "/debug/pprof/goroutine", filepath.Join(dir, "http-goroutine.pb.gz"))
	close(stop)
}
