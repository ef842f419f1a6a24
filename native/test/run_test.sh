#!/bin/sh
# End-to-end tests of jlxc-shim: tiny plans written by mkplan, the Java side played by harness.
# usage: run_test.sh OUTDIR   (needs root for namespaces; skipped otherwise)
set -u
OUT=$(cd "$1" && pwd)
SHIM=$OUT/jlxc-shim
if [ "$(id -u)" != 0 ]; then
	echo "run_test.sh: SKIP (not root)"
	exit 0
fi
T=$(mktemp -d /tmp/jlxc-shim-test.XXXXXX)
trap 'umount -R "$T/root" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
failures=0
CLONE_NEWNS=0x00020000
CLONE_NEWUTS=0x04000000
CLONE_NEWPID=0x20000000

fail() {
	echo "FAIL: $name: $*"
	echo "--- log:"; cat "$T/log"; echo "--- out:"; cat "$T/out"
	failures=$((failures + 1))
}

# run NAME [nogo] -- MKPLAN-ARGS...: writes the plan, runs it, leaves $T/log and $T/out.
run() {
	name=$1; shift
	go=""
	if [ "$1" = nogo ]; then go=--nogo; shift; fi
	if [ "$1" = nohost ]; then go=--stop-at-start-host; shift; fi
	shift # --
	"$OUT/mkplan" "$T/plan" "$@" || { fail "mkplan"; return; }
	timeout 20 "$OUT/harness" $go "$SHIM" "$T/plan" "$T/log" >"$T/out" 2>&1 </dev/null || fail "harness failed"
}

expect_log() { # the exact protocol log, after LOCKED
	printf '%s\n' LOCKED "$@" >"$T/want"
	cmp -s "$T/want" "$T/log" || fail "log differs from: $*"
}

expect_out() {
	printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/want" "$T/out" || fail "output differs from: $*"
}

run hostname -- NAMESPACES $((CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS)) SETHOSTNAME jlxc-test \
	EXEC 3 /bin/sh -c 'hostname; echo $$'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out jlxc-test 1

run exit-status -- ENV 1 PATH=/usr/bin:/bin EXEC 3 sh -c 'echo "$PATH"; exit 3'
expect_log CHILD_PID RUNNING "EXITED status=0x0300" "SHIM_EXIT 0"
expect_out /usr/bin:/bin

# No ENV op: an empty environment (sh adds PWD itself), and sh found in the default PATH.
run default-path-empty-env -- EXEC 3 sh -c 'env | grep -v ^PWD= | wc -l'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out 0

run rootfs-missing -- NAMESPACES $CLONE_NEWNS ROOTFS "$T/missing" MKDIR x 0755 1 EXEC 1 /bin/true
expect_log CHILD_PID "OP_FAILED index=1 errno=2 detail=\"open($T/missing)\"" "SHIM_EXIT 1"

run no-rootfs -- NAMESPACES $CLONE_NEWNS SETHOSTNAME x MKDIR x 0755 1 EXEC 1 /bin/true
expect_log CHILD_PID "OP_FAILED index=2 errno=22 detail=\"x: no ROOTFS before an op resolved in it\"" "SHIM_EXIT 1"

run optional -- ?MKDIR x 0755 1 EXEC 2 echo ok
expect_log CHILD_PID "WARNING index=0 errno=22 detail=\"x: no ROOTFS before an op resolved in it\"" RUNNING \
	"EXITED status=0x0000" "SHIM_EXIT 0"
expect_out ok

run exec-missing -- ENV 1 PATH=/nonexistent EXEC 1 no-such-program
expect_log CHILD_PID "OP_FAILED index=1 errno=2 detail=\"execve(no-such-program)\"" "SHIM_EXIT 1"

run nogo nogo -- NAMESPACES $CLONE_NEWPID EXEC 3 /bin/sh -c 'echo must not run'
expect_log CHILD_PID "SHIM_EXIT 1"
[ ! -s "$T/out" ] || fail "the child ran without GO"

printf 'JLXCPLAN\2\0\0\0\0\0\0\0' >"$T/bad"
name=bad-plan
timeout 20 "$OUT/harness" "$SHIM" "$T/bad" "$T/log" >"$T/out" 2>&1 || fail "harness failed"
expect_log "SHIM_FAILED errno=22 what=\"plan: unsupported plan version 2 (expected 1)\"" "SHIM_EXIT 1"

