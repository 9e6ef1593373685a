#!/bin/bash
# tend-supervise: every control letter, garbage on the control FIFO, a non-root user against
# a root supervisor, readiness through notification-fd, and the events on event/.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
require_cmd bash
ns_self
plan 49

# --- signal letters -----------------------------------------------------------------------
S=$T/sigs
mksv "$S" 'exec bash ./trapper'
echo 300 > "$S/timeout-kill"
cat > "$S/trapper" <<'EOS'
for s in HUP ALRM INT QUIT TERM USR1 USR2 WINCH ABRT ; do trap "echo $s >> ../sigs.got" $s ; done
echo $$ > ../sigs.ready
while : ; do sleep 100 & wait $! ; kill $! 2>/dev/null ; done
EOS
sv_start "$S" ; SSV=$SV
wait_for 8000 test -s "$T/sigs.ready"
pid=$(st_pid "$S")
for l in h a i q t 1 2 y b ; do
  n=$(cat "$T/sigs.got" 2>/dev/null | wc -l)
  ctl "$S" $l
  wait_for 6000 sh -c "[ \$(cat '$T/sigs.got' 2>/dev/null | wc -l) -gt $n ]"
done
is "$(tr '\n' ' ' < "$T/sigs.got")" "HUP ALRM INT QUIT TERM USR1 USR2 WINCH ABRT " "h a i q t 1 2 y b reach the service as HUP ALRM INT QUIT TERM USR1 USR2 WINCH ABRT"
is "$(st_pid "$S")" "$pid" "... and it is still the same run"
ctl "$S" p
wait_for 6000 sh -c "grep -q '^State:.*T' /proc/$pid/status"
is "$(grep -o '^State:.[A-Z]' /proc/$pid/status | cut -c8) $(st_paused "$S")" "T 1" "p: SIGSTOP, status paused (byte 16)"
ctl "$S" c
wait_for 6000 sh -c "! grep -q '^State:.*T' /proc/$pid/status"
is "$(grep -o '^State:.[A-Z]' /proc/$pid/status | cut -c8) $(st_paused "$S")" "S 0" "c: SIGCONT, not paused any more"
ctl "$S" k
wait_for 8000 is_up_new "$S" "$pid" ; ok $? "k: SIGKILL, and run was restarted (want up)"
is "$(st_lastexit "$S") $(st_lastsig "$S")" "256 9" "k: status says killed by signal 9"

# --- r D U O Q e --------------------------------------------------------------------------
R=$T/letters
mksv "$R" 'echo $$ >> ../letters.starts ; exec sleep 1000'
sv_start "$R" ; RSV=$SV
wait_for 8000 is_up "$R" ; pid=$(st_pid "$R")
sleep 1.05   # the restart below must not wait for the 1 s throttle
ctl "$R" r
wait_for 8000 is_up_new "$R" "$pid" ; ok $? "r: run restarted"
is "$(st_lastsig "$R") $(st_want "$R")" "15 u" "r: the old run got the down signal, want up"
pid=$(st_pid "$R")
ctl "$R" D
wait_for 8000 is_down "$R"
is "$(st_want "$R") $([ -e "$R/down" ] && echo file)" "d file" "D: down, and the down file created"
st_flag "$R" $F_NORMALLYUP ; is $? 1 "D: status not normally up"
ctl "$R" U
wait_for 8000 is_up "$R"
is "$(st_want "$R") $([ -e "$R/down" ] && echo file)" "u " "U: up, and the down file removed"
ok $(st_flag "$R" $F_NORMALLYUP ; echo $?) "U: status normally up"
pid=$(st_pid "$R")
ctl "$R" O
wait_for 8000 is_want "$R" d
is "$(st_pid "$R") $(st_flag "$R" $F_ONCE && echo once)" "$pid once" "O: still running, will not be restarted"
kill "$pid"
wait_for 8000 is_down "$R" ; ok $? "O: the run died, not restarted"
ctl "$R" O
wait_for 600 is_up "$R"
is "$(st_state "$R")" 0 "O on a down service: not started"
ctl "$R" Q
wait_for 6000 test -e "$R/down" ; ok $? "Q: the down file created"
ctl "$R" u ; wait_for 8000 is_up "$R"
ctl "$R" e
wait_pid 10000 $RSV ; ok $? "e: the service was taken down and the supervisor exited"
is "$(st_pid "$R") $(st_lastsig "$R")" "0 15" "e: status down, killed by SIGTERM"

# --- unknown bytes and garbage -------------------------------------------------------------
pid=$(st_pid "$S")
printf 'zZ\0\377\n?!-@' > "$S/supervise/control"
ctl "$S" ''
head -c 65536 /dev/urandom | tr -d 'xedDkKtrQOb' > "$T/garbage"
timeout 5 dd if="$T/garbage" of="$S/supervise/control" bs=512 status=none ; ok $? "64 KiB of random bytes written to the control FIFO (no x e d D k t r O Q b)"
pid=$(st_pid "$S")
timeout 5 sh -c "printf uk > '$S/supervise/control'"   # blocking: after the garbage
wait_for 10000 is_up_new "$S" "$pid" ; ok $? "it still answers commands after the garbage (k: killed, restarted)"
kill -0 $SSV ; ok $? "the supervisor survived the garbage"
is "$(st_want "$S") $(st_state "$S") $(st_lastsig "$S")" "u 1 9" "the service is up again, status coherent"

