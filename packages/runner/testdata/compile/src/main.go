package main

import (
	"fmt"
	"os"
)

func main() {
	x := 1
	var s string = 5
	fmt.Println(undefinedName)
}
