#!/bin/bash
# tend-supervise: a supervisor killed with SIGKILL leaves run running; the next supervisor
# takes that run down before starting its own, so the service never runs twice.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise
ns_self
plan 12

S=$T/web
mksv "$S" 'trap "echo \"stop $$\" >> ../web.log ; exit 0" TERM ; echo "start $$" >> ../web.log ; sleep 1001 & wait'
sv_start "$S" ; A=$SV
wait_for 8000 is_up "$S" && wait_for 8000 test -s "$T/web.log"
old=$(st_pid "$S")
kill -KILL $A ; wait $A 2>/dev/null
kill -0 "$old" ; ok $? "the supervisor was SIGKILLed, run survived"
is "$(st_pid "$S")" "$old" "the status still names it"

sv_start "$S" ; B=$SV
wait_for 8000 is_up_new "$S" "$old" ; ok $? "a new supervisor started run again"
kill -0 "$old" 2>/dev/null ; is $? 1 "the old run is gone"
is "$(cut -d' ' -f1 "$T/web.log" | tr '\n' ' ')" "start stop start " "the old run stopped before the new one started"
n=$(pgrep -fc '^sleep 1001$')
is "$n" 1 "exactly one instance of the service runs"
like "$(cat "$S.err")" "tend-supervise $S: warning: run \(pid $old\) survived a previous supervisor: taking it down before starting it again" "a warning says so"

# the old run ignores TERM: SIGKILL after timeout-kill
K=$T/obstinate
mksv "$K" 'trap "" TERM ; echo "start $$" >> ../obstinate.log ; exec sleep 1002'
echo 300 > "$K/timeout-kill"
sv_start "$K" ; C=$SV
wait_for 8000 is_up "$K" && wait_for 8000 test -s "$T/obstinate.log"   # TERM is ignored from now on
old=$(st_pid "$K")
kill -KILL $C ; wait $C 2>/dev/null
t0=$(now_ms)
sv_start "$K" ; D=$SV
wait_for 8000 is_up_new "$K" "$old" ; el=$(( $(now_ms) - t0 ))
kill -0 "$old" 2>/dev/null ; is $? 1 "a TERM-ignoring old run is killed"
[ $el -ge 300 ] ; ok $? "... after timeout-kill (${el} ms)"
is "$(pgrep -fc '^sleep 1002$')" 1 "exactly one instance again"

# a pid that was reused by another process is not touched: same pid, other start time
R=$T/reused
mksv "$R" 'exec sleep 1003'
touch "$R/down"
sleep 1000 & decoy=$! ; track $decoy
mkdir -p "$R/supervise"
# a status naming the decoy's pid with a wrong start time, state up
python3 - "$R/supervise/status" "$decoy" <<'EOP'
import sys, struct
b = bytearray(64)
b[0:8] = struct.pack('>Q', 2**62 + 1700000000) ; b[12:16] = struct.pack('<I', int(sys.argv[2]))
b[17] = ord('u') ; b[19] = 1 ; b[20:24] = b'tend' ; b[24] = 1 ; b[25] = 1 ; b[26:28] = struct.pack('>H', 0x11)
b[40:44] = struct.pack('>I', int(sys.argv[2])) ; b[44:52] = struct.pack('>Q', 12345)
open(sys.argv[1], 'wb').write(b)
EOP
sv_start "$R" ; E=$SV
wait_for 6000 is_down "$R"
kill -0 $decoy ; ok $? "a live process with the recorded pid but another start time is left alone"
for p in $B $D $E ; do sv_end x $p ; done
kill $decoy
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
