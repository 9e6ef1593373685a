#!/bin/bash
# tend-fixperms: the rule grammar and what each form does; -c; stdin; exit codes.
. "${0%/*}/lib.sh"
require_root
require_bin tend-fixperms
plan 46

FP=$BIN/tend-fixperms
st () { stat -c '%a %u:%g' "$@" | tr '\n' ' ' | sed 's/ $//' ; }
# tree DIR: a small tree, everything 0:0, files 0600, dirs 0700
tree () {
  rm -rf "$1" ; mkdir -p "$1/sub/deeper"
  touch "$1/f" "$1/sub/g" "$1/sub/deeper/h"
  chown -R 0:0 "$1" ; find "$1" -type f -exec chmod 0600 {} + ; find "$1" -type d -exec chmod 0700 {} +
}
D=$T/d

# five fields, recursive
tree "$D"
echo "$D true 1000:1001 0640 0750" > "$T/r1"
out=$("$FP" "$T/r1" 2>&1) ; rc=$?
is "$rc:$out" "0:" "recursive rule: exit 0, silent"
is "$(st "$D" "$D/f" "$D/sub" "$D/sub/g" "$D/sub/deeper" "$D/sub/deeper/h")" \
   "750 1000:1001 640 1000:1001 750 1000:1001 640 1000:1001 750 1000:1001 640 1000:1001" "recursive: every file and directory"

# not recursive: the directory itself only
tree "$D"
echo "$D false 1000:1001 0640 0751" > "$T/r2"
"$FP" "$T/r2" ; rc=$?
is "$rc:$(st "$D" "$D/f" "$D/sub")" "0:751 1000:1001 600 0:0 700 0:0" "non-recursive on a directory: only it, with DMODE"
echo "$D/f false 1000:1001 0604 0751" > "$T/r2"
"$FP" "$T/r2" ; rc=$?
is "$rc:$(st "$D/f" "$D/sub/g")" "0:604 1000:1001 600 0:0" "non-recursive on a file: only it, with FMODE"

# - modes
tree "$D"
echo "$D true 1000:1001 - -" > "$T/r3"
"$FP" "$T/r3" ; rc=$?
is "$rc:$(st "$D" "$D/f" "$D/sub/g")" "0:700 1000:1001 600 1000:1001 600 1000:1001" "- - : owners only, modes left alone"
tree "$D"
echo "$D true 0:0 0644 -" > "$T/r3"
"$FP" "$T/r3" ; rc=$?
is "$rc:$(st "$D" "$D/f" "$D/sub")" "0:700 0:0 644 0:0 700 0:0" "FMODE only"
tree "$D"
echo "$D true 0:0 - 0755" > "$T/r3"
"$FP" "$T/r3" ; rc=$?
is "$rc:$(st "$D" "$D/f" "$D/sub")" "0:755 0:0 600 0:0 755 0:0" "DMODE only"

# ignity's four-field form means recursive
tree "$D"
echo "$D 1002:1003 0644 0755" > "$T/r4"
"$FP" "$T/r4" ; rc=$?
is "$rc:$(st "$D" "$D/sub/deeper/h")" "0:755 1002:1003 644 1002:1003" "four-field form: recursive"

# names, user:group, fallback (root and the root group exist everywhere)
tree "$D" ; chown -R 5:5 "$D"
echo "$D true root - -" > "$T/r5"
"$FP" "$T/r5" ; rc=$?
is "$rc:$(st "$D/f")" "0:600 0:0" "user: the user's primary group"
chown -R 5:5 "$D"
gname=$(getent group 0 | cut -d: -f1)
echo "$D true 7:$gname - -" > "$T/r5"
"$FP" "$T/r5" ; rc=$?
is "$rc:$(st "$D/f")" "0:600 7:0" "uid:group name"
echo "$D true root:$gname - -" > "$T/r5"
"$FP" "$T/r5" ; rc=$?
is "$rc:$(st "$D/f")" "0:600 0:0" "user:group"
echo "$D true tend-no-such-user,1234:4321 - -" > "$T/r5"
"$FP" "$T/r5" ; rc=$?
is "$rc:$(st "$D/f")" "0:600 1234:4321" "unknown user with a fallback: the fallback"
echo "$D true root,1234:4321 - -" > "$T/r5"
"$FP" "$T/r5" ; rc=$?
is "$rc:$(st "$D/f")" "0:600 0:0" "known user with a fallback: the database"

