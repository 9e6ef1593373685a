#!/bin/bash
# Debian runit's sv drives tend-supervise unchanged (runit's binaries only, never its init):
# sv reads bytes 0..19 of supervise/status, writes letters to supervise/control and opens
# supervise/ok.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
[ -x /usr/bin/sv ] || skip_all "needs Debian's runit (sv)"
SV_=/usr/bin/sv
plan 17

S=$T/web
mksv "$S" 'exec sleep 1000'
out=$($SV_ status "$S" 2>&1) ; rc=$?
like "$rc: $out" "^1: (fail|warning): $S: (runsv not running|unable to open supervise/ok)" "sv status before any supervisor: fails"
sv_start "$S" ; SSV=$SV
wait_for 8000 is_up "$S"
pid=$(st_pid "$S")
sleep 2.1   # so that the seconds shown are not 0: nothing else to wait on
out=$($SV_ status "$S") ; rc=$?
like "$rc: $out" "^0: run: $S: \(pid $pid\) ([2-9]|1[0-9])s\$" "sv status: run, the right pid and seconds (2.1 s after the start; not 0, not 27 off)"
out=$($SV_ down "$S") ; rc=$?
wait_for 8000 is_down "$S"
like "$rc: $($SV_ status "$S")" "^0: down: $S: [0-9]+s, normally up\$" "sv down: down, normally up"
$SV_ up "$S" ; wait_for 8000 is_up "$S" ; ok $? "sv up: up"
out=$($SV_ -w 5 stop "$S") ; rc=$?
like "$rc: $out" "^0: ok: down: $S: [0-9]+s, normally up\$" "sv -w 5 stop: ok: down"
out=$($SV_ -w 5 start "$S") ; rc=$?
like "$rc: $out" "^0: ok: run: $S: \(pid [0-9]+\) [0-9]+s\$" "sv -w 5 start: ok: run"
pid=$(st_pid "$S")
$SV_ pause "$S" ; wait_for 6000 sh -c "[ \$(od -An -j16 -N1 -tu1 '$S/supervise/status' | tr -d ' ') = 1 ]"
like "$($SV_ status "$S")" "^run: $S: \(pid $pid\) [0-9]+s, paused\$" "sv pause: paused"
$SV_ cont "$S" ; wait_for 6000 sh -c "[ \$(od -An -j16 -N1 -tu1 '$S/supervise/status' | tr -d ' ') = 0 ]" ; ok $? "sv cont: not paused"
sleep 1.05   # the next restart must not wait for the 1 s throttle
out=$($SV_ -w 5 restart "$S") ; rc=$?
like "$rc: $out" "^0: ok: run: $S: \(pid [0-9]+\) [0-9]+s\$" "sv restart: ok: run"
[ "$(st_pid "$S")" != "$pid" ] ; ok $? "sv restart: a new pid"
$SV_ once "$S" ; wait_for 6000 is_want "$S" d
like "$($SV_ status "$S")" "^run: $S: \(pid [0-9]+\) [0-9]+s, want down\$" "sv once: running, want down"

# got TERM: a run that ignores TERM, while being stopped
K=$T/obstinate
mksv "$K" 'trap "" TERM ; echo > ../obstinate.ready ; exec sleep 1000'
echo 0 > "$K/timeout-kill"
sv_start "$K" ; KSV=$SV
wait_for 8000 is_up "$K" && wait_for 8000 test -e "$T/obstinate.ready"   # TERM is ignored from now on
$SV_ down "$K" ; wait_for 6000 sh -c "[ \$(od -An -j18 -N1 -tu1 '$K/supervise/status' | tr -d ' ') = 1 ]"
like "$($SV_ status "$K")" "^run: $K: \(pid [0-9]+\) [0-9]+s, want down, got TERM\$" "sv status: want down, got TERM"
$SV_ kill "$K" ; wait_for 8000 is_down "$K" ; ok $? "sv kill: killed"
touch "$K/down"
like "$($SV_ status "$K")" "^down: $K: [0-9]+s\$" "sv status with a down file: down, normally down (nothing said)"

$SV_ exit "$K" ; wait_pid 10000 $KSV ; ok $? "sv exit on a down service: the supervisor exits"
like "$($SV_ status "$K" 2>&1)" "^fail: $K: runsv not running" "sv status: runsv not running"
sv_end x $SSV
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
