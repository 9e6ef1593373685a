#!/bin/bash
# tend-logger SIGKILLed again and again under a fast producer, restarted on the same pipe as
# its supervisor would: no line is lost, in a log directory or on a stream. The logger
# removes from the pipe only what it has written (peek with tee(2), then consume), so a kill
# at any moment leaves every line it has not written in the pipe for the next logger. A kill
# between a write and the consume writes those lines twice: at least once is the contract
# (and a kill in the middle of a write leaves the start of a line, ended, before the whole).
. "${0%/*}/lib.sh"
require_bin tend-logger
L=${TEND_LOGGER:-$BIN/tend-logger}
plan 7

N=400000
mkfifo "$T/fifo"
exec 7<> "$T/fifo"   # held like the scanner holds a service's pipe: no EOF between loggers
# The producer: 400,000 numbered lines in 40 bursts, each as fast as seq writes (4 KiB
# writes that cut lines in two), for about 2 s in all.
( for i in $(seq 0 39) ; do seq $((i * 10000 + 1)) $(((i + 1) * 10000)) ; sleep 0.05 ; done > "$T/fifo" ; : > "$T/produced" ) 7>&- &
pp=$! ; track $pp

kills=0
while [ ! -e "$T/produced" ] && [ $kills -lt 200 ] ; do
  "$L" s300000 n10000 "$T/d" 1 < "$T/fifo" >> "$T/out" 2>>"$T/err" 7>&- &
  lp=$!
  sleep 0.0$((RANDOM % 9 + 1))
  kill -KILL $lp 2>/dev/null
  wait $lp 2>/dev/null
  kills=$((kills + 1))
done
wait $pp
# The last logger drains the pipe: EOF once our end is closed too.
"$L" s300000 n10000 "$T/d" 1 < "$T/fifo" >> "$T/out" 2>>"$T/err" 7>&- &
lp=$! ; track $lp
exec 7>&-
wait_pid 20000 $lp ; ok $? "the last logger drains the pipe and exits"
wait $lp ; rc=$?
is "$rc:$(grep -v 'unable to make the input pipe' "$T/err")" "0:" "exit 0, no message"
diag "$kills loggers SIGKILLed"
[ $kills -ge 10 ] ; ok $? "the loggers were killed many times ($kills)"

seq 1 $N > "$T/want"
cat "$T/d"/@*.s "$T/d/current" > "$T/got"
missing=$(sort -u "$T/got" | LC_ALL=C comm -23 <(LC_ALL=C sort "$T/want") - | wc -l)
is "$missing" 0 "directory: no line lost"
bad=$(grep -cvxE '[1-9][0-9]*' "$T/got")
is "$bad" 0 "directory: every line is one of the producer's numbers (nothing mixed)"
diag "directory: $(($(wc -l < "$T/got") - N)) lines written twice"
# A stream cannot take back part of a line written when the kill came; only loss counts.
missing=$(sort -u "$T/out" | LC_ALL=C comm -23 <(LC_ALL=C sort "$T/want") - | wc -l)
is "$missing" 0 "stdout: no line lost"
diag "stdout: $(($(wc -l < "$T/out") - N)) lines written twice"
# Order: the directory's lines, duplicates removed, come in the order they were produced.
awk '!seen[$0]++' "$T/got" | cmp -s - "$T/want" ; ok $? "directory: the lines are in order"

done_testing