# --- a non-root user cannot command a root supervisor --------------------------------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null ; then
  chmod 0755 "$T" "$S" "$S/supervise"
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "printf d > '$S/supervise/control'" 2>&1) ; rc=$?
  like "$rc: $out" "^[1-9][0-9]*: .*Permission denied" "nobody: writing to the control FIFO fails with EACCES"
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "printf u > '$S/supervise/ok'" 2>&1) ; rc=$?
  like "$rc: $out" "^[1-9][0-9]*: .*Permission denied" "nobody: cannot open supervise/ok either"
  is "$(st_want "$S") $(st_state "$S")" "u 1" "the service is untouched"
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "touch '$S/supervise/control.x' ; mkfifo '$S/event/l-evil'" 2>&1) ; rc=$?
  like "$rc: $out" "Permission denied" "nobody: cannot create files in supervise/ or listen on event/"
else
  skip "needs root and setpriv" 4
fi

# --- readiness and events -----------------------------------------------------------------
N=$T/ready
mksv "$N" 'echo $$ > ../ready.pid ; [ -e ../ready.go ] || exec sleep 1000 ; sleep 0.3 ; echo ready >&3 ; exec sleep 1000'
echo 3 > "$N/notification-fd"
touch "$N/down"
sv_start "$N" ; NSV=$SV
mkfifo "$N/event/l-test"
exec 7<>"$N/event/l-test"
getev () { timeout 3 dd bs=1 count="$1" status=none <&7 ; }
ctl "$N" u
wait_for 8000 is_up "$N"
ok $(st_flag "$N" $F_NOTIFY ; echo $?) "notification-fd: status flags that readiness is expected"
st_flag "$N" $F_READY ; is $? 1 "not ready: run did not write to fd 3"
is "$(getev 1)" u "event u: run spawned"
pid=$(st_pid "$N")
touch "$T/ready.go"
ctl "$N" t
is "$(getev 3)" dDu "events d, D, u: run died, no finish, run spawned again"
wait_for 8000 st_flag "$N" $F_READY ; ok $? "ready after the newline on fd 3"
is "$(getev 1)" U "event U: ready"
rs=$(od -An -j28 -N8 -tu8 --endian=big "$N/supervise/status" | tr -d ' ')
us=$(od -An -j0 -N8 -tu8 --endian=big "$N/supervise/status" | tr -d ' ')
[ "$rs" -ge "$us" ] ; ok $? "status: time of readiness recorded, not before the start"
pid=$(st_pid "$N")
rm "$T/ready.go"
ctl "$N" t
wait_for 8000 is_up_new "$N" "$pid"
st_flag "$N" $F_READY ; is $? 1 "readiness is reset when run restarts"
is "$(getev 3)" dDu "events on the restart"
ctl "$N" dx
is "$(getev 3)" dDx "events d, D, x: taken down, the supervisor exits"
wait_pid 10000 $NSV ; ok $? "d then x: the supervisor exited"
[ -p "$N/event/l-test" ] ; ok $? "a listener's FIFO is left alone while it listens"
exec 7<&-

# a stale listener (nobody reading) is removed at the next event
mkfifo "$S/event/l-stale"
ctl "$S" k
wait_for 8000 sh -c "[ ! -e '$S/event/l-stale' ]" ; ok $? "a FIFO without a reader is removed at the next event"

# --- s: the supervisor announces its start -------------------------------------------------
E=$T/ev
mksv "$E" 'exec sleep 1000'
touch "$E/down"
mkdir -p "$E/event" && mkfifo "$E/event/l-early"
exec 8<>"$E/event/l-early"
sv_start "$E" ; ESV=$SV
is "$(timeout 3 dd bs=1 count=1 status=none <&8)" s "event s when the supervisor starts"
kill -HUP $ESV
is "$(timeout 3 dd bs=1 count=1 status=none <&8)" x "event x when it exits"
# without a down file, run is spawned before the first status is written: at s the status
# already says up, and u follows
rm "$E/down"
if command -v strace >/dev/null ; then
  # (LeakSanitizer cannot run under ptrace: off for this one supervisor)
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -qq -e trace=rename,renameat,open,openat -o "$T/ev.strace" "$BIN/tend-supervise" "$E" 2>>"$E.err" &
  ESV=$! ; track $ESV
else
  sv_start "$E" ; ESV=$SV
fi
is "$(timeout 3 dd bs=1 count=1 status=none <&8)" s "a service that starts at once: event s first"
is_up "$E" ; ok $? "the status read at s already says up"
is "$(timeout 3 dd bs=1 count=1 status=none <&8)" u "then event u"
if [ -s "$T/ev.strace" ] ; then
  # (-f: the vfork child writes the status naming itself, before it execs run)
  is "$(grep -Ec '^([0-9]+ +)?rename.*(supervise/status|"status")' "$T/ev.strace")" 1 "one status write at start-up (run is spawned first)"
else
  skip "needs strace" 1
fi
ctl "$E" dx
is "$(timeout 3 dd bs=1 count=3 status=none <&8)" dDx "dx: events d, D, x"
wait_pid 10000 $ESV
if [ -s "$T/ev.strace" ] ; then
  is "$(grep -c '"./event"' "$T/ev.strace")" 2 "events with no status change between them go out together: s u, then d D x (two passes over event/)"
else
  skip "needs strace" 1
fi
exec 8<&-

sv_end "$S" $SSV ; ok $? "SIGTERM: done"
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
