#!/bin/bash
# tend-logger as root in a log directory its service's user can write (here: nobody):
# nothing planted there is followed (a symbolic link as current or lock is refused and its
# target untouched), the lock cannot be opened, so not locked, by another user, every file
# has its mode whatever the umask, and archives named by a clock that was ahead (then
# stepped back) are pruned as the oldest they are, never the new ones.
. "${0%/*}/lib.sh"
require_root
require_cmd setpriv /usr/bin/python3
require_bin tend-logger
L=${TEND_LOGGER:-$BIN/tend-logger}
plan 20

chmod 0755 "$T"
asnobody () { setpriv --reuid=65534 --regid=65534 --clear-groups "$@" ; }
printf 'secret\n' > "$T/victim" ; chmod 0644 "$T/victim"
mode () { stat -c %a "$1" ; }

# --- symbolic links planted in the directory -----------------------------------------------
mkdir "$T/h" ; chown 65534:65534 "$T/h"
echo one | "$L" "$T/h" ; rc=$?
is "$rc:$(cat "$T/h/current")" "0:one" "a first logger writes into the directory"
asnobody sh -c "rm -f '$T/h/current' && ln -s '$T/victim' '$T/h/current'" ; ok $? "nobody replaces current with a link to a file of root's"
out=$(echo evil | "$L" "$T/h" 2>&1) ; rc=$?
is "$rc|$out" "111|tend-logger: fatal: refusing $T/h/current: a symbolic link, or not a regular file with one link" "the logger refuses it at start: 111 and a message naming it"
is "$(cat "$T/victim")" secret "the link's target is untouched"
# While running: the link appears after a rotation or a SIGHUP reopens current.
rm -f "$T/h/current"
mkfifo "$T/fifo" ; exec 7<> "$T/fifo"
"$L" -r 100 "$T/h" < "$T/fifo" 2>"$T/err" 7>&- & lp=$! ; track $lp
echo two >&7
wait_for 5000 grep -q two "$T/h/current" ; ok $? "a logger runs in the directory"
asnobody sh -c "rm -f '$T/h/current' && ln -s '$T/victim' '$T/h/current'"
kill -HUP $lp ; echo three >&7
wait_for 5000 grep -qi 'refusing\|symbolic' "$T/err" ; ok $? "a link planted while it runs is refused when current is reopened"
like "$(head -n 1 "$T/err")" "^tend-logger: warning: unable to open current in $T/h: (Too many levels of symbolic links|Symbolic link loop) \(retrying" "the warning names the directory and the reason (glibc or musl wording)"
is "$(cat "$T/victim")" secret "the target is untouched"
asnobody rm -f "$T/h/current"
wait_for 5000 grep -q three "$T/h/current" ; ok $? "once the link is gone the line held back is written"
kill -TERM $lp ; wait $lp
exec 7>&-
asnobody sh -c "rm -f '$T/h/lock' && ln -s '$T/victim' '$T/h/lock'"
out=$(echo evil | "$L" "$T/h" 2>&1) ; rc=$?
is "$rc|$out" "111|tend-logger: fatal: refusing $T/h/lock: not a regular file of ours with one link" "a link planted as lock is refused"
is "$(cat "$T/victim")" secret "its target is untouched"
asnobody sh -c "rm -f '$T/h/lock' && : > '$T/h/lock'"
out=$(echo evil | "$L" "$T/h" 2>&1) ; rc=$?
is "$rc|$out" "111|tend-logger: fatal: refusing $T/h/lock: not a regular file of ours with one link" "a lock file made by another user is refused"

# --- the lock: nobody can take it ----------------------------------------------------------
rm -rf "$T/k" ; echo one | "$L" "$T/k"
is "$(mode "$T/k/lock")" 600 "lock is 0600"
# An F_RDLCK by another user on a lock they can open would make the next logger exit 3.
asnobody /usr/bin/python3 -c '
import fcntl, os, sys, time
try: fd = os.open(sys.argv[1], os.O_RDONLY)
except OSError as e: print("open:", e.strerror); sys.exit(0)
fcntl.lockf(fd, fcntl.LOCK_SH); print("locked", flush=True); time.sleep(3)' "$T/k/lock" > "$T/locker" 2>&1 & kp=$! ; track $kp
wait_for 5000 test -s "$T/locker"
is "$(cat "$T/locker")" "open: Permission denied" "nobody cannot open the lock to take a read lock"
out=$(echo two | "$L" "$T/k" 2>&1) ; rc=$?
is "$rc|$out|$(tail -n 1 "$T/k/current")" "0||two" "the next logger takes the lock and writes"
wait $kp

# --- modes whatever the umask --------------------------------------------------------------
rm -rf "$T/m"
( umask 000 ; seq 1 2000 | "$L" s1000 "$T/m" )
is "$(mode "$T/m") $(mode "$T/m/current") $(mode "$T/m/lock")" "755 644 600" "umask 000: directory 0755, current 0644, lock 0600"
is "$(stat -c %a "$T/m"/@*.s | sort -u)" 644 "umask 000: archives 0644"
rm -rf "$T/m"
( umask 077 ; seq 1 2000 | "$L" s1000 "$T/m" )
is "$(mode "$T/m") $(mode "$T/m/current") $(mode "$T/m/lock") $(stat -c %a "$T/m"/@*.s | sort -u)" "755 644 600 644" "umask 077: the same modes"

# --- pruning after the clock stepped back -------------------------------------------------
# Three archives rotated while the clock was 10 years ahead, then the clock was set right.
mkdir "$T/p"
for i in 1 2 3 ; do printf 'old%s\n' $i > "$T/p/@4000000080000000000000$i"0.s ; done
seq 1 50 | "$L" s20 n3 "$T/p" ; rc=$?
is "$rc:$(ls "$T/p" | grep -c '^@')" "0:3" "three archives kept"
is "$(cat "$T/p"/@*.s "$T/p/current" | tr '\n' ' ')" "$(seq 1 50 | tail -n "$(cat "$T/p"/@*.s "$T/p/current" | wc -l)" | tr '\n' ' ')" "the newest archives are kept (contiguous with current), the ones from the future were pruned first"

done_testing
