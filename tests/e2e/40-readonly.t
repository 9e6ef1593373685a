#!/bin/bash
# A read-only root with a tmpfs on /run: tend writes only under /run/tend, the example's
# services only in their directories there, so the container boots, serves and stops cleanly.
# The proof that nothing is written outside /run: the same container on a writable root
# leaves nothing in its writable layer (podman diff) but podman's own /etc mount points.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 9

run_d --read-only --tmpfs /run "$IMG" ; ok $? "podman run -d --read-only --tmpfs /run IMG starts"
wait_up 20000 nginx nginx/log greeter && wait_up -U 20000 cache ; ok $? "every service comes up on a read-only root"
like "$(http_get /)" "200 OK" "nginx answers"
t=$(stop_ms -t 30)
[ "$t" -lt 2000 ] ; ok $? "podman stop returns quickly ($t ms)"
is "$(state)" "exited 0" "the container exits 0"
out=$(logs)
like "$out" "finalize: goodbye" "the finalize script ran"
unlike "$out" "[Rr]ead-only file system" "nothing tried to write to the read-only root"

run_d --tmpfs /run "$IMG"
wait_up 20000 nginx nginx/log greeter && wait_up -U 20000 cache ; ok $? "the same on a writable root comes up"
http_get / > /dev/null ; podman stop -t 30 "$C" > /dev/null 2>&1
out=$(podman diff "$C" 2>&1 | grep -vx 'C /etc')
is "$out" "" "after boot, a request and a stop, nothing was written outside /run (podman diff)"
e2e_done
