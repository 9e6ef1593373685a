#!/bin/bash
# The build: configure refuses what it cannot use with a message naming the fix;
# make install honours DESTDIR and installs every program that is built.
. "${0%/*}/lib.sh"
plan 6

out=$(cd "$TOP" && ./configure --no-such-option 2>&1) ; rc=$?
is "$rc" 1 "configure: unknown option fails"
like "$out" "unknown option: --no-such-option" "configure: names the bad option"

out=$(cd "$T" && CC=/bin/false "$TOP/configure" 2>&1) ; rc=$?
like "$out" "cannot build a trivial program" "configure: a broken compiler is named"

# A compiler that works but cannot find skalibs, as on a machine without skalibs-dev.
cat > "$T/nosk-cc" <<'EOC'
#!/bin/sh
for a ; do case $a in *.c) grep -q skalibs "$a" && { echo "fatal error: skalibs/skalibs.h: No such file or directory" >&2 ; exit 1 ; } ;; esac ; done
exec cc "$@"
EOC
chmod +x "$T/nosk-cc"
out=$(cd "$T" && CC="$T/nosk-cc" "$TOP/configure" 2>&1) ; rc=$?
like "$rc: $out" "^1: .*skalibs headers not found: install the Debian package skalibs-dev" "configure: missing skalibs fails and names the Debian package"

rm -rf "$T/dest"
make -C "$TOP" -s install DESTDIR="$T/dest" >/dev/null 2>&1 ; rc=$?
is "$rc" 0 "make install DESTDIR succeeds"
n=0 ; missing=
for b in "$BIN"/tend-* ; do
  [ -e "$b" ] || continue
  bindir=$(sed -n 's/^bindir := //p' "$TOP/config.mak")
  [ -x "$T/dest$bindir/${b##*/}" ] || missing="$missing ${b##*/}"
  n=$((n+1))
done
is "$missing" "" "every built program ($n) is installed under DESTDIR"
done_testing
