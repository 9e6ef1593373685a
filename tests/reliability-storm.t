#!/bin/bash
# Fault injection, command storm: 1,000 concurrent tend-svc commands (-r -w r, -d -w d,
# -u -w u, plain -r/-d/-u; every waiter with -T 10000) against 4 services under one scanner
# in a pid namespace. Every tend-svc returns (0, or 1 if its state was overtaken), none past
# its deadline + 15 s of margin, none with another code; nothing is duplicated; then the
# last commands decide the final states. (300 commands under ASan, where forks are slow.)
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter
N=1000 DL=10000 MARGIN=15000
grep -q '^SANITIZE := true' "$TOP/config.mak" 2>/dev/null && N=300
plan 9

for s in s1 s2 s3 s4 ; do mksvc $s ; echo 500 > "$SD/$s/timeout-kill" ; done
ns_reaper
nsenter -t "$NS1" -p -m "$BIN/tend-svscan" "$SD" 2>>"$T/err" &
ns=$! ; track $ns ; disown $ns
wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ns/task/$ns/children 2>/dev/null)\" ]"
SCANNER=$(cat /proc/$ns/task/$ns/children) ; SCANNER=${SCANNER%% *}
wait_for 15000 up1 s1 && wait_for 15000 up1 s2 && wait_for 15000 up1 s3 && wait_for 15000 up1 s4 ; ok $? "4 services up"
sups=$(cat /proc/"$SCANNER"/task/"$SCANNER"/children)

mkdir "$T/r"
cmds=("-r -w r" "-d -w d" "-u -w u" "-r" "-d" "-u" "-u -w U" "-d -w D")
t0=$(now_ms)
for i in $(seq 1 $N) ; do
  c=${cmds[$((RANDOM % 8))]} s=s$((RANDOM % 4 + 1)) w=
  case "$c" in *-w*) w="-T $DL" ;; esac   # -T goes with -w only
  ( a=${EPOCHREALTIME/./}
    # shellcheck disable=SC2086
    timeout -s KILL $(( (DL + MARGIN) / 1000 + 5 )) "$BIN/tend-svc" $c $w "$SD/$s" 2>>"$T/r/$i.err"
    r=$? b=${EPOCHREALTIME/./}
    echo "$r $(( (b - a) / 1000 )) $c" > "$T/r/$i.res" ) &
done
# Sample instances while the storm runs: never two of a service.
maxi=0
while [ "$(jobs -r | wc -l)" -gt 0 ] && [ $(( $(now_ms) - t0 )) -lt $((DL + MARGIN + 20000)) ] ; do
  for s in s1 s2 s3 s4 ; do n=$(instances $s) ; [ "$n" -gt "$maxi" ] && maxi=$n ; done
  sleep 0.5
done
wait
el=$(( $(now_ms) - t0 ))
is "$(ls "$T/r" | grep -c res)" "$N" "all $N tend-svc returned ($el ms)"
bad=$(cat "$T"/r/*.res | awk '$1 != 0 && $1 != 1' | head -3)
is "$bad" "" "every exit code is 0 (state reached) or 1 (deadline passed)"
late=$(cat "$T"/r/*.res | awk -v m=$((DL + MARGIN)) '$2 > m' | head -3)
is "$late" "" "no tend-svc returned later than its deadline + margin"
diag "exit 1 (deadline passed, state overtaken): $(cat "$T"/r/*.res | awk '$1 == 1' | wc -l); slowest: $(cat "$T"/r/*.res | sort -k2 -n | tail -1)"
is "$(cat "$T"/r/*.err | grep -v 'timed out\|deadline' | head -3)" "" "no unexpected message (only deadline reports)"
[ "$maxi" -le 1 ] ; ok $? "never two instances of a service during the storm (max $maxi)"

# The last command decides.
"$BIN/tend-svc" -d -w D -T 20000 "$SD/s1" ; r1=$?
"$BIN/tend-svc" -u -w u -T 20000 "$SD/s2" ; r2=$?
p3=$(st_pid "$SD/s3")
"$BIN/tend-svc" -u -w u -T 20000 "$SD/s3" && "$BIN/tend-svc" -r -w r -T 20000 "$SD/s3" ; r3=$?
"$BIN/tend-svc" -d "$SD/s4" ; r4=$?
wait_for 20000 down0 s4
is "$r1 $r2 $r3 $r4 $(st_want "$SD/s1")$(st_state "$SD/s1") $(st_want "$SD/s2")$(st_state "$SD/s2") $(st_want "$SD/s3")$(st_state "$SD/s3") $(st_want "$SD/s4")$(st_state "$SD/s4")" \
   "0 0 0 0 d0 u1 u1 d0" "final states as the last commands said (s1 down, s2 up, s3 restarted up, s4 down)"
is "$(instances s1) $(instances s2) $(instances s3) $(instances s4)" "0 1 1 0" "instances match (0 1 1 0)"
is "$(cat /proc/"$SCANNER"/task/"$SCANNER"/children | tr ' ' '\n' | grep -c .)" 4 "the same 4 supervisors, none restarted"
done_testing
