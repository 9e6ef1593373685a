#!/bin/bash
# tend-svc with the real tend-supervise: -w U on a readiness-notifying service, -w r/R on a
# restart, -w d versus -w D with a slow finish, a deadline that passes, several letters at
# once reaching the service, no supervisor, and a non-root user.
. "${0%/*}/lib.sh"
require_bin tend-svc tend-svstat tend-supervise
plan 23

SVC=$BIN/tend-svc
SVSTAT=$BIN/tend-svstat
chmod 0755 "$T"

mksv () {  # mksv DIR RUN-BODY: a service directory whose run is a sh script
  mkdir -p "$1"
  printf '#!/bin/sh\n%s\n' "$2" > "$1/run"
  chmod +x "$1/run"
}
# Supervisors get SIGTERM at exit (they take their service down first), so no service
# outlives the test; lib.sh's cleanup then SIGKILLs whatever is left.
_svs=
_stop_svs () {
  for p in $_svs ; do kill -TERM "$p" 2>/dev/null ; done
  for p in $_svs ; do wait_pid 5000 "$p" ; done
}
trap '_stop_svs ; _cleanup' EXIT
sv_start () {  # sv_start DIR: a supervisor in the background, pid in $SV
  "$BIN/tend-supervise" "$1" 2>>"$1.err" &
  SV=$! ; track $SV ; _svs="$_svs $SV"
  wait_for 3000 test -p "$1/supervise/control" -a -s "$1/supervise/status" || bail "no supervisor for $1"
}
pid_of () { "$SVSTAT" -j "$1" | sed -n 's/.*"pid": \([0-9]*\),.*/\1/p' ; }
elapsed () { echo $(( $(now_ms) - $1 )) ; }

# --- readiness ---------------------------------------------------------------------------------
N=$T/notify
mksv "$N" 'sleep 0.4 ; echo >&3 ; exec sleep 1000'
echo 3 > "$N/notification-fd"
touch "$N/down"
sv_start "$N"
t0=$(now_ms)
out=$("$SVC" -u -w U -T 5000 "$N" 2>&1) ; rc=$? ; el=$(elapsed $t0)
is "$rc:$out" "0:" "-u -w U on a readiness-notifying service: exit 0"
ok $([ "$el" -ge 400 ] && [ "$el" -lt 3000 ] ; echo $?) "-w U returned when readiness was notified ($el ms, notifies after 400)"
like "$("$SVSTAT" "$N")" "^$N: up \(pid [0-9]+\) [0-9]+ seconds, ready [0-9]+ seconds, normally down$" "svstat: up and ready"
t0=$(now_ms)
"$SVC" -w U -T 5000 "$N" ; rc=$? ; el=$(elapsed $t0)
ok $([ "$rc" = 0 ] && [ "$el" -lt 1000 ] ; echo $?) "-w U when already ready returns at once ($el ms)"

# --- restart ------------------------------------------------------------------------------------
p1=$(pid_of "$N")
t0=$(now_ms)
out=$("$SVC" -r -w R -T 8000 "$N" 2>&1) ; rc=$? ; el=$(elapsed $t0)
p2=$(pid_of "$N")
is "$rc:$out" "0:" "-r -w R: exit 0"
ok $([ -n "$p2" ] && [ "$p2" != "$p1" ] && [ "$el" -ge 400 ] ; echo $?) "-w R waited for a new run, ready ($p1 -> $p2, $el ms)"
out=$("$SVC" -r -w r -T 8000 "$N" 2>&1) ; rc=$?
p3=$(pid_of "$N")
ok $([ "$rc" = 0 ] && [ -n "$p3" ] && [ "$p3" != "$p2" ] ; echo $?) "-r -w r: a new run ($p2 -> $p3)"

