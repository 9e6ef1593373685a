#!/bin/bash
# Bad input, tend-logger: a table of bad scripts (exit 100, a message naming the directive,
# nothing created), then hostile input on stdin: a 10 MiB line, every byte value, NUL bytes,
# no final newline, binary noise. Nothing is lost: every input byte comes out (long lines cut
# into linemax pieces), nothing crashes or hangs.
. "${0%/*}/lib.sh"
require_bin tend-logger
L=$BIN/tend-logger

# script | message (regex)
cases=$(cat <<'EOT'
+[ ./d|fatal: bad regular expression in directive \+\[
sfoo ./d|fatal: bad directive: sfoo
nabc ./d|fatal: bad directive: nabc
S99999999999999999999 ./d|fatal: bad directive: S99999999999999999999
n-1 ./d|fatal: bad directive: n-1
relative|fatal: bad directive: relative
!cmd ./d|fatal: bad directive: !cmd
3|fatal: bad directive: 3
+x|fatal: no destination in the script
T|fatal: no destination in the script
-(|usage: tend-logger
EOT
)
n=$(printf '%s\n' "$cases" | wc -l)
plan $((n * 2 + 7))
W=$T/w ; mkdir "$W"
while IFS='|' read -r script re ; do
  # shellcheck disable=SC2086
  out=$(cd "$W" && echo hello | timeout 10 "$L" $script 2>&1) ; rc=$?
  like "$rc|$out" "^100\|tend-logger: $re" "script '$script': 100 and the message"
  is "$(ls -A "$W")" "" "script '$script': nothing created"
done <<< "$cases"

# A 10 MiB line (to stdout, default linemax 8192): cut into pieces, every byte out.
t0=$(now_ms)
head -c 10485760 /dev/zero | tr '\0' a | timeout 60 "$L" 1 > "$T/big" ; rc=$?
is "$rc" 0 "10 MiB line without newline: exit 0 at EOF ($(( $(now_ms) - t0 )) ms)"
is "$(tr -d '\n' < "$T/big" | wc -c) $(awk 'length($0) > 8192' "$T/big" | wc -l)" "10485760 0" "10 MiB line: all 10485760 bytes out, no piece over 8192"
# The same into a log directory with -l 1048576.
head -c 10485760 /dev/zero | tr '\0' b | timeout 60 "$L" -l 1048576 "$T/bigdir" ; rc=$?
is "$rc|$(cat "$T"/bigdir/* 2>/dev/null | tr -d '\n' | wc -c)" "0|10485760" "10 MiB line into a log directory (-l 1048576): every byte kept"

# Every byte value 1..255 but newline, and NUL, in lines: out unchanged.
for i in $(seq 0 255) ; do [ "$i" = 10 ] || printf "\\x$(printf %02x "$i")" ; done > "$T/bytes"
{ cat "$T/bytes" ; printf '\n' ; cat "$T/bytes" ; printf '\n' ; } > "$T/in"
timeout 10 "$L" 1 < "$T/in" > "$T/out" ; rc=$?
cmp -s "$T/in" "$T/out" ; is "$rc|$?" "0|0" "every byte value (NUL included) passes through unchanged"
printf 'last line without newline' | timeout 10 "$L" 1 > "$T/nonl" ; rc=$?
is "$rc|$(cat "$T/nonl")" "0|last line without newline" "a last line without newline is written (with its newline)"
head -c 1048576 /dev/urandom > "$T/noise"
timeout 30 "$L" 1 < "$T/noise" > "$T/noise.out" ; rc=$?
is "$rc|$(tr -d '\n' < "$T/noise" | wc -c)" "0|$(tr -d '\n' < "$T/noise.out" | wc -c)" "1 MiB of random bytes: exit 0, every non-newline byte out"
unlike "$(timeout 10 "$L" 1 < "$T/noise" 2>&1 >/dev/null)" "Sanitizer|runtime error|Segmentation" "no sanitizer report on random input"
done_testing
