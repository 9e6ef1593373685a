#!/bin/bash
# Fault injection, resource exhaustion: a scanner whose fd limit (RLIMIT_NOFILE 40) is too
# small for its 30 services with loggers; a non-root supervisor at its process limit
# (RLIMIT_NPROC); a supervisor whose state filesystem (a tiny tmpfs) is full. Each: a clear
# error naming the resource, no crash, the services that fit run, recovery when the
# resource comes back. Runs as pid 1 of a pid+mount namespace (tmpfs mounts, orphans).
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_root
require_cmd unshare setpriv prlimit
ns_self
plan 17

# --- RLIMIT_NOFILE -----------------------------------------------------------------------------
SD=$T/scan ; mkdir -p "$SD"
MARK=tx$$y
for i in $(seq 1 30) ; do
  mksv "$SD/s$i" "exec -a $MARK-s$i sleep 100000"
  mksv "$SD/s$i/log" "exec cat > /dev/null"
  sed -i 's|^#!/bin/sh|#!/bin/bash|' "$SD/s$i/run"
done
count () { pgrep -c -f "^$MARK-s" || true ; }
prlimit --nofile=40:40 "$BIN/tend-svscan" "$SD" 2>>"$T/scan.err" &
SCANNER=$! ; track $SCANNER
wait_for 20000 grep -Eq "Too many open files|No file descriptors available" "$T/scan.err"
like "$(cat "$T/scan.err")" "tend-svscan $SD: warning: unable to create the log pipe of s[0-9]+: (Too many open files|No file descriptors available) \(RLIMIT_NOFILE is 40\) \(retrying in 1 second\)" "fd limit: a warning naming the service, the error and the limit"
sleep 1.5
kill -0 "$SCANNER" ; ok $? "fd limit: the scanner is still running"
n=$(count)
[ "$n" -gt 0 ] && [ "$n" -lt 30 ] ; ok $? "fd limit: the services that fit run ($n of 30)"
is "$(pgrep -f "^$MARK-s" -a | awk '{ print $2 }' | sort | uniq -d)" "" "fd limit: no service runs twice"
# (the scanner raises its soft limit to the hard one itself: the hard limit is what counts;
# raising it back needs CAP_SYS_RESOURCE, which a container's root may lack)
if prlimit --pid "$SCANNER" --nofile=4096:4096 2>/dev/null ; then
  printf a > "$SD/.tend-svscan/control"
  wait_for 30000 sh -c "[ \$(pgrep -c -f '^$MARK-s') -eq 30 ]" ; ok $? "fd limit raised + rescan: all 30 services run ($(count))"
else
  skip "raising a hard RLIMIT_NOFILE needs CAP_SYS_RESOURCE"
fi
kill -TERM "$SCANNER" ; wait_pid 30000 "$SCANNER" ; ok $? "the scanner stops cleanly afterwards"

# --- RLIMIT_NPROC (non-root) ----------------------------------------------------------------
U=54321   # a uid of its own: RLIMIT_NPROC counts every process of the user
P=$T/np ; mksv "$P" 'exec sleep 100000' ; chown -R $U:$U "$P" ; chmod 755 "$T"
setpriv --reuid=$U --regid=$U --clear-groups sleep 100000 & hog=$! ; track $hog
wait_for 5000 sh -c "[ \$(stat -c %u /proc/$hog) = $U ]"   # the hog counts as the user's now
setpriv --reuid=$U --regid=$U --clear-groups prlimit --nproc=2:2 "$BIN/tend-supervise" "$P" 2>>"$T/np.err" &
NSV=$! ; track $NSV
wait_for 10000 grep -q "unable to fork" "$T/np.err"
like "$(head -1 "$T/np.err")" "^tend-supervise $P: warning: unable to fork \(retrying in 1 second\): Resource temporarily unavailable" "process limit: a clear warning, retrying"
sleep 1.2
kill -0 "$NSV" ; ok $? "process limit: the supervisor keeps running"
is "$(st_state "$P")" 0 "process limit: status says down"
kill -KILL $hog
wait_for 10000 is_up "$P" ; ok $? "process limit: when a process slot comes back, the service starts"
sv_end "$P" "$NSV"

# --- state filesystem full --------------------------------------------------------------------
F=$T/full ; mkdir -p "$F" ; mount -t tmpfs -o size=64k tmpfs "$F"
S=$F/svc ; mksv "$S" 'exec sleep 100000'
"$BIN/tend-supervise" "$S" 2>>"$T/full.err" &   # stderr off the full filesystem
FSV=$! ; track $FSV
wait_for 10000 supervised "$S"
wait_for 10000 is_up "$S"
dd if=/dev/zero of="$F/filler" bs=4k 2>/dev/null   # fills it
pid=$(st_pid "$S")
ctl "$S" d
wait_for 10000 grep -q "No space left on device" "$T/full.err"
like "$(cat "$T/full.err")" "tend-supervise $S: warning: unable to write supervise/status: No space left on device" "state fs full: the failed status write is reported"
wait_pid 10000 "$pid" ; ok $? "state fs full: the supervisor still obeys d (the run is gone)"
kill -0 "$FSV" ; ok $? "state fs full: the supervisor is still running"
is "$(stat -c %s "$S/supervise/status") $(ls "$S/supervise" | grep -c new)" "64 0" "state fs full: the old status stays whole (TEND_STATUS_SIZE, 64 bytes), no half-written status.new left"
rm -f "$F/filler"
ctl "$S" u
wait_for 10000 is_up_new "$S" "$pid" ; ok $? "space back: u brings it up and the status is written again"
sv_end "$S" "$FSV"

# --- the runtime root full at boot -------------------------------------------------------------
E=$T/etc ; RR=$T/rr
mkdir -p "$E/envs" "$E/services" "$E/perms" "$E/init" "$E/finalize" "$RR"
printf 'A=1\nB=2\nC=3\n' > "$E/envs/10-x"
mksv "$E/services/s" "touch $T/booted-service ; exec sleep 100"
# bootin SIZE: tend-init as pid 1 of a nested namespace, TEND_RUN a tmpfs of SIZE
bootin () {
  unshare --pid --fork --mount --mount-proc --kill-child --propagation private sh -c \
    "mount -t tmpfs -o size=$1 tmpfs '$RR' && exec env -i PATH='$PATH' TEND_ETC='$E' TEND_RUN='$RR' '$BIN/tend-init' -- true" 2>"$T/boot.err"
}
timeout 60 bash -c "$(declare -f bootin) ; E='$E' RR='$RR' T='$T' BIN='$BIN' ; bootin 4k" ; rc=$?
like "$rc|$(cat "$T/boot.err")" "^111\|tend-init: fatal: unable to write $RR/env.tmp/[A-Z_]+: No space left on device" "runtime root full at boot: 111, the file and ENOSPC"
timeout 60 bash -c "$(declare -f bootin) ; E='$E' RR='$RR' T='$T' BIN='$BIN' ; bootin 1m" ; rc=$?
is "$rc|$(cat "$T/boot.err")" "0|" "with space, the same boot succeeds"
done_testing
