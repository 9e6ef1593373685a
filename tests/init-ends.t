#!/bin/bash
# tend-init: the container always ends, with its code. Stage 2 (the fork of pid 1 that runs
# the perms, the init scripts and the CMD, and waits for the CMD) is watched by the scanner
# (tend-svscan -c): killed while the CMD runs or during an init script, the container stops
# at once with 111 and one message; its normal end (no CMD) changes nothing. No tend process
# carries the CMD's command line (pgrep -f / pkill -f for the CMD find the CMD only).
. "${0%/*}/init-lib.sh"
plan 16

# stage2 PID1: the pid (seen from here) of pid 1's child that is stage 2 (comm tend-init).
stage2 () {
  local c
  for c in $(cat /proc/"$1"/task/"$1"/children 2>/dev/null) ; do
    [ "$(cat /proc/$c/comm 2>/dev/null)" = tend-init ] && { echo $c ; return 0 ; }
  done
  return 1
}
# ends_within MS: waits at most MS for the container to end (killed after), its code in $rc.
ends_within () {
  local t0=$(now_ms)
  if wait_pid "$1" "$init" ; then ended=1 ; else ended=0 ; kill -KILL "$init" 2>/dev/null ; fi
  wait_rc
  took=$(( $(now_ms) - t0 ))
}

mksh "$E/services/a/run" 'exec sleep 100'
mksh "$E/finalize/10-fin" "echo finalize >> $T/fin"

# 1. SIGKILL stage 2 while the CMD runs: the CMD would exit 7 later; the container ends now.
boot_bg -- sh -c 'sleep 30 ; exit 7'
wait_for 10000 stage2 "$init"
s2=$(stage2 "$init")
wait_for 10000 sh -c "cat /proc/$s2/task/$s2/children | grep -q ." # the CMD is running
kill -KILL "$s2"
ends_within 15000
is "$ended:$rc" "1:111" "stage 2 SIGKILLed while the CMD runs: the container ends with 111"
like "$(cat "$T/err")" "tend-init: fatal: stage 2 \(pid [0-9]+\) was killed by SIGKILL: stopping the container \(exit 111\)" "one message names what happened"
is "$(grep -c 'stage 2' "$T/err")" 1 "exactly one message"
is "$(cat "$T/fin" 2>/dev/null)" finalize "the finalize scripts ran"
rm -f "$T/fin"

# 2. SIGKILL stage 2 during an init script: the services never start; the container ends.
mksh "$E/init/10-slow" 'exec sleep 60'
boot_bg -- true
wait_for 10000 stage2 "$init"
s2=$(stage2 "$init")
wait_for 10000 sh -c "cat /proc/$s2/task/$s2/children | grep -q ."
kill -KILL "$s2"
ends_within 15000
is "$ended:$rc" "1:111" "stage 2 SIGKILLed during an init script: the container ends with 111"
like "$(cat "$T/err")" "stage 2 \(pid [0-9]+\) was killed by SIGKILL: stopping the container \(exit 111\)" "the message names it"
rm -f "$E/init/10-slow" "$T/fin"

# 3. The normal end of stage 2 (no CMD: it exits 0 once the services are asked to start)
# changes nothing: the container runs until told, then ends with 0.
boot_bg --
wait_for 10000 sh -c "! stage2 $init"
sleep 1
ok $(kill -0 "$init" 2>/dev/null ; echo $?) "no CMD: the container runs on after stage 2's normal end"
kill -TERM "$init"
ends_within 15000
is "$ended:$rc" "1:0" "and stops with 0 when told"
unlike "$(cat "$T/err")" "stage 2" "no message about stage 2"
rm -f "$T/fin"

# 4. pgrep -f for the CMD finds the CMD only, not stage 2 (a fork of pid 1 before the exec
# of the scanner, whose command line held the CMD's).
boot_bg -- sleep 1000.4242
wait_for 10000 pgrep -f 'sleep 1000\.4242'
wait_for 10000 sh -c "cat /proc/\$(cat /proc/$init/task/$init/children | tr ' ' '\n' | while read c ; do [ \"\$(cat /proc/\$c/comm)\" = tend-init ] && echo \$c ; done | head -1)/task/*/children | grep -q ."
# in the container only (unshare's command line, outside, holds it too)
p=$(pgrep --ns "$init" --nslist pid -f 'sleep 1000\.4242' | tr '\n' ' ')
is "$(echo $p | wc -w)" 1 "pgrep -f for the CMD finds one process in the container"
is "$(cat /proc/${p% }/comm 2>/dev/null)" sleep "the CMD itself"
s2=$(stage2 "$init")
is "$(tr '\0' ' ' < /proc/$s2/cmdline | sed 's/ *$//')" "$BIN/tend-init" "stage 2's command line reads tend-init alone"
kill -TERM "$init"
ends_within 15000
is "$ended:$rc" "1:0" "the CMD stops with the container"

# Bad input: -c takes a pid (a positive number); the child hook takes a pid and a wait status.
mkdir -p "$T/scan"
out=$("$BIN/tend-svscan" -c abc "$T/scan" 2>&1) ; r=$?
is "$r:$(ls -A "$T/scan")" "100:" "tend-svscan -c abc: usage, exit 100, nothing created"
out2=$("$BIN/tend-svscan" -c 0 "$T/scan" 2>&1) ; r=$?
is "$r" 100 "tend-svscan -c 0: usage, exit 100"
ln -s "$BIN/tend-shutdown" "$T/child"
out=$("$T/child" 12 notanumber 2>&1) ; r=$?
like "$r:$out" "^100:tend-shutdown: fatal: bad wait status: notanumber" "the child hook with a bad wait status: 100"
