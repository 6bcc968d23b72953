// Command hello is the benign program run after cache poisoning: its output
// depends on std packages (fmt, strings, strconv, sort) whose cached
// compilations a poisoner would want to replace.
package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

func main() {
	words := strings.Fields("gamma alpha beta")
	sort.Strings(words)
	fmt.Println(strings.Join(words, ",") + " " + strconv.Itoa(len(words)))
}
