#!/bin/bash
# podman stop: SIGTERM to tend-init. Services that exit on TERM make the stop take a fraction
# of a second (not podman's grace time); the finalize script runs and its output is in podman
# logs; loggers go down after their service, so its last lines are there too; the exit code
# is the one doc/boot.md promises (0: nothing set another one). A service that ignores TERM
# is KILLed at its timeout-kill, or at tend's grace times, never at podman's 30 s.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 13

# A service that ignores SIGTERM, with and without a timeout-kill.
mkdir -p "$T/obstinate" "$T/obstinate-kill"
printf '#!/bin/sh\ntrap "" TERM\necho "ignoring TERM"\nexec sleep infinity\n' > "$T/obstinate/run"
cp "$T/obstinate/run" "$T/obstinate-kill/run"
chmod 0755 "$T/obstinate/run" "$T/obstinate-kill/run"
echo 1000 > "$T/obstinate-kill/timeout-kill"

run_d "$IMG" ; ok $? "podman run -d IMG starts"
wait_up 20000 nginx nginx/log greeter && wait_up -U 20000 cache ; ok $? "every service is up"
t=$(stop_ms -t 30)
[ "$t" -lt 2000 ] ; ok $? "podman stop -t 30 returns in well under the grace time ($t ms)"
is "$(state)" "exited 0" "the container exits 0"
like "$(logs)" "finalize: goodbye from " "the finalize script's output is in podman logs"
like "$(logs)" "nginx: .*\[notice\] [0-9#]+: exit( |$)" "nginx's last line went through its logger before the stop ended"
logs | grep -qx 'hello, world' ; ok $? "without TEND_LOG_PREFIX a service's lines are in podman logs as they are"

run_d -v "$T/obstinate-kill:/etc/tend/services/obstinate:ro" "$IMG" ; ok $? "a container with a service that ignores TERM (timeout-kill 1000) starts"
wait_up 20000 obstinate nginx && wait_logs 10000 "ignoring TERM" ; ok $? "the obstinate service is up"
t=$(stop_ms -t 30)
[ "$t" -ge 900 ] && [ "$t" -lt 4000 ] ; ok $? "podman stop takes its timeout-kill of 1 s, not podman's 30 s ($t ms)"
is "$(state)" "exited 0" "and the container exits 0"

run_d -e TEND_SERVICES_GRACETIME=1000 -e TEND_KILL_GRACETIME=500 -v "$T/obstinate:/etc/tend/services/obstinate:ro" "$IMG"
wait_up 20000 obstinate nginx && wait_logs 10000 "ignoring TERM" ; ok $? "a service that ignores TERM without timeout-kill is up"
t=$(stop_ms -t 30)
[ "$t" -ge 900 ] && [ "$t" -lt 5000 ] ; ok $? "podman stop takes tend's grace times (1 s + 0.5 s), not podman's 30 s ($t ms)"
e2e_done
