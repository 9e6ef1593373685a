#!/bin/bash
# tend-logger's signals: SIGALRM rotates now, SIGTERM writes all it has read and exits,
# SIGHUP reopens current.
. "${0%/*}/lib.sh"
require_bin tend-logger
L=$BIN/tend-logger
plan 13

mkfifo "$T/fifo"
exec 7<> "$T/fifo"
"$L" "$T/d" < "$T/fifo" 7>&- 2>"$T/err" & lp=$! ; track $lp
printf 'one\ntwo\n' >&7
wait_for 2000 grep -q two "$T/d/current" ; ok $? "lines written"

# SIGALRM: current becomes an archive now.
kill -ALRM $lp
wait_for 2000 sh -c "ls '$T/d' | grep -q '^@'" ; ok $? "SIGALRM: an archive appears"
is "$(cat "$T/d"/@*.s)" "$(printf 'one\ntwo')" "the archive holds the lines so far"
is "$(wc -c < "$T/d/current")" 0 "current starts empty"
kill -ALRM $lp
printf 'three\n' >&7
wait_for 2000 grep -q three "$T/d/current" ; ok $? "the logger goes on"
is "$(ls "$T/d" | grep -c '^@')" 1 "SIGALRM with an empty current makes no archive"

# SIGHUP: current is reopened (here: after it was moved away).
mv "$T/d/current" "$T/d/moved"
kill -HUP $lp
printf 'four\n' >&7
wait_for 2000 grep -q four "$T/d/current" ; ok $? "SIGHUP: a new current is opened"
is "$(cat "$T/d/moved")" three "the moved file kept its line"

# SIGTERM: everything read is written, a partial last line too, then exit 0.
printf 'five\nsix\npart' >&7
wait_for 2000 grep -q six "$T/d/current" ; ok $? "more lines written"
kill -TERM $lp
wait_pid 2000 $lp ; ok $? "SIGTERM: the logger exits"
wait $lp ; rc=$?
is "$rc:$(cat "$T/err")" "0:" "exit 0, no message"
is "$(cat "$T/d/current")" "$(printf 'four\nfive\nsix\npart')" "the partial line it had read is written, with a newline"
printf 'rest\n' >&7
# Nothing after the SIGTERM was read: the next logger would get it from the pipe.
is "$(timeout 2 head -c 4 < "$T/fifo")" "rest" "what arrives after SIGTERM stays in the pipe"
exec 7>&-

done_testing
