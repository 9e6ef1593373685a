#!/bin/bash
# tend-svscan: the pipe between a service and its logger loses no line when the logger's
# supervisor is SIGKILLed, when the logger itself is SIGKILLed, when the service restarts,
# when the service's supervisor is SIGKILLed, nor when the service is removed (the logger
# drains the pipe before it exits). A writer numbers a line every millisecond; at the end
# every run's numbers must be complete and in order.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
PY=/usr/bin/python3 ; [ -x $PY ] || PY=$(command -v python3) || skip_all "needs python3"
plan 15

# The writer: "RUNID N\n" in one write(2) each (atomic on a pipe), N from 1, every ms; on
# SIGTERM it finishes the line in progress, records "RUNID LAST" in $T/counts, and exits.
cat > "$T/writer.py" <<'EOF'
import os, signal, sys, time
run = "%d-%d" % (os.getpid(), time.monotonic_ns())
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
i = 0
while not stop:
    i += 1
    os.write(1, ("%s %d\n" % (run, i)).encode())
    time.sleep(0.001)
with open(sys.argv[1], "a") as f:
    f.write("%s %d\n" % (run, i))
EOF
# The logger moves bytes from the pipe to the file with splice(2) only: no byte is ever
# held in its memory, so even SIGKILL loses nothing that was in the pipe.
cat > "$T/splicelog.py" <<'EOF'
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o644)
os.lseek(fd, 0, os.SEEK_END)
while os.splice(0, fd, 1 << 16):
    pass
EOF
mkdir -p "$SD/w/log"
printf '#!/bin/sh\nexec %s %s %s\n' "$PY" "$T/writer.py" "$T/counts" > "$SD/w/run"
printf '#!/bin/sh\nexec %s %s %s\n' "$PY" "$T/splicelog.py" "$T/w.log" > "$SD/w/log/run"
chmod +x "$SD/w/run" "$SD/w/log/run"
: > "$T/counts"

lines () { wc -l < "$T/w.log" 2>/dev/null || echo 0 ; }
grows () { local n=$(lines) ; wait_for 5000 sh -c "[ \$(wc -l < '$T/w.log') -gt $((n + $1)) ]" ; }
logger_pid () { pgrep -f "^$PY $T/splicelog.py" ; }
writer_pid () { pgrep -f "^$PY $T/writer.py" ; }

scanner
wait_for 5000 test -s "$T/w.log" ; ok $? "the service's lines reach its logger"
grows 200 ; ok $? "lines keep coming"

ls1=$(sup_pid w/log)
kill -KILL "$ls1"
wait_for 5000 sup_other w/log "$ls1"
ok $? "SIGKILL of the log's supervisor: the scanner starts another"
grows 500 ; ok $? "lines keep coming after it"
is "$(logger_pid | wc -l)" 1 "one logger runs"

kill -KILL "$(logger_pid)"
grows 500 ; ok $? "SIGKILL of the logger: lines keep coming after it is restarted"

printf t > "$SD/w/supervise/control"
wait_for 5000 sh -c "[ \$(wc -l < '$T/counts') -ge 1 ]" ; ok $? "the service restarts (SIGTERM to run)"
grows 500 ; ok $? "lines keep coming after the restart"

ws1=$(sup_pid w)
kill -KILL "$ws1"
wait_for 8000 sh -c "[ \$(wc -l < '$T/counts') -ge 2 ]" ; ok $? "SIGKILL of the service's supervisor: the new one takes the service down"
grows 500 ; ok $? "lines keep coming under the new supervisor"
is "$(writer_pid | wc -l)" 1 "one writer runs"

# Removal: the service goes down, then the logger drains the pipe and exits.
mv "$SD/w" "$SD/.w"
ctl a
wait_for 10000 sh -c "! pgrep -f '^$PY $T/(writer|splicelog).py' >/dev/null" ; ok $? "removal: the service and its logger exit"

got=$(awk '
  $1 != cur { if (cur != "") print cur, n ; if ($1 in seen) bad = bad " run " $1 " seen twice;" ; seen[$1] = 1 ; cur = $1 ; n = 0 }
  { if ($2 != n + 1) bad = bad " " $1 " line " NR ": " $2 " after " n ";" ; n = $2 }
  END { print cur, n ; if (bad != "") print "BAD" bad }' "$T/w.log")
is "$got" "$(cat "$T/counts")" "every line of every run is in the log, in order (runs: $(wc -l < "$T/counts"), lines: $(lines))"
total=0 ; while read -r _ n ; do total=$((total + n)) ; done < "$T/counts"
is "$(lines)" "$total" "line count: written = logged"
ctl t
wait_pid 5000 "$SCANNER" ; ok $? "the scanner terminates"
done_testing
