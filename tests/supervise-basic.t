#!/bin/bash
# tend-supervise: run's environment, restart, the 1 s throttle, down file, once, x, SIGTERM,
# SIGHUP, the lock, and the events on event/.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
plan 45

# --- usage --------------------------------------------------------------------------------
out=$("$BIN/tend-supervise" 2>&1) ; rc=$?
like "$rc: $out" '^100: tend-supervise: usage: tend-supervise SERVICEDIR' "no argument: usage, exit 100"
out=$("$BIN/tend-supervise" "$T/nonexistent" 2>&1) ; rc=$?
like "$rc: $out" "^111: tend-supervise $T/nonexistent: fatal: unable to chdir to the service directory: No such file" "missing directory: exit 111, subject in the prefix"

# --- run: cwd, argument, session, status --------------------------------------------------
S=$T/web
mksv "$S" 'echo "$$ $(pwd) $# $1 $(ps -o sid= -p $$ | tr -d " ") $(ps -o pgid= -p $$ | tr -d " ")" > ../web.info ; exec sleep 1000'
sv_start "$S" ; ok $? "supervisor started, status written" ; SSV=$SV
wait_for 8000 test -s "$T/web.info" ; wait_for 8000 is_up "$S"
read -r rpid rcwd rargc rarg rsid rpgid < "$T/web.info"
is "$rcwd $rargc $rarg" "$S 1 web" "run: cwd is the service directory, one argument, the service's name"
is "$rsid $rpgid" "$rpid $rpid" "run: in its own session and process group"
is "$(st_pid "$S") $(st_pgid "$S")" "$rpid $rpid" "status: pid and process group of run"
is "$(st_starttime "$S")" "$(awk '{ sub(/.*\) /, "") ; print $20 }' /proc/$rpid/stat)" "status: start time of run (field 22 of /proc/PID/stat)"
ok $(st_flag "$S" $((F_WANTUP|F_NORMALLYUP)) ; echo $?) "status: want up, normally up"
is "$(stat -c '%a %F' "$S/supervise/control") $(stat -c '%a %F' "$S/supervise/ok") $(stat -c '%a' "$S/event")" \
   "600 fifo 600 fifo 3730" "control and ok are FIFOs 0600, event/ is 03730"
