#!/bin/sh
# End-to-end tests of the runtime directory, daemon mode and the command socket (GET_STATE,
# SIGNAL, WATCH, CONSOLE) and of `jlxc-shim console`, with harness playing Java and cmdclient
# playing the tools. usage: cmd_test.sh OUTDIR   (needs root; skipped otherwise)
set -u
OUT=$(cd "$1" && pwd)
SHIM=$OUT/jlxc-shim
CLI=$OUT/cmdclient
if [ "$(id -u)" != 0 ]; then
	echo "cmd_test.sh: SKIP (not root)"
	exit 0
fi
T=$(mktemp -d /tmp/jlxc-cmd-test.XXXXXX)
R=$T/run
C=$R/command
cleanup() {
	# Only what this script started: the shim named in the pidfile, if one is still there.
	[ -s "$R/pid" ] && kill "$(cat "$R/pid")" 2>/dev/null
	umount -R "$T/root" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
failures=0
name=setup

fail() {
	echo "FAIL: $name: $*"
	for f in log out watch; do [ -f "$T/$f" ] && { echo "--- $f:"; cat "$T/$f"; }; done
	failures=$((failures + 1))
}

expect_file() { # FILE LINES...: the exact content
	f=$1; shift
	printf '%s\n' "$@" >"$T/want"
	cmp -s "$T/want" "$f" || fail "$(basename "$f") differs from: $*"
}

# wait_until CMD...: retries for up to 5 s
wait_until() {
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -lt 100 ] || return 1
		sleep 0.05
	done
}
state_is() { "$CLI" "$C" get-state | grep -q "^STATE $1 "; }

newrun() {
	name=$1
	rm -rf "$R" "$T/log" "$T/out" "$T/watch"
	mkdir -m 0700 "$R"
}

# --- Foreground: lock, GET_STATE, WATCH, SIGNAL, STOPPING until DONE, files removed.
newrun foreground
"$OUT/mkplan" "$T/plan" EXEC 2 sleep 30
timeout 20 "$OUT/harness" --rundir "$R" --pidfile "$R/pid" --done-delay 2 "$SHIM" "$T/plan" "$T/log" \
	>"$T/out" 2>&1 </dev/null &
