// Command hostile is a collection of programs that misbehave on purpose. The
// hostile suite builds it once inside the sandbox and runs one mode per test;
// each mode prints what it achieved so the test can assert nothing escaped.
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func report(v any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

// fill writes until the disk is full; exitCode is what the program then exits with.
func fill(path string, exitCode int) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Println("create:", err)
		os.Exit(1)
	}
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	total := 0
	for {
		n, err := f.Write(buf)
		total += n
		if err != nil {
			fmt.Printf("wrote %d bytes: %v\n", total, err)
			os.Exit(exitCode)
		}
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: hostile MODE [ARGS]")
		os.Exit(2)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "benign":
		if err := os.WriteFile("benign.txt", []byte("fine"), 0o644); err != nil {
			fmt.Println("write:", err)
			os.Exit(1)
		}
		fmt.Println("benign ok")
	case "cpu":
		for i := 0; ; i++ {
			_ = i * i
		}
	case "sleep":
		time.Sleep(24 * time.Hour)
	case "sigterm":
		signal.Ignore(syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
		for {
			time.Sleep(time.Second)
		}
	case "memory":
		var keep [][]byte
		for {
			b := make([]byte, 8<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
	case "goroutines":
		for {
			go func() { time.Sleep(24 * time.Hour) }()
		}
	case "forkbomb":
		for {
			_ = exec.Command("/bin/sh", "-c", ":(){ :|:& };:").Start()
		}
	case "forkbomb-then-exit0":
		// Starts sleepers until a fork fails at the pids cap, then exits 0 as if
		// nothing happened: the report must still say the limit was reached.
		started := 0
		for {
			if err := exec.Command("/bin/sleep", "30").Start(); err != nil {
				fmt.Printf("started %d, then: %v\n", started, err)
				os.Exit(0)
			}
			started++
		}
	case "output":
		buf := make([]byte, 1<<20)
		for i := range buf {
			buf[i] = 'x'
		}
		for i := 0; i < 4096; i++ { // 4 GiB
			if _, err := os.Stdout.Write(buf); err != nil {
				os.Exit(1)
			}
		}
	case "disk":
		fill(filepath.Join(args[0], "fill.bin"), 1)
	case "disk-then-exit0":
		fill(filepath.Join(args[0], "fill.bin"), 0)
	case "network":
		res := map[string]string{}
		c, err := net.DialTimeout("tcp", args[0], 2*time.Second)
		if c != nil {
			c.Close()
		}
		res["tcp"] = errText(err)
		u, err := net.Dial("udp", args[1])
		if err == nil {
			_, err = u.Write([]byte("escape"))
			u.Close()
		}
		res["udp"] = errText(err)
		_, err = net.LookupHost("example.com")
		res["dns"] = errText(err)
		uc, err := net.Dial("unix", args[2])
		if uc != nil {
			uc.Close()
		}
		res["unix"] = errText(err)
		fd, err := syscall.Socket(40 /* AF_VSOCK */, syscall.SOCK_STREAM, 0)
		if err == nil {
			syscall.Close(fd)
		}
		res["vsock"] = errText(err)
		ifs, _ := net.Interfaces()
		var up []string
		for _, i := range ifs {
			if i.Flags&net.FlagUp != 0 {
				up = append(up, i.Name)
			}
		}
		res["interfacesUp"] = strings.Join(up, ",")
		report(res)
	case "files":
		res := map[string]string{}
		for _, p := range args {
			_, err := os.ReadFile(p)
			if err != nil {
				if _, derr := os.ReadDir(p); derr == nil {
					err = nil
				}
			}
			res[p] = errText(err)
		}
		report(res)
	case "env":
		report(os.Environ())
	case "kill":
		res := map[string]string{}
		res["kill-1"] = errText(syscall.Kill(-1, syscall.SIGKILL))
		for _, a := range args {
			pid, _ := strconv.Atoi(a)
			res["kill "+a] = errText(syscall.Kill(pid, syscall.SIGKILL))
		}
		report(res)
	case "survivor":
		cmd := exec.Command("/proc/self/exe", "detach", args[0])
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			os.Exit(1)
		}
		cmd.Wait()
		fmt.Println("parent exits")
	case "detach":
		// second fork: the grandchild is orphaned and in its own session.
		cmd := exec.Command("/proc/self/exe", "linger", args[0])
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		cmd.Start()
	case "linger":
		signal.Ignore(syscall.SIGTERM, syscall.SIGHUP)
		time.Sleep(24 * time.Hour)
	case "escape":
		res := map[string]string{}
		_, err := os.ReadFile("/proc/1/root/etc/shadow")
		res["read /proc/1/root/etc/shadow"] = errText(err)
		res["write /proc/sys/kernel/hostname"] = errText(os.WriteFile("/proc/sys/kernel/hostname", []byte("pwned"), 0))
		res["write /proc/sysrq-trigger"] = errText(os.WriteFile("/proc/sysrq-trigger", []byte("b"), 0))
		res["write /sys/fs/cgroup/memory/memory.limit_in_bytes"] = errText(os.WriteFile("/sys/fs/cgroup/memory/memory.limit_in_bytes", []byte("-1"), 0))
		res["write /sys/fs/cgroup/cgroup.procs"] = errText(os.WriteFile("/sys/fs/cgroup/cgroup.procs", []byte("1"), 0))
		if cg, err := os.ReadFile("/proc/self/cgroup"); err == nil {
			res["own cgroup"] = string(cg)
		}
		res["mount"] = errText(syscall.Mount("tmpfs", "/tmp", "tmpfs", 0, ""))
		res["unshare user"] = errText(syscall.Unshare(syscall.CLONE_NEWUSER))
		res["unshare net"] = errText(syscall.Unshare(syscall.CLONE_NEWNET))
		_, _, e := syscall.Syscall(syscall.SYS_PTRACE, syscall.PTRACE_ATTACH, 1, 0)
		res["ptrace"] = errText(errnoErr(e))
		_, _, e = syscall.Syscall(321 /* bpf */, 0, 0, 0)
		res["bpf"] = errText(errnoErr(e))
		_, _, e = syscall.Syscall(250 /* keyctl */, 0, 0, 0)
		res["keyctl"] = errText(errnoErr(e))
		res["chroot"] = errText(syscall.Chroot("/tmp"))
		res["setuid 0"] = errText(syscall.Setuid(0))
		report(res)
	case "poison":
		res := map[string]int{}
		cache := os.Getenv("GOCACHE")
		filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if os.WriteFile(filepath.Join(p, "planted-d"), []byte("x"), 0o644) == nil {
					res["cacheFilesPlanted"]++
				}
				return nil
			}
			if f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0); err == nil {
				f.Write([]byte("poisoned"))
				f.Close()
				res["cacheFilesOverwritten"]++
			} else if os.Remove(p) == nil {
				res["cacheFilesRemoved"]++
			}
			return nil
		})
		mod := os.Getenv("GOMODCACHE")
		filepath.WalkDir(mod, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0); err == nil {
				f.Write([]byte("poisoned"))
				f.Close()
				res["modFilesOverwritten"]++
			}
			return nil
		})
		report(res)
	default:
		fmt.Println("unknown mode", os.Args[1])
		os.Exit(2)
	}
}

func errnoErr(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}
