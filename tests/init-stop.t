#!/bin/bash
# tend-init: stopping. SIGTERM to pid 1: services go down while the finalize scripts run
# (overlap proven by timestamps), total time ~ the slowest service; the TERM grace wait ends
# as soon as nothing is left; a process ignoring TERM is KILLed at TEND_KILL_GRACETIME;
# a finish script stops the container with --halt 3; TEND_CMD_RECEIVE_SIGNALS.
. "${0%/*}/init-lib.sh"
plan 22

ts () { echo "$1 $(date +%s%3N)" >> "$T/ev" ; }
export -f ts 2>/dev/null
# A service that takes 1 s to go down after TERM, a fast one, a finalize script of 0.3 s.
mksh "$E/services/slow/run" "trap 'echo slow-down-start \$(date +%s%3N) >> $T/ev ; sleep 1 ; echo slow-down-end \$(date +%s%3N) >> $T/ev ; exit 0' TERM
echo slow-up >> $T/ev
sleep 100 & wait"
mksh "$E/services/fast/run" "exec sleep 100"
mksh "$E/finalize/10-fin" "echo fin-start \$(date +%s%3N) >> $T/ev ; sleep 0.3 ; echo fin-end \$(date +%s%3N) >> $T/ev"

boot_bg TEND_SERVICES_GRACETIME=10000 TEND_KILL_GRACETIME=10000 TEND_KILL_FINALIZE_MAXTIME=10000 -- || bail "no pid 1"
wait_for 20000 grep -q slow-up "$T/ev" ; ok $? "services up"
t0=$(now_ms)
kill -TERM "$init"
wait_rc
t1=$(now_ms)
is "$rc" 0 "SIGTERM to pid 1: the container exits 0"
v () { sed -n "s/^$1 //p" "$T/ev" ; }
ss=$(v slow-down-start) se=$(v slow-down-end) fs=$(v fin-start) fe=$(v fin-end)
diag "slow down $ss..$se, finalize $fs..$fe, total $((t1-t0)) ms"
[ -n "$ss" ] && [ -n "$se" ] && [ -n "$fs" ] && [ -n "$fe" ] ; ok $? "the service went down and the finalize script ran"
[ "$fs" -lt "$se" ] && [ "$ss" -lt "$fe" ] ; ok $? "finalize ran while the service was going down (overlap)"
[ $((t1-t0)) -ge 1000 ] && [ $((t1-t0)) -lt 5000 ] ; ok $? "total time ~ the slowest service, 1 s ($((t1-t0)) ms), not the sum of grace times (30 s)"
rm -rf "$E/services/"* "$E/finalize/"* "$T/ev"

# A CMD leaving a background process that dies on TERM: the 3 s grace wait ends at once.
t0=$(now_ms)
boot TEND_KILL_GRACETIME=10000 -- sh -c 'sleep 100 >/dev/null 2>&1 & exit 3'
t1=$(now_ms)
is "$rc" 3 "CMD exit code kept"
[ $((t1-t0)) -lt 5000 ] ; ok $? "the TERM grace wait ends as soon as nothing is left ($((t1-t0)) ms, TEND_KILL_GRACETIME 10000)"

# A process that ignores TERM is KILLed at TEND_KILL_GRACETIME.
t0=$(now_ms)
boot TEND_KILL_GRACETIME=1000 -- sh -c "sh -c 'trap \"\" TERM ; touch $T/obstinate ; exec sleep 100' >/dev/null 2>&1 & while [ ! -e $T/obstinate ] ; do sleep 0.01 ; done ; exit 4"
t1=$(now_ms)
is "$rc" 4 "CMD exit code kept with a obstinate process"
[ $((t1-t0)) -ge 1000 ] && [ $((t1-t0)) -lt 5000 ] ; ok $? "a TERM-ignoring process is KILLed at TEND_KILL_GRACETIME, 1 s ($((t1-t0)) ms)"
like "$(cat "$T/err")" "processes still there after TEND_KILL_GRACETIME \(1000 ms\): sending KILL" "the KILL is reported"

