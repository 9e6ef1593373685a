#!/bin/bash
# Bad input, command-line options of every program: unknown option, missing argument,
# overlong number, negative number, bad word. Each row: exit 100, "PROG: usage: SYNOPSIS"
# on stderr, nothing on stdout, and nothing created (the working directory, the named
# directory and TEND_RUN stay empty/absent).
. "${0%/*}/lib.sh"
require_bin tend-svc tend-svscan tend-supervise tend-svstat tend-logger tend-setuidgid \
  tend-fixperms tend-init tend-withenv

# program | arguments (x = a path that must not be created)
cases=$(cat <<'EOT'
tend-svc|-Z x
tend-svc|-w
tend-svc|-w z x
tend-svc|-T
tend-svc|-T 99999999999999999999 -u x
tend-svc|-T -5 -u x
tend-svc|-T 12abc -u x
tend-svc|
tend-svc|--bogus x
tend-svc|--rescan -u x
tend-svscan|-Z x
tend-svscan|-T
tend-svscan|-T 99999999999999999999 x
tend-svscan|-T -1 x
tend-svscan|x extra
tend-svscan|
tend-supervise|
tend-supervise|-Z x
tend-svstat|-Z x
tend-svstat|--bogus x
tend-logger|-Z x
tend-logger|-l
tend-logger|-l 99999999999999999999 x
tend-logger|-l -1 x
tend-logger|-r -1 x
tend-logger|-r 99999999999999999999 x
tend-logger|
tend-setuidgid|-Z x y
tend-setuidgid|x
tend-fixperms|-Z
tend-init|--bogus
tend-init|--halt
tend-init|--halt 99999999999999999999
tend-init|--halt -1
tend-init|--halt abc
tend-withenv|-Z x
tend-withenv|-d
tend-withenv|
EOT
)
n=$(printf '%s\n' "$cases" | wc -l)
plan $((n * 3))

W=$T/cwd ; mkdir "$W"
export TEND_RUN=$T/run TEND_ETC=$T/etc
while IFS='|' read -r prog args ; do
  rm -f "$T/out"
  # shellcheck disable=SC2086
  err=$(cd "$W" && "$BIN/$prog" $args 2>&1 >"$T/out" </dev/null) ; rc=$?
  syn=$(grep -h "define USAGE" "$TOP"/*/"$prog".c | sed 's/^#define USAGE "//; s/"$//')
  is "$rc" 100 "$prog $args: exit 100"
  like "$err" "^$prog: usage: $(printf '%s' "$syn" | sed 's/[][|.]/\\&/g')\$" "$prog $args: the usage line, alone"
  is "$(cat "$T/out")$(ls -A "$W")$(ls -d "$T/run" "$T/etc" 2>/dev/null)" "" "$prog $args: nothing on stdout, nothing created"
done <<< "$cases"
done_testing
