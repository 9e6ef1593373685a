#!/bin/bash
# bench/run in quick mode on one cheap metric (memory): the harness runs every suite that is
# installed, in pid namespaces, and prints its table in the documented format, with the floor
# (a static musl pause() program) and the static musl s6 as columns (n/a when not built).
# The scale script's quick mode, and tools/debsrc's usage and cache. No timing is asserted:
# benchmarks are never pass/fail on speed.
. "${0%/*}/lib.sh"
require_root
require_cmd unshare cc runsvdir runsv
[ -x /usr/bin/svscan ] || skip_all "needs daemontools"
plan 14

BENCH_RESULTS=$T/results timeout 300 "$TOP/bench/run" -q -m memory --no-install -o "$T/table.md" > "$T/out" 2> "$T/err"
rc=$?
is "$rc" 0 "bench/run -q -m memory exits 0"
[ "$rc" = 0 ] || diag "$(cat "$T/err")"
is "$(sed -n 1p "$T/out")" "| metric | unit | tend | peer | peer value | tend/peer | target | verdict |" "table header"
is "$(sed -n 2p "$T/out")" "|---|---|---|---|---|---|---|---|" "table separator"
row=$(grep '^| memory per supervisor' "$T/out")
like "$row" '^\| memory per supervisor \(PSS, [0-9]+ services\) \| KB \| ([0-9.]+|n/a) \| s6-supervise, static musl \| ([0-9.]+|n/a) \| ([0-9.]+×|n/a) \| ≤ 0\.85× s6-supervise static musl, ≤ 1\.25× pause\(\) \| (met|MISSED|n/a)( \([a-z0-9 ]+ n/a\))? \|$' "first row: the static musl s6 peer, both targets"
like "$(grep -c '^| | | | \(runsv\|supervise\) | [0-9.]* |' "$T/out")" '^2$' "runsv and supervise rows hold numbers"
if command -v musl-gcc > /dev/null ; then
  like "$(grep '^| | | | pause(), static musl (floor) |' "$T/out")" '\| pause\(\), static musl \(floor\) \| [0-9.]+ \| [0-9.]+× \|' "the pause() floor is measured"
else
  skip "no musl-gcc: no floor" 1
fi
like "$(grep '^| | | | s6-supervise (Debian) |' "$T/out")" '\| s6-supervise \(Debian\) \| ([0-9.]+|n/a) \|' "Debian's s6 is a further column"
like "$(grep '^| scanner memory' "$T/out")" '\| s6-svscan, static musl \| ([0-9.]+|n/a) \|' "scanner row for the static musl s6-svscan"
unlike "$(sed -n '/^| scanner memory/,$p' "$T/out")" 'floor' "no floor for the scanner"
like "$(cat "$T/table.md")" 'Measured [0-9]{4}-[0-9]{2}-[0-9]{2} .*QUICK mode' "-o writes the table with its date and mode"

# scale, quick mode, tend alone
mkdir -p "$T/scale.tmp"
QUICK=1 BENCH_TMP=$T/scale.tmp timeout 300 "$TOP/bench/scale" run tend > "$T/scale" 2> "$T/scale.err"
is "$?" 0 "bench/scale run tend (quick) exits 0"
like "$(grep -cE '^(boot|mem|rescan|status)(10|20|40) [0-9.]+$' "$T/scale")" '^12$' "scale: boot, memory, rescan, status at 3 sizes, all numbers"
[ "$(grep -cE '^(boot|mem|rescan|status)(10|20|40) [0-9.]+$' "$T/scale")" = 12 ] || diag "$(cat "$T/scale" "$T/scale.err")"

# tools/debsrc: bad usage; a cached tarball that matches its pin is used as it is
"$TOP/tools/debsrc" onlyone > /dev/null 2> "$T/e" ; is "$?" 100 "tools/debsrc: bad usage exits 100"
mkdir -p "$T/cache" && echo hello > "$T/cache/pkg_1.0.orig.tar.gz"
sum=$(sha256sum < "$T/cache/pkg_1.0.orig.tar.gz" | cut -d' ' -f1)
is "$("$TOP/tools/debsrc" pkg 1.0-1 "$sum" "$T/cache" 2>&1)" "$T/cache/pkg_1.0.orig.tar.gz" "tools/debsrc: a cached tarball with the pinned SHA-256 is used without fetching"
