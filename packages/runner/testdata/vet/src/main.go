package main

import (
	"fmt"
	"sync"
)

type T struct{ mu sync.Mutex }

func use(t T) {}

func main() {
	fmt.Printf("%d\n", "not a number")
	var t T
	use(t)
	x := 1
	x = x
}
