#!/bin/bash
# tend-svscan's own files: .tend-svscan/ 0755, lock 0600, control 0600 whatever the umask;
# a throwaway user cannot open the lock, so cannot hold a shared lock on it and keep a new
# scanner out; a lock or .tend-svscan/ that is a symlink or another user's is refused.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd setpriv /usr/bin/python3
plan 13

chmod 0755 "$T" "$SD"
modes () { stat -c '%U %a %F' "$@" | sed 's/regular empty file/regular file/g' | tr '\n' ';' ; }
want="root 755 directory;root 600 regular file;root 600 fifo;"
# up DIR UMASK: a scanner (-s: scans nothing) on DIR under UMASK, ready when control exists
up () {
  spawn sh -c 'umask "$1" ; exec "$2" -s "$3"' up "$2" "$BIN/tend-svscan" "$1" 2>>"$T/err"
  SCANNER=$_last
  wait_for 5000 sh -c "[ -p '$1/.tend-svscan/control' ] || ! kill -0 $SCANNER"
}
down () { kill -TERM "$SCANNER" 2>/dev/null ; wait_pid 5000 "$SCANNER" ; }

for u in 000 077 ; do
  up "$SD" $u
  is "$(modes "$SD/.tend-svscan" "$SD/.tend-svscan/lock" "$SD/.tend-svscan/control")" "$want" "umask $u: .tend-svscan/ 0755, lock 0600, control 0600"
  down ; rm -rf "$SD/.tend-svscan"
done

# A lock and a control FIFO left with other modes (an older tend, a hand-made one) get theirs.
mkdir -m 0777 "$SD/.tend-svscan" && : > "$SD/.tend-svscan/lock" && chmod 0666 "$SD/.tend-svscan/lock"
mkfifo -m 0666 "$SD/.tend-svscan/control"
up "$SD" 022
is "$(modes "$SD/.tend-svscan" "$SD/.tend-svscan/lock" "$SD/.tend-svscan/control")" "$want" "modes of existing files are set"
down

# The attack: uid 4242 takes a shared lock (fcntl F_RDLCK, as fd_lock's) on the lock of a
# stopped scanner and holds it; a new scanner must still start.
setpriv --reuid=4242 --regid=4242 --clear-groups /usr/bin/python3 -c '
import fcntl, os, sys, time
try:
    fd = os.open(sys.argv[1], os.O_RDONLY)
    fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
except OSError as e:
    print("refused:", e.strerror, flush=True) ; sys.exit(1)
print("held", flush=True)
time.sleep(60)
' "$SD/.tend-svscan/lock" > "$T/attacker" 2>&1 &
attacker=$! ; track $attacker
wait_for 5000 sh -c "[ -s '$T/attacker' ]"
is "$(cat "$T/attacker")" "refused: Permission denied" "another user cannot open the lock to hold a shared lock on it"
: > "$T/err"
up "$SD" 022
sleep 0.5
kill -0 "$SCANNER" 2>/dev/null ; ok $? "a new scanner runs while that user tried"
is "$(cat "$T/err")" "" "no 'another tend-svscan is running' message"
down
kill "$attacker" 2>/dev/null

# Refused: a lock that is a symlink (its target untouched), a lock or a .tend-svscan/ of
# another user, a .tend-svscan that is a symlink.
mkdir -p "$T/victim" && : > "$T/victim/file" && chmod 0644 "$T/victim/file" && chown 4242:4242 "$T/victim" "$T/victim/file"
refused () { # refused DESCRIPTION: runs a scanner on $T/s2, expects 111 naming the path
  out=$(timeout -s KILL 5 "$BIN/tend-svscan" -s "$T/s2" 2>&1) ; rc=$?  # the old code ran on: bounded
  like "$rc|$out" "^111\|tend-svscan $T/s2: fatal: unable to open $T/s2/\.tend-svscan(/lock)? as a (directory|file) of the scanner's user, mode 0(755|600): " "$1: exit 111, named"
}
mkdir -p "$T/s2/.tend-svscan" && ln -s "$T/victim/file" "$T/s2/.tend-svscan/lock"
refused "lock is a symlink"
is "$(stat -c "%u %a" "$T/victim/file")" "4242 644" "the symlink's target is untouched"
rm "$T/s2/.tend-svscan/lock" && : > "$T/s2/.tend-svscan/lock" && chown 4242:4242 "$T/s2/.tend-svscan/lock" && chmod 0644 "$T/s2/.tend-svscan/lock"
refused "lock owned by another user"
is "$(stat -c '%u %a' "$T/s2/.tend-svscan/lock")" "4242 644" "that lock is untouched"
rm -rf "$T/s2/.tend-svscan" && ln -s "$T/victim" "$T/s2/.tend-svscan"
refused ".tend-svscan is a symlink"
is "$(ls -A "$T/victim")" "file" "nothing created through it"
rm "$T/s2/.tend-svscan" && mkdir "$T/s2/.tend-svscan" && chown 4242:4242 "$T/s2/.tend-svscan"
refused ".tend-svscan/ owned by another user"
