#!/bin/bash
# podman run --init: podman's catatonit is pid 1 and tend-init its child. tend-init makes itself
# a child subreaper, so the orphans of its services are still reaped by tend, not left as
# zombies; CMD exit codes and podman stop work as without --init.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 10

prun --rm --init "$IMG" sh -c 'exit 5' > /dev/null 2>&1 ; is "$?" 5 "--init: the CMD's exit code is the container's"

# A service that leaves orphans behind: each subshell exits at once, its sleep is reparented.
mkdir -p "$T/orphans"
cat > "$T/orphans/run" <<'EOS'
#!/bin/sh
for i in 1 2 3 4 5 ; do ( sleep 3 & ) ; done
echo "orphans made"
exec sleep infinity
EOS
chmod 0755 "$T/orphans/run"

run_d --init -v "$T/orphans:/etc/tend/services/orphans:ro" "$IMG" ; ok $? "podman run -d --init starts"
# podman bind-mounts catatonit as /run/podman-init.
like "$(pexec cat /proc/1/cmdline | tr '\0' ' ')" "^/run/podman-init -- tend-init" "pid 1 is podman's init (catatonit), tend-init its child"
is "$(pexec sh -c 'ps -o ppid= -p $(pgrep -xo tend-svscan)' | tr -d ' ')" 1 "the scanner (tend-init's exec) is pid 1's child"
wait_up 20000 orphans nginx greeter ; ok $? "the services come up"
wait_logs 10000 "orphans made" ; ok $? "the orphan maker ran"
# While they live, the orphans' parent is tend (the subreaper), not catatonit: catatonit
# reaping them would prove nothing about tend.
parents=$(pexec sh -c 'for p in $(ps -eo ppid=,args= | awk "\$2 == \"sleep\" && \$3 == \"3\" { print \$1 }") ; do cat /proc/$p/comm ; done' | sort | uniq -c | awk '{ print $1, $2 }' | tr '\n' ' ')
like "$parents" "^5 tend-[a-z]+ $" "the 5 orphans were reparented to a tend process, not to catatonit ($parents)"
# The orphans live 3 s; then nothing in the container may be left a zombie.
zombies () { pexec ps -eo stat=,pid=,ppid=,comm= | awk '$1 ~ /^Z/' ; }
wait_for 8000 sh -c '[ -z "$(podman exec "$1" ps -eo stat= | grep "^Z")" ] && ! podman exec "$1" pgrep -x -f "sleep 3" > /dev/null' x "$C"
is "$(zombies)" "" "every orphan of a service was reaped (no zombie)"
t=$(stop_ms -t 30)
[ "$t" -lt 2000 ] ; ok $? "podman stop returns quickly ($t ms)"
is "$(state)" "exited 0" "the container exits 0"
e2e_done