hp=$!
wait_until state_is RUNNING || fail "never RUNNING"
"$CLI" "$C" watch >"$T/watch" &
wp=$!
set -- $("$CLI" "$C" get-state)
init=${3#init=} shim=${4#shim=}
[ "$(cat "/proc/$init/comm" 2>/dev/null)" = sleep ] || fail "init pid $init is not the sleep"
[ "$(cat "$R/pid")" = "$shim" ] || fail "pidfile $(cat "$R/pid") is not the shim $shim"
[ "$(stat -c %a "$R/pid")" = 600 ] || fail "pidfile mode"
name=lock-contention
timeout 20 "$OUT/harness" --rundir "$R" "$SHIM" "$T/plan" "$T/log2" </dev/null >/dev/null 2>&1 || fail "harness"
expect_file "$T/log2" 'SHIM_FAILED errno=11 what="lock"' "SHIM_EXIT 1"
[ -S "$C" ] && [ -s "$R/pid" ] || fail "the losing shim removed the winner's files"
state_is RUNNING || fail "the winner is not serving any more"
name=malformed
[ "$("$CLI" "$C" raw 99 0)" = EOF ] || fail "unknown request not closed"
[ "$("$CLI" "$C" raw 20 100)" = EOF ] || fail "oversized request not closed"
name=set-state
# Java's freeze states: carried to watchers and GET_STATE; THAWED is passed on, then RUNNING.
"$CLI" "$C" set-state 5 >/dev/null
"$CLI" "$C" set-state 6 >/dev/null
state_is FROZEN || fail "SET_STATE FROZEN not kept: $("$CLI" "$C" get-state)"
[ "$("$CLI" "$C" set-state 7)" = "RESULT 0" ] || fail "SET_STATE THAWED"
state_is RUNNING || fail "THAWED not kept as RUNNING: $("$CLI" "$C" get-state)"
[ "$("$CLI" "$C" set-state 3)" = "RESULT 22" ] || fail "SET_STATE STOPPING not EINVAL"
[ "$("$CLI" "$C" set-state 99)" = "RESULT 22" ] || fail "SET_STATE 99 not EINVAL"
[ "$("$CLI" "$C" raw 28 0)" = EOF ] || fail "SET_STATE without payload not closed"
name=signal
[ "$("$CLI" "$C" signal 15)" = "RESULT 0" ] || fail "SIGNAL"
wait_until state_is STOPPING || fail "never STOPPING while Java's post-stop runs"
[ "$("$CLI" "$C" get-state)" = "STATE STOPPING init=0 shim=$shim status=15" ] || fail "STOPPING state: $("$CLI" "$C" get-state)"
[ "$("$CLI" "$C" set-state 6)" = "RESULT 16" ] || fail "SET_STATE while STOPPING not EBUSY"
state_is STOPPING || fail "SET_STATE changed STOPPING"
[ "$("$CLI" "$C" signal 15)" = "RESULT 3" ] || fail "SIGNAL after init ended is not ESRCH"
wait $hp
wait $wp
name=foreground
expect_file "$T/log" LOCKED CHILD_PID RUNNING "EXITED status=0x000f" "SHIM_EXIT 0"
expect_file "$T/watch" "STATE RUNNING" "STATE FREEZING" "STATE FROZEN" "STATE THAWED" "STATE STOPPING" EOF
[ ! -e "$C" ] && [ ! -e "$R/pid" ] || fail "command socket or pidfile left behind"
[ -e "$R/lock" ] || fail "lock file missing"

# --- Daemon: the container outlives the sync socket; console mode 3 drained to CONSOLE_LOG
# and lent to clients; ON_EXIT with JLXC_EXIT_STATUS.
newrun daemon
"$OUT/mkplan" "$T/plan" CONSOLE 3 CONSOLE_LOG "$T/console.log" \
	ON_EXIT 3 sh -c "echo status=\$JLXC_EXIT_STATUS >$T/onexit; sleep 1" \
	EXEC 3 sh -c 'echo boot-message; exec cat'
timeout 20 "$OUT/harness" --daemon --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
	>"$T/out" 2>&1 </dev/null || fail "harness"
expect_file "$T/log" LOCKED CHILD_PID RUNNING DETACHED
sleep 0.3
state_is RUNNING || fail "not RUNNING after the sync socket closed"
set -- $("$CLI" "$C" get-state)
[ "$(cat "$R/state")" = "2 ${3#init=} ${4#shim=} -1" ] || fail "state file $(cat "$R/state") vs $*"
shim=$(cat "$R/pid")
[ "$(ps -o sid= -p "$shim" | tr -d ' ')" = "$shim" ] || fail "the shim leads no session of its own"
[ "$(readlink "/proc/$shim/fd/0")" = /dev/null ] && [ "$(readlink "/proc/$shim/fd/2")" = "$R/shim.log" ] ||
	fail "daemon stdio"
[ "$(readlink "/proc/$shim/cwd")" = / ] || fail "daemon cwd"
grep -q boot-message "$T/console.log" || fail "console output not in CONSOLE_LOG"
[ "$(stat -c %a "$T/console.log")" = 600 ] || fail "console log mode"

name=console-fd
"$CLI" "$C" console 0 echo hello >"$T/out"
head -1 "$T/out" | grep -qx "CONSOLE_FD errno=0 tty=0 fd=1" || fail "console 0"
grep -q "^READ hello *hello" "$T/out" || fail "no echo through the console master"
grep -q hello "$T/console.log" && fail "the shim read the master while a client held it"
"$CLI" "$C" console 0 hold 2 >"$T/out" &
cp=$!
sleep 0.5
[ "$("$CLI" "$C" console 0)" = "CONSOLE_FD errno=16 tty=0 fd=0" ] || fail "held console not EBUSY"
[ "$("$CLI" "$C" console -1)" = "CONSOLE_FD errno=16 tty=0 fd=0" ] || fail "console -1 without ttys"
[ "$("$CLI" "$C" console 1)" = "CONSOLE_FD errno=2 tty=1 fd=0" ] || fail "tty 1 without ttys not ENOENT"
name=console-client-busy
"$SHIM" console --socket "$C" --tty 0 </dev/null >/dev/null 2>"$T/err"
rc=$?
[ $rc = 1 ] && grep -q "the console is in use by another lxc-console" "$T/err" || fail "busy: rc $rc, $(cat "$T/err")"
wait $cp

# The client: Ctrl+a Ctrl+a sends one Ctrl+a; Ctrl+a q detaches.
name=console-client
(printf 'x\001\001y\n'; sleep 1; printf '\001q'; sleep 5) | timeout 10 "$SHIM" console --socket "$C" >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 0 ] || fail "console client exit $rc: $(cat "$T/err")"
grep -q "Connected to the console of the container" "$T/err" || fail "no greeting"
grep -q "$(printf 'x\001y')" "$T/out" || fail "Ctrl+a Ctrl+a did not pass one Ctrl+a"
(printf '\002q'; sleep 5) | timeout 10 "$SHIM" console --socket "$C" --escape b >/dev/null 2>&1 ||
	fail "--escape b: Ctrl+b q did not detach"
