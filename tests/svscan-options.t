#!/bin/bash
# tend-svscan: -s (no scan until asked), -T (bounded terminate), SIGINT, limits (RLIMIT_NOFILE
# raised for the scanner only; a clear warning when it is reached), tend-supervise missing.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd prlimit
plan 19

# -s: nothing starts until a rescan is asked for.
mksvc a
scanner -s
wait_for 3000 test -p "$SD/.tend-svscan/control" ; ok $? "-s: the scanner runs"
sleep 0.5
is "$(instances a)" 0 "-s: no service starts by itself"
ctl a
wait_for 5000 up1 a ; ok $? "-s: the first rescan starts the services"

# -T: a service that ignores SIGTERM (timeout-kill 0: never killed) does not hold the end
# beyond -T ms; the scanner warns and finishes anyway.
kill -INT "$SCANNER" ; wait "$SCANNER" ; rc=$?
is "$rc" 0 "SIGINT terminates; no finish: exit 0"
down0 a ; ok $? "SIGINT: the service is down"
mksvc obstinate "trap '' TERM ; exec -a $MARK-obstinate sleep 100000"
echo 0 > "$SD/obstinate/timeout-kill"
: > "$T/err"
# as pid 1 of a namespace, so that what is left dies with it
ns_spawn sh -c 'exec "$0" -T 600 "$1" 2>>"$2"' "$BIN/tend-svscan" "$SD" "$T/err"
NSX=$_last
wait_for 5000 up1 obstinate ; ok $? "a TERM-ignoring service runs"
P1=$(ns_scanner_pid "$NSX")
t0=$(now_ms)
kill -TERM "$P1" ; wait "$NSX" ; rc=$? ; dt=$(( $(now_ms) - t0 ))
is "$rc" 0 "-T 600: the scanner exits 0 after the deadline"
[ "$dt" -ge 550 ] && [ "$dt" -lt 3000 ] ; ok $? "-T 600: after about 600 ms ($dt ms)"
like "$(cat "$T/err")" "tend-svscan $SD: warning: supervisors still running after 600 ms: not waiting for them" "-T: the leftover is reported"
rm -rf "$SD/obstinate" "$SD/a"

# RLIMIT_NOFILE: raised to the hard limit for the scanner, restored for its children.
mksvc lim
: > "$T/err"
spawn prlimit --nofile=64:4096 "$BIN/tend-svscan" "$SD" 2>>"$T/err" ; SCANNER=$_last
wait_for 5000 up1 lim ; ok $? "under prlimit: the service runs"
sl=$(awk '/^Max open files/ { print $4 "/" $5 }' /proc/"$SCANNER"/limits)
is "$sl" "4096/4096" "the scanner raised its soft RLIMIT_NOFILE to the hard limit"
svc=$(pgrep -f "^$MARK-lim")
is "$(awk '/^Max open files/ { print $4 "/" $5 }' /proc/"$svc"/limits)" "64/4096" "the service gets the original soft limit"
ctl t ; wait "$SCANNER"
rm -rf "$SD/lim"

# The limit reached: 12 services with logs need 24 pipe ends; with 20 fds some cannot start.
i=0 ; while [ $i -lt 12 ] ; do mksvc "p$i" ; mklog "p$i" ; i=$((i + 1)) ; done
: > "$T/err"
spawn prlimit --nofile=20:20 "$BIN/tend-svscan" "$SD" 2>>"$T/err" ; SCANNER=$_last
wait_for 5000 grep -Eq "Too many open files|No file descriptors available" "$T/err"
like "$(cat "$T/err")" "tend-svscan $SD: warning: unable to create the log pipe of p[0-9]+: (Too many open files|No file descriptors available) \\(RLIMIT_NOFILE is 20\\) \\(retrying in 1 second\\)" "fd limit reached: a clear warning naming the limit"
n=0 ; i=0 ; while [ $i -lt 12 ] ; do n=$((n + $(instances "p$i"))) ; i=$((i + 1)) ; done
[ "$n" -ge 4 ] && [ "$n" -lt 12 ] ; ok $? "the services that fit run ($n of 12)"
kill -0 "$SCANNER" ; ok $? "the scanner keeps running"
ctl t ; wait "$SCANNER"
rm -rf "$SD"/p*

# tend-supervise not found: a warning, a retry once a second, the scanner carries on.
mksvc nosup
: > "$T/err"
spawn env PATH=/nonexistent "$BIN/tend-svscan" "$SD" 2>>"$T/err" ; SCANNER=$_last
sleep 2.5
err=$(cat "$T/err")
like "$err" "tend-svscan $SD: warning: unable to exec tend-supervise for nosup: No such file or directory" "tend-supervise missing: the exec failure is reported"
like "$err" "tend-svscan $SD: warning: tend-supervise nosup exited 127 \\(restarting it within 1 second\\)" "and the retry"
n=$(grep -c "exited 127" "$T/err")
[ "$n" -ge 2 ] && [ "$n" -le 4 ] ; ok $? "retried about once a second ($n times in 2.5 s)"
ctl t ; wait "$SCANNER" ; rc=$?
is "$rc" 0 "the scanner still terminates cleanly"
done_testing
