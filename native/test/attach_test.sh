#!/bin/sh
# End-to-end tests of `jlxc-shim attach` (lxc-attach's shim side) against a process in its own
# namespaces made by unshare(1), and a cgroup of the test's own.
# usage: attach_test.sh OUTDIR   (needs root; skipped otherwise)
set -u
OUT=$(cd "$1" && pwd)
SHIM=$OUT/jlxc-shim
if [ "$(id -u)" != 0 ]; then
	echo "attach_test.sh: SKIP (not root)"
	exit 0
fi
CG=/sys/fs/cgroup/unified
[ -f $CG/cgroup.procs ] || CG=/sys/fs/cgroup
CG=$CG/jlxc-attach-test-$$
failures=0
# The target: PID 1 of a new PID namespace, with its own host name and mounts.
unshare --fork --pid --uts --mount --mount-proc sh -c 'hostname attach-target; exec sleep 60' &
UNSHARE=$!
cleanup() {
	kill -KILL $UNSHARE 2>/dev/null
	rmdir $CG/.lxc $CG 2>/dev/null
}
trap cleanup EXIT INT TERM
for i in $(seq 50); do
	TARGET=$(pgrep -P $UNSHARE sleep)
	[ -n "$TARGET" ] && break
	sleep 0.1
done
[ -n "$TARGET" ] || { echo "FAIL: no target"; exit 1; }
mkdir $CG

check() { # NAME WANT GOT
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: want [$2], got [$3]"
		failures=$((failures + 1))
	fi
}

A="$SHIM attach --name t --pid $TARGET"
check hostname attach-target "$($A --ns uts -- hostname)"
check "not joined" "$(hostname)" "$($A --ns pid -- hostname)"
check "pid namespace" "1 sleep 60" "$($A --ns mnt --ns pid -- sh -c 'echo 1 $(tr "\0" " " </proc/1/cmdline)' | sed 's/ *$//')"
check "exit status" 7 "$($A --ns uts -- sh -c 'exit 7'; echo $?)"
check "signal death" 137 "$($A --ns uts -- sh -c 'kill -9 $$'; echo $?)"
check "missing command" 127 "$($A --ns uts -- /no/such/command 2>/dev/null; echo $?)"
check "its message" 'lxc-attach: t: Failed to exec "/no/such/command": No such file or directory' \
	"$($A --ns uts -- /no/such/command 2>&1)"
check "shell fallback" fallback "$($A --ns uts --shell -- /no/such/shell -c 'echo no' </dev/null; echo fallback)"
check ids "1000 1001" "$($A --uid 1000 --gid 1001 -- sh -c 'echo $(id -u) $(id -g)')"
check "cap drop" 0 "$($A --cap-drop 10000 -- sh -c 'echo $(( 0x$(sed -n "s/CapBnd:\t//p" /proc/self/status) >> 16 & 1 ))')"
check "cgroup leaf" "0::/${CG##*/}/.lxc" "$($A --cgroup-leaf $CG -- grep '^0::' /proc/self/cgroup)"
check "cwd" "/" "$($A --ns mnt --cwd /no/such/dir -- pwd)"
check "cwd kept" "/tmp" "$($A --ns mnt --cwd /tmp -- pwd)"
check "environment" "bar" "$(FOO=bar $A --ns uts -- sh -c 'echo $FOO')"
check "usage" 2 "$($A --ns uts 2>/dev/null; echo $?)"
check "bad namespace" 1 "$($A --ns nope -- true 2>/dev/null; echo $?)"
check "gone target" 1 "$($SHIM attach --name t --pid 999999999 --ns uts -- true 2>/dev/null; echo $?)"
# A pty (LXC 5's, when a standard fd is a terminal): script(1) gives us a terminal.
if command -v script >/dev/null; then
	check "pty" "yes /dev/pts/" "$(script -qec "$A --ns uts --pty -- sh -c 'test -t 0 && echo yes \$(tty | cut -c1-9)'" /dev/null | tr -d '\r')"
	check "pty exit status" 5 "$(script -qec "$A --ns uts --pty -- sh -c 'exit 5'" /dev/null; echo $?)"
	check "a pipe stays a pipe" "pipe" "$(script -qec "$A --ns uts --pty -- sh -c 'test -t 1 || echo pipe' | cat" /dev/null | tr -d '\r')"
	LOG=$(mktemp /tmp/jlxc-attach-test.XXXXXX)
	check "pty log" "logged" "$(script -qec "$A --ns uts --pty --pty-log $LOG -- echo logged" /dev/null >/dev/null; tr -d '\r' <$LOG)"
	rm -f "$LOG"
fi
# A signal sent to the shim reaches the command; its status is the command's.
$A --ns uts -- sleep 30 &
SHIMPID=$!
sleep 0.3
kill -TERM $SHIMPID
wait $SHIMPID
check "forwarded SIGTERM" 143 $?
check "no process left" "" "$(cat $CG/.lxc/cgroup.procs)"
if [ $failures -gt 0 ]; then
	echo "attach_test.sh: $failures FAILED"
	exit 1
fi
echo "attach_test.sh: OK"