run not-last -- EXEC 1 /bin/true SETHOSTNAME x
expect_log "SHIM_FAILED errno=22 what=\"plan: op 0: the plan must end with its only EXEC or EXEC_INIT\"" "SHIM_EXIT 1"

run ids -- IDS 65534 65533 2 5 6 SETRLIMIT 7 64 128 EXEC 3 sh -c 'id -u; id -g; id -G; ulimit -n; ulimit -Hn'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out 65534 65533 "65533 5 6" 64 128

# Filesystem ops inside a rootfs; a symlink pointing at / must stay inside it.
mkdir -p "$T/root/etc"
ln -s / "$T/root/escape"
echo old-content >"$T/root/etc/f"
run fs-ops -- NAMESPACES $CLONE_NEWNS ROOTFS "$T/root" \
	MKDIR a/b/c 0750 1 MKDIR /escape/jlxc-escape-test 0755 1 MKDIR a/b 0700 1 \
	CREATE_FILE /escape/etc/new 0640 1 SYMLINK ../etc/f a/link 1 SYMLINK x a/link 1 \
	MKNOD a/null 020666 0x103 1 WRITE_FILE /escape/etc/f new 1 EXEC 1 /bin/true
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
[ -d "$T/root/a/b/c" ] && [ "$(stat -c %a "$T/root/a/b/c")" = 750 ] || fail "a/b/c missing or wrong mode"
[ -d "$T/root/jlxc-escape-test" ] && [ ! -e /jlxc-escape-test ] || fail "mkdir escaped the root"
[ -f "$T/root/etc/new" ] && [ "$(stat -c %a "$T/root/etc/new")" = 640 ] || fail "etc/new"
[ "$(readlink "$T/root/a/link")" = ../etc/f ] || fail "symlink"
[ "$(stat -c %F:%t:%T "$T/root/a/null")" = "character special file:1:3" ] || fail "mknod"
[ "$(cat "$T/root/etc/f")" = new ] || fail "write_file"
rmdir /jlxc-escape-test 2>/dev/null

run cap-drop -- CAP_BOUND_DROP $((1 << 21)) EXEC 3 sh -c 'grep ^CapBnd /proc/self/status'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' "$T/out")
[ -n "$bnd" ] && [ $((0x$bnd & (1 << 21))) = 0 ] && [ $((0x$bnd & 1)) = 1 ] || fail "CapBnd $bnd"

run umount -- NAMESPACES $CLONE_NEWNS ROOTFS "$T/root" MKDIR mnt 0755 1 MOUNT tmpfs mnt tmpfs 0 "" 1 \
	CREATE_FILE mnt/x 0644 1 UMOUNT mnt 0 1 EXEC 3 sh -c "test -e $T/root/mnt/x || echo gone"
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out gone

run console-mount -- CONSOLE 1 NAMESPACES $CLONE_NEWNS ROOTFS "$T/root" CREATE_FILE console 0600 1 \
	CONSOLE_MOUNT console 1 EXEC 3 sh -c "test \$(stat -c %t:%T $T/root/console) = \$(stat -L -c %t:%T /proc/self/fd/0) && echo same"
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
grep -q '^same' "$T/out" || fail "console not bind-mounted"

# pivot_root into a rootfs holding only the static shim, which then reads a plan there.
cp "$SHIM" "$T/root/jlxc-shim"
"$OUT/mkplan" "$T/root/p.plan" SETHOSTNAME inside
run pivot -- NAMESPACES $((CLONE_NEWNS | CLONE_NEWPID)) MOUNT "" / "" $((0x40000 | 0x4000)) "" 0 \
	MOUNT "$T/root" "$T/root" "" $((0x1000 | 0x4000)) "" 0 ROOTFS "$T/root" \
	MKDIR proc 0555 1 MOUNT proc proc proc 0xe "" 1 PIVOT_ROOT \
	MOUNT "" / "" $((0x20 | 0x1000 | 0x1)) "" 1 ?CREATE_FILE /ro 0644 1 \
	EXEC 3 /jlxc-shim dump-plan /p.plan
expect_log CHILD_PID "WARNING index=8 errno=30 detail=\"create(/ro)\"" RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out 'SETHOSTNAME name="inside" optional=0'
[ ! -e "$T/root/ro" ] || fail "read-only remount"