# On a terminal (script's pty): raw mode (no local echo: each line comes back twice, from the
# pty's echo and from cat), detach, the terminal's settings restored.
name=console-client-tty
if command -v script >/dev/null; then
	(sleep 1; printf 'abc\n'; sleep 0.5; printf '\001q'; sleep 1) |
		timeout 10 script -qec "stty -g; $SHIM console --socket $C; echo rc=\$?; stty -g" /dev/null |
		tr -d '\r' >"$T/out"
	[ "$(grep -c '^abc$' "$T/out")" = 2 ] || fail "not relayed in raw mode"
	grep -q '^rc=0$' "$T/out" || fail "console client failed"
	[ "$(sed -n 1p "$T/out")" = "$(tail -1 "$T/out")" ] || fail "terminal settings not restored"
else
	echo "cmd_test.sh: no script(1): console-client-tty skipped"
fi
# A client that writes and leaves at once: what the pty answers is the shim's to read again.
name=console-log-resumes
"$CLI" "$C" console 0 send resume-check >/dev/null
wait_until grep -q resume-check "$T/console.log" || fail "the shim did not read the console again"

name=daemon-stop
"$CLI" "$C" watch >"$T/watch" &
wp=$!
# A console client still attached leaves (exit 0) when the monitor goes.
sleep 10 | timeout 10 "$SHIM" console --socket "$C" >/dev/null 2>&1 &
ccp=$!
sleep 0.2
[ "$("$CLI" "$C" signal 15)" = "RESULT 0" ] || fail "SIGNAL"
wait_until state_is STOPPING || fail "never STOPPING while ON_EXIT runs"
wait_until test ! -e "$R/pid" || fail "the shim did not end"
wait $wp
wait $ccp || fail "the attached console client did not leave cleanly when the container stopped"
expect_file "$T/watch" "STATE RUNNING" "STATE STOPPING" EOF
expect_file "$T/onexit" "status=15"
[ ! -e "$C" ] || fail "command socket left behind"
[ ! -e "$R/state" ] || fail "state file left behind"

# --- Ttys: CONSOLE by number and the first free one (-1), from the container's own devpts.
newrun ttys
mkdir -p "$T/root"
"$OUT/mkplan" "$T/plan" NAMESPACES 0x00020000 MOUNT "" / "" $((0x40000 | 0x4000)) "" 0 ROOTFS "$T/root" \
	MKDIR dev/pts 0755 1 MOUNT devpts dev/pts devpts 0 newinstance,ptmxmode=0666 1 SYMLINK pts/ptmx dev/ptmx 1 \
	TTYS 2 EXEC 2 sleep 30
