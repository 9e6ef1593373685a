#!/bin/bash
# The boot, the stop and the check are three programs: tend-init, tend-shutdown, tend-check.
# Each answers --help (its synopsis, the USAGE of its source) and --version; tend-init --halt
# and --check reach the others (beside tend-init, else in PATH) and say so when they are
# missing; the scanner's hooks link to tend-shutdown; no program file is over 900 lines.
. "${0%/*}/init-lib.sh"
require_bin tend-shutdown tend-check
plan 23

ver=$(sed -n 's/^#define TEND_VERSION "\(.*\)"$/\1/p' "$TOP/config.h")
for p in tend-init tend-withenv tend-shutdown tend-check ; do
  syn=$(grep -h "define USAGE" "$TOP"/*/"$p".c | sed 's/^#define USAGE "//; s/"$//')
  out=$("$BIN/$p" --help 2>"$T/e") ; rc=$?
  is "$rc|$out|$(cat "$T/e")" "0|$syn|" "$p --help: the synopsis on stdout, exit 0"
  out=$("$BIN/$p" --version 2>"$T/e") ; rc=$?
  is "$rc|$out|$(cat "$T/e")" "0|$p $ver|" "$p --version: one line, exit 0"
done

# Bad usage of the new programs.
out=$("$BIN/tend-shutdown" 2>&1) ; rc=$?
is "$rc|$out" "100|tend-shutdown: usage: tend-shutdown --halt code" "tend-shutdown without a job: usage, 100"
out=$("$BIN/tend-shutdown" --halt 256 2>&1) ; rc=$?
is "$rc|$out" "100|tend-shutdown: usage: tend-shutdown --halt code" "tend-shutdown --halt 256: usage, 100"
out=$("$BIN/tend-check" extra 2>&1) ; rc=$?
is "$rc|$out" "100|tend-check: usage: tend-check [ -j ]" "tend-check with an argument: usage, 100"
out=$("$BIN/tend-init" --check -x 2>&1) ; rc=$?
like "$rc|$out" "^100\|tend-init: usage: " "tend-init --check with an argument other than -j: usage, 100"

# tend-init --check runs tend-check: the same verdict, the same lines.
a=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; ra=$?
b=$(TEND_ETC=$E "$BIN/tend-check" 2>&1) ; rb=$?
is "$ra|$a" "$rb|$b" "tend-init --check is tend-check"
is "$ra|$a" "0|tend-check: $E: no problem found" "a clean tree: 0"
a=$(TEND_ETC=$E "$BIN/tend-init" --check -j 2>/dev/null) ; ra=$?
b=$(TEND_ETC=$E "$BIN/tend-check" -j 2>/dev/null) ; rb=$?
is "$ra|$a" "$rb|$b" "tend-init --check -j is tend-check -j"

# A tend-init alone (nothing beside it, nothing in PATH): a clear 127, not a hang.
mkdir -p "$T/alone" "$T/nopath"
cp "$BIN/tend-init" "$T/alone/"
out=$(PATH=$T/nopath TEND_ETC=$E "$T/alone/tend-init" --check 2>&1) ; rc=$?
is "$rc|$out" "127|tend-init: fatal: unable to find tend-check beside $T/alone/tend-init or in PATH" "--check without tend-check: 127, named"
out=$(PATH=$T/nopath TEND_RUN=$T/nowhere "$T/alone/tend-init" --halt 3 2>&1) ; rc=$?
is "$rc|$out" "127|tend-init: fatal: unable to find tend-shutdown beside $T/alone/tend-init or in PATH" "--halt without tend-shutdown: 127, named"
# ... but found through PATH when it is not beside.
out=$(PATH=$BIN:/usr/bin:/bin TEND_ETC=$E "$T/alone/tend-init" --check 2>&1) ; rc=$?
is "$rc|$out" "0|tend-check: $E: no problem found" "tend-check found through PATH"
# A boot that could never stop (no tend-shutdown for the hooks) does not start.
in_ns -r "$R" env TEND_ETC="$E" TEND_RUN="$R" PATH=$T/nopath "$T/alone/tend-init" true >"$T/out" 2>"$T/err" ; rc=$?
is "$rc|$(cat "$T/err")" "127|tend-init: fatal: unable to find tend-shutdown beside $T/alone/tend-init or in PATH" "boot without tend-shutdown: 127 before the scanner starts"

# The hooks (finish, child, the signals) link to tend-shutdown; with TEND_CMD_RECEIVE_SIGNALS=1, the scanner's list.
boot -- sh -c "cd $R/services/.tend-svscan && for f in * ; do [ -L \$f ] && echo \$f=\$(readlink \$f) ; done > $T/hooks"
is "$(cat "$T/hooks" | tr '\n' ' ')" "SIGINT=$BIN/tend-shutdown SIGTERM=$BIN/tend-shutdown child=$BIN/tend-shutdown finish=$BIN/tend-shutdown " "finish, child, SIGTERM, SIGINT: links to tend-shutdown"
boot TEND_CMD_RECEIVE_SIGNALS=1 -- sh -c "cd $R/services/.tend-svscan && ls | tr '\n' ' ' > $T/hooks"
is "$(cat "$T/hooks")" "SIGHUP SIGINT SIGQUIT SIGTERM SIGUSR1 SIGUSR2 SIGWINCH child control finish lock " "TEND_CMD_RECEIVE_SIGNALS=1: the diverted signals too"

# tend-shutdown --halt, called directly, stops the container like tend-init --halt.
mksh "$E/services/h/run" "$BIN/tend-shutdown --halt 6 ; exec sleep 100"
boot --
is "$rc" 6 "a service running tend-shutdown --halt 6 stops the container with 6"
rm -rf "$E/services/h"

# No program file over 900 lines (the style guide's size for a scanner or a supervisor).
big=$(wc -l "$TOP"/*/tend-*.c | awk '$2 != "total" && $1 > 900 { print $2 "(" $1 ")" }')
is "$big" "" "no program file over 900 lines"
done_testing
