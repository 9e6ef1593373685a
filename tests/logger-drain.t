#!/bin/bash
# A log's supervisor told to exit (x, as a new scanner tells the old one at a takeover, or dx
# after the escalation) keeps a reader on its pipe while the pipe holds data: a logger killed
# while draining is restarted, the rest of the pipe is written, and only then does the
# supervisor exit.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise tend-logger tend-svc
SUP=${TEND_SUPERVISE:-$BIN/tend-supervise}
plan 7

S=$T/web/log
mksv "$S" "exec '$BIN/tend-logger' '$T/logdir'"
mkfifo "$T/fifo"
exec 7<> "$T/fifo"   # the old service's end (and the dead scanner's)
"$SUP" "$S" < "$T/fifo" 2>>"$S.err" 7>&- &
SV=$! ; track $SV
wait_for 10000 is_up "$S" ; ok $? "the log's supervisor runs the logger"
echo first >&7
wait_for 5000 grep -q first "$T/logdir/current" ; ok $? "the logger writes"

# The logger stops (stalled, or just slow) while 2000 lines wait in the pipe; the
# supervisor is told to exit; the logger dies (the OOM killer, a kill -9).
lp=$(st_pid "$S")
kill -STOP "$lp"
seq 1 2000 >&7
"$BIN/tend-svc" -x "$S"
kill -KILL "$lp"
wait_for 10000 grep -q 2000 "$T/logdir/current" ; ok $? "a new logger is started and drains the pipe"
like "$(cat "$S.err")" "run died with data left in its input pipe: restarting it to drain the pipe before exiting" "the supervisor says why it restarts the logger"
kill -0 $SV 2>/dev/null ; ok $? "the supervisor stays while its new logger runs"
is "$(grep -cxE '[0-9]+' "$T/logdir/current")" 2000 "every line of the pipe was written"
# The old service is gone: end of file, the logger exits, so does its supervisor.
exec 7>&-
wait_pid 10000 $SV ; ok $? "at end of file the logger and its supervisor exit"

done_testing