# --- a deadline that passes ------------------------------------------------------------------------
Z=$T/never
mksv "$Z" 'exec sleep 1000'
echo 3 > "$Z/notification-fd"
sv_start "$Z"
t0=$(now_ms)
out=$("$SVC" -w U -T 500 "$Z" 2>&1) ; rc=$? ; el=$(elapsed $t0)
is "$rc" 1 "-w U on a service that never notifies, -T 500: exit 1"
is "$out" "tend-svc: fatal: timed out after 500 ms waiting for $Z to be ready" "... with a clear message"
ok $([ "$el" -ge 500 ] && [ "$el" -lt 2000 ] ; echo $?) "... at the deadline ($el ms)"
"$SVC" -w u -T 3000 "$Z" ; ok $? "-w u on the same service: it is up"
like "$("$SVSTAT" -H "$Z")" "^$Z: not ready: up \(pid $(pid_of "$Z")\) [0-9]+ seconds, not ready$" "health: up but not ready"

# --- down and really down, with a slow finish ----------------------------------------------------------
F=$T/fin
mksv "$F" 'exec sleep 1000'
printf '#!/bin/sh\nsleep 1\n' > "$F/finish" ; chmod +x "$F/finish"
sv_start "$F" ; FSV=$SV
"$SVC" -w u -T 3000 "$F"
out=$("$SVC" -d -w d -T 5000 "$F" 2>&1) ; rc=$?
st=$("$SVSTAT" "$F")
is "$rc:$out" "0:" "-d -w d: exit 0"
like "$st" "^$F: down \(signal SIGTERM\) [0-9]+ seconds, normally up, finishing(, death tally 1)?$" "-w d returns while finish runs"
t0=$(now_ms)
out=$("$SVC" -w D -T 5000 "$F" 2>&1) ; rc=$? ; el=$(elapsed $t0)
is "$rc:$out" "0:" "-w D: exit 0 once finish is done"
like "$("$SVSTAT" "$F")" "^$F: down \(signal SIGTERM\) [0-9]+ seconds, normally up(, death tally 1)?$" "really down: no longer finishing"
ok $([ "$el" -ge 300 ] ; echo $?) "-w D waited for finish ($el ms)"

# --- several letters at once reach the service ---------------------------------------------------------
G=$T/sigs
mksv "$G" 'trap "echo USR1 >> ../sigs.log" USR1 ; trap "echo USR2 >> ../sigs.log" USR2 ; trap "echo HUP >> ../sigs.log" HUP
echo started >> ../sigs.log ; while : ; do sleep 0.05 ; done'
sv_start "$G" ; GSV=$SV
wait_for 3000 grep -q started "$T/sigs.log"
"$SVC" -1 -2 -h "$G" ; rc=$?
wait_for 3000 sh -c "[ \$(grep -c -v started '$T/sigs.log') = 3 ]"
is "$rc:$(grep -v started "$T/sigs.log" | sort | tr '\n' ' ')" "0:HUP USR1 USR2 " "-1 -2 -h: three signals, one command"

# --- no supervisor ---------------------------------------------------------------------------------------
kill -TERM $FSV ; wait_pid 8000 $FSV
out=$("$SVC" -u "$F" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no supervisor running for $F" "supervisor gone: exit 2, clear message"
out=$("$SVSTAT" "$F") ; rc=$?
is "$rc:$out" "2:$F: no supervisor running" "svstat: no supervisor running, exit 2"

# --- a non-root user -----------------------------------------------------------------------------------
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ] ; then
  nobody () { setpriv --reuid=65534 --regid=65534 --clear-groups "$@" ; }
  out=$(nobody "$SVC" -d "$G" 2>&1) ; rc=$?
  is "$rc:$out" "111:tend-svc: fatal: unable to write to $G/supervise/control: Permission denied" "non-root cannot send commands to a root supervisor"
  "$SVC" -w u -T 1000 "$G" ; ok $? "... and the service is still up"
  out=$(nobody "$SVSTAT" "$G") ; rc=$?
  like "$rc:$out" "^0:$G: up \(pid [0-9]+\) [0-9]+ seconds$" "non-root can read the status"
else
  skip "needs root and setpriv" 3
fi