# {{NAME}} substitution
tree "$D"
echo "$D true {{USERMAP_UID}}:{{USERMAP_GID}} 0640 0750" > "$T/r6"
USERMAP_UID=1500 USERMAP_GID=1501 "$FP" "$T/r6" ; rc=$?
is "$rc:$(st "$D/sub/g")" "0:640 1500:1501" "{{USERMAP_UID}}:{{USERMAP_GID}} from the environment"
chown -R 9:9 "$D"
env -u USERMAP_UID -u USERMAP_GID "$FP" "$T/r6" ; rc=$?
is "$rc:$(st "$D/sub/g")" "0:640 0:0" "USERMAP_UID and USERMAP_GID default to 0"
echo "{{TOP}}/sub true 1:1 0600 {{DM}}" > "$T/r6"
TOP=$D DM=0711 "$FP" "$T/r6" ; rc=$?
is "$rc:$(st "$D/sub")" "0:711 1:1" "any variable, anywhere in the line"
out=$(env -u TOP "$FP" "$T/r6" 2>&1) ; rc=$?
is "$rc:$out" "100:tend-fixperms: $T/r6:1: undefined variable: TOP
tend-fixperms: warning: $T/r6: malformed: none of its rules applied" "an undefined variable is a malformed line"

# comments, blank lines, CRLF, tabs
tree "$D"
printf '# a comment\n\n   \t\n  # indented comment\n%s\ttrue\t3:3\t0604\t0705\r\n' "$D" > "$T/r7"
"$FP" "$T/r7" ; rc=$?
is "$rc:$(st "$D" "$D/f")" "0:705 3:3 604 3:3" "comments, blank lines, tabs and CRLF"

# a malformed line: FILE:LINE: reason, nothing of that file applied, other files are
tree "$D"
mkdir -p "$T/e" ; chmod 0700 "$T/e"
printf '%s true 1:1 0644 0755\n%s true 1:1 0644 0755\n/bad maybe 0:0 - -\n' "$D" "$T/e" > "$T/bad"
echo "$T/e false 2:2 - 0711" > "$T/good"
out=$("$FP" "$T/bad" "$T/good" 2>&1) ; rc=$?
is "$rc" 100 "malformed file: exit 100"
is "$out" "tend-fixperms: $T/bad:3: RECURSE must be true or false: maybe
tend-fixperms: warning: $T/bad: malformed: none of its rules applied" "malformed file: FILE:LINE: reason"
is "$(st "$D" "$D/f")" "700 0:0 600 0:0" "malformed file: its good lines before the bad one are not applied"
is "$(st "$T/e")" "711 2:2" "malformed file: the next file is applied"

# every error of a file is reported
printf '/x true 0:0 - -\nrel true 0:0 - -\n/y true 0:0 0999 -\n/z true 0:0 - -\n/w true tend-no-such-user - -\n/v true root:tend-no-such-group - -\n/u true 0:0 - - extra\n/a/../b true 0:0 - -\n' > "$T/many"
out=$("$FP" -c "$T/many" 2>&1) ; rc=$?
is "$rc" 100 "-c on a bad file: exit 100"
is "$(echo "$out" | sed "s|$T/many|F|" | cut -d: -f1-3)" "tend-fixperms: F:2
tend-fixperms: F:3
tend-fixperms: F:5
tend-fixperms: F:6
tend-fixperms: F:7
tend-fixperms: F:8
tend-fixperms: warning: F" "-c reports every bad line with its number"
like "$out" "F?many:5: unknown user: tend-no-such-user" "unknown user named"
like "$out" "many:6: unknown group: tend-no-such-group" "unknown group named"
like "$out" "many:2: PATH must be absolute" "relative path refused"
like "$out" "many:8: PATH must be absolute, without \. or \.\. components: /a/\.\./b" ".. refused"
like "$out" "many:3: FMODE must be octal .*: 0999" "bad mode named"
like "$out" "many:7: expected PATH RECURSE ACCOUNT FMODE DMODE" "wrong field count"

