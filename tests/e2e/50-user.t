#!/bin/bash
# podman run --user 1000:1000 on the example image, whose perms rules were applied at build
# time (tend-init --preboot with USERMAP_UID/GID 1000): it boots on a tmpfs /run/tend owned
# by that user, every service runs as that user; a runtime root the user cannot use gives a
# clear error naming it.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 9
USERTMPFS=type=tmpfs,destination=/run/tend,chown=true,tmpfs-mode=0755

run_d --user 1000:1000 --mount "$USERTMPFS" "$IMG" ; ok $? "podman run -d --user 1000:1000 with a tmpfs /run/tend of its own starts"
wait_up 20000 nginx nginx/log greeter && wait_up -U 20000 cache ; ok $? "every service comes up"
like "$(http_get /)" "200 OK" "nginx answers"
uids=$(pexec ps -eo uid=,comm= | awk '$2 != "ps" { print $1 }' | sort -u | tr '\n' ' ')
is "$uids" "1000 " "every process in the container runs as uid 1000"
like "$(pexec ps -eo uid=,comm=)" "1000 +nginx.*1000 +redis-server|1000 +redis-server.*1000 +nginx" "nginx and redis among them"
t=$(stop_ms -t 30)
[ "$t" -lt 2000 ] ; ok $? "podman stop returns quickly ($t ms)"
is "$(state)" "exited 0" "the container exits 0"

out=$(prun --rm --user 1000:1000 --tmpfs /run/tend:mode=0755 "$IMG" true 2>&1) ; rc=$?
like "$rc: $out" "^[1-9][0-9]*: .*/run/tend (is not writable|is owned by uid 0)" "a runtime root owned by root: non-zero exit, the error names /run/tend and why"
out=$(prun --rm --user 1000:1000 --tmpfs /run/tend:U,noexec "$IMG" true 2>&1) ; rc=$?
like "$rc: $out" "^[1-9][0-9]*: .*/run/tend.*noexec" "a noexec runtime root: non-zero exit, the error says noexec"
e2e_done
