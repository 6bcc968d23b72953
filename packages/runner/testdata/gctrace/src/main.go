package main

import "fmt"

var sink [][]byte

func main() {
	for i := 0; i < 2000; i++ {
		sink = append(sink, make([]byte, 64<<10))
		if len(sink) > 100 {
			sink = sink[:0]
		}
	}
	fmt.Println("done")
}
