#!/bin/bash
# The engine itself, without tend: podman, configured by tests/e2e/*.conf, runs the base image
# and reports exit codes as the scenarios with tend expect them. If this fails, the other e2e
# results say nothing about tend.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
plan 6
e2e_base

podman run --rm "$BASE" true ; is "$?" 0 "podman run --rm BASE true exits 0"
podman run --rm "$BASE" sh -c 'exit 7' ; is "$?" 7 "sh -c 'exit 7' exits 7"
# Inside its namespace, pid 1 cannot be sent SIGKILL: kill it from outside.
ctr ; podman run -d --name "$C" "$BASE" sleep 60 > /dev/null
podman kill -s KILL "$C" > /dev/null ; rc=$(podman wait "$C")
is "$rc" 137 "a command killed by SIGKILL exits 137"
out=$(podman run --rm "$BASE" sh -c 'for c in execlineb nginx redis-server ; do command -v $c ; done' 2>&1)
is "$out" "$(printf '/usr/bin/execlineb\n/usr/sbin/nginx\n/usr/bin/redis-server')" "the base image has execline, nginx and redis"

# The settings the host needs are in force (see containers.conf).
out=$(podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}} {{.Host.EventLogger}}' 2>&1)
is "$out" "runc cgroupfs file" "podman uses runc, cgroupfs and a file for events"
ctr
podman run -d --name "$C" "$BASE" sleep 60 > /dev/null
t0=$(now_ms) ; podman stop -t 1 "$C" > /dev/null 2>&1 ; t=$(( $(now_ms) - t0 ))
# A pid 1 without a TERM handler ignores TERM: podman waits the grace time, then KILLs.
like "$t $(state)" "^[0-9]+ exited 137$" "podman stop KILLs a pid 1 that ignores TERM after the grace time (${t} ms)"
