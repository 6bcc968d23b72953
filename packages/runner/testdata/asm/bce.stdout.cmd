GO127 build "-gcflags=-m -d=ssa/check_bce/debug=1" -o /dev/null .
