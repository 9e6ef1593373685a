#!/bin/bash
# tend-init: the CMD's exit code becomes the container's (0..255, 128+N for signal N);
# init scripts run in order with a line before and after, the first failure stops the boot
# with its code; not pid 1, tend-init is a subreaper and still reaps orphans.
. "${0%/*}/init-lib.sh"
plan 18

mksh "$E/services/a/run" 'exec sleep 100'

codes=
for c in 0 1 2 7 100 127 255 ; do
  boot -- sh -c "exit $c"
  codes="$codes $rc"
done
is "$codes" " 0 1 2 7 100 127 255" "CMD exit codes 0..255 become the container's"

boot -- sh -c 'kill -KILL $$'
is "$rc" 137 "CMD killed by SIGKILL: 128+9"
boot -- sh -c 'kill -USR1 $$'
is "$rc" 138 "CMD killed by SIGUSR1: 128+10"
like "$(cat "$T/err")" "cmd: sh killed by signal SIGUSR1 \(code 138\)" "a CMD killed by a signal is reported"

boot -- no-such-command-xyz
is "$rc" 127 "CMD not found: 127"
like "$(cat "$T/err")" "unable to exec no-such-command-xyz" "CMD not found is reported"

# No CMD: runs until told; here a service stops it with --halt.
mksh "$E/init/10-first" "echo first >> $T/order"
mksh "$E/init/20-fail" "echo second >> $T/order ; exit 42"
mksh "$E/init/30-never" "echo third >> $T/order"
mksh "$E/finalize/10-fin" "echo finalize >> $T/order"
boot -- sh -c "echo cmd >> $T/order"
is "$rc" 42 "an init script failing with 42 stops the container with 42"
is "$(cat "$T/order" | tr '\n' ' ')" "first second finalize " "init scripts in name order, the failure stops the boot, finalize still runs"
err=$(cat "$T/err")
like "$err" "tend-init: init: 10-first starting tend-init: init: 10-first exited 0 tend-init: init: 20-fail starting tend-init: init: 20-fail exited 42" "a line before and after each init script"
unlike "$err" "30-never" "nothing after the failed init script"
rm -f "$E/init/"* "$T/order"

mksh "$E/init/10-sig" 'kill -TERM $$'
boot -- true
is "$rc" 143 "an init script killed by SIGTERM stops the container with 143"
rm -f "$E/init/"*

# Quiet by default: a successful boot prints nothing on stderr.
boot -- true
is "$rc:$(cat "$T/err")" "0:" "a successful boot and stop is silent at TEND_VERBOSITY=1"
boot TEND_VERBOSITY=3 -- true
like "$(cat "$T/err")" "stage 1 done.*exiting with code 0" "TEND_VERBOSITY=3 shows the stages"

# Not pid 1: a subreaper. The orphan of the CMD is reparented to tend-init's process (the
# scanner), which reaps it.
cat > "$T/orphan.sh" <<EOS
#!/bin/sh
( sleep 1 & echo \$! > $T/orphan.pid )
pid=\$(cat $T/orphan.pid)
pp=\$(sed -n 's/^PPid:[[:space:]]*//p' /proc/\$pid/status)
echo "parent \$(cat /proc/\$pp/comm)" > $T/orphan.out
i=0
while [ -e /proc/\$pid ] && [ \$i -lt 100 ] ; do sleep 0.1 ; i=\$((i+1)) ; done
if [ -e /proc/\$pid ] ; then echo "still there: \$(sed -n 's/^State:[[:space:]]*//p' /proc/\$pid/status)" >> $T/orphan.out ; else echo reaped >> $T/orphan.out ; fi
exit 5
EOS
chmod 755 "$T/orphan.sh"
in_ns -r "$R" sh -c "env TEND_ETC=$E TEND_RUN=$R $BIN/tend-init $T/orphan.sh ; echo \"rc=\$?\" > $T/notpid1.rc ; exit 0" >"$T/out" 2>"$T/err"
is "$(cat "$T/notpid1.rc")" "rc=5" "not pid 1: the CMD's exit code is returned"
is "$(head -1 "$T/orphan.out")" "parent tend-svscan" "not pid 1: an orphan is reparented to tend-init's process (subreaper)"
is "$(tail -1 "$T/orphan.out")" "reaped" "not pid 1: the orphan is reaped"

# Not pid 1: at the end, tend-init kills its descendants (a leftover of the CMD), and nothing
# else (a sibling started by pid 1 before it).
in_ns -r "$R" sh -c "sleep 100 & echo \$! > $T/sibling.pid
  env TEND_ETC=$E TEND_RUN=$R TEND_KILL_GRACETIME=1000 $BIN/tend-init sh -c 'sleep 100 & echo \$! > $T/left.pid'
  if kill -0 \$(cat $T/left.pid) 2>/dev/null ; then echo left-alive ; else echo left-gone ; fi > $T/kill.out
  if kill -0 \$(cat $T/sibling.pid) 2>/dev/null ; then echo sibling-alive ; else echo sibling-gone ; fi >> $T/kill.out" >"$T/out" 2>"$T/err"
is "$(cat "$T/kill.out" | tr '\n' ' ')" "left-gone sibling-alive " "not pid 1: the CMD's leftover is killed, a process outside tend-init's tree is not"

out=$("$BIN/tend-init" --bogus 2>&1) ; rc=$?
is "$rc:$out" "100:tend-init: usage: tend-init [ --check [ -j ] | --preboot | --halt code | -- ] [ cmd args... ]" "unknown option: usage, 100"
done_testing