timeout 20 "$OUT/harness" --rundir "$R" "$SHIM" "$T/plan" "$T/log" >"$T/out" 2>&1 </dev/null &
hp=$!
wait_until state_is RUNNING || fail "never RUNNING"
[ "$("$CLI" "$C" console 0)" = "CONSOLE_FD errno=2 tty=0 fd=0" ] || fail "console without CONSOLE not ENOENT"
[ "$("$CLI" "$C" console 3)" = "CONSOLE_FD errno=2 tty=3 fd=0" ] || fail "tty 3 of 2 not ENOENT"
[ "$("$CLI" "$C" console 2)" = "CONSOLE_FD errno=0 tty=2 fd=1" ] || fail "tty 2"
"$CLI" "$C" console -1 hold 2 >"$T/hold1" &
cp=$!
sleep 0.3
[ "$(cat "$T/hold1")" = "CONSOLE_FD errno=0 tty=1 fd=1" ] || fail "first free tty is not 1: $(cat "$T/hold1")"
[ "$("$CLI" "$C" console 1)" = "CONSOLE_FD errno=16 tty=1 fd=0" ] || fail "held tty 1 not EBUSY"
"$CLI" "$C" console -1 hold 2 >"$T/hold2" &
sleep 0.3
[ "$(cat "$T/hold2")" = "CONSOLE_FD errno=0 tty=2 fd=1" ] || fail "next free tty is not 2: $(cat "$T/hold2")"
[ "$("$CLI" "$C" console -1)" = "CONSOLE_FD errno=16 tty=-1 fd=0" ] || fail "no free tty not EBUSY"
"$SHIM" console --socket "$C" </dev/null >/dev/null 2>"$T/err"
grep -q "every tty is in use by another lxc-console" "$T/err" || fail "client: $(cat "$T/err")"
wait $cp
[ "$("$CLI" "$C" signal 9)" = "RESULT 0" ] || fail "SIGNAL 9"
wait
expect_file "$T/log" LOCKED CHILD_PID RUNNING "EXITED status=0x0009" "SHIM_EXIT 0"

# --- Reboot in the foreground: Java answers EXITED with the plan again instead of DONE; the same
# shim (pidfile, command socket, watchers) runs a new init.
newrun reboot-foreground
"$OUT/mkplan" "$T/plan" EXEC 3 sh -c 'echo run; exec sleep 30'
timeout 20 "$OUT/harness" --rundir "$R" --pidfile "$R/pid" --reboot 1 "$SHIM" "$T/plan" "$T/log" \
	>"$T/out" 2>&1 </dev/null &
