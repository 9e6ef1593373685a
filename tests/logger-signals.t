#!/bin/bash
# tend-logger's signals: SIGALRM rotates now, SIGTERM writes all it has read (reading on to
# the end of a partial line for up to 1 s) and exits,
# SIGHUP reopens current.
. "${0%/*}/lib.sh"
require_bin tend-logger
L=$BIN/tend-logger
plan 18

mkfifo "$T/fifo"
exec 7<> "$T/fifo"
"$L" "$T/d" < "$T/fifo" 7>&- 2>"$T/err" & lp=$! ; track $lp
printf 'one\ntwo\n' >&7
wait_for 5000 grep -q two "$T/d/current" ; ok $? "lines written"

# SIGALRM: current becomes an archive now.
kill -ALRM $lp
wait_for 5000 sh -c "ls '$T/d' | grep -q '^@'" ; ok $? "SIGALRM: an archive appears"
is "$(cat "$T/d"/@*.s)" "$(printf 'one\ntwo')" "the archive holds the lines so far"
is "$(wc -c < "$T/d/current")" 0 "current starts empty"
kill -ALRM $lp
printf 'three\n' >&7
wait_for 5000 grep -q three "$T/d/current" ; ok $? "the logger goes on"
is "$(ls "$T/d" | grep -c '^@')" 1 "SIGALRM with an empty current makes no archive"

# SIGHUP: current is reopened (here: after it was moved away).
mv "$T/d/current" "$T/d/moved"
kill -HUP $lp
printf 'four\n' >&7
wait_for 5000 grep -q four "$T/d/current" ; ok $? "SIGHUP: a new current is opened"
is "$(cat "$T/d/moved")" three "the moved file kept its line"

# SIGTERM with a partial line: the logger reads on until the line ends (for up to 1 s).
printf 'five\nsix\npart' >&7
wait_for 5000 grep -q six "$T/d/current" ; ok $? "more lines written"
kill -TERM $lp
sleep 0.2
printf 'ial\n' >&7
wait_pid 5000 $lp ; ok $? "SIGTERM: the logger exits once the partial line is complete"
wait $lp ; rc=$?
is "$rc:$(cat "$T/err")" "0:" "exit 0, no message"
is "$(cat "$T/d/current")" "$(printf 'four\nfive\nsix\npartial')" "the line being received was completed, not cut"
printf 'rest\n' >&7
# Nothing after that was read: the next logger gets it from the pipe.
is "$(timeout 2 head -c 4 < "$T/fifo")" "rest" "what arrives after SIGTERM stays in the pipe"

# SIGTERM with a partial line that never ends: written after 1 s, with a newline.
"$L" "$T/d" < "$T/fifo" 7>&- 2>"$T/err" & lp=$! ; track $lp
printf 'seven\nhalf' >&7
wait_for 5000 grep -q seven "$T/d/current" ; ok $? "a new logger goes on in the directory"
t0=$(now_ms)
kill -TERM $lp
wait_pid 5000 $lp ; ok $? "SIGTERM: the logger exits"
t1=$(now_ms)
wait $lp ; rc=$?
is "$rc:$(cat "$T/err")" "0:" "exit 0, no message"
is "$(tail -n 2 "$T/d/current")" "$(printf 'seven\nhalf')" "the partial line it had read is written, with a newline"
[ $((t1 - t0)) -ge 900 ] ; ok $? "after waiting about a second for its end ($((t1 - t0)) ms)"
exec 7>&-

done_testing
