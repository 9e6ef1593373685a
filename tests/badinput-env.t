#!/bin/bash
# Bad input, env files of tend-init: a table of malformed files, each checked with --check
# (exit 1, "tend-check: FILE:LINE: reason") and at boot (exit 100, "fatal: FILE:LINE: reason",
# no service started, no CMD run). Then: values are never given to a shell, a symlinked env
# file, a missing target, a directory, and a value too large for execve.
. "${0%/*}/init-lib.sh"
require_root

# name | contents (printf format) | line | reason (regex)
cases=$(cat <<'EOT'
binary garbage|\x01\x02\xff\xfe|1|bad variable name
NUL in a value|A=1\nB=x\0y\n|2|NUL byte
NUL in a comment|# a\0b\n|1|NUL byte
no = sign|A=1\nFOO\n|2|missing = \(expected KEY=VALUE\)
name starting with a digit|1A=2\n|1|bad variable name
blank before =|A=1\nA =2\n|2|blank between the name and =
export prefix|export A=1\n|1|blank between the name and =
dash in name|A-B=1\n|1|bad character in variable name
non-ASCII name|\xc3\x89=1\n|1|bad variable name
unterminated double quote|A=1\nB="abc\n\n|2|unterminated double quote
unterminated single quote|A=1\n\nB='abc\n|3|unterminated single quote
unknown escape|A="\\q"\n|1|unknown escape in double quotes
text after a quote|A="x" y\n|1|text after the closing double quote
bad line after a huge good one|A=@HUGE@\nB C\n|2|blank between the name and =
EOT
)
n=$(printf '%s\n' "$cases" | wc -l)
plan $((n * 4 + 16))

huge=$(head -c 100000 /dev/zero | tr '\0' a)
mksh "$E/services/s/run" "touch $T/service-ran ; exec sleep 100"
while IFS='|' read -r name content line re ; do
  rm -f "$E/envs/"* "$T/service-ran" "$T/cmd-ran"
  printf "${content/@HUGE@/$huge}" > "$E/envs/10-x"
  out=$(TEND_ETC=$E TEND_RUN=$T/nope "$BIN/tend-init" --check 2>&1) ; rc=$?
  is "$rc" 1 "check: $name: exit 1"
  like "$out" "^tend-check: $E/envs/10-x:$line: $re" "check: $name: FILE:$line and the reason"
  boot -- touch "$T/cmd-ran"
  like "$rc|$(cat "$T/err")" "^100\|tend-init: fatal: $E/envs/10-x:$line: $re" "boot: $name: 100, FILE:$line and the reason"
  is "$(ls "$T/service-ran" "$T/cmd-ran" 2>/dev/null)" "" "boot: $name: no service started, no CMD run"
done <<< "$cases"
rm -f "$E/envs/"* "$T/service-ran"

# Accepted oddities: empty file, no trailing newline, CRLF.
printf '' > "$E/envs/10-empty" ; printf 'A=1' > "$E/envs/20-nonl" ; printf 'B=2\r\nC=3\r\n' > "$E/envs/30-crlf"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
is "$rc|$out" "0|tend-check: $E: no problem found" "empty file, no trailing newline, CRLF: accepted"
rm -f "$E/envs/"*

# Parsed, never executed by a shell: command substitutions and backquotes stay literal.
printf 'P1=$(touch %s/pwned1)\nP2=`touch %s/pwned2`\nP3="$(touch %s/pwned3)"\nP4=x;touch %s/pwned4\n' "$T" "$T" "$T" "$T" > "$E/envs/10-shell"
boot -- sh -c 'printf "%s|%s|%s|%s" "$P1" "$P2" "$P3" "$P4"' 
is "$rc" 0 "shell syntax in values: the boot succeeds"
is "$(cat "$T/out")" "\$(touch $T/pwned1)|\`touch $T/pwned2\`|\$(touch $T/pwned3)|x;touch $T/pwned4" "shell syntax in values: passed literally"
is "$(ls "$T"/pwned* 2>/dev/null)" "" "shell syntax in values: nothing executed"
rm -f "$E/envs/"*

# A symlinked env file is read as its target (the tree is root's); errors name the link.
ln -s /etc/passwd "$E/envs/10-link"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
like "$rc|$out" "^1\|tend-check: $E/envs/10-link:1: " "symlink to a non-env file: its name and line"
rm -f "$E/envs/"*
ln -s "$T/nowhere" "$E/envs/10-dangling"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
like "$rc|$out" "^1\|tend-check: $E/envs/10-dangling: No such file or directory" "dangling symlink: named, ENOENT"
boot -- true
like "$rc|$(cat "$T/err")" "^111\|tend-init: fatal: .*$E/envs/10-dangling.*No such file or directory" "boot with a dangling env file: 111 naming it"
rm -f "$E/envs/"*
mkdir "$E/envs/10-dir"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
like "$rc|$out" "^1\|tend-check: $E/envs/10-dir: Is a directory" "a directory in envs/: named"
rmdir "$E/envs/10-dir"

# Huge values: Linux refuses an environment string over 128 KiB (MAX_ARG_STRLEN) at execve;
# tend-init names the file and the variable, in --check and at boot, instead of a bare E2BIG.
{ printf 'BIG=' ; head -c 1048576 /dev/zero | tr '\0' x ; printf '\n' ; } > "$E/envs/10-big"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
like "$rc|$out" "^1\|tend-check: $E/envs/10-big: BIG: too long: KEY=VALUE over 131071 bytes" "a 1 MiB value: --check names the file and the variable"
boot -- true
is "$rc" 100 "a 1 MiB value at boot: exit 100, before anything starts"
like "$(cat "$T/err")" "tend-init: fatal: $E/envs/10-big: BIG: too long: KEY=VALUE over 131071 bytes, which Linux refuses at exec" "a 1 MiB value at boot: the file and the variable are named"
{ printf 'BIG=' ; head -c 120000 /dev/zero | tr '\0' x ; printf '\n' ; } > "$E/envs/10-big"
boot -- sh -c 'printf %s "$BIG" | wc -c'
is "$rc|$(tr -d ' ' < "$T/out")" "0|120000" "a 120 000-byte value: reaches the CMD whole"

# One precedence rule for the boot and --check: a later env file wins over an earlier one.
# A perms rule using {{X}} with X relative in 10-a and absolute in 20-b is fine at boot, so
# --check must find no problem; with the files swapped both must reject it.
mkdir -p "$T/pd"
printf 'X=relative\n' > "$E/envs/10-a" ; printf 'X=%s\n' "$T/pd" > "$E/envs/20-b"
printf '{{X}} false 0:0 0644 0755\n' > "$E/perms/10-x"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
is "$rc|$out" "0|tend-check: $E: no problem found" "precedence: --check agrees with the boot (the later file wins)"
boot -- true
is "$rc" 0 "precedence: the boot succeeds with the later, absolute value"
printf 'X=%s\n' "$T/pd" > "$E/envs/10-a" ; printf 'X=relative\n' > "$E/envs/20-b"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
like "$rc|$out" "^1\|tend-check: $E/perms/10-x:1: .*absolute" "precedence swapped: --check reports the relative PATH"
boot -- true
is "$rc" 100 "precedence swapped: the boot refuses it too"
rm -rf "$E/envs/"* "$E/perms/"* "$T/pd"
done_testing
