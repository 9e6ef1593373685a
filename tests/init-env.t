#!/bin/bash
# tend-init: the merged environment (container > later env file > earlier file), multi-line
# and 100 KiB values through the envdir and tend-withenv; env-file errors name FILE:LINE;
# TEND_CMD_WAIT_FOR_SERVICES with a readiness-notifying service, and its timeout.
. "${0%/*}/init-lib.sh"
plan 18

printf '# base\nA=from10\nB=from10\nC=from10\nMULTI="line1\nline2\n"\nQ='"'"'  $HOME \\n '"'"'\n' > "$E/envs/10-base"
printf 'B=from20\nC=from20\nTEND_RUN=/elsewhere\n' > "$E/envs/20-over"
{ printf 'BIG=' ; head -c 102400 /dev/zero | tr '\0' x ; printf '\n' ; } > "$E/envs/30-big"
mksh "$E/init/10-add" 'printf "from init" > "$TEND_RUN/env/FROM_INIT"'
cat > "$T/show.sh" <<EOS
#!/bin/sh
printf '%s|%s|%s|%s|%s|%s' "\$A" "\$B" "\$C" "\$MULTI" "\$Q" "\${FROM_INIT:-unset}" > $T/\$1
printf '%s' "\$BIG" | wc -c | tr -d ' ' > $T/\$1.big
printf '%s' "\${ONLYHERE:-unset}" > $T/\$1.only
printf '%s' "\$TEND_RUN" > $T/\$1.run
EOS
chmod 755 "$T/show.sh"
mksh "$E/services/svc/run" "tend-withenv $T/show.sh svc ; exec sleep 100"
boot C=fromcontainer -- sh -c "$T/show.sh cmd ; env ONLYHERE=1 tend-withenv $T/show.sh withenv ; while [ ! -e $T/svc.only ] ; do sleep 0.01 ; done"
is "$rc" 0 "boot with env files"
want='from10|from20|fromcontainer|line1
line2
|  $HOME \n |from init'
is "$(cat "$T/cmd")" "$want" "CMD: container > later file > earlier file; quotes; multi-line; an init script's addition"
is "$(cat "$T/withenv")" "$want" "tend-withenv: the same environment"
is "$(cat "$T/svc")" "$want" "a service through tend-withenv: the same environment"
is "$(cat "$T/cmd.big") $(cat "$T/withenv.big") $(cat "$T/svc.big")" "102400 102400 102400" "a 100 KiB value reaches the CMD, tend-withenv and a service"
is "$(cat "$T/withenv.only")" "unset" "tend-withenv: exactly the envdir's environment (nothing of the caller's)"
is "$(cat "$T/cmd.only")" "unset" "CMD: the merged environment only"
is "$(cat "$T/cmd.run") $(cat "$T/svc.run")" "$R $R" "TEND_RUN in an env file does not override the one in use"
rm -f "$E/envs/"* "$E/init/"* ; rm -rf "$E/services/"*

printf 'A=1\n\nB =2\n' > "$E/envs/10-bad"
boot -- true
is "$rc" 100 "a malformed env file stops the boot with 100"
is "$(cat "$T/err")" "tend-init: fatal: $E/envs/10-bad:3: blank between the name and = (expected KEY=VALUE)" "the error names file and line"
rm -f "$E/envs/"*

out=$("$BIN/tend-withenv" -d "$T/nope" true 2>&1) ; rc=$?
is "$rc:$out" "111:tend-withenv: fatal: unable to read envdir $T/nope: No such file or directory" "tend-withenv: missing envdir, 111"
out=$("$BIN/tend-withenv" 2>&1) ; rc=$?
is "$rc:$out" "100:tend-withenv: usage: tend-withenv [ -d envdir ] prog..." "tend-withenv: usage, 100"

# Waiting for services: one notifies readiness after 0.3 s, one is plain, one is down.
mksh "$E/services/ready/run" "sleep 0.3 ; echo ready-at \$(date +%s%3N) >> $T/ev ; echo >&3 ; exec sleep 100"
echo 3 > "$E/services/ready/notification-fd"
mksh "$E/services/plain/run" "exec sleep 100"
mksh "$E/services/off/run" "exec sleep 100"
touch "$E/services/off/down"
boot TEND_CMD_WAIT_FOR_SERVICES=1 -- sh -c "echo cmd-at \$(date +%s%3N) >> $T/ev ; tend-svstat $R/services/ready > $T/svstat"
is "$rc" 0 "wait for services: the CMD ran"
r=$(sed -n 's/^ready-at //p' "$T/ev") c=$(sed -n 's/^cmd-at //p' "$T/ev")
[ -n "$r" ] && [ -n "$c" ] && [ "$c" -ge "$r" ] ; ok $? "the CMD started after the service notified readiness ($r <= $c)"
like "$(cat "$T/svstat")" "ready" "tend-svstat shows it ready when the CMD runs"
rm -f "$T/ev"

# Timeout: a service that never notifies.
mksh "$E/services/ready/run" "exec sleep 100"
t0=$(now_ms)
boot TEND_CMD_WAIT_FOR_SERVICES=1 TEND_CMD_WAIT_FOR_SERVICES_MAXTIME=300 -- sh -c "echo cmd >> $T/ev"
t1=$(now_ms)
is "$rc" 124 "wait for services: timeout stops the container with 124"
is "$(cat "$T/err")" "tend-init: fatal: services not ready after TEND_CMD_WAIT_FOR_SERVICES_MAXTIME (300 ms): ready" "the message names the services not ready"
[ ! -e "$T/ev" ] && [ $((t1-t0)) -lt 5000 ] ; ok $? "the CMD did not run; the stop was quick ($((t1-t0)) ms)"
done_testing
