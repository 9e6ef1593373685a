#!/bin/bash
# bench/run in quick mode on one cheap metric (memory): the harness runs every suite that is
# installed, in pid namespaces, and prints its table in the documented format. No timing is
# asserted: benchmarks are never pass/fail on speed.
. "${0%/*}/lib.sh"
require_root
require_cmd unshare cc s6-svscan s6-supervise runsvdir runsv
[ -x /usr/bin/svscan ] || skip_all "needs daemontools"
plan 7

BENCH_RESULTS=$T/results timeout 60 "$TOP/bench/run" -q -m memory --no-install -o "$T/table.md" > "$T/out" 2> "$T/err"
rc=$?
is "$rc" 0 "bench/run -q -m memory exits 0"
[ "$rc" = 0 ] || diag "$(cat "$T/err")"
is "$(sed -n 1p "$T/out")" "| metric | unit | tend | peer | peer value | tend/peer | target | verdict |" "table header"
is "$(sed -n 2p "$T/out")" "|---|---|---|---|---|---|---|---|" "table separator"
row=$(grep '^| memory per supervisor' "$T/out")
like "$row" '^\| memory per supervisor \(PSS, [0-9]+ services\) \| KB \| ([0-9.]+|n/a) \| s6-supervise \| [0-9.]+ \| ([0-9.]+×|n/a) \| ≤ 0\.35× s6-supervise \| (met|MISSED|n/a) \|$' "s6-supervise row: a number, a ratio or n/a, the target"
like "$(grep -c '^| | | | \(runsv\|supervise\) | [0-9.]* |' "$T/out")" '^2$' "runsv and supervise rows hold numbers"
like "$(grep '^| scanner memory' "$T/out")" '\| s6-svscan \| [0-9.]+ \|' "scanner row for s6-svscan"
like "$(cat "$T/table.md")" 'Measured [0-9]{4}-[0-9]{2}-[0-9]{2} .*QUICK mode' "-o writes the table with its date and mode"
