// Command cgo calls libc's system() to run shell commands inside the sandbox.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"os"
	"unsafe"
)

func main() {
	cmd := C.CString(os.Args[1])
	defer C.free(unsafe.Pointer(cmd))
	rc := C.system(cmd)
	fmt.Printf("system returned %d\n", rc)
}
