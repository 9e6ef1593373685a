#!/bin/bash
# tend-supervise: finish (arguments for an exit and for a signal, exit 125, timeout-finish),
# timeout-kill on a TERM-ignoring service, down-signal.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
ns_self
plan 22

# --- finish arguments: exit code ----------------------------------------------------------
F=$T/fin
mksv "$F" 'echo $$ > ../fin.pid ; [ -e ../fin.long ] && exec sleep 1000 ; exit 3'
printf '#!/bin/sh\necho "$@" >> ../fin.args\n' > "$F/finish" ; chmod +x "$F/finish"
touch "$F/down"
sv_start "$F" ; FSV=$SV
ctl "$F" o
wait_for 8000 test -s "$T/fin.args" ; wait_for 8000 is_down "$F"
is "$(cat "$T/fin.args")" "3 0 fin $(cat "$T/fin.pid")" "finish after exit 3: EXITCODE=3 SIGNAL=0 NAME PGID"
is "$(st_lastexit "$F") $(st_lastsig "$F") $(st_finishpid "$F")" "3 0 0" "status: exit 3, finish no longer running"

# --- finish arguments: signal -----------------------------------------------------------
touch "$T/fin.long" ; : > "$T/fin.args"
ctl "$F" o
wait_for 8000 is_up "$F"
pid=$(st_pid "$F")
ctl "$F" k
wait_for 8000 test -s "$T/fin.args" ; wait_for 8000 is_down "$F"
is "$(cat "$T/fin.args")" "256 9 fin $pid" "finish after SIGKILL: EXITCODE=256 SIGNAL=9 NAME PGID"
is "$(st_lastexit "$F") $(st_lastsig "$F")" "256 9" "status: killed by signal 9"

# --- finish exit 125: stay down ---------------------------------------------------------
G=$T/stay
mksv "$G" 'date +%s%N >> ../stay.starts ; sleep 1.05 ; exit 0'
printf '#!/bin/sh\nexit 125\n' > "$G/finish" ; chmod +x "$G/finish"
sv_start "$G" ; GSV=$SV
wait_for 10000 sh -c "[ -s '$T/stay.starts' ]" && wait_for 10000 is_want "$G" d
ok $? "finish exit 125: want down"
wait_for 1500 sh -c "[ \$(wc -l < '$T/stay.starts') -gt 1 ]"
is "$(wc -l < "$T/stay.starts") $(st_state "$G") $(st_pid "$G")" "1 0 0" "finish exit 125: not restarted"
ctl "$G" u
wait_for 8000 sh -c "[ \$(wc -l < '$T/stay.starts') -gt 1 ]" ; ok $? "u after finish 125: started again"

# --- a hung finish is killed at timeout-finish --------------------------------------------
H=$T/hung
mksv "$H" '[ -e ../hung.once ] && exec sleep 1000 ; touch ../hung.once ; exit 0'
printf '#!/bin/sh\necho $$ > ../hung.finish\nexec sleep 1000\n' > "$H/finish" ; chmod +x "$H/finish"
echo 1500 > "$H/timeout-finish"  # long enough to read the status while finish runs on a loaded machine
t0=$(now_ms)
sv_start "$H" ; HSV=$SV
wait_for 8000 is_finish "$H" ; ok $? "status: state finish while finish runs"
wait_for 8000 test -s "$T/hung.finish"
is "$(st_finishpid "$H")" "$(cat "$T/hung.finish")" "status: pid of finish"
wait_for 8000 is_up "$H"
t1=$(now_ms) ; el=$((t1 - t0))
[ $el -ge 1500 ] && [ $el -lt 6000 ] ; ok $? "finish killed after timeout-finish 1500 ms, run restarted (${el} ms)"
kill -0 "$(cat "$T/hung.finish")" 2>/dev/null ; is $? 1 "the hung finish is gone"
like "$(cat "$H.err")" "tend-supervise $H: warning: finish still running after timeout-finish \(1500 ms\): sending SIGKILL to its process group" "timeout-finish: warning names the file and the time"

