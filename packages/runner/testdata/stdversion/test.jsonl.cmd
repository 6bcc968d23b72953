GO127 test -json -count=1 ./... (go 1.26 module using uuid, a Go 1.27 package: vet stdversion)
