#!/bin/bash
# tend-logger into log directories: every line exactly once and in order across rotations,
# pruning by count and by total size, time stamps, long lines, NUL bytes, the last line
# without newline, the directory lock, a removed directory, script errors.
. "${0%/*}/lib.sh"
require_bin tend-logger
L=$BIN/tend-logger
plan 37

# --- 1e6 numbered lines through rotation -------------------------------------------------
seq 1 1000000 > "$T/want"
"$L" s100000 n1000 "$T/big" < "$T/want" 2>"$T/err" ; rc=$?
is "$rc:$(cat "$T/err")" "0:" "1e6 lines: exit 0, no message"
n=$(ls "$T/big" | grep -c '^@[0-9a-f]\{24\}\.s$')
[ "$n" -ge 60 ] ; ok $? "1e6 lines: rotated into many archives ($n)"
cat "$T/big"/@*.s "$T/big/current" | cmp -s - "$T/want" ; ok $? "1e6 lines: every line exactly once, in order, across archives and current"
big=0 ; for f in "$T/big"/@*.s ; do [ "$(stat -c %s "$f")" -le 100000 ] || big=1 ; done
is "$big" 0 "1e6 lines: no archive exceeds the rotation size"
bad=0 ; for f in "$T/big"/@*.s ; do [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] || bad=1 ; done
is "$bad" 0 "every archive ends with a newline"

# --- pruning -------------------------------------------------------------------------------
seq 1 100000 | "$L" s10000 n3 "$T/prune" ; rc=$?
is "$rc:$(ls "$T/prune" | grep -c '^@')" "0:3" "n3: three archives kept"
cat "$T/prune"/@*.s "$T/prune/current" | cmp -s - <(seq 1 100000 | tail -n "$(cat "$T/prune"/@*.s "$T/prune/current" | wc -l)") ; ok $? "n3: the newest archives are kept, contiguous with current"
seq 1 100000 | "$L" s10000 n100 S35000 "$T/cap"
sz=$(cat "$T/cap"/@*.s | wc -c)
[ "$((sz + 10000))" -le 35000 ] && [ "$(ls "$T/cap" | grep -c '^@')" -ge 1 ] ; ok $? "S35000: archives plus a full current stay within the cap ($sz bytes archived)"
out=$("$L" s10000 S5000 "$T/cap2" </dev/null 2>&1) ; rc=$?
is "$rc:$out" "100:tend-logger: fatal: total size cap smaller than the rotation size for $T/cap2" "a cap below the rotation size is refused"

# --- time stamps ---------------------------------------------------------------------------
# Both formats from the same run: lines of one read() share one clock reading.
seq 1 300000 | "$L" t s100000000 "$T/tai" T s100000000 "$T/iso"
like "$(head -n1 "$T/tai/current")" '^@4[0-9a-f]{23} 1$' "t: a TAI64N label and a space before the line"
like "$(head -n1 "$T/iso/current")" '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{9}Z 1$' "T: ISO 8601 UTC with nanoseconds before the line"
cut -d' ' -f1 "$T/tai/current" | LC_ALL=C sort -c 2>/dev/null ; ok $? "TAI64N stamps never go back"
cut -d' ' -f1 "$T/iso/current" | LC_ALL=C sort -c 2>/dev/null ; ok $? "ISO 8601 stamps never go back"
ndist=$(cut -d' ' -f1 "$T/tai/current" | uniq | wc -l)
[ "$ndist" -ge 2 ] ; ok $? "several reads give several stamps ($ndist)"
cut -d' ' -f2- "$T/tai/current" | cmp -s - <(seq 1 300000) ; ok $? "stamped lines keep their text"
local1=$(head -n1 "$T/tai/current" | TZ=UTC tai64nlocal)
iso1=$(head -n1 "$T/iso/current" | sed 's/T/ /; s/Z / /')
is "$local1" "$iso1" "daemontools' tai64nlocal reads the TAI64N label as the same instant as the ISO stamp"
secs=$(date -u -d "${local1% 1}" +%s) ; now=$(date +%s)
[ $((now - secs)) -ge -5 ] && [ $((now - secs)) -le 60 ] ; ok $? "the stamp is the current time"

