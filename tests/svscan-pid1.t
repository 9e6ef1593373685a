#!/bin/bash
# tend-svscan as pid 1 of a pid namespace: 1,000 orphans (double-forked children) are all
# reaped; SIGTERM to pid 1 brings every service down, then .tend-svscan/finish is exec'd.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter
PY=/usr/bin/python3 ; [ -x $PY ] || PY=$(command -v python3) || skip_all "needs python3"
plan 11

# 1,000 children of a process that exits at once: they are orphans, reparented to pid 1.
# They block on a pipe whose only writer is a holder process; the holder exits when the
# test opens the FIFO, then they all exit together.
cat > "$T/orphans.py" <<'EOF'
import os, sys
r, w = os.pipe()
if os.fork() == 0:
    os.close(r)
    os.open(sys.argv[1], os.O_RDONLY)
    os._exit(0)
os.close(w)
for i in range(1000):
    if os.fork() == 0:
        os.read(r, 1)
        os._exit(0)
os._exit(0)
EOF
mkfifo "$T/gate"

mksvc a
mksvc b
mklog b
mkdir -p "$SD/.tend-svscan"
printf '#!/bin/sh\necho "finish pid $$, services left: $(pgrep -c -f ^%s)" > %s\n' "$MARK" "$T/finished" > "$SD/.tend-svscan/finish"
chmod +x "$SD/.tend-svscan/finish"

ns_spawn "$BIN/tend-svscan" "$SD"
NSX=$_last ; disown "$NSX"
wait_for 5000 test -p "$SD/.tend-svscan/control" ; ok $? "the scanner runs as pid 1"
P1=$(ns_scanner_pid "$NSX")
UNSHARE=$(cat /proc/"$NSX"/task/"$NSX"/children) ; track "$UNSHARE"
is "$(awk '/^NSpid:/ { print $NF }' /proc/"$P1"/status)" 1 "it is pid 1 in its namespace"
wait_for 5000 up1 a && wait_for 5000 up1 b && wait_for 5000 up1 b-log ; ok $? "services start"

nsenter -t "$P1" -p -m "$PY" "$T/orphans.py" "$T/gate" ; rc=$?
is "$rc" 0 "1,000 children forked, their parent exited"
wait_for 10000 sh -c "[ \$(cat /proc/$P1/task/$P1/children | wc -w) -ge 1004 ]" ; ok $? "pid 1 inherited the orphans ($(nchildren "$P1") children)"
t0=$(now_ms)
: > "$T/gate"
wait_for 10000 sh -c "[ \$(cat /proc/$P1/task/$P1/children | wc -w) -eq 3 ]" ; ok $? "all reaped: only the 3 supervisors are left ($(( $(now_ms) - t0 )) ms)"
zombies=0
for p in $(cat /proc/"$P1"/task/"$P1"/children) ; do grep -q '^State:.*Z' /proc/"$p"/status 2>/dev/null && zombies=$((zombies + 1)) ; done
is "$zombies" 0 "no zombie among pid 1's children"
up1 a && up1 b && up1 b-log ; ok $? "services kept running"

# docker stop: SIGTERM to pid 1.
kill -TERM "$P1"
wait_pid 10000 "$UNSHARE" ; ok $? "SIGTERM to pid 1: the namespace ends"
is "$(cat "$T/finished" 2>/dev/null)" "finish pid 1, services left: 0" "every service was down when finish ran, as pid 1"
down0 a && down0 b && down0 b-log ; ok $? "no service is left"
done_testing
