#!/bin/bash
# tend-svc against a fake supervisor (tests/svstat-fake.py): the exact bytes sent, waiting
# (at once, on events, deadline passing, supervisor exiting), no supervisor, scanners,
# several directories, usage, and a non-root user.
. "${0%/*}/lib.sh"
require_bin tend-svc tend-svstat
require_cmd python3
plan 47

SVC=$BIN/tend-svc
chmod 0755 "$T"

fake () { fake_sv "$@" ; }
got () { cat "$1/got" 2>/dev/null ; }
# ms MS-START: milliseconds since MS-START
ms () { echo $(( $(now_ms) - $1 )) ; }

# --- sending ---------------------------------------------------------------------------------
fake "$T/a" serve=1
out=$("$SVC" -p -c -h -a -i -q -t -k -1 -2 -y -b -o -r -O -Q -e "$T/a" 2>&1) ; rc=$?
is "$rc:$out" "0:" "several letters at once: exit 0, silent"
wait_for 2000 test -s "$T/a/got"
is "$(got "$T/a")" "pchaiqtk12yborOQe" "the bytes arrive in the order given"

# --- waiting -------------------------------------------------------------------------------------
fake "$T/up" serve=1 state=1 pid=77 flags=1
t0=$(now_ms)
out=$("$SVC" -w u -T 10000 "$T/up" 2>&1) ; rc=$?
el=$(ms $t0)
is "$rc:$out" "0:" "-w u on a service already up: exit 0"
ok $([ "$el" -lt 3000 ] ; echo $?) "-w u on a service already up returns at once ($el ms)"
"$SVC" -w U -T 5000 "$T/up" ; ok $? "-w U: up without notification-fd counts as ready"

fake "$T/b" serve=1 delay=300
t0=$(now_ms)
out=$("$SVC" -u -w u -T 5000 "$T/b" 2>&1) ; rc=$?
el=$(ms $t0)
is "$rc:$out" "0:" "-u -w u: exit 0 once the supervisor reports up"
ok $([ "$el" -ge 300 ] && [ "$el" -lt 6000 ] ; echo $?) "-u -w u waited for the event ($el ms)"
ls -A "$T/b/event" > "$T/ls"
is "$(cat "$T/ls")" "" "the event FIFO is removed afterwards"

t0=$(now_ms)
out=$("$SVC" -d -w D -T 5000 "$T/b" 2>&1) ; rc=$?
is "$rc:$out" "0:" "-d -w D: exit 0"
is "$(got "$T/b")" "ud" "the fake got u then d"

fake "$T/c" serve=1
t0=$(now_ms)
out=$("$SVC" -w u -T 400 "$T/c" 2>&1) ; rc=$?
el=$(ms $t0)
is "$rc" 1 "-w u with a deadline that passes: exit 1"
is "$out" "tend-svc: fatal: timed out after 400 ms waiting for $T/c to be up" "deadline message"
ok $([ "$el" -ge 400 ] && [ "$el" -lt 2900 ] ; echo $?) "returned at the deadline ($el ms for 400 ms)"

out=$("$SVC" -w r -T 300 "$T/up" 2>&1) ; rc=$?
is "$rc" 1 "-w r: the run seen at start is not a restart"

fake "$T/slow" serve=1 delay=8000
out=$("$SVC" -u -w u -T 1000 "$T/c" "$T/slow" 2>&1) ; rc=$?
is "$rc" 1 "several dirs, one reaches the state, one does not: exit 1"
is "$out" "tend-svc: warning: timed out after 1000 ms waiting for $T/slow to be up" "only the late one is named, as a warning"

fake "$T/e" serve=1
out=$("$SVC" -x -w u -T 5000 "$T/e" 2>&1) ; rc=$?
is "$rc" 2 "supervisor exits while waiting: exit 2"
is "$out" "tend-svc: fatal: the supervisor of $T/e exited before it was up" "supervisor exited: message"

