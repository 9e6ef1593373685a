#!/bin/bash
# Every program answers --version (one line: its name and the version of config.h) and
# --help (its synopsis, the one of its doc page, on stdout, exit 0), as packaged tools do;
# tend-supervise --help is not taken for a service directory.
. "${0%/*}/lib.sh"

version=$(sed -n 's/^#define TEND_VERSION "\(.*\)"$/\1/p' "$TOP/config.h")
[ -n "$version" ] || bail "no TEND_VERSION in config.h"
# The synopsis of a doc page: the first line of the block after "## Synopsis" (an indented
# block or a fenced one).
synopsis () {
  awk '/^## Synopsis/ { s = 1 ; next } s && /^## / { exit }
       s && /^ *```/ { next } s && NF { sub(/^    /, "") ; print ; exit }' "$1"
}
progs=$(cd "$BIN" && ls)
[ -n "$progs" ] || bail "no program in $BIN"
plan $(( $(echo $progs | wc -w) * 4 + 2 ))
W=$T/cwd ; mkdir "$W"
for p in $progs ; do
  out=$(cd "$W" && "$BIN/$p" --version 2>"$T/err") ; rc=$?
  is "$rc|$out|$(cat "$T/err")" "0|$p $version|" "$p --version: exit 0, '$p $version', one line, nothing on stderr"
  out=$(cd "$W" && "$BIN/$p" --help 2>"$T/err") ; rc=$?
  syn=$(synopsis "$TOP/doc/${p#tend-}.md")
  ok $([ -n "$syn" ] ; echo $?) "$p has a doc page with a synopsis"
  is "$rc|$out|$(cat "$T/err")" "0|$syn|" "$p --help: exit 0, the synopsis of doc/${p#tend-}.md on stdout"
  is "$(ls -A "$W")" "" "$p --help/--version create nothing"
done

# --help and --version only as the first argument: elsewhere they keep their old meaning.
out=$("$BIN/tend-svc" -u --help 2>&1) ; rc=$?
like "$rc|$out" "^100\|tend-svc: usage: " "tend-svc -u --help: a usage error, as before"
out=$(cd "$W" && "$BIN/tend-supervise" ./--help 2>&1) ; rc=$?
like "$rc|$out" "^111\|tend-supervise \./--help: fatal: unable to chdir" "tend-supervise ./--help: a directory named --help is still reachable"
done_testing
