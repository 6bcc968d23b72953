package main

import (
	"fmt"
	"time"
)

func main() {
	m := map[int]int{}
	done := make(chan bool)
	go func() {
		m[1] = 1
		done <- true
	}()
	m[2] = 2
	<-done
	time.Sleep(10 * time.Millisecond)
	fmt.Println(len(m))
}
