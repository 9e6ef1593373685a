#!/bin/bash
# The docs against the single sources they describe: every exit code of libtend/exitcode.h
# in doc/exitcodes.md (and nothing else there), every code in a program page's "Exit codes"
# section one of them; every command letter of TEND_CONTROL_LETTERS (libtend/control.h) in
# doc/supervise.md's command table and doc/svc.md's options (and no other letter in that
# table), and in tend-svc's synopsis; every program of the Makefile with a doc page whose
# synopsis is its USAGE.
. "${0%/*}/lib.sh"
D=$TOP/doc

# section FILE TITLE: the lines of "## TITLE" up to the next "## ".
section () { awk -v t="## $2" '$0 == t { s = 1 ; next } s && /^## / { exit } s' "$1" ; }
# synopsis FILE: the first line of the block after "## Synopsis" (indented or fenced).
synopsis () {
  awk '/^## Synopsis/ { s = 1 ; next } s && /^## / { exit }
       s && /^ *```/ { next } s && NF { sub(/^    /, "") ; print ; exit }' "$1"
}

codes=$(sed -n 's/^#define \(TEND_EXIT_[A-Z_]*\) \([0-9]*\).*/\2 \1/p' "$TOP/libtend/exitcode.h")
letters=$(sed -n 's/^#define TEND_CONTROL_LETTERS "\(.*\)"$/\1/p' "$TOP/libtend/control.h")
programs=$(sed -n '/^ALL_PROGRAMS/,/^$/p' "$TOP/Makefile" | grep -o '[a-z]*/tend-[a-z]*' | while read -r p ; do [ -f "$TOP/$p.c" ] && echo "$p" ; done)
[ -n "$codes" ] || bail "no TEND_EXIT_ code in libtend/exitcode.h"
[ -n "$letters" ] || bail "no TEND_CONTROL_LETTERS in libtend/control.h"
[ -n "$programs" ] || bail "no program in the Makefile"
pages=$(grep -l '^## Exit codes' "$D"/*.md)
plan $(( $(echo "$codes" | wc -l) + 2 + $(echo $pages | wc -w) + ${#letters} * 2 + 2 + $(echo $programs | wc -w) ))

# --- exit codes ------------------------------------------------------------------------------
table=$(grep -E '^\| [0-9]+ \|' "$D/exitcodes.md")
while read -r n name ; do
  printf '%s\n' "$table" | grep -q "^| $n | \`$name\` |" ; ok $? "exit code $n ($name) is in doc/exitcodes.md"
done <<< "$codes"
extra=$(printf '%s\n' "$table" | sed 's/^| \([0-9]*\) .*/\1/' | while read -r n ; do echo "$codes" | grep -q "^$n " || echo "$n" ; done)
is "$extra" "" "doc/exitcodes.md lists no code that libtend/exitcode.h does not define"
is "$(printf '%s\n' "$table" | wc -l)" "$(echo "$codes" | wc -l)" "doc/exitcodes.md: one row per code"
for f in $pages ; do
  # codes in the first column of a table, or leading a bullet ("- 3: ...")
  used=$(section "$f" "Exit codes" | sed -n 's/^| \([0-9][0-9]*\) |.*/\1/p ; s/^- \([0-9][0-9]*\):.*/\1/p')
  bad=$(for n in $used ; do echo "$codes" | grep -q "^$n " || echo "$n" ; done)
  is "$bad" "" "${f#$TOP/}: every exit code it documents is in libtend/exitcode.h"
done

# --- command letters -------------------------------------------------------------------------
cmdtable=$(section "$D/supervise.md" "Commands" | sed -n 's/^| `\(.\)` |.*/\1/p' | tr -d '\n')
svcopts=$(section "$D/svc.md" "Options")
for l in $(echo "$letters" | grep -o .) ; do
  case "$cmdtable" in *"$l"*) pass "letter $l: in doc/supervise.md's command table" ;; *) fail "letter $l: in doc/supervise.md's command table" ;; esac
  printf '%s\n' "$svcopts" | grep -q "\`-$l\`" ; ok $? "letter $l: an option in doc/svc.md"
done
extra=$(echo "$cmdtable" | grep -o . | while read -r l ; do case "$letters" in *"$l"*) ;; *) echo "$l" ;; esac ; done)
is "$extra" "" "doc/supervise.md's command table has no letter that TEND_CONTROL_LETTERS lacks"
like "$(synopsis "$D/svc.md")" "^tend-svc \[ -$letters \]" "tend-svc's synopsis lists exactly TEND_CONTROL_LETTERS"

# --- one doc page per program, its synopsis the program's USAGE ------------------------------
for p in $programs ; do
  name=${p#*/}
  usage=$(sed -n 's/^#define USAGE "\(.*\)"$/\1/p' "$TOP/$p.c")
  page=$D/${name#tend-}.md
  if [ -f "$page" ] ; then
    is "$(synopsis "$page")" "$usage" "$name: doc/${name#tend-}.md's synopsis is its USAGE"
  else
    fail "$name: doc/${name#tend-}.md exists"
  fi
done
done_testing
