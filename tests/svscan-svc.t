#!/bin/bash
# tend-svscan driven by the operator's tools: tend-svc --rescan, tend-svstat on the scan
# directory (health included), tend-svc --terminate.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_bin tend-svc tend-svstat
plan 8

mksvc a
mksvc b
mklog b
scanner
wait_for 5000 up1 a && wait_for 5000 up1 b && wait_for 5000 up1 b-log ; ok $? "services start"
wait_for 3000 "$BIN/tend-svstat" -H "$SD" ; ok $? "tend-svstat -H SCANDIR: healthy"
out=$("$BIN/tend-svstat" "$SD" | sed 's/(pid [0-9]*) [0-9]* seconds*/(pid P) N seconds/')
is "$out" "a: up (pid P) N seconds
b: up (pid P) N seconds
b/log: up (pid P) N seconds" "tend-svstat SCANDIR: one line per service, logs included"

mksvc c
"$BIN/tend-svc" --rescan "$SD" ; rc=$?
is "$rc" 0 "tend-svc --rescan SCANDIR succeeds"
wait_for 5000 up1 c ; ok $? "tend-svc --rescan: the new service starts"

"$BIN/tend-svc" --terminate "$SD" ; rc=$?
is "$rc" 0 "tend-svc --terminate SCANDIR succeeds"
wait_pid 10000 "$SCANNER" ; ok $? "tend-svc --terminate: the scanner terminates"
down0 a && down0 b && down0 b-log && down0 c ; ok $? "every service is down"
done_testing
