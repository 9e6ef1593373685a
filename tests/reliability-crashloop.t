#!/bin/bash
# Fault injection, crash loops: 50 services whose run exits at once, under one scanner in a
# pid namespace, watched for 20 s (10 s under the sanitizers, where forks are slow and the
# suite's budget is tighter: the steady state, one start per second per service, shows there too).
# CPU time of the scanner and the supervisors (from /proc, not wall time: the
# machine may be loaded) stays low, each service is started about once a second (never
# more), no zombie accumulates, and tend-svstat and tend-svc answer within a deadline.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter
N=50 WIN=20 CPUDIV=10
# Under ASan a fork costs ~10 ms of the parent's CPU (its shadow mappings): fewer services and
# a looser CPU budget there (the throttle and zombie checks are the same).
if grep -q '^SANITIZE := true' "$TOP/config.mak" 2>/dev/null ; then N=20 WIN=10 CPUDIV=2 ; fi
plan 8

mkdir -p "$T/starts"
for i in $(seq 1 $N) ; do mksvc "c$i" "echo >> $T/starts/c$i ; exit 3" ; done
mksvc ok   # a healthy service, for the responsiveness checks

ns_reaper
nsenter -t "$NS1" -p -m "$BIN/tend-svscan" "$SD" 2>>"$T/err" &
ns=$! ; track $ns ; disown $ns
wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ns/task/$ns/children 2>/dev/null)\" ]"
SCANNER=$(cat /proc/$ns/task/$ns/children) ; SCANNER=${SCANNER%% *}
wait_for 30000 sh -c "[ \$(ls $T/starts | wc -l) -eq $N ]" ; ok $? "all $N crashing services started at least once"
wait_for 15000 up1 ok

# cpuns PIDS...: CPU time of these processes in ns (/proc/PID/schedstat: exact, unlike the
# tick-sampled utime+stime of /proc/PID/stat, which shows 0 for such light use)
cpuns () { local p s=0 ; for p ; do s=$(( s + $(cut -d' ' -f1 /proc/"$p"/schedstat 2>/dev/null || echo 0) )) ; done ; echo $s ; }
sups=$(cat /proc/"$SCANNER"/task/"$SCANNER"/children)
c0=$(cpuns "$SCANNER" $sups)
s0=$(cat "$T"/starts/* | wc -l)
t0=$(now_ms) maxz=0 slow=0 worst=0
while [ $(( $(now_ms) - t0 )) -lt $((WIN * 1000)) ] ; do
  z=$(grep -l '^State:.*Z' $(for p in "$SCANNER" $sups ; do for c in $(cat /proc/$p/task/$p/children 2>/dev/null) ; do echo /proc/$c/status ; done ; done) 2>/dev/null | wc -l)
  [ "$z" -gt "$maxz" ] && maxz=$z
  a=$(now_ms)
  timeout 10 "$BIN/tend-svstat" "$SD/c1" "$SD/ok" >/dev/null || slow=$((slow + 1))
  timeout 10 "$BIN/tend-svc" -r -w r -T 8000 "$SD/ok" || slow=$((slow + 1))
  d=$(( $(now_ms) - a )) ; [ "$d" -gt "$worst" ] && worst=$d
  sleep 0.5
done
el=$(( $(now_ms) - t0 ))
c1=$(cpuns "$SCANNER" $sups)
s1=$(cat "$T"/starts/* | wc -l)
cpu_ms=$(( (c1 - c0) / 1000000 ))
starts=$((s1 - s0))
diag "window ${el} ms: $starts starts of $N services, scanner+supervisors CPU ${cpu_ms} ms, max zombies seen $maxz, slowest svstat+svc ${worst} ms"
# ~1000 starts in 20 s; each costs a supervisor a fork, a few status writes and events.
# Budget: 10% of one CPU (50% under ASan) (a busy loop would be 100% per supervisor).
[ "$cpu_ms" -lt $((el / CPUDIV)) ] ; ok $? "CPU of scanner + $N supervisors: ${cpu_ms} ms in ${el} ms (< 1/$CPUDIV of one CPU)"
max=$(( N * (el / 1000 + 2) ))
[ "$starts" -le "$max" ] ; ok $? "throttled: $starts starts in ${el} ms, at most one a second per service (<= $max)"
[ "$starts" -ge $(( N * el / 1000 / 3 )) ] ; ok $? "still restarted: $starts starts (at least a third of one a second each)"
most=$(for f in "$T"/starts/* ; do wc -l < "$f" ; done | sort -n | tail -1)
first=$(( el / 1000 + 4 + 30 )) # + the start-up time before the window
[ "$most" -le "$first" ] ; ok $? "no single service ran away ($most starts at most)"
[ "$maxz" -le 5 ] ; ok $? "no zombie accumulates (at most $maxz seen at once)"
is "$slow" 0 "tend-svstat and tend-svc -r -w r answered within their deadlines (slowest ${worst} ms)"
is "$(nchildren "$SCANNER")" $((N + 1)) "the scanner still has exactly $((N + 1)) supervisors"
done_testing
