#!/bin/bash
# tend-svscan: a supervisor that dies (SIGKILL) is started again, at most once a second, and
# the service never runs twice; a scanner that was SIGKILLed is replaced by a new one on the
# same SCANDIR, whose supervisors take over from the old ones without a duplicated service.
# Runs in a pid namespace whose pid 1 is another tend-svscan (on an empty directory), which
# reaps the orphans that a SIGKILLed scanner leaves.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter
plan 25

ns_reaper

# nsscanner: a tend-svscan on $SD inside the namespace (its host pid in $SCANNER)
nsscanner () {
  nsenter -t "$NS1" -p -m "$BIN/tend-svscan" "$SD" 2>>"$T/err" &
  local ns=$!
  track $ns ; disown $ns
  wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ns/task/$ns/children 2>/dev/null)\" ]"
  SCANNER=$(cat /proc/$ns/task/$ns/children) ; SCANNER=${SCANNER%% *}
}
# maxinst NAME MS: the most instances of NAME seen, sampled every 20 ms for MS
maxinst () {
  local end=$(( $(now_ms) + $2 )) max=0 n
  while [ "$(now_ms)" -lt "$end" ] ; do
    n=$(instances "$1") ; [ "$n" -gt "$max" ] && max=$n
    sleep 0.02
  done
  echo "$max"
}

mksvc a
mksvc b
mklog b
nsscanner
wait_for 5000 up1 a && wait_for 5000 up1 b && wait_for 5000 up1 b-log ; ok $? "services start"

# A supervisor SIGKILLed is started again at once; SIGKILLed again right away, it is started
# again no sooner than a second after the previous start.
s1=$(sup_pid a)
kill -KILL "$s1"
wait_for 3000 sup_other a "$s1" ; ok $? "SIGKILL of a supervisor: the scanner starts another"
s2=$(sup_pid a) ; t2=$(now_ms)
kill -KILL "$s2"
wait_for 3000 sup_other a "$s2" ; t3=$(now_ms)
ok $? "killed again: started again"
[ $((t3 - t2)) -ge 700 ] ; ok $? "not before about a second ($((t3 - t2)) ms after the previous start was seen)"
is "$(maxinst a 1500)" 1 "the service never runs twice meanwhile"
like "$(cat "$T/err")" "tend-svscan $SD: warning: tend-supervise a was killed by SIGKILL \\(restarting it within 1 second\\)" "the death is reported"
wait_for 3000 up1 a ; ok $? "one instance of the service"

# The whole scanner SIGKILLed: supervisors and services keep running.
olda=$(sup_pid a) oldb=$(sup_pid b) oldbl=$(sup_pid b/log)
kill -KILL "$SCANNER"
wait_pid 3000 "$SCANNER"
sleep 0.3
kill -0 "$olda" "$oldb" "$oldbl" && up1 a && up1 b && up1 b-log ; ok $? "scanner SIGKILLed: its supervisors and services keep running"

# A new scanner takes over: the old supervisors are told to exit, then its own start.
: > "$T/err"
nsscanner
wait_for 10000 sup_pid a ; ok $? "new scanner: a supervisor of its own for a"
is "$(maxinst a 1000)" 1 "the service a never runs twice during the takeover"
wait_for 10000 sup_pid b && wait_for 10000 sup_pid b/log ; ok $? "new scanner: supervisors of its own for b and b/log"
wait_pid 5000 "$olda" && wait_pid 5000 "$oldb" && wait_pid 5000 "$oldbl" ; ok $? "the old supervisors are gone"
wait_for 5000 up1 a && wait_for 5000 up1 b && wait_for 5000 up1 b-log ; ok $? "one instance of each service and logger"
err=$(cat "$T/err")
like "$err" "warning: a/supervise/lock is held by another supervisor: telling it \"dx\" and waiting for it to exit" "the takeover of a service is reported"
like "$err" "warning: b/log/supervise/lock is held by another supervisor: telling it \"x\" and waiting for it to exit" "a log's old supervisor is told x (its logger drains the pipe)"

# The new pair's pipe works.
printf '#!/bin/bash\necho hello-after-takeover\nexec -a %s sleep 100000\n' "$MARK-b" > "$SD/b/run"
printf t > "$SD/b/supervise/control"
wait_for 5000 grep -q hello-after-takeover "$T/b.log" ; ok $? "the new pipe carries the service's output to the new logger"

# A logger that does not exit at end of file keeps its old supervisor (told "x") alive:
# after 10 s the scanner tells it "dx" too.
mksvc c
mklog c "exec -a $MARK-c-log sleep 100000"
ctl a
wait_for 5000 up1 c && wait_for 5000 up1 c-log ; ok $? "a service whose logger ignores end of file runs"
oldcl=$(sup_pid c/log)
kill -KILL "$SCANNER" ; wait_pid 3000 "$SCANNER"
: > "$T/err"
nsscanner
t0=$(now_ms)
wait_for 20000 sup_pid c/log ; ok $? "its logger's supervisor is taken over ($(( $(now_ms) - t0 )) ms)"
like "$(cat "$T/err")" "warning: c/log/supervise/lock is still held by another supervisor: telling it \"dx\"" "after x, dx is sent to the old log supervisor"
[ $(( $(now_ms) - t0 )) -ge 9000 ] ; ok $? "not before 10 seconds"
wait_pid 3000 "$oldcl" && wait_for 3000 up1 c-log && wait_for 3000 up1 c ; ok $? "one instance of the service and of its logger"

# As a subreaper would: the scanner reaps children it did not start.
ctl t
printf d > "$SD/c/log/supervise/control"  # SIGHUP does not stop a logger that ignores end of file
wait_pid 10000 "$SCANNER" ; ok $? "the new scanner terminates"
down0 a && down0 b && down0 b-log && down0 c && down0 c-log ; ok $? "everything is down"
is "$(nchildren "$NS1")" 0 "pid 1 of the namespace reaped every orphan"
is "$(grep -c "^tend-svscan $SD: warning: .* is held by another supervisor" "$T/err")" 5 "each takeover is reported once (5 supervisors)"
done_testing