# --- a TERM-ignoring service is killed at timeout-kill -----------------------------------
K=$T/obstinate
mksv "$K" 'trap "" TERM ; echo > ../obstinate.ready ; exec sleep 1000'
echo 1000 > "$K/timeout-kill"
sv_start "$K" ; KSV=$SV
wait_for 8000 is_up "$K" && wait_for 8000 test -e "$T/obstinate.ready"   # TERM is ignored from now on
pid=$(st_pid "$K")
t0=$(now_ms) ; ctl "$K" d
wait_for 8000 sh -c "[ \$(od -An -j25 -N1 -tu1 '$K/supervise/status' | tr -d ' ') != 1 ]"
is "$(st_state "$K") $(st_flag "$K" $F_GOTTERM && echo term)" "3 term" "d: state stopping, TERM sent, the service ignores it"
wait_for 8000 is_down "$K" ; el=$(( $(now_ms) - t0 ))
[ $el -ge 1000 ] && [ $el -lt 4000 ] ; ok $? "killed after timeout-kill 1000 ms, not the default 5000 (${el} ms)"
is "$(st_lastsig "$K")" 9 "status: killed by SIGKILL"
like "$(cat "$K.err")" "tend-supervise $K: warning: run still running after timeout-kill \(1000 ms\): sending SIGKILL to its process group" "timeout-kill: warning"

# --- down-signal ------------------------------------------------------------------------
S=$T/sig
mksv "$S" 'trap "echo USR1 > ../sig.got ; exit 0" USR1 ; sleep 1000 & echo $! > ../sig.child ; wait'
echo SIGUSR1 > "$S/down-signal"
sv_start "$S" ; SSV=$SV
wait_for 8000 is_up "$S"
wait_for 8000 test -s "$T/sig.child"   # written after the trap is set
ctl "$S" d
wait_for 8000 is_down "$S"
is "$(cat "$T/sig.got" 2>/dev/null) $(st_lastexit "$S") $(st_lastsig "$S")" "USR1 0 0" "down-signal SIGUSR1: the service got USR1 and exited"
wait_pid 10000 "$(cat "$T/sig.child")" ; ok $? "down-signal went to the whole process group (run's child is gone too)"

# --- exec failures: run and finish spawned but not executable (an interpreter missing) -----
# The child cannot write (it shares the supervisor's memory until exec): the supervisor warns.
X=$T/noexec
printf '#!/nonexistent/interpreter\n' > "$T/noexec.run"
mkdir -p "$X" && cp "$T/noexec.run" "$X/run" && cp "$T/noexec.run" "$X/finish" && chmod +x "$X/run" "$X/finish"
touch "$X/down"
sv_start "$X" ; XSV=$SV
ctl "$X" o
wait_for 8000 sh -c "[ \$(grep -c 'unable to exec' '$X.err') -ge 2 ]" ; wait_for 8000 is_down "$X"
is "$(grep 'unable to exec' "$X.err")" "tend-supervise $X: warning: unable to exec run: No such file or directory
tend-supervise $X: warning: unable to exec finish: No such file or directory" "exec of run and of finish failing: each warned once, by the supervisor"
is "$(st_lastexit "$X") $(st_lastsig "$X") $(st_state "$X")" "127 0 0" "run's exec failed with ENOENT: exit 127 recorded, down"

for p in $FSV $GSV $HSV $KSV $SSV $XSV ; do kill -TERM $p 2>/dev/null ; done
for p in $FSV $GSV $HSV $KSV $SSV $XSV ; do wait_pid 10000 $p ; done
wait $FSV $GSV $HSV $KSV $SSV $XSV 2>/dev/null
all=0 ; for p in $FSV $GSV $HSV $KSV $SSV $XSV ; do kill -0 $p 2>/dev/null && all=1 ; done
is $all 0 "every supervisor exited on SIGTERM"
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
