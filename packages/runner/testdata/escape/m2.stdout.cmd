$GO127 build -gcflags=-m=2 -d=ssa/check_bce/debug=1 -o /dev/null .
