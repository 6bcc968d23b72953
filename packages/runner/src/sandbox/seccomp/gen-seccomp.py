#!/usr/bin/python3
"""Writes the sandbox's seccomp filter as raw BPF (what `bwrap --seccomp FD` reads).

Why libseccomp through its Python binding rather than hand-written BPF or a Go
library: libseccomp is the reference implementation used by Docker, systemd and
Flatpak; it gets the architecture checks right (i386 `int 0x80` and x32 syscall
numbers on x86_64 are rejected instead of being mis-decoded), and Debian ships
the binding (python3-seccomp), so setup needs no compiler and no download.

Policy: default allow, deny a list of syscalls that no Go program needs and
that widen the kernel attack surface or let code escape or observe others.
Denied calls fail with EPERM (the Go runtime and libc handle errors; a kill
would turn harmless probing into confusing crashes). `clone3` returns ENOSYS so
glibc falls back to `clone`, whose flags a filter can inspect.

Usage: gen-seccomp.py OUTPUT
"""
import errno
import os
import sys

import seccomp

DENY = [
    # debugging / reading other processes' memory
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    # kernel keyrings, BPF, perf, userfaultfd: classic privilege-escalation surface
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    # mounts and namespaces
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
    "mount_setattr",
    # kernel modules, kexec, reboot, swap, clock, accounting, quotas
    "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "reboot", "swapon", "swapoff", "settimeofday",
    "clock_settime", "clock_adjtime", "adjtimex", "acct", "quotactl",
    "sethostname", "setdomainname", "syslog", "vhangup", "iopl", "ioperm",
    "lookup_dcookie", "open_by_handle_at", "name_to_handle_at",
    "personality", "uselib", "nfsservctl", "_sysctl",
    # io_uring bypasses seccomp for the operations it performs
    "io_uring_setup", "io_uring_enter", "io_uring_register",
]

# Address families the Go runtime and standard library use. The network
# namespace has only a down loopback, so INET sockets reach nothing; vsock is
# NOT isolated by a network namespace, hence the allowlist instead of a denylist.
ALLOWED_FAMILIES = [1, 2, 10, 16]  # AF_UNIX, AF_INET, AF_INET6, AF_NETLINK

# CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER,
# CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWTIME
NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000,
                   0x10000000, 0x20000000, 0x40000000, 0x00000080)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: gen-seccomp.py OUTPUT")
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENY:
        try:
            f.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError):
            pass  # syscall unknown on this architecture
    f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    # clone() that creates namespaces: one rule per flag (MASKED_EQ tests one bit).
    for flag in NAMESPACE_FLAGS:
        f.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    # socket(domain, ...): deny every family not in the allowlist.
    for name in ("socket", "socketpair"):
        for family in range(0, 64):
            if family not in ALLOWED_FAMILIES:
                f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), name, seccomp.Arg(0, seccomp.EQ, family))
        f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), name, seccomp.Arg(0, seccomp.GE, 64))
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "wb") as out:
        f.export_bpf(out)
    os.replace(tmp, sys.argv[1])


if __name__ == "__main__":
    main()
