#!/bin/bash
# tend-supervise: bad values in each configuration file, no run file, max-death-tally,
# and no system call at all while idle (strace, 10 s).
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
plan 23

# --- idle: zero system calls over 10 s (runs while the rest of this file goes on) --------
I=$T/idle
mksv "$I" 'exec sleep 1000'
echo 3 > "$I/notification-fd"
sv_start "$I" ; ISV=$SV
wait_for 8000 is_up "$I"
if command -v strace >/dev/null ; then
  sleep 0.1   # the start's own work: let it finish before tracing
  timeout -s INT 10 strace -p $ISV -o "$T/idle.strace" 2>/dev/null &
  STRACE=$!
else
  STRACE=
fi

# --- a bad value in each file: warn naming file and value, keep going with the default ----
B=$T/bad
mksv "$B" 'exec sleep 1000'
echo abc > "$B/timeout-kill"
echo -- -1 > "$B/timeout-finish"
echo SIGFOO > "$B/down-signal"
echo 2 > "$B/notification-fd"
printf 'lots\001' > "$B/max-death-tally"
sv_start "$B" ; BSV=$SV
wait_for 8000 is_up "$B" ; ok $? "bad values everywhere: the service still starts"
err=$(cat "$B.err")
like "$err" "tend-supervise $B: warning: bad value in timeout-kill: \"abc\" \(using 5000\)" "timeout-kill \"abc\": warning, default 5000"
like "$err" "tend-supervise $B: warning: bad value in timeout-finish: \"-- -1\" \(using 5000\)" "timeout-finish \"-- -1\": warning, default 5000"
like "$err" "tend-supervise $B: warning: bad value in max-death-tally: \"lots\\\\x01\" \(using 0\)" "max-death-tally with a control byte: shown escaped, default 0"
like "$err" "tend-supervise $B: warning: bad value in down-signal: \"SIGFOO\" \(using SIGTERM\)" "down-signal \"SIGFOO\": warning, default SIGTERM"
like "$err" "tend-supervise $B: warning: bad value in notification-fd: \"2\" \(using none\)" "notification-fd 2 (a standard fd): warning, none"
st_flag "$B" $F_NOTIFY ; is $? 1 "bad notification-fd: status does not expect readiness"
n=$(wc -l < "$B.err")
pid=$(st_pid "$B")
ctl "$B" d
wait_for 8000 is_down "$B"
is "$(st_lastsig "$B")" 15 "bad down-signal: SIGTERM was used"
sleep 1.05 ; ctl "$B" u ; wait_for 8000 is_up "$B"
is "$(wc -l < "$B.err")" "$n" "the same bad values are not warned about again at the next start"
head -c 200 /dev/zero | tr '\0' 7 > "$B/timeout-kill"
echo 'KILL' > "$B/down-signal"
ctl "$B" d ; wait_for 8000 is_down "$B"
like "$(cat "$B.err")" "bad value in timeout-kill: \"7777777777.*\.\.\.\" \(using 5000\)" "a value file too long: warned, shown truncated"
is "$(st_lastsig "$B")" 9 "down-signal KILL (without SIG) is accepted"
echo 99999999999999999999 > "$B/timeout-finish"
echo 64 > "$B/max-death-tally"
ctl "$B" u ; wait_for 8000 is_up "$B"
like "$(cat "$B.err")" "bad value in timeout-finish: \"99999999999999999999\" \(using 5000\)" "a number too large: warned"

# --- no run: report it, wait for u instead of spinning ------------------------------------
R=$T/norun
mkdir -p "$R"
sv_start "$R" ; RSV=$SV
wait_for 6000 test -s "$R.err"
like "$(cat "$R.err")" "^tend-supervise $R: warning: unable to start run: No such file or directory \(waiting for a u command\)" "no run: a warning naming the problem"
cpu0=$(awk '{ print $14 + $15 }' /proc/$RSV/stat)
wait_for 1200 sh -c "[ \$(wc -l < '$R.err') -gt 1 ]"
is "$(wc -l < "$R.err") $(st_state "$R") $(st_want "$R")" "1 0 u" "no run: no retry loop; down, want up"
cpu1=$(awk '{ print $14 + $15 }' /proc/$RSV/stat)
is "$((cpu1 - cpu0))" 0 "no run: no CPU spent while waiting (1.2 s)"
mksv "$R" 'exec sleep 1000'
ctl "$R" u
wait_for 8000 is_up "$R" ; ok $? "no run: u re-checks and starts it once run exists"

# --- max-death-tally ------------------------------------------------------------------------
M=$T/maxdt
mksv "$M" 'echo x >> ../maxdt.starts ; exit 7'
echo 2 > "$M/max-death-tally"
sv_start "$M" ; MSV=$SV
wait_for 10000 is_want "$M" d ; ok $? "max-death-tally 2: gave up, want down"
wait_for 1200 sh -c "[ \$(wc -l < '$T/maxdt.starts') -gt 2 ]"
is "$(wc -l < "$T/maxdt.starts") $(st_tally "$M") $(st_state "$M")" "2 2 0" "max-death-tally 2: two starts, tally 2, down"
like "$(cat "$M.err")" "tend-supervise $M: warning: run died 2 times without staying up 1 second \(max-death-tally\): giving up until a u command" "max-death-tally: warning"
ctl "$M" u
wait_for 8000 sh -c "[ \$(wc -l < '$T/maxdt.starts') -gt 2 ]" ; ok $? "u: tries again"

# --- the idle result -------------------------------------------------------------------------
if [ -n "$STRACE" ] ; then
  wait $STRACE
  calls=$(grep -v -e '^strace:' -e '<detached \.\.\.>' -e 'resuming interrupted' "$T/idle.strace" | wc -l)
  is "$calls" 0 "idle supervisor (up, with a notification pipe): zero system calls in 10 s"
  [ "$calls" = 0 ] || diag "$(head -20 "$T/idle.strace")"
else
  skip "strace not installed"
fi

for p in $ISV $BSV $RSV $MSV ; do sv_end x $p ; done
ok 0 "done"
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
