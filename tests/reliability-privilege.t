#!/bin/bash
# Privilege: the state a root scanner and root supervisors create has safe modes; the user
# nobody can read the status (tend-svstat works) but can neither write the status, nor
# command a service through tend-svc or the FIFOs, nor signal the supervisor or the service,
# nor make the scanner rescan or stop; every refusal is a clear error and nothing changes.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter setpriv
plan 21

chmod 0755 "$T"
mksvc a ; mksvc b ; mklog b
ns_reaper
nsenter -t "$NS1" -p -m "$BIN/tend-svscan" "$SD" 2>>"$T/err" &
ns=$! ; track $ns ; disown $ns
wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ns/task/$ns/children 2>/dev/null)\" ]"
SCANNER=$(cat /proc/$ns/task/$ns/children) ; SCANNER=${SCANNER%% *}
wait_for 15000 up1 a && wait_for 15000 up1 b && wait_for 15000 up1 b-log ; ok $? "services up"
A=$SD/a
sup=$(sup_pid a) ; pid=$(st_pid "$A") ; st0=$(od -An -tx1 "$A/supervise/status" | tr -d ' \n')
run=$(pgrep -f "^$MARK-a( |\$)")

modes () { stat -c '%U %a %F' "$@" | sed 's/regular empty file/regular file/g' | tr '\n' ';' ; }
is "$(modes "$A/supervise" "$A/supervise/control" "$A/supervise/ok" "$A/supervise/lock" "$A/supervise/status")" \
   "root 755 directory;root 600 fifo;root 600 fifo;root 600 regular file;root 644 regular file;" \
   "supervise/: root 0755; control and ok FIFOs and lock 0600; status 0644"
is "$(modes "$A/event")" "root 3730 directory;" "event/: root 03730 (others may not list or create)"
is "$(modes "$SD/.tend-svscan" "$SD/.tend-svscan/control" "$SD/.tend-svscan/lock")" \
   "root 755 directory;root 600 fifo;root 600 regular file;" ".tend-svscan/: 0755; control 0600; lock 0600"
is "$(find "$SD" -perm -o+w ! -type l ! -path "*/event" | head -3)" "" "nothing under the scan directory is writable by others"

asnobody () { setpriv --reuid=65534 --regid=65534 --clear-groups "$@" ; }
out=$(asnobody "$BIN/tend-svstat" "$A" 2>&1) ; rc=$?
like "$rc|$out" "^0\|.*up" "nobody: tend-svstat reads the status"
for c in -d -k -r -x -t "-d -w d -T 2000" ; do
  # shellcheck disable=SC2086
  out=$(asnobody "$BIN/tend-svc" $c "$A" 2>&1) ; rc=$?
  like "$rc|$out" "^111\|tend-svc: fatal: unable to .*$A/(supervise/control|event): Permission denied" "nobody: tend-svc $c: 111, Permission denied naming the FIFO (or event/ for a waiter)"
done
out=$(asnobody "$BIN/tend-svc" --terminate "$SD" 2>&1) ; rc=$?
like "$rc|$out" "^111\|.*$SD/.tend-svscan/control: Permission denied" "nobody: tend-svc --terminate (stop the scanner): 111, Permission denied"
out=$(asnobody sh -c "printf d > '$A/supervise/control'" 2>&1) ; rc=$?
like "$rc|$out" "^[1-9].*Permission denied" "nobody: writing to the control FIFO directly: EACCES"
out=$(asnobody sh -c "printf x > '$A/supervise/status'" 2>&1) ; rc=$?
like "$rc|$out" "^[1-9].*Permission denied" "nobody: writing the status: EACCES"
out=$(asnobody kill -TERM "$sup" "$run" "$SCANNER" 2>&1) ; rc=$?
like "$rc|$out" "^[1-9].*(Operation not permitted|not permitted)" "nobody: kill -TERM of supervisor, service, scanner: EPERM"
out=$(asnobody sh -c "mkfifo '$A/event/evil' || touch '$A/supervise/evil' || mkdir '$SD/evil'" 2>&1) ; rc=$?
like "$rc|$out" "^[1-9].*Permission denied" "nobody: cannot create files in event/, supervise/ or the scan directory"
sleep 0.3
is "$(sup_pid a) $(st_pid "$A") $(instances a) $(od -An -tx1 "$A/supervise/status" | tr -d ' \n')" "$sup $pid 1 $st0" \
   "after all that: same supervisor, same run, one instance, status byte for byte unchanged"
kill -0 "$SCANNER" ; ok $? "the scanner is still running"
is "$(nchildren "$SCANNER")" 3 "the scanner still has its 3 supervisors"

# Root still can: the refusals were about privilege, not a broken service.
"$BIN/tend-svc" -r -w r -T 10000 "$A" ; ok $? "root: tend-svc -r -w r works"
done_testing
