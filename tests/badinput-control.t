#!/bin/bash
# Bad input, control FIFO bytes: every one of the 256 byte values that is not a command
# letter, written one byte per write() to a supervisor's and to the scanner's control FIFO,
# changes nothing; then a 64 KiB random burst (every byte value but the exit letters) to
# each: both survive, nothing is duplicated, the other service is undisturbed, and both
# still obey commands afterwards. (No libFuzzer target: the decoding is a switch inside the
# daemons' event loops, with no pure function to fuzz; this is the random-bytes test.)
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter
plan 16

ns_reaper
mksvc a ; mksvc b ; mklog b
nsenter -t "$NS1" -p -m "$BIN/tend-svscan" "$SD" 2>>"$T/err" &
ns=$! ; track $ns ; disown $ns
wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ns/task/$ns/children 2>/dev/null)\" ]"
SCANNER=$(cat /proc/$ns/task/$ns/children) ; SCANNER=${SCANNER%% *}
wait_for 10000 up1 a && wait_for 10000 up1 b && wait_for 10000 up1 b-log ; ok $? "services a, b and b's logger up"

A=$SD/a
sup=$(sup_pid a) ; pa=$(st_pid "$A") ; pb=$(st_pid "$SD/b") ; pl=$(st_pid "$SD/b/log")
# send_each FIFO EXCLUDED-LETTERS: every byte value 0..255 except those, one write() each
send_each () {
  local i c
  exec 8>"$1" || return 1
  for i in $(seq 0 255) ; do
    printf -v c "\\x$(printf %02x "$i")"
    case "$2" in *"$c"*) [ "$i" != 0 ] && continue ;; esac
    [ "$i" = 0 ] && { printf '\0' >&8 ; continue ; }
    printf '%s' "$c" >&8
  done
  exec 8>&-
}
# Supervisor: all the letters of doc/supervise.md are commands; the other 2xx bytes are not.
letters='udoxpchaiqtk12rDUOQeybw'
timeout 20 bash -c "$(declare -f send_each) ; send_each '$A/supervise/control' '$letters'" ; ok $? "supervisor: every non-command byte value written, one per write()"
timeout 10 sh -c "printf u > '$A/supervise/control'"  # blocking; processed after the bytes before it
sleep 0.3
is "$(sup_pid a) $(st_pid "$A") $(st_want "$A") $(instances a)" "$sup $pa u 1" "supervisor: alive, same service, want up, one instance"

# Scanner: a h rescan, t i terminate; nothing else is a command.
timeout 20 bash -c "$(declare -f send_each) ; send_each '$SD/.tend-svscan/control' 'ahti'" ; ok $? "scanner: every non-command byte value written, one per write()"
kill -0 "$SCANNER" ; ok $? "scanner: alive"

# 64 KiB bursts of random bytes: every command letter except those that exit (x e for a
# supervisor; t i for the scanner).
head -c 65536 /dev/urandom | tr -d 'xe' > "$T/burst.sv"
head -c 65536 /dev/urandom | tr -d 'ti' > "$T/burst.scan"
t0=$(now_ms)
timeout 20 dd if="$T/burst.sv" of="$A/supervise/control" bs=4096 status=none ; ok $? "supervisor: a 64 KiB burst is accepted (no blocking writer)"
timeout 20 dd if="$T/burst.scan" of="$SD/.tend-svscan/control" bs=4096 status=none ; ok $? "scanner: a 64 KiB burst of rescans and garbage is accepted"
diag "bursts written in $(( $(now_ms) - t0 )) ms"
kill -0 "$SCANNER" ; ok $? "scanner: survived the burst"
[ "$(sup_pid a)" = "$sup" ] ; ok $? "supervisor of a: survived the burst (same pid)"
# The burst may have left a paused, down, or once; bring it back with c U u.
timeout 10 sh -c "printf cUu > '$A/supervise/control'"
wait_for 20000 up1 a ; ok $? "supervisor: obeys c U u after the burst: a is up"
n=$(instances a) ; is "$n" 1 "a: never more than one instance"
is "$(st_pid "$SD/b") $(st_pid "$SD/b/log") $(instances b) $(instances b-log)" "$pb $pl 1 1" "b and its logger: undisturbed (same pids, one each)"
is "$(nchildren "$SCANNER")" 3 "scanner: still exactly three supervisors (no duplicate from the rescans)"

# Still obeys: a new service and a rescan.
mksvc c
timeout 10 sh -c "printf a > '$SD/.tend-svscan/control'"
wait_for 10000 up1 c ; ok $? "scanner: a rescan after the burst starts a new service"
unlike "$(cat "$T/err")" "AddressSanitizer|runtime error|Segmentation" "no sanitizer report or crash in the scanner's and supervisors' stderr"
out=$(grep -c . "$T/err") ; diag "stderr lines: $out"
[ "$out" -lt 50 ] ; ok $? "bad bytes are not logged one line each (stderr stays small: $out lines)"
done_testing
