#!/bin/bash
# Bad input, perms files and account arguments: a table of malformed cases, each with the
# exit code and the clear error it must give. Nothing is applied from a malformed file:
# a victim file's owner and mode are checked unchanged after every case.
. "${0%/*}/lib.sh"
require_bin tend-fixperms tend-setuidgid

FP=$BIN/tend-fixperms
SU=$BIN/tend-setuidgid
victim=$T/victim ; : > "$victim" ; chmod 0600 "$victim"
before=$(stat -c '%u:%g %a' "$victim")

# name | rule file contents (printf format; @V@ is the victim) | rc | message regex
cases=$(cat <<'EOT'
empty file|                                     |0|^$
only comments and blanks|# c\n\n   \n\t# x\n|0|^$
no trailing newline|@V@ false 0:0 0600 -|0|^$
binary garbage|\x01\x02\xff\xfe|100|r:1: .*(control character|malformed|must)
NUL inside a line|@V@\0 false 0:0 0644 -\n|100|r:1: control character or NUL in line
huge line|@HUGE@\n|100|r:1: line too long
overlong mode|@V@ false 0:0 077777777777777777777 -\n|100|r:1: FMODE must be octal
mode out of range|@V@ false 0:0 010000 -\n|100|r:1: FMODE must be octal \(at most 07777\)
negative uid|@V@ false -1:0 0644 -\n|100|r:1: malformed ACCOUNT
overlong uid|@V@ false 99999999999999999999:0 0644 -\n|100|r:1: malformed ACCOUNT
unknown user|@V@ false no-such-user-x 0644 -\n|100|r:1: unknown user: no-such-user-x
unknown group|@V@ false root:no-such-group-x 0644 -\n|100|r:1: unknown group
relative path|victim false 0:0 0644 -\n|100|r:1: PATH must be absolute
dot-dot path|@T@/x/../victim false 0:0 0644 -\n|100|r:1: PATH must be absolute, without \. or \.\.
bad recurse word|@V@ maybe 0:0 0644 -\n|100|r:1: RECURSE must be true or false: maybe
too few fields|@V@ 0:0 0644\n|100|r:1:
too many fields|@V@ false 0:0 0644 0755 extra\n|100|r:1:
unset variable|@V@ false {{NO_SUCH_VAR_X}} 0644 -\n|100|r:1: .*NO_SUCH_VAR_X
good line then bad line|@V@ false 0:0 0644 -\n@V@ false 0:0 0644 - x\n|100|r:2:
EOT
)
n=$(printf '%s\n' "$cases" | wc -l)
plan $((n * 2 + 8))

huge=$(head -c 9000 /dev/zero | tr '\0' a)
while IFS='|' read -r name content rc re ; do
  content=$(printf '%s' "$content" | sed "s#@V@#$victim#g; s#@T@#$T#g; s#@HUGE@#/$huge#")
  content=${content#"${content%%[! ]*}"}
  printf "$content" > "$T/r"
  out=$(cd "$T" && "$FP" r 2>&1) ; got=$?
  like "$got|$out" "^$rc\|" "perms: $name: exit $rc"
  if [ "$re" = '^$' ] ; then is "$out" "" "perms: $name: no message" ; else like "$out" "$re" "perms: $name: message names file and line" ; fi
done <<< "$cases"
is "$(stat -c '%u:%g %a' "$victim")" "$before" "perms: nothing applied from any malformed file"

out=$("$FP" "$T/no-such-file" 2>&1) ; rc=$?
like "$rc|$out" "^111\|.*unable to read $T/no-such-file: No such file or directory" "perms: missing rule file: 111 and its name"
ln -s /etc/shadow "$T/link-rules"
out=$("$FP" -c "$T/link-rules" 2>&1) ; rc=$?
unlike "$out" "Segmentation|Aborted" "perms: a rule file that is a symlink does not crash"

# Account arguments of tend-setuidgid
out=$("$SU" 2>&1) ; rc=$?
like "$rc|$out" "^100\|tend-setuidgid: usage:" "setuidgid: no arguments: usage, 100"
out=$("$SU" no-such-user-x true 2>&1) ; rc=$?
like "$rc|$out" "^2\|.*no-such-user-x" "setuidgid: unknown user: 2 and the name"
out=$("$SU" '-1:0' true 2>&1) ; rc=$?
like "$rc|$out" "^100\|" "setuidgid: negative uid is usage"
out=$("$SU" '4294967296:0' true 2>&1) ; rc=$?
like "$rc|$out" "^100\|" "setuidgid: overlong uid is usage"
out=$("$SU" "$(printf 'a\001b')" true 2>&1) ; rc=$?
like "$rc|$out" "^100\|" "setuidgid: control character in a name is usage"
done_testing
