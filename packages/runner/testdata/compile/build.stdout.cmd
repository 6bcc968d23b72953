go build -o /dev/null .