# Container hooks (HOOK): in the child's namespaces, with its environment plus the op's entries
# (init does not get them); the hook's stdout goes to stderr; a failing hook fails its op.
run hook -- NAMESPACES $((CLONE_NEWNS | CLONE_NEWUTS)) SETHOSTNAME hooked \
	HOOK 3 /bin/sh -c 'echo "hook $(hostname) $LXC_NAME $PATH_SEEN"; echo to-stderr >&2' 2 LXC_NAME=c1 PATH_SEEN=yes \
	EXEC 3 /bin/sh -c 'echo "init ${LXC_NAME:-unset}"'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out "hook hooked c1 yes" to-stderr "init unset"

run hook-fails -- HOOK 3 /bin/sh -c 'exit 3' 0 EXEC 3 sh -c 'echo must not run'
expect_log CHILD_PID "OP_FAILED index=0 errno=125 detail=\"hook \"exit 3\" exited with status 3\"" "SHIM_EXIT 1"
[ ! -s "$T/out" ] || fail "init ran after a failed hook"

run hook-killed -- HOOK 3 /bin/sh -c 'kill -9 $$' 0 EXEC 1 /bin/true
expect_log CHILD_PID "OP_FAILED index=0 errno=125 detail=\"hook \"kill -9 \$\$\" killed by signal 9\"" "SHIM_EXIT 1"

run hook-missing -- HOOK 1 /nonexistent/sh 0 EXEC 1 /bin/true
expect_log CHILD_PID "OP_FAILED index=0 errno=125 detail=\"hook \"/nonexistent/sh\" exited with status 127\"" \
	"SHIM_EXIT 1"

# START_HOST: the child stops before its exec until Java (the harness) says CONTINUE; when Java
# goes away instead (a failed start-host hook) init never runs.
run start-host -- HOOK 3 /bin/sh -c 'echo setup' 0 START_HOST EXEC 2 echo init
expect_log CHILD_PID "START_HOST index=1" RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out setup init

run start-host-abort nohost -- START_HOST EXEC 3 sh -c 'echo must not run'
expect_log CHILD_PID "START_HOST index=0" "SHIM_EXIT 1"
[ ! -s "$T/out" ] || fail "init ran without CONTINUE"

# The minimal init: PID 1 of the namespace, the command PID 2, its exit code passed on.
run exec-init -- NAMESPACES $((CLONE_NEWNS | CLONE_NEWPID)) EXEC_INIT 3 sh -c 'echo $$ $PPID; exit 5'
expect_log CHILD_PID RUNNING "EXITED status=0x0500" "SHIM_EXIT 0"
expect_out "2 1"

name=init-signal
"$SHIM" init -- sh -c 'kill -TERM $$' </dev/null >"$T/out" 2>&1
rc=$?; [ $rc = 143 ] || fail "init exit code $rc, not 143"
name=init-reaps
"$SHIM" init -- sh -c '(sleep 0.1 &) ; exit 7' </dev/null >"$T/out" 2>&1
rc=$?; [ $rc = 7 ] || fail "init exit code $rc, not 7"

# CONSOLE mode 1 without a terminal: the command sees a pty, its output is relayed.
run console -- CONSOLE 1 NAMESPACES $CLONE_NEWNS EXEC 3 /bin/sh -c 'test -t 0 && test -t 1 && echo tty-ok; tty'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
grep -q '^tty-ok' "$T/out" && grep -q '^/dev/pts/' "$T/out" || fail "no pty output"

# CONSOLE_PEER (lxc.console.path): the console relayed to a terminal device, both ways; the
# shim's stdout gets none of it.
name=console-peer
rm -f "$T/ptyname"
# Typed once the container's shell is on the console: the shim puts the device in raw mode with
# TCSAFLUSH, which drops anything typed before (on a loaded machine a fixed sleep was too short).
(i=0; while ! grep -q to-console "$T/peerout" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
 printf 'typed-in\n') | "$OUT/ptypeer" "$T/ptyname" "$T/peerout" 8 &
