// Command bigarray declares a 16 GiB global array and touches every page.
package main

import "fmt"

var big [16 << 30]byte

func main() {
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	fmt.Println("touched", len(big))
}
