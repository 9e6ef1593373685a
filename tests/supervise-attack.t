#!/bin/bash
# tend-supervise under attack (doc/reliability.md): no service runs twice, even when the
# supervisor is SIGKILLed while it records a start or when supervise/ is full; finish and run
# never overlap across a takeover; nothing in supervise/ or event/ is followed or given away
# (links, other users' locks and status files, umask 000); quiet failures are loud.
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
require_bin tend-supervise tend-svc
require_cmd python3 setpriv strace
ns_self
plan 24
chmod 755 "$T"
count () { pgrep -fc "^sleep $1\$" ; }
sup_child () { cat /proc/"$1"/task/"$1"/children 2>/dev/null | cut -d' ' -f1 ; }
in_rename () { case "$(cut -d' ' -f1 /proc/"$1"/syscall 2>/dev/null)" in 82|264|316) return 0 ;; esac ; return 1 ; }

# --- 1. SIGKILL while the status naming a new run is being written -------------------------
# strace holds the first status rename (whoever makes it) for 4 s; the supervisor is
# SIGKILLed meanwhile. Its child must not run unrecorded beside the next supervisor's run.
A=$T/a
mksv "$A" 'echo "start $$" >> ../a.log ; exec sleep 1101'
strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
  -e inject=rename,renameat,renameat2:delay_enter=4000000:when=1 "$BIN/tend-supervise" "$A" 2>>"$A.err" &
ST=$! ; track $ST ; disown $ST
wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ST/task/$ST/children 2>/dev/null)\" ]"
SV1=$(sup_child $ST)
renamer () { in_rename "$SV1" || in_rename "$(sup_child "$SV1")" ; }
wait_for 5000 renamer ; ok $? "the first status write is held"
kill -KILL "$SV1" ; wait_pid 5000 "$SV1"
out=$(timeout 2 "$BIN/tend-supervise" "$A" 2>&1) ; rc=$?
like "$rc $out" "^3 .*another supervisor is running here" "while the killed supervisor's child is not yet recorded, no new supervisor starts"
wait_for 8000 test -s "$T/a.log"
sv_start "$A" ; A2=$SV
wait_for 8000 is_up "$A" && wait_for 8000 sh -c "[ \$(grep -c start $T/a.log) -ge 2 ]" ; sleep 0.5
is "$(count 1101)" 1 "SIGKILLed before its status named run: one instance, not two"
like "$(cat "$A.err")" "run \(pid [0-9]+\) survived a previous supervisor" "the next supervisor found it through the status"
sv_end x $A2 ; kill $ST 2>/dev/null

# --- 2. the file system of supervise/ is full ------------------------------------------------
B=$T/b
mkdir -p "$B" && mount -t tmpfs -o size=64k tmpfs "$B"
mksv "$B" 'echo "start $$" >> ../b.log ; exec sleep 1102'
sv_start "$B" ; B1=$SV
wait_for 8000 is_up "$B" && wait_for 8000 test -s "$T/b.log"
dd if=/dev/zero of="$B/fill" bs=4k 2>/dev/null
ctl "$B" r
wait_for 8000 grep -q 'unable to write supervise/status: No space left on device (not starting run, retrying in 1 second)' "$B.err"
ok $? "full: a restart is refused, loudly"
kill -KILL $B1 ; wait $B1 2>/dev/null
sv_start "$B" ; B2=$SV
sleep 1.5
is "$(count 1102)" 0 "full, supervisor SIGKILLed and replaced: no instance started unrecorded"
rm -f "$B/fill"
wait_for 8000 is_up "$B" ; sleep 0.5
is "$(count 1102)" 1 "space again: exactly one instance"
sv_end x $B2 ; umount -l "$B"

# --- 3. finish and run never overlap, takeover included ----------------------------------------
C=$T/c
mksv "$C" 'echo "run" >> ../c.log ; [ -e ../c.once ] && exec sleep 1103 ; touch ../c.once ; exit 1'
printf '#!/bin/sh\necho finish-begin >> ../c.log\nsleep 3\necho finish-end >> ../c.log\n' > "$C/finish" ; chmod +x "$C/finish"
sv_start "$C" ; C1=$SV
wait_for 8000 is_finish "$C" ; ok $? "finish runs"
kill -KILL $C1 ; wait $C1 2>/dev/null
sv_start "$C" ; C2=$SV
wait_for 10000 is_up "$C" ; wait_for 3000 sh -c "[ \$(wc -l < $T/c.log) -ge 4 ]"
is "$(tr '\n' ' ' < "$T/c.log")" "run finish-begin finish-end run " "after a takeover, run starts only once the old finish has ended"
like "$(cat "$C.err")" "finish \(pid [0-9]+\) survived a previous supervisor: waiting for it to end before starting run" "a warning says so"
sv_end x $C2