pp=$!
i=0; while [ ! -s "$T/ptyname" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
run console-peer -- CONSOLE 3 CONSOLE_PEER "$(cat "$T/ptyname")" \
	EXEC 3 /bin/sh -c 'test -t 0 && echo to-console; read line; echo "got $line"'
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
grep -q to-console "$T/peerout" && grep -q "got typed-in" "$T/peerout" || fail "peer saw: $(cat "$T/peerout")"
[ ! -s "$T/out" ] || fail "console output on the shim's stdout"
kill $pp 2>/dev/null; wait $pp 2>/dev/null

run console-peer-not-a-tty -- CONSOLE 3 CONSOLE_PEER /dev/null EXEC 1 /bin/true
expect_log "SHIM_FAILED errno=25 what=\"lxc.console.path: /dev/null is not a terminal\"" "SHIM_EXIT 1"
run console-peer-missing -- CONSOLE 3 CONSOLE_PEER "$T/no-tty" EXEC 1 /bin/true
expect_log "SHIM_FAILED errno=2 what=\"lxc.console.path: open($T/no-tty)\"" "SHIM_EXIT 1"

# CONSOLE_LOG_SIZE (lxc.console.size, .rotate): 10000 bytes through a 4096-byte log.
xs='head -c 10000 /dev/zero | tr "\000" x'
rm -f "$T/clog" "$T/clog.1"
run console-log-rotate -- CONSOLE 3 CONSOLE_LOG "$T/clog" CONSOLE_LOG_SIZE 4096 1 EXEC 3 /bin/sh -c "$xs"
[ "$(stat -c %s "$T/clog.1" 2>/dev/null)" = 4096 ] && [ "$(stat -c %s "$T/clog")" = 1808 ] ||
	fail "rotated sizes: $(ls -l "$T"/clog*)"
rm -f "$T/clog" "$T/clog.1"
run console-log-truncate -- CONSOLE 3 CONSOLE_LOG "$T/clog" CONSOLE_LOG_SIZE 4096 0 EXEC 3 /bin/sh -c "$xs"
[ ! -e "$T/clog.1" ] && [ "$(stat -c %s "$T/clog")" = 1808 ] || fail "truncated sizes: $(ls -l "$T"/clog*)"

# CONSOLE_BUFFER (lxc.console.buffer.size): at the end the log is the ring's content, limited
# by the log's size: none set, LXC leaves it empty.
rm -f "$T/clog"
run console-ring -- CONSOLE 3 CONSOLE_LOG "$T/clog" CONSOLE_LOG_SIZE 8192 0 CONSOLE_BUFFER 4096 \
	EXEC 3 /bin/sh -c "$xs; printf END"
[ "$(stat -c %s "$T/clog")" = 4096 ] && [ "$(tail -c 3 "$T/clog")" = END ] || fail "ring in log: $(stat -c %s "$T/clog")"
rm -f "$T/clog"
run console-ring-no-size -- CONSOLE 3 CONSOLE_LOG "$T/clog" CONSOLE_BUFFER 4096 EXEC 3 /bin/sh -c "$xs"
[ -e "$T/clog" ] && [ ! -s "$T/clog" ] || fail "ring without lxc.console.size: log not emptied"

# SECCOMP: a filter making sethostname (x86_64: 170) fail with EPERM, everything else allowed.
deny_sethostname=2000000000000000"15000001aa000000"0600000001000500060000000000ff7f
allow_all=060000000000ff7f
probe='grep ^Seccomp: /proc/self/status | tr -d " \t"; if hostname shim-x 2>/dev/null; then echo set; else echo refused; fi'
run seccomp -- NAMESPACES $CLONE_NEWUTS SECCOMP 0 $deny_sethostname EXEC 3 /bin/sh -c "$probe"
expect_log CHILD_PID RUNNING "EXITED status=0x0000" "SHIM_EXIT 0"
expect_out Seccomp:2 refused
# flags bit 0 (allow_nesting = 0): a process already under a filter keeps it and no other is added.
run seccomp-nesting-off -- NAMESPACES $CLONE_NEWUTS SECCOMP 0 $allow_all SECCOMP 1 $deny_sethostname \
	EXEC 3 /bin/sh -c "$probe"
expect_out Seccomp:2 set
run seccomp-nesting-on -- NAMESPACES $CLONE_NEWUTS SECCOMP 0 $allow_all SECCOMP 0 $deny_sethostname \
	EXEC 3 /bin/sh -c "$probe"
expect_out Seccomp:2 refused
run seccomp-bad-program -- SECCOMP 0 0600 EXEC 1 /bin/true
expect_log CHILD_PID "OP_FAILED index=0 errno=22 detail=\"seccomp: a program of 2 bytes is not 1 to 4096 instructions\"" "SHIM_EXIT 1"

if [ $failures -ne 0 ]; then
	echo "run_test.sh: $failures failures"
	exit 1
fi
echo "run_test.sh: ok"