# A finish script stops the container with code 3.
mksh "$E/services/main/run" "sleep 0.2 ; exit 1"
mksh "$E/services/main/finish" "exec tend-init --halt 3"
mksh "$E/services/other/run" "exec sleep 100"
mksh "$E/finalize/10-fin" "echo finalized >> $T/ev"
t0=$(now_ms)
boot --
t1=$(now_ms)
is "$rc" 3 "a finish script running tend-init --halt 3 stops the container with 3"
like "$(cat "$T/err")" "tend-shutdown: halt: stopping the container with code 3" "the halt is reported"
is "$(cat "$T/ev" 2>/dev/null)" "finalized" "finalize scripts ran on halt"
rm -rf "$E/services/"* "$E/finalize/"* "$T/ev"

# TEND_CMD_RECEIVE_SIGNALS=1: signals to pid 1 go to the CMD; shutdown follows its exit.
cat > "$T/cmd.sh" <<EOS
#!/bin/sh
trap 'echo USR1 >> $T/ev' USR1
trap 'echo HUP >> $T/ev' HUP
trap 'echo TERM >> $T/ev ; exit 42' TERM
echo ready >> $T/ev
while : ; do sleep 0.05 ; done
EOS
chmod 755 "$T/cmd.sh"
boot_bg TEND_CMD_RECEIVE_SIGNALS=1 -- "$T/cmd.sh" || bail "no pid 1"
wait_for 20000 grep -q ready "$T/ev"
kill -USR1 "$init" ; wait_for 20000 grep -q USR1 "$T/ev"
kill -HUP "$init" ; wait_for 20000 grep -q HUP "$T/ev"
kill -TERM "$init"
wait_rc
is "$rc" 42 "TEND_CMD_RECEIVE_SIGNALS=1: TERM goes to the CMD, its exit code is the container's"
is "$(cat "$T/ev" | tr '\n' ' ')" "ready USR1 HUP TERM " "USR1, HUP and TERM reached the CMD, in order"
rm -f "$T/ev"

# Without it, TERM to pid 1 stops the container (code 0) and the CMD is TERMed.
boot_bg -- "$T/cmd.sh" || bail "no pid 1"
wait_for 20000 grep -q ready "$T/ev"
kill -TERM "$init"
wait_rc
is "$rc:$(grep -c TERM "$T/ev")" "0:1" "default: TERM to pid 1 stops with 0; the CMD gets TERM in stage 3"
rm -f "$T/ev"

# SIGTERM while an init script runs: the boot stops, the CMD never runs.
mksh "$E/init/10-slow" "echo init >> $T/ev ; sleep 30"
boot_bg -- sh -c "echo cmd >> $T/ev" || bail "no pid 1"
wait_for 20000 grep -q init "$T/ev"
t0=$(now_ms)
kill -TERM "$init"
wait_rc
t1=$(now_ms)
is "$rc:$(cat "$T/ev" | tr '\n' ' ')" "0:init " "SIGTERM during an init script: stops with 0, the CMD never runs"
[ $((t1-t0)) -lt 5000 ] ; ok $? "and at once ($((t1-t0)) ms, the script would sleep 30 s)"
rm -f "$E/init/"*

# A finalize script that hangs is killed after TEND_KILL_FINALIZE_MAXTIME.
rm -f "$T/ev"
mksh "$E/finalize/10-hang" "echo hang >> $T/ev ; exec sleep 100"
mksh "$E/finalize/20-next" "echo next >> $T/ev"
t0=$(now_ms)
boot TEND_KILL_FINALIZE_MAXTIME=300 -- true
t1=$(now_ms)
is "$rc:$(cat "$T/ev" | tr '\n' ' ')" "0:hang next " "a hanging finalize script is killed, the next one runs"
[ $((t1-t0)) -ge 300 ] && [ $((t1-t0)) -lt 5000 ] ; ok $? "after TEND_KILL_FINALIZE_MAXTIME, 300 ms ($((t1-t0)) ms; the script would sleep 100 s)"
like "$(cat "$T/err")" "warning: finalize: 10-hang killed after TEND_KILL_FINALIZE_MAXTIME \(300 ms\)" "the kill is reported"
rm -f "$E/finalize/"* "$T/ev"

# --halt outside a boot: a clear error.
out=$(TEND_RUN=$T/nowhere "$BIN/tend-init" --halt 3 2>&1) ; rc=$?
like "$rc:$out" "^111:tend-shutdown: warning: unable to write $T/nowhere/boot/exitcode.[0-9]+ \(is tend-init running with TEND_RUN=$T/nowhere\?\)" "--halt without a running boot: 111 and why"
done_testing