# --- 4. event/: nothing followed, nothing but FIFOs written -------------------------------------
D=$T/d
mksv "$D" 'exec sleep 1104'
touch "$D/down"
printf 'SECRET-CONTENT\n' > "$T/victim"
sv_start "$D" ; D1=$SV
ln -s "$T/victim" "$D/event/x"
cp "$T/victim" "$D/event/plain"
ctl "$D" u ; wait_for 8000 is_up "$D" ; ctl "$D" d ; wait_for 8000 is_down "$D"
is "$(cat "$T/victim")" "SECRET-CONTENT" "a link in event/ is not followed"
is "$(cat "$D/event/plain")" "SECRET-CONTENT" "a regular file in event/ is not written to"
sv_end x $D1

# --- 5. supervise/lock: no other user can hold it ------------------------------------------------
E=$T/e
mksv "$E" 'exec sleep 1105'
touch "$E/down"
mkdir -p "$E/supervise" && touch "$E/supervise/lock" && chmod 644 "$E/supervise/lock"
sv_start "$E" ; E1=$SV
is "$(stat -c %a "$E/supervise/lock")" 600 "the lock is 0600, even one made 0644 before"
sv_end x $E1
r=$(setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c '
import fcntl, sys
try:
    f = open(sys.argv[1], "r") ; fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB) ; print("locked")
except OSError as e: print("refused")' "$E/supervise/lock" 2>&1)
is "$r" refused "another user cannot take a shared lock on supervise/lock"
sv_start "$E" ; E2=$SV
like "$(setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN/tend-svstat" "$E" 2>&1)" "^$E: down" "another user still learns that a supervisor runs"
sv_end x $E2

# --- 6. modes whatever the umask ----------------------------------------------------------------
U=$T/u
mksv "$U" 'exec sleep 1106'
( umask 000 ; exec "$BIN/tend-supervise" "$U" 2>>"$U.err" ) & U1=$! ; track $U1
wait_for 8000 is_up "$U"
ctl "$U" D ; wait_for 8000 test -e "$U/down"
modes=$(stat -c '%a' "$U/supervise" "$U/supervise/status" "$U/supervise/lock" "$U/supervise/control" "$U/supervise/ok" "$U/event" "$U/down" | tr '\n' ' ')
is "$modes" "755 644 600 600 600 3730 644 " "umask 000: supervise/ 0755, status 0644, lock control ok 0600, event/ 03730, down 0644"
sv_end x $U1

# --- 7. a status another user could have written is not trusted ----------------------------------
V=$T/v
mksv "$V" 'exec sleep 1107'
touch "$V/down"
sleep 1000 & decoy=$! ; track $decoy
mkdir -p "$V/supervise"
python3 - "$V/supervise/status" "$decoy" "$(cut -d' ' -f22 /proc/$decoy/stat)" <<'EOP'
import sys, struct
b = bytearray(64)
b[0:8] = struct.pack('>Q', 2**62 + 1700000000) ; b[12:16] = struct.pack('<I', int(sys.argv[2]))
b[17] = ord('u') ; b[19] = 1 ; b[20:24] = b'tend' ; b[24] = 1 ; b[25] = 1 ; b[26:28] = struct.pack('>H', 0x11)
b[40:44] = struct.pack('>I', int(sys.argv[2])) ; b[44:52] = struct.pack('>Q', int(sys.argv[3]))
open(sys.argv[1], 'wb').write(b)
EOP
chown 65534 "$V/supervise/status"
sv_start "$V" ; V1=$SV
wait_for 6000 is_down "$V" ; sleep 0.3
kill -0 $decoy ; ok $? "a status owned by another user naming a live process: that process is left alone"
like "$(cat "$V.err")" "supervise/status is not a regular file writable by this user only: ignoring it" "a warning says why"
sv_end x $V1 ; kill $decoy

# --- 8. quiet failures made loud ---------------------------------------------------------------
N=$T/n
mksv "$N" 'echo started >> ../n.log ; exec sleep 1108'
echo 1000 > "$N/notification-fd"
( ulimit -n 256 ; exec "$BIN/tend-supervise" "$N" 2>>"$N.err" ) & N1=$! ; track $N1
wait_for 8000 supervised "$N" ; sleep 2.5
is "$(grep -c 'unable to start run: notification-fd is 1000 but the limit on open files (ulimit -n) is 256 (waiting for a u command)' "$N.err")" 1 "notification-fd over ulimit -n: one message naming both"
[ ! -e "$T/n.log" ] ; ok $? "... and no crash loop"
sv_end x $N1

R=$T/r
mkdir -p "$R/run"
sv_start "$R" ; R1=$SV
sleep 2.5
is "$(grep -c 'unable to start run: Is a directory (waiting for a u command)' "$R.err")" 1 "run is a directory: one message"
is "$(wc -l < "$R.err")" 1 "... and nothing else (no warning every second)"
rmdir "$R/run" ; printf '#!/bin/sh\nexec sleep 1109\n' > "$R/run" ; chmod +x "$R/run"
ctl "$R" u ; wait_for 8000 is_up "$R" ; ok $? "after a u command, the fixed run starts"
sv_end x $R1
is "$(san_reports)" "" "no sanitizer report from any supervisor"
done_testing
