#!/bin/bash
# A detached container with services, driven the way an operator does: podman exec
# tend-svstat / tend-svc, podman logs.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 14

run_d -e TEND_LOG_PREFIX=1 "$IMG" ; ok $? "podman run -d IMG starts"
wait_up 20000 nginx nginx/log greeter ; ok $? "nginx, its logger and greeter come up (tend-svc -w u)"
wait_up -U 20000 cache ; ok $? "redis (cache) becomes ready through its notification-fd"

out=$(pexec tend-svstat "$SCAN" 2>&1) ; rc=$?
is "$rc" 0 "tend-svstat SCANDIR exits 0"
like "$out" "cache[^ ]*:? +up .*ready" "tend-svstat shows cache up and ready"
like "$out" "nginx[^ ]*:? +up .*nginx/log[^ ]*:? +up" "tend-svstat shows nginx and its log up"

# The example's services leave no zombie behind (redis's readiness loop is double-forked).
is "$(pexec ps -eo stat=,pid=,ppid=,args= | awk '$1 ~ /^Z/')" "" "no zombie in the container"

out=$(http_get /)
like "$out" "^HTTP/1.1 200 OK.*hello from nginx, supervised by tend" "nginx answers on 127.0.0.1:8080 inside the container"

pid_of () { pexec tend-svstat "$SCAN/$1" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p' ; }
p1=$(pid_of nginx)
pexec tend-svc -r -w r -T 10000 "$SCAN/nginx" ; ok $? "tend-svc -r restarts nginx (-w r sees the new run up)"
p2=$(pid_of nginx)
like "$p1 -> $p2" "^[0-9]+ -> [0-9]+$" "nginx has a pid before and after ($p1 -> $p2)"
[ -n "$p1" ] && [ "$p1" != "$p2" ] ; ok $? "nginx's pid changed"
like "$(http_get /)" "200 OK" "the restarted nginx answers"

# Its own log/ (tend-logger with a prefix) for nginx; TEND_LOG_PREFIX=1 for the others.
wait_logs 10000 'nginx: .*"GET / HTTP/1.0" 200' ; ok $? "podman logs shows nginx's access lines through its logger"
wait_logs 10000 '^greeter: hello, world$' && wait_logs 10000 '^cache: .*[Rr]eady to accept connections' ; ok $? "podman logs shows the other services' lines, prefixed with their names"
e2e_done
