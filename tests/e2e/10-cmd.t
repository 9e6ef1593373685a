#!/bin/bash
# tend-init as ENTRYPOINT with a CMD, as `podman run --rm IMG CMD` users meet it: the CMD's
# exit status is the container's (128+N when killed by signal N), the CMD runs with the
# merged environment (container over /etc/tend/envs) in the container's working directory.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 10

prun --rm "$IMG" true > /dev/null 2>&1 ; is "$?" 0 "podman run --rm IMG true exits 0"
prun --rm "$IMG" sh -c 'exit 7' > /dev/null 2>&1 ; is "$?" 7 "podman run --rm IMG sh -c 'exit 7' exits 7"
prun --rm "$IMG" sh -c 'exit 255' > /dev/null 2>&1 ; is "$?" 255 "exit 255 is kept"
prun --rm "$IMG" sh -c 'kill -KILL $$' > /dev/null 2>&1 ; is "$?" 137 "a CMD killed by SIGKILL gives 137"
prun --rm "$IMG" sh -c 'kill -TERM $$' > /dev/null 2>&1 ; is "$?" 143 "a CMD killed by SIGTERM gives 143"

out=$(prun --rm "$IMG" sh -c 'echo "cmd: GREETING=$GREETING"' 2>&1)
like "$out" "cmd: GREETING=world" "the CMD gets the variables of /etc/tend/envs"
out=$(prun --rm -e GREETING=container "$IMG" sh -c 'echo "cmd: GREETING=$GREETING"' 2>&1)
like "$out" "cmd: GREETING=container" "the container's environment overrides /etc/tend/envs"
out=$(prun --rm -w /srv/www "$IMG" sh -c 'echo "cmd: cwd=$(pwd)"' 2>&1)
like "$out" "cmd: cwd=/srv/www" "the CMD runs in the container's working directory"

# A CMD that needs a service: with TEND_CMD_WAIT_FOR_SERVICES=1 it starts once redis has
# notified readiness (without it, it races redis's start).
out=$(prun --rm -e TEND_CMD_WAIT_FOR_SERVICES=1 "$IMG" redis-cli -s /run/tend/services/cache/state/redis.sock ping 2>&1) ; rc=$?
like "$rc $out" "^0 .*PONG" "TEND_CMD_WAIT_FOR_SERVICES=1: the CMD finds redis ready"

# The services started and the init script ran before the CMD, and the container took all of
# them down before it exited: the finalize script's line is in the output.
out=$(prun --rm "$IMG" sh -c 'sleep 0.2 ; echo cmd: done' 2>&1) ; rc=$?
like "$rc $out" "^0 .*cmd: done.*finalize: goodbye" "after the CMD the finalize script runs and the container exits 0"
e2e_done