hp=$!
wait_until state_is RUNNING || fail "never RUNNING"
set -- $("$CLI" "$C" get-state)
init1=${3#init=} shim=${4#shim=}
"$CLI" "$C" watch >"$T/watch" &
wp=$!
sleep 0.2
[ "$("$CLI" "$C" restart "$T/plan")" = "RESULT 16" ] || fail "RESTART while running not refused"
[ "$("$CLI" "$C" signal 1)" = "RESULT 0" ] || fail "SIGNAL 1"
wait_until sh -c "\"$CLI\" \"$C\" get-state | grep -q '^STATE RUNNING init=' && ! \"$CLI\" \"$C\" get-state | grep -q 'init=$init1 '" ||
	fail "not RUNNING again with a new init"
set -- $("$CLI" "$C" get-state)
[ "${4#shim=}" = "$shim" ] && [ "$(cat "$R/pid")" = "$shim" ] || fail "another shim or pidfile after the reboot"
[ "$("$CLI" "$C" signal 9)" = "RESULT 0" ] || fail "SIGNAL 9"
wait $hp
wait $wp
expect_file "$T/log" LOCKED CHILD_PID RUNNING "EXITED status=0x0001" CHILD_PID RUNNING "EXITED status=0x0009" \
	"SHIM_EXIT 0"
expect_file "$T/out" run run
expect_file "$T/watch" "STATE RUNNING" "STATE STOPPING" "STATE STARTING" "STATE STARTING" "STATE RUNNING" \
	"STATE STOPPING" EOF
[ ! -e "$C" ] && [ ! -e "$R/pid" ] || fail "command socket or pidfile left behind"

# --- Reboot in daemon mode: the ON_EXIT command sends RESTART and drives the next start on that
# connection; the second time it does not, and the shim ends.
newrun reboot-daemon
rm -f "$T/rebooted"
"$OUT/mkplan" "$T/plan" CONSOLE 3 \
	ON_EXIT 3 sh -c "if [ ! -e $T/rebooted ]; then touch $T/rebooted; $CLI $C restart $T/plan >$T/restart; fi" \
	EXEC 2 sleep 30
timeout 20 "$OUT/harness" --daemon --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
	>"$T/out" 2>&1 </dev/null || fail "harness"
wait_until state_is RUNNING || fail "never RUNNING"
set -- $("$CLI" "$C" get-state)
init1=${3#init=} shim=${4#shim=}
[ "$("$CLI" "$C" signal 15)" = "RESULT 0" ] || fail "SIGNAL 15"
wait_until test -s "$T/restart" || fail "ON_EXIT did not restart"
wait_until state_is RUNNING || fail "not RUNNING again"
set -- $("$CLI" "$C" get-state)
[ "${3#init=}" != "$init1" ] && [ "${4#shim=}" = "$shim" ] || fail "after the reboot: $*"
[ "$(cat "$R/pid")" = "$shim" ] || fail "pidfile changed"
expect_file "$T/restart" LOCKED CHILD_PID RUNNING
[ "$("$CLI" "$C" console 0 | cut -d' ' -f2)" = errno=0 ] || fail "no console after the reboot"
[ "$("$CLI" "$C" signal 9)" = "RESULT 0" ] || fail "SIGNAL 9"
wait_until test ! -e "$R/pid" || fail "the shim did not end"
[ "$(grep -c 'container requested reboot' "$R/shim.log")" = 1 ] || fail "shim.log: $(cat "$R/shim.log")"
[ ! -e "$C" ] || fail "command socket left behind"

# --- CLEANUP: the shim removes the trees and files itself and runs no ON_EXIT; unless init
# was killed by the named signal: then ON_EXIT runs and the shim removes nothing.
newrun cleanup
mkdir -p "$T/cg/a/b/c" "$T/cg2"
touch "$T/f1"
"$OUT/mkplan" "$T/plan" CONSOLE 3 ON_EXIT 3 sh -c "touch $T/onexit-ran" \
	CLEANUP 1 3 "$T/cg/a" "$T/cg2" "$T/missing" 2 "$T/f1" "$T/f2-missing" 0 "" EXEC 2 sleep 30
timeout 20 "$OUT/harness" --daemon --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
	>"$T/out" 2>&1 </dev/null || fail "harness"
wait_until state_is RUNNING || fail "never RUNNING"
[ "$("$CLI" "$C" signal 9)" = "RESULT 0" ] || fail "SIGNAL 9"
wait_until test ! -e "$R/pid" || fail "the shim did not end"
[ ! -e "$T/cg/a" ] && [ ! -e "$T/cg2" ] && [ -d "$T/cg" ] || fail "trees not removed (or too much): $(find "$T/cg"*)"
[ ! -e "$T/f1" ] || fail "file not removed"
[ ! -e "$T/onexit-ran" ] || fail "ON_EXIT ran although CLEANUP applied"
expect_file "$R/exit" 9
[ ! -s "$R/shim.log" ] || fail "shim.log: $(cat "$R/shim.log")"

newrun cleanup-unless-signal
mkdir -p "$T/cg/a"
touch "$T/f1"
"$OUT/mkplan" "$T/plan" CONSOLE 3 ON_EXIT 3 sh -c "touch $T/onexit-ran" \
	CLEANUP 1 1 "$T/cg/a" 1 "$T/f1" 0 "" EXEC 2 sleep 30
timeout 20 "$OUT/harness" --daemon --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
	>"$T/out" 2>&1 </dev/null || fail "harness"
wait_until state_is RUNNING || fail "never RUNNING"
[ "$("$CLI" "$C" signal 1)" = "RESULT 0" ] || fail "SIGNAL 1"
wait_until test ! -e "$R/pid" || fail "the shim did not end"
[ -e "$T/onexit-ran" ] || fail "ON_EXIT did not run for the excepted signal"
[ -d "$T/cg/a" ] && [ -e "$T/f1" ] || fail "CLEANUP applied for the excepted signal"

# --- CLEANUP kills what is left in the cgroups first: through a kill file (v2 cgroup.kill) when
# one can be written, else frozen by the v1 freezer, SIGKILL to each pid, thawed. Real cgroups.
cgmount() { sed -n "s/^[^ ]* [^ ]* [^ ]* \/ \([^ ]*\) .* - $1 .*$2.*/\1/p" /proc/self/mountinfo | head -1; }
cleanup_kill() { # NAME CGDIR KILL_FILE FREEZER
	newrun "$1"
	cg=$2
	mkdir "$cg" || { fail "mkdir $cg"; return; }
	# Several processes: a shell moved in, two children, and an orphaned grandchild.
	sh -c 'echo $$ >"$1/cgroup.procs" || exit 1; (sleep 300 &); sleep 300 & sleep 300 & wait' sh "$cg" &
	victim=$!
	wait_until sh -c '[ "$(wc -l <"$1")" -ge 4 ]' sh "$cg/cgroup.procs" || fail "not 4 processes in $cg"
	pids=$(cat "$cg/cgroup.procs")
	"$OUT/mkplan" "$T/plan" CONSOLE 3 CLEANUP 1 1 "$cg" 0 1 "$3" "$4" EXEC 2 sleep 30
	timeout 20 "$OUT/harness" --daemon --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
		>"$T/out" 2>&1 </dev/null || fail "harness"
	wait_until state_is RUNNING || fail "never RUNNING"
	"$CLI" "$C" signal 9 >/dev/null
	wait_until test ! -e "$R/pid" || fail "the shim did not end"
	wait "$victim" 2>/dev/null
	for p in $pids; do
		# not a zombie of ours either: the orphans' reaper is the host's init
		wait_until sh -c "! kill -0 $p 2>/dev/null" || { fail "process $p left in the cgroup survived"; kill -9 "$p"; }
	done
	[ ! -e "$cg" ] || { fail "cgroup not removed: $(cat "$R/shim.log")"; rmdir "$cg"; }
}
v2=$(cgmount cgroup2 '')
fz=$(cgmount cgroup freezer)
if [ -n "$v2" ] && [ -e "$v2/cgroup.kill" -o -n "$(ls "$v2"/*/cgroup.kill 2>/dev/null | head -1)" ]; then
	cleanup_kill cleanup-kill-v2 "$v2/jlxc-cmdtest.$$" "$v2/jlxc-cmdtest.$$/cgroup.kill" ""
else
	echo "cmd_test.sh: no cgroup.kill here, CLEANUP's v2 kill untested"
fi
if [ -n "$v2" ] && [ -e "$v2/cgroup.freeze" -o -n "$(ls "$v2"/*/cgroup.freeze 2>/dev/null | head -1)" ]; then
	# a cgroup2-only host whose kernel lacks cgroup.kill (< 5.14): freeze-kill-thaw by cgroup.freeze
	cleanup_kill cleanup-kill-v2-freeze "$v2/jlxc-cmdtest.$$" "$T/no-kill-file" "$v2/jlxc-cmdtest.$$/cgroup.freeze"
	grep -q "killed 4 process" "$R/shim.log" || fail "no kill logged: $(cat "$R/shim.log")"
else
	echo "cmd_test.sh: no cgroup.freeze here, CLEANUP's v2 freeze-kill-thaw untested"
fi
if [ -n "$fz" ]; then
	cleanup_kill cleanup-kill-freezer "$fz/jlxc-cmdtest.$$" "$T/no-kill-file" "$fz/jlxc-cmdtest.$$/freezer.state"
	grep -q "killed 4 process" "$R/shim.log" || fail "no kill logged: $(cat "$R/shim.log")"
else
	echo "cmd_test.sh: no v1 freezer here, CLEANUP's freeze-kill-thaw untested"
fi

# --- LEAVE_CGROUP: at its end (every mode) the shim writes its pid to each procs file and then
# removes each monitor tree. Plain directories first (the pid written is checked), then a real
# cgroup2 one the shim is in, with an ON_EXIT command in it too (reaped before the rmdir).
leave_plain() { # NAME HARNESS_OPTS...
	newrun "$1"; shift
	rm -rf "$T/mon" "$T/pivot"
	mkdir -p "$T/mon/sub" "$T/pivot"
	: >"$T/pivot/cgroup.procs"
	"$OUT/mkplan" "$T/plan" CONSOLE 3 LEAVE_CGROUP 1 "$T/pivot/cgroup.procs" 2 "$T/mon" "$T/missing" \
		EXEC 2 sleep 30
	timeout 20 "$OUT/harness" "$@" --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
		>"$T/out" 2>&1 </dev/null &
	wait_until state_is RUNNING || fail "never RUNNING"
	shim=$(cat "$R/pid")
	[ -d "$T/mon" ] || fail "removed too early"
	"$CLI" "$C" signal 9 >/dev/null
	wait_until test ! -e "$R/pid" || fail "the shim did not end"
	wait
	[ "$(cat "$T/pivot/cgroup.procs")" = "$shim" ] || fail "pivot got \"$(cat "$T/pivot/cgroup.procs")\", not $shim"
	[ ! -e "$T/mon" ] || fail "monitor tree not removed: $(cat "$R/shim.log")"
}
leave_plain leave-cgroup-daemon --daemon
leave_plain leave-cgroup-foreground
if [ -n "$v2" ]; then
	newrun leave-cgroup-v2
	mon=$v2/jlxc-cmdtest-mon.$$
	piv=$v2/jlxc-cmdtest-pivot.$$
	mkdir "$mon" "$piv" || fail "mkdir $mon $piv"
	"$OUT/mkplan" "$T/plan" CONSOLE 3 ON_EXIT 3 sh -c "grep -q jlxc-cmdtest-mon /proc/self/cgroup && touch $T/onexit-in-mon" \
		LEAVE_CGROUP 1 "$piv/cgroup.procs" 1 "$mon" EXEC 2 sleep 30
	timeout 20 "$OUT/harness" --daemon --rundir "$R" --pidfile "$R/pid" "$SHIM" "$T/plan" "$T/log" \
		>"$T/out" 2>&1 </dev/null || fail "harness"
	wait_until state_is RUNNING || fail "never RUNNING"
	shim=$(cat "$R/pid")
	echo "$shim" >"$mon/cgroup.procs" || fail "cannot move the shim into $mon"
	"$CLI" "$C" signal 9 >/dev/null
	wait_until test ! -e "$R/pid" || fail "the shim did not end"
	[ -e "$T/onexit-in-mon" ] || fail "ON_EXIT did not run in the monitor cgroup"
	[ ! -e "$mon" ] || { fail "monitor cgroup not removed: $(cat "$R/shim.log")"; rmdir "$mon"; }
	[ ! -s "$R/shim.log" ] || fail "shim.log: $(cat "$R/shim.log")"
	rmdir "$piv" || fail "pivot $piv not empty"
else
	echo "cmd_test.sh: no cgroup2 mount here, LEAVE_CGROUP on a real cgroup untested"
fi

if [ $failures -ne 0 ]; then
	echo "cmd_test.sh: $failures failures"
	exit 1
fi
echo "cmd_test.sh: ok"