# --- no supervisor -------------------------------------------------------------------------------
fake "$T/stale" lock=0 state=1 pid=12 flags=1
out=$("$SVC" -u "$T/stale" 2>&1) ; rc=$?
is "$rc" 2 "no supervisor: exit 2"
is "$out" "tend-svc: fatal: no supervisor running for $T/stale" "no supervisor: message"
mkdir -p "$T/stale/event"
out=$("$SVC" -w u -T 5000 "$T/stale" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no supervisor running for $T/stale" "waiting only: a stale status is not trusted"
mkfifo "$T/stale/supervise/control"
out=$("$SVC" -u -w u "$T/stale" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no supervisor running for $T/stale" "a control FIFO without reader: no supervisor (ENXIO)"
out=$("$SVC" -k "$T/nonexistent" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no supervisor running for $T/nonexistent" "a directory that does not exist"
: > "$T/a/got"
out=$("$SVC" -t "$T/stale" "$T/a" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: warning: no supervisor running for $T/stale" "several dirs: a warning, exit code of the worst"
wait_for 2000 test -s "$T/a/got"
is "$(got "$T/a")" "t" "several dirs: the others still get the command"

# --- scanners --------------------------------------------------------------------------------------
fake "$T/scan" scan=1
out=$("$SVC" --rescan "$T/scan" 2>&1) ; rc=$?
wait_for 2000 test -s "$T/scan/got"
is "$rc:$out:$(got "$T/scan")" "0::a" "--rescan sends a (rescan) to the scanner, silently"
out=$("$SVC" --terminate "$T/scan" 2>&1) ; rc=$?
wait_for 2000 sh -c "[ \$(wc -c < '$T/scan/got') = 2 ]"
is "$rc:$out:$(got "$T/scan")" "0::at" "--terminate sends t (terminate)"
mkdir -p "$T/scan2"
out=$("$SVC" --rescan "$T/scan2" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no scanner running for $T/scan2" "--rescan without a scanner: exit 2, message"
# The old letters, deprecated: s6-svc -s SIG sends a signal. They work, with a warning.
: > "$T/scan/got"
out=$("$SVC" -s "$T/scan" 2>&1) ; rc=$?
wait_for 2000 test -s "$T/scan/got"
is "$rc:$out:$(got "$T/scan")" "0:tend-svc: warning: -s is deprecated (s6-svc -s SIG sends a signal): use --rescan:a" "-s still rescans, with a deprecation warning"
: > "$T/scan/got"
out=$("$SVC" -S "$T/scan" 2>&1) ; rc=$?
wait_for 2000 test -s "$T/scan/got"
is "$rc:$out:$(got "$T/scan")" "0:tend-svc: warning: -S is deprecated: use --terminate:t" "-S still terminates, with a deprecation warning"

# --- usage ---------------------------------------------------------------------------------------------
for args in "" "-u" "-w z $T/a" "-w uu $T/a" "-T 100 $T/a" "-T x -w u $T/a" "-s -u $T/a" "-S -w u $T/a" "-Z $T/a" "$T/a" "--rescan -u $T/a" "--terminate -w u $T/a" "-u --rescan $T/a" "--bogus $T/a" ; do
  out=$("$SVC" $args 2>&1) ; rc=$?
  is "$rc" 100 "usage error: tend-svc $args"
done
like "$out" "^tend-svc: usage: tend-svc \[ -udoxpch" "usage message"

# --- permissions -----------------------------------------------------------------------------------
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ] ; then
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$SVC" -d "$T/a" 2>&1) ; rc=$?
  is "$rc:$out" "111:tend-svc: fatal: unable to write to $T/a/supervise/control: Permission denied" "non-root cannot command a root supervisor"
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN/tend-svstat" "$T/up" 2>&1) ; rc=$?
  like "$rc:$out" "^0:$T/up: up \(pid 77\) [0-9]+ seconds" "non-root can read the status"
else
  skip "needs root and setpriv" 2
fi
