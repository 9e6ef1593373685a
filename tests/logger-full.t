#!/bin/bash
# tend-logger on a full filesystem (a tiny tmpfs in a private mount namespace): it reports
# once, stops reading so that the writer blocks, retries, and when space is freed every line
# arrives exactly once. A SIGTERM while stalled still writes all it has read, and the next
# logger goes on from the pipe where it stopped.
. "${0%/*}/lib.sh"
require_root
require_cmd unshare
require_bin tend-logger
plan 12

cat > "$T/inner.sh" <<'EOS'
set -u
T=$1 L=$2
upto () { # upto TENTHS CMD...: run CMD until it succeeds, at most TENTHS tenths of a second
  local n=$1 ; shift
  while [ "$n" -gt 0 ] ; do "$@" 2>/dev/null && return 0 ; sleep 0.1 ; n=$((n - 1)) ; done
  return 1
}
fill () { dd if=/dev/zero of="$T/fs/filler" bs=4k 2>/dev/null ; }
mkdir -p "$T/fs" && mount -t tmpfs -o size=1m tmpfs "$T/fs" || exit 111

# Phase 1: a pipe from a writer; the disk is full, then freed, and SIGHUP says so.
fill
seq 1 100000 > "$T/want1"
{ cat "$T/want1" ; : > "$T/writer1-done" ; } | "$L" -r 600000 s100000000 "$T/fs/log1" 2>"$T/err1" &
lp=$!
upto 50 grep -q "No space" "$T/err1"
sleep 0.5
[ -e "$T/writer1-done" ] && echo done > "$T/r.notblocked"
rm -f "$T/fs/filler"
kill -HUP $lp   # retry now, not in 10 minutes
upto 50 test -e "$T/writer1-done" || kill -KILL $lp
wait $lp ; echo $? > "$T/rc1"
cp "$T/fs/log1/current" "$T/got1"
rm -rf "$T/fs/log1"

# Phase 2: a FIFO held open like the scanner holds a service's pipe; SIGTERM while stalled;
# the retry timer (100 ms) finds the space.
fill
seq 1 100000 > "$T/want2"
mkfifo "$T/fifo"
exec 7<> "$T/fifo"
cat "$T/want2" > "$T/fifo" 7>&- &
wp=$!
"$L" -r 100 s100000000 "$T/fs/log2" < "$T/fifo" 7>&- 2>"$T/err2" &
lp=$!
upto 50 grep -q "No space" "$T/err2"
kill -TERM $lp
sleep 0.3
kill -0 $lp 2>/dev/null && echo alive > "$T/r.alive"
rm -f "$T/fs/filler"
wait $lp ; echo $? > "$T/rc2"
"$L" s100000000 "$T/fs/log2" < "$T/fifo" 7>&- 2>"$T/err3" &
lp=$!
wait $wp
exec 7>&-
wait $lp ; echo $? > "$T/rc3"
cp "$T/fs/log2/current" "$T/got2"
EOS

# A pid namespace too: whatever the scenario leaves running dies with it.
timeout 60 unshare --mount --pid --fork --kill-child --propagation private bash "$T/inner.sh" "$T" "$BIN/tend-logger" ; rc=$?
is "$rc" 0 "the scenario ran (mount namespace, tmpfs)"

msg="tend-logger: warning: unable to write to current in $T/fs/log1: No space left on device (retrying every 600000 ms)"
is "$(head -n1 "$T/err1")" "$msg" "the full disk is reported"
is "$(grep -c 'No space' "$T/err1")" 1 "reported once"
is "$(sed -n 2p "$T/err1")" "tend-logger: info: $T/fs/log1: writing again" "the recovery is reported"
ok "$([ ! -e "$T/r.notblocked" ] ; echo $?)" "the writer was blocked while the disk was full"
is "$(cat "$T/rc1")" 0 "SIGHUP retried at once; the logger exits 0 at EOF"
cmp -s "$T/got1" "$T/want1" ; ok $? "every line arrived exactly once, in order"

is "$(cat "$T/r.alive" 2>/dev/null)" alive "SIGTERM while stalled: the logger keeps its data and retries"
is "$(cat "$T/rc2")" 0 "it exits 0 once everything it read is written"
is "$(cat "$T/rc3"):$(cat "$T/err3")" "0:" "the next logger on the same pipe and directory runs"
cmp -s <(tr -d '\n' < "$T/got2") <(tr -d '\n' < "$T/want2") ; ok $? "together they wrote every byte exactly once, in order"
n=$(wc -l < "$T/got2")
[ "$n" -ge 100000 ] && [ "$n" -le 100001 ] ; ok $? "only the line being received at SIGTERM may be cut in two ($n lines)"

done_testing