# -c on a good file: exit 0, nothing applied
tree "$D"
echo "$D true 1:1 0644 0755" > "$T/c"
out=$("$FP" -c "$T/c" "$T/r1" 2>&1) ; rc=$?
is "$rc:$out:$(st "$D")" "0::700 0:0" "-c on good files: exit 0, silent, nothing changed"
out=$("$FP" -c "$T/c" "$T/nonexistent" 2>&1) ; rc=$?
is "$rc:$out" "111:tend-fixperms: warning: unable to read $T/nonexistent: No such file or directory" "-c with an unreadable file: 111"

# a missing PATH is reported and skipped
tree "$D"
printf '%s/nope true 1:1 - -\n%s/nodir/x true 1:1 - -\n%s true 1:1 - -\n' "$D" "$D" "$D" > "$T/m"
out=$("$FP" "$T/m" 2>&1) ; rc=$?
is "$rc" 0 "missing PATH: not an error"
is "$out" "tend-fixperms: warning: $T/m:1: $D/nope: No such file or directory (skipped)
tend-fixperms: warning: $T/m:2: $D/nodir/x: No such file or directory (skipped)" "missing PATH: reported with FILE:LINE"
is "$(st "$D")" "700 1:1" "missing PATH: the other rules applied"

# stdin, several files in order, -v
tree "$D"
out=$(printf '%s false 4:4 - 0701\n' "$D" | "$FP" -v 2>&1) ; rc=$?
is "$rc:$out" "0:chown 4:4 $D
chmod 0701 $D" "rules from stdin; -v lists each change"
printf '%s\n' "/x true" | "$FP" 2>"$T/err" ; rc=$?
is "$rc:$(head -1 "$T/err")" "100:tend-fixperms: stdin:1: expected PATH RECURSE ACCOUNT FMODE DMODE (or PATH ACCOUNT FMODE DMODE)" "stdin is named stdin in messages"
echo "$D false 5:5 - -" > "$T/o1" ; echo "$D false 6:6 - -" > "$T/o2"
"$FP" "$T/o1" "$T/o2" ; rc=$?
is "$rc:$(st "$D")" "0:701 6:6" "files applied in the order given"
out=$("$FP" -v "$T/o2" 2>&1) ; rc=$?
is "$rc:$out" "0:" "already right: nothing done, nothing said"

# set-id bits survive a chown (chown clears them; the chmod comes after)
tree "$D"
chmod 4755 "$D/f"
echo "$D/f false 7:7 4755 -" > "$T/s"
"$FP" "$T/s" ; rc=$?
is "$rc:$(st "$D/f")" "0:4755 7:7" "setuid bit kept when the owner changes"

# special files: modes through the fd, never opened for reading
tree "$D"
mkfifo -m 0600 "$D/fifo" ; mknod -m 0600 "$D/null" c 1 3
echo "$D true 8:8 0640 -" > "$T/sp"
"$FP" "$T/sp" ; rc=$?
is "$rc:$(st "$D/fifo" "$D/null")" "0:640 8:8 640 8:8" "fifo and device node fixed (without blocking)"

# the root path "/" is accepted (checked only, -c)
echo "/ false 0:0 - -" > "$T/root"
"$FP" -c "$T/root" ; ok $? "/ is a valid PATH"

# usage
out=$("$FP" -z 2>&1) ; rc=$?
is "$rc:$out" "100:tend-fixperms: usage: tend-fixperms [ -c ] [ -m ] [ -v ] [ RULEFILE... ]" "unknown option: usage, 100"

# an empty file and a file of comments are fine
: > "$T/empty" ; printf '# nothing\n' > "$T/comments"
"$FP" "$T/empty" "$T/comments" ; ok $? "empty and comment-only files: exit 0"
# no trailing newline
tree "$D"
printf '%s false 9:9 - -' "$D" > "$T/nonl"
"$FP" "$T/nonl" ; rc=$?
is "$rc:$(st "$D")" "0:700 9:9" "last line without a newline"
# binary garbage
printf '/x true 0:0 - -\0\n' > "$T/nul"
out=$("$FP" "$T/nul" 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-fixperms: $T/nul:1: control character or NUL in line" "NUL in a line refused"
done_testing
