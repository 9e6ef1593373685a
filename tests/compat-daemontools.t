#!/bin/bash
# Debian daemontools' svc, svstat and svok drive tend-supervise unchanged: they read bytes
# 0..17 of supervise/status, write letters to supervise/control and open supervise/ok.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
[ -x /usr/bin/svc ] && [ -x /usr/bin/svstat ] && [ -x /usr/bin/svok ] || skip_all "needs Debian's daemontools (svc, svstat, svok)"
SVC=/usr/bin/svc SVSTAT=/usr/bin/svstat SVOK=/usr/bin/svok
plan 18

S=$T/web
mksv "$S" 'exec sleep 1000'
out=$($SVOK "$S" 2>&1) ; rc=$?
is "$rc" 100 "svok before any supervisor: not running (100)"
sv_start "$S" ; SSV=$SV
wait_for 8000 is_up "$S"
$SVOK "$S" ; is $? 0 "svok: 0 while tend-supervise runs"
pid=$(st_pid "$S")
sleep 2.1   # so that the seconds shown are not 0: nothing else to wait on
like "$($SVSTAT "$S")" "^$S: up \(pid $pid\) ([2-9]|1[0-9]) seconds\$" "svstat: up, the right pid, the right number of seconds (2.1 s after the start; not 0, not 27 off)"

$SVC -p "$S" ; wait_for 6000 sh -c "[ \$(od -An -j16 -N1 -tu1 '$S/supervise/status' | tr -d ' ') = 1 ]"
like "$($SVSTAT "$S")" "^$S: up \(pid $pid\) [0-9]+ seconds, paused\$" "svc -p: svstat says paused"
$SVC -c "$S" ; wait_for 6000 sh -c "[ \$(od -An -j16 -N1 -tu1 '$S/supervise/status' | tr -d ' ') = 0 ]"
$SVC -d "$S" ; wait_for 8000 is_down "$S" ; ok $? "svc -d: down"
like "$($SVSTAT "$S")" "^$S: down [0-9]+ seconds, normally up\$" "svstat: down, normally up"
$SVC -u "$S" ; wait_for 8000 is_up "$S" ; ok $? "svc -u: up"
pid=$(st_pid "$S")
$SVC -t "$S" ; wait_for 8000 is_up_new "$S" "$pid" ; ok $? "svc -t: TERM, restarted"
is "$(st_lastsig "$S")" 15 "svc -t: it was SIGTERM"
$SVC -d "$S" ; wait_for 8000 is_down "$S"
$SVC -o "$S" ; wait_for 8000 is_up "$S"
like "$($SVSTAT "$S")" "^$S: up \(pid [0-9]+\) [0-9]+ seconds, want down\$" "svc -o: up once, svstat says want down"
pid=$(st_pid "$S")
$SVC -k "$S" ; wait_for 8000 is_down "$S" ; ok $? "svc -k after -o: killed, not restarted"

D=$T/lazy
mksv "$D" 'exec sleep 1000'
touch "$D/down"
sv_start "$D" ; DSV=$SV
like "$($SVSTAT "$D")" "^$D: down [0-9]+ seconds\$" "svstat with a down file: down (normally down)"
$SVC -u "$D" ; wait_for 8000 is_up "$D"
like "$($SVSTAT "$D")" "^$D: up \(pid [0-9]+\) [0-9]+ seconds, normally down\$" "svstat: up, normally down"

$SVC -x "$D" ; wait_for 300 sh -c "! kill -0 $DSV"
kill -0 $DSV ; ok $? "svc -x while up: the supervisor waits"
$SVC -d "$D" ; wait_pid 10000 $DSV ; ok $? "svc -d after -x: it exits"
like "$($SVSTAT "$D" 2>&1)" "^$D: supervise not running\$" "svstat: supervise not running"
$SVOK "$D" ; is $? 100 "svok: 100 once it exited"
sv_end x $SSV
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
