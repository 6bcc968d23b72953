GO127 build -gcflags=-S -o /dev/null .
