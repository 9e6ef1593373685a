#!/bin/bash
# The docs against the single sources they describe: every exit code of libtend/exitcode.h
# in doc/exitcodes.md (and nothing else there), every code in a program page's "Exit codes"
# section one of them; every command letter of TEND_CONTROL_LETTERS (libtend/control.h) in
# doc/supervise.md's command table and doc/svc.md's options (and no other letter in that
# table), and in tend-svc's synopsis; every program of the Makefile with a doc page whose
# synopsis is its USAGE; every TEND_* setting of the table (libtend/tend_settings.c, declared in
# libtend/settings.h) a row of doc/boot.md's variables table with its default, and no other
# TEND_* row there; every file of libtend/svfiles.h's table (tend_svfiles.c) a row of
# doc/servicedir.md's table (the other suites' files tend ignores: named in "Not used"), and
# no other row there.
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
# NAME KIND DEFAULT per setting; NAME KIND per service-directory file (macros of svdir.h resolved)
settings=$(sed -n 's/^ *\[TEND_S_[A-Z_]*\] = { "\(TEND_[A-Z_]*\)", TEND_SETTING_\([A-Z]*\), \([0-9]*\),.*/\1 \2 \3/p' "$TOP/libtend/tend_settings.c")
svfiles=$(sed -n 's/^ *{ \([A-Z_]*\|"[^"]*"\), TEND_SVFILE_\([A-Z]*\),.*/\1 \2/p' "$TOP/libtend/tend_svfiles.c" | while read -r n k ; do
  case $n in \"*) n=${n#\"} ; n=${n%\"} ;; *) n=$(sed -n "s/^#define $n \"\(.*\)\"$/\1/p" "$TOP/libtend/svdir.h") ;; esac
  echo "$n $k"
done)
[ "$(echo "$settings" | wc -l)" = "$(grep -c '^ *TEND_S_[A-Z_]*,$' "$TOP/libtend/settings.h")" ] || bail "libtend/tend_settings.c: not one row per setting of libtend/settings.h"
[ "$(echo "$svfiles" | grep -c '^[^ ]* [A-Z]*$')" = "$(sed -n 's/^#define TEND_SVFILE_N \([0-9]*\)$/\1/p' "$TOP/libtend/svfiles.h")" ] || bail "libtend/tend_svfiles.c: not TEND_SVFILE_N named rows"
pages=$(grep -l '^## Exit codes' "$D"/*.md)
plan $(( $(echo "$codes" | wc -l) + 2 + $(echo $pages | wc -w) + ${#letters} * 2 + 2 + $(echo $programs | wc -w) + $(echo "$settings" | wc -l) + 1 + $(echo "$svfiles" | wc -l) + 1 ))

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

# --- the TEND_* settings in doc/boot.md ------------------------------------------------------
vartable=$(section "$D/boot.md" "Variables" | grep '^| `')
while read -r n k def ; do
  if [ "$k" = PATH ] ; then
    printf '%s\n' "$vartable" | grep -q "^| \`$n\` | \`/" ; ok $? "$n: a row of doc/boot.md's variables, with its default path"
  else
    printf '%s\n' "$vartable" | grep -q "^| \`$n\` | \`$def\` |" ; ok $? "$n: a row of doc/boot.md's variables, default $def"
  fi
done <<< "$settings"
extra=$(printf '%s\n' "$vartable" | sed -n 's/^| `\(TEND_[A-Za-z0-9_]*\)`.*/\1/p' | while read -r n ; do echo "$settings" | grep -q "^$n " || echo "$n" ; done)
is "$extra" "" "doc/boot.md's variables table has no TEND_* row that libtend/settings.h lacks"

# --- the service-directory files in doc/servicedir.md ----------------------------------------
filetable=$(sed -n '/^| file | what |/,/^$/p' "$D/servicedir.md" | sed -n 's/^| `\([^`]*\)` |.*/\1/p' | sed 's,/$,,')
notused=$(section "$D/servicedir.md" "Not used")
while read -r n k ; do
  if [ "$k" = IGNORED ] ; then
    printf '%s\n' "$notused" | grep -qE "\`$n/?\`" ; ok $? "$n: named in doc/servicedir.md's \"Not used\""
  else
    printf '%s\n' "$filetable" | grep -qxF "$n" ; ok $? "$n: a row of doc/servicedir.md's file table"
  fi
done <<< "$svfiles"
extra=$(printf '%s\n' "$filetable" | while read -r n ; do echo "$svfiles" | grep -q "^$n " || echo "$n" ; done)
is "$extra" "" "doc/servicedir.md's file table has no row that libtend/svfiles.h lacks"
done_testing