# fds without close-on-exec in the supervisor: only what it inherited (0 1 2, and whatever the
# test harness passes); run must have exactly those, and none of the supervisor's own
noncoe () { for f in /proc/$1/fdinfo/* ; do [ $(( 0$(awk '/^flags:/ { print $2 }' $f) & 02000000 )) = 0 ] && echo ${f##*/} ; done | sort -n | tr '\n' ' ' ; }
is "$(ls /proc/$rpid/fd | sort -n | tr '\n' ' ')" "$(noncoe $SSV)" "run: only the fds the supervisor inherited (its own are close-on-exec)"
own=$(for f in /proc/$SSV/fd/* ; do readlink $f ; done | grep -c -e supervise/ -e anon_inode)
[ "$own" -ge 3 ] && ! ls -l /proc/$rpid/fd | grep -q -e supervise/ -e anon_inode ; ok $? "run holds none of lock, control, ok, selfpipe"
sigs=$(awk '/^Sig(Blk|Ign)/ { printf "%s ", $2 }' /proc/$rpid/status)
is "$sigs" "0000000000000000 0000000000000000 " "run: empty signal mask, no ignored signal"

# --- the name: PARENT/log for a log directory, the real name for "." ---------------------
mksv "$T/web/log" 'echo "$1" > ../../log.name ; exec sleep 1000'
sv_start "$T/web/log" ; LOGSV=$SV
wait_for 8000 test -s "$T/log.name"
is "$(cat "$T/log.name")" "web/log" "a log directory's run gets PARENT/log as its name"
sv_end x $LOGSV
mksv "$T/dotted" 'echo "$1" > ../dot.name ; exec sleep 1000'
( cd "$T/dotted" && exec "$BIN/tend-supervise" . 2>>"$T/dotted.err" ) & DOTSV=$! ; track $DOTSV
wait_for 8000 test -s "$T/dot.name"
is "$(cat "$T/dot.name")" "dotted" "started as tend-supervise . : the directory's real name"
sv_end x $DOTSV

# --- supervise/ as a symlink (a read-only service directory keeps its state elsewhere) ----
L=$T/ro
mksv "$L" 'exec sleep 1000'
mkdir "$T/state-ro" && ln -s "$T/state-ro" "$L/supervise"
sv_start "$L" ; LSV=$SV
wait_for 8000 is_up "$L"
[ -L "$L/supervise" ] && [ -p "$T/state-ro/control" ] && [ -s "$T/state-ro/status" ] ; ok $? "supervise as a symlink: followed, the state is written where it points"
sv_end "$L" $LSV

# --- the lock -----------------------------------------------------------------------------
out=$("$BIN/tend-supervise" "$S" 2>&1) ; rc=$?
is "$rc" 3 "a second supervisor on the same directory exits 3"
like "$out" "^tend-supervise $S: fatal: another supervisor is running here \(supervise/lock is held\)" "... with a clear message"
is "$(st_pid "$S")" "$rpid" "... and the service was not touched"

# --- restart after exit: at once when run lived more than 1 s ------------------------------
R=$T/restart
mksv "$R" 'cut -d" " -f22 /proc/$$/stat >> ../restart.starts ; [ -e ../restart.stop ] && exec sleep 1000 ; sleep 1.1 ; read up _ < /proc/uptime ; echo $up >> ../restart.exits ; exit 3'
sv_start "$R" ; RSV=$SV
wait_for 10000 sh -c "[ \$(wc -l < '$T/restart.starts') -ge 2 ]" ; ok $? "run exited 3 after 1.1 s and was restarted"
touch "$T/restart.stop"
hz=$(getconf CLK_TCK)
gap=$(awk -v hz=$hz 'NR==FNR { e=$1 ; next } FNR==2 { printf "%d", ($1/hz - e) * 1000 }' "$T/restart.exits" "$T/restart.starts")
[ "$gap" -lt 500 ] ; ok $? "a run that lived more than 1 s is restarted at once (${gap} ms from its exit to the next start, 10 ms resolution)"
is "$(st_lastexit "$R") $(st_lastsig "$R")" "3 0" "status: last exit code 3, no signal"
ok $(st_flag "$R" $F_HASDIED ; echo $?) "status: has-died flag"

# --- the 1 s throttle on a crashing service -------------------------------------------------
C=$T/crash
mksv "$C" 'cut -d" " -f22 /proc/$$/stat >> ../crash.starts ; exit 1'
sv_start "$C" ; CSV=$SV
wait_for 10000 sh -c "[ \$(wc -l < '$T/crash.starts') -ge 3 ]" ; ok $? "a crashing run is restarted"
hz=$(getconf CLK_TCK)
mingap=$(awk -v hz=$hz 'NR>1 { g=($1-p)*1000/hz ; if (m=="" || g<m) m=g } { p=$1 } END { printf "%d", m }' "$T/crash.starts")
[ "$mingap" -ge $((1000 - 1000/hz)) ] ; ok $? "two starts are never less than 1 s apart (smallest gap ${mingap} ms, from the processes' start times)"
tally=$(st_tally "$C")
[ "$tally" -ge 2 ] ; ok $? "status: death tally counts the crash loop ($tally)"
ctl "$C" d
wait_for 8000 is_want "$C" d
n1=$(wc -l < "$T/crash.starts") ; wait_for 1300 sh -c "[ \$(wc -l < '$T/crash.starts') -gt $n1 ]"
is "$(wc -l < "$T/crash.starts")" "$n1" "d stops the crash loop: no start after it"

# --- down file, u, o ------------------------------------------------------------------------
D=$T/lazy
mksv "$D" 'echo x >> ../lazy.starts ; [ -e ../lazy.long ] && exec sleep 1000 ; exit 0'
touch "$D/down"
sv_start "$D" ; DSV=$SV
is "$(st_state "$D") $(st_pid "$D") $(st_want "$D")" "0 0 d" "down file: not started, want down"
st_flag "$D" $F_NORMALLYUP ; is $? 1 "down file: not normally up"
[ ! -e "$T/lazy.starts" ] ; ok $? "down file: run never ran"
ctl "$D" o
wait_for 8000 sh -c "[ -s '$T/lazy.starts' ]" && wait_for 8000 is_down "$D"
wait_for 1300 sh -c "[ \$(wc -l < '$T/lazy.starts') -gt 1 ]"
is "$(wc -l < "$T/lazy.starts") $(st_want "$D")" "1 d" "o: run started once, not restarted after exit, want down"
touch "$T/lazy.long"
ctl "$D" u
wait_for 8000 is_up "$D" ; ok $? "u: started"
is "$(st_want "$D")" u "u: want up"

# --- x: exit when down ------------------------------------------------------------------------
ctl "$D" x
wait_for 300 sh -c "! kill -0 $DSV"
kill -0 $DSV 2>/dev/null ; ok $? "x while up: the supervisor keeps running"
is "$(st_state "$D")" 1 "x while up: the service keeps running"
ctl "$D" d
wait_pid 10000 $DSV ; ok $? "x then d: the supervisor exits once the service is down"
wait $DSV ; is $? 0 "... with exit code 0"
is "$(st_pid "$D") $(st_state "$D")" "0 0" "... leaving a status that says down"

# --- SIGHUP: exit when down; SIGTERM: take down, then exit ----------------------------------
pid=$(st_pid "$R")
kill -HUP $RSV
wait_for 300 sh -c "! kill -0 $RSV"
is "$(st_pid "$R")" "$pid" "SIGHUP: the service keeps running"
kill -0 $RSV 2>/dev/null ; ok $? "SIGHUP: the supervisor waits for it to go down"
kill -KILL "$pid"
wait_pid 10000 $RSV ; ok $? "SIGHUP: the service died, the supervisor exited (no restart)"
kill -TERM $CSV ; wait_pid 10000 $CSV ; wait $CSV ; is $? 0 "SIGTERM on a down service: exit 0 at once"

pid=$(st_pid "$S")
kill -TERM $SSV
wait_pid 10000 $SSV ; ok $? "SIGTERM: the supervisor exits"
wait $SSV ; rc=$?
kill -0 "$pid" 2>/dev/null ; is "$?:$rc" "1:0" "SIGTERM: the service was taken down first, exit 0"
is "$(st_lastsig "$S") $(st_want "$S") $(st_tally "$S")" "15 d 0" "status after SIGTERM: killed by signal 15, want down, a requested stop is not in the death tally"
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