# --- long lines, NUL, invalid UTF-8, last line without newline -----------------------------
{ head -c 20000 /dev/zero | tr '\0' a ; printf '\n' ; printf 'b\0c\n\377\376 not utf-8\n' ; head -c 9000 /dev/zero | tr '\0' d ; printf 'no newline' ; } > "$T/odd"
"$L" "$T/odd.d" < "$T/odd" ; rc=$?
is "$rc:$(awk '{ printf "%d ", length($0) }' "$T/odd.d/current")" "0:8192 8192 3616 3 12 8192 818 " "a 20000-byte line is cut at 8192 bytes; so is the unterminated last one"
tr -d '\n' < "$T/odd.d/current" | cmp -s - <(tr -d '\n' < "$T/odd") ; ok $? "the pieces put back together are the same bytes"
grep -qa $'^b\x00c$' "$T/odd.d/current" 2>/dev/null || od -c "$T/odd.d/current" | grep -q 'b  \\0   c' ; ok $? "a NUL byte is kept"
tail -c 11 "$T/odd.d/current" | cmp -s - <(printf 'no newline\n') ; ok $? "the last line without newline is written, with a newline"
printf 'x%.0s' $(seq 100) | "$L" -l 16 "$T/l16"
is "$(awk '{ printf "%d ", length($0) }' "$T/l16/current")" "16 16 16 16 16 16 4 " "-l 16 cuts at 16 bytes"
out=$("$L" -l 8 "$T/l8" </dev/null 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-logger: usage: tend-logger " "-l below 16 is refused"

# --- appending to an existing current ------------------------------------------------------
mkdir "$T/app" && printf 'old\npartial' > "$T/app/current"
echo new | "$L" "$T/app"
is "$(cat "$T/app/current")" "$(printf 'old\npartial\nnew')" "an existing current is appended to, a partial last line first ended"

# --- two loggers on one directory ----------------------------------------------------------
mkfifo "$T/fifo"
exec 7<> "$T/fifo"
"$L" "$T/locked" < "$T/fifo" 7>&- 2>"$T/lerr" & lp=$! ; track $lp
wait_for 5000 test -e "$T/locked/lock" ; ok $? "first logger started"
out=$(echo x | "$L" "$T/locked" 2>&1) ; rc=$?
is "$rc:$out" "3:tend-logger: fatal: another logger holds the lock on $T/locked/lock" "a second logger on the same directory refuses (exit 3)"

out=$(echo x | "$L" "$T/twice" n3 "$T/twice/" 2>&1) ; rc=$?
is "$rc:$out" "100:tend-logger: fatal: log directory $T/twice/ is the same as $T/twice" "one directory twice in a script is refused"

# --- the directory removed under a running logger ------------------------------------------
echo before >&7
wait_for 5000 grep -q before "$T/locked/current" ; ok $? "the first logger writes"
rm -rf "$T/locked"
echo after >&7
wait_for 5000 grep -q after "$T/locked/current" ; ok $? "after the directory is removed, it is recreated and the line arrives there"
is "$(cat "$T/lerr")" "tend-logger: warning: $T/locked/current was removed: reopening it" "the removal is reported"
exec 7>&-
wait_pid 5000 "$lp" ; ok $? "the first logger exits at EOF"

# --- memory does not grow with the input ---------------------------------------------------
if [ -x /usr/bin/time ] ; then
  yes 'a line of log text, forty bytes long....' | head -c 1000000 | /usr/bin/time -f %M -o "$T/m1" "$L" t s1000000 n2 "$T/mem1" 'px: ' 1 >/dev/null
  yes 'a line of log text, forty bytes long....' | head -c 100000000 | /usr/bin/time -f %M -o "$T/m2" "$L" t s1000000 n2 "$T/mem2" 'px: ' 1 >/dev/null
  m1=$(tail -n1 "$T/m1") m2=$(tail -n1 "$T/m2")
  [ "$m2" -le $((m1 + m1 / 10 + 256)) ] ; ok $? "100 MB of input take no more memory than 1 MB ($m1 KiB, $m2 KiB)"
else
  skip "needs /usr/bin/time"
fi

# --- script errors -------------------------------------------------------------------------
out=$("$L" 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-logger: usage: " "no script: usage"
out=$("$L" x "$T/e" 2>&1) ; rc=$?
is "$rc:$out" "100:tend-logger: fatal: bad directive: x" "an unknown directive is named"
out=$("$L" "$T/e" t 2>&1) ; rc=$?
is "$rc:$out" "100:tend-logger: fatal: directives after the last destination: t" "directives after the last destination are refused"
out=$("$L" '+(' "$T/e" 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-logger: fatal: bad regular expression in directive \+\(: " "a bad regular expression is refused with regerror's reason"
: > "$T/notadir"
out=$(echo x | "$L" "$T/notadir" 2>&1) ; rc=$?
is "$rc:$out" "111:tend-logger: fatal: unable to open log directory $T/notadir: Not a directory" "a directory that cannot be opened: exit 111"

done_testing
