go build -gcflags=-m -o /dev/null .
