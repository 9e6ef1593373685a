#!/bin/bash
# tend-fixperms against hostile trees: planted symlinks, a symlink as PATH, directories
# swapped for symlinks during the walk, mount points, deep trees, non-root callers; and no
# chown/chmod syscall at all on a tree that is already right.
. "${0%/*}/lib.sh"
require_root
require_cmd unshare setpriv perl
require_bin tend-fixperms
plan 36

FP=$BIN/tend-fixperms
chmod 0755 "$T"
st () { stat -c '%a %u:%g' "$@" | tr '\n' ' ' | sed 's/ $//' ; }
# fingerprint: owner, mode and ctime (ns) -- what must not change on a victim
fp () { stat -c '%u:%g %a %z' "$@" ; }

# --- a symlink planted inside the tree, pointing at a file and a directory outside -----------
mkdir -p "$T/victim/dir" "$T/t1/sub"
echo secret > "$T/victim/secret" ; chmod 0600 "$T/victim/secret" ; chmod 0700 "$T/victim/dir"
touch "$T/t1/sub/f"
ln -s "$T/victim/secret" "$T/t1/sub/link"
ln -s "$T/victim/dir" "$T/t1/dirlink"
before=$(fp "$T/victim/secret" "$T/victim/dir")
sleep 0.01
echo "$T/t1 true 4242:4242 0666 0777" > "$T/r1"
out=$("$FP" "$T/r1" 2>&1) ; rc=$?
is "$rc:$out" "0:" "tree with planted symlinks: exit 0"
is "$(fp "$T/victim/secret" "$T/victim/dir")" "$before" "symlink targets outside: owner, mode, ctime unchanged"
is "$(stat -c '%u:%g' "$T/t1/sub/link" "$T/t1/dirlink" | tr '\n' ' ')" "4242:4242 4242:4242 " "the links themselves are lchowned"
is "$(stat -c '%a' "$T/t1/sub/link")" "777" "links are never chmodded (no such thing on Linux)"
is "$(st "$T/t1/sub/f")" "666 4242:4242" "the real file inside is fixed"

# --- a symlink as the top PATH ------------------------------------------------------------
ln -s "$T/victim/secret" "$T/toplink"
ln -s "$T/victim/dir" "$T/topdirlink"
before=$(fp "$T/victim/secret" "$T/victim/dir")
printf '%s true 4242:4242 0666 0777\n%s false 4242:4242 0666 0777\n' "$T/toplink" "$T/topdirlink" > "$T/r2"
out=$("$FP" "$T/r2" 2>&1) ; rc=$?
is "$rc:$out" "0:" "symlink as PATH: exit 0"
is "$(fp "$T/victim/secret" "$T/victim/dir")" "$before" "symlink as PATH: targets unchanged"
is "$(stat -c '%u:%g' "$T/toplink" "$T/topdirlink" | tr '\n' ' ')" "4242:4242 4242:4242 " "symlink as PATH: the link is lchowned"
# a trailing slash does not make it follow
echo "$T/topdirlink/ true 4343:4343 0666 0777" > "$T/r2"
"$FP" "$T/r2" ; rc=$?
is "$rc:$(fp "$T/victim/dir")" "0:$(echo "$before" | tail -1)" "PATH/ with a trailing slash: still not followed"

# --- a symlink in the directory part of PATH -------------------------------------------
# The owner of data/ (uid 4242) swaps data/certs for a link to ssl/: the rule for
# data/certs/key must not make ssl/key root:4243 0640.
mkdir -p "$T/data/certs" "$T/ssl" && : > "$T/data/certs/key" && : > "$T/ssl/key" && chmod 0600 "$T/ssl/key"
chown -R 4242:4242 "$T/data"
beforek=$(fp "$T/ssl/key")
setpriv --reuid=4242 --regid=4242 --clear-groups sh -c 'mv "$1/certs" "$1/certs.old" && ln -s "$2" "$1/certs"' sh "$T/data" "$T/ssl"
echo "$T/data/certs/key false 0:4243 0640 0750" > "$T/r9"
out=$("$FP" "$T/r9" 2>&1) ; rc=$?
is "$rc:$out" "1:tend-fixperms: warning: $T/data/certs/key: its directory part goes through the symlink certs, which a user other than root could change: not followed (skipped)" \
   "a user's symlink in the directory part: refused, named, exit 1"
is "$(fp "$T/ssl/key")" "$beforek" "its target is untouched"
# root's link in data/ (a directory that user may write): still refused, the user could swap it
rm "$T/data/certs" && ln -s "$T/ssl" "$T/data/certs"
out=$("$FP" "$T/r9" 2>&1) ; rc=$?
like "$rc:$out" "^1:.*goes through the symlink certs, which a user other than root could change" "root's link in a directory another user may write: refused"
is "$(fp "$T/ssl/key")" "$beforek" "its target is untouched"
# root's links in root's 0755 directories (the image's layout, /var/run -> /run): followed,
# absolute, relative, chained
mkdir -p "$T/img/real/app" "$T/img/var" && : > "$T/img/real/app/f" && chmod 0755 "$T/img" "$T/img/var"
ln -s "$T/img/real" "$T/img/var/run" && ln -s real "$T/img/rel" && ln -s var/run "$T/img/chain"
printf '%s false 4242:4242 0604 -\n%s false 4243:4243 0606 -\n' "$T/img/var/run/app/f" "$T/img/rel/app/f" > "$T/r10"
out=$("$FP" "$T/r10" 2>&1) ; rc=$?
is "$rc:$out:$(st "$T/img/real/app/f")" "0::606 4243:4243" "root's links in root's directories: followed (absolute, relative)"
echo "$T/img/chain/app/f false 4242:4242 0604 -" > "$T/r10"
out=$("$FP" "$T/r10" 2>&1) ; rc=$?
is "$rc:$out:$(st "$T/img/real/app/f")" "0::604 4242:4242" "a chain of root's links: followed"
ln -s loop2 "$T/img/loop1" && ln -s loop1 "$T/img/loop2"
echo "$T/img/loop1/f false 4242:4242 0604 -" > "$T/r10"
out=$("$FP" "$T/r10" 2>&1) ; rc=$?
like "$rc:$out" "^1:tend-fixperms: warning: unable to reach $T/img/loop1/f: (Too many levels of symbolic links|Symbolic link loop)$" "a loop of links: ELOOP, named (glibc or musl wording)"

# --- no chown/chmod syscall on a tree that is already right, one stat per entry --------------
if command -v strace >/dev/null 2>&1 ; then
  mkdir -p "$T/big"
  ( cd "$T/big" && for i in $(seq 1 20) ; do mkdir d$i && ( cd d$i && touch $(seq -f f%g 1 50) && mkdir e && touch e/x e/y ) ; done )
  ln -s /etc/shadow "$T/big/d1/evil"
  n=$(find "$T/big" | wc -l)
  echo "$T/big true 4242:4243 0640 0750" > "$T/r3"
  "$FP" "$T/r3" ; ok $? "big tree fixed"
  # (LeakSanitizer cannot run under ptrace: off for the traced runs of a sanitizer build)
  ASAN_OPTIONS=detect_leaks=0 strace -f -c -o "$T/sc" "$FP" "$T/r3" ; rc=$?
  is "$rc" 0 "already right: exit 0 under strace"
  is "$(grep -Ec ' (chown|fchown|fchownat|lchown|chmod|fchmod|fchmodat|fchmodat2)$' "$T/sc")" 0 "already right: no chown/chmod syscall at all"
  stats=$(awk '$NF ~ /^(newfstatat|fstat|stat|lstat|statx)$/ { s += $4 } END { print s+0 }' "$T/sc")
  diag "entries: $n, stat calls: $stats"
  [ "$stats" -le $((n + 16)) ] ; ok $? "already right: one stat per entry ($stats for $n entries)"
  ASAN_OPTIONS=detect_leaks=0 strace -f -o "$T/st" -e trace=openat "$FP" "$T/r3"
  is "$(grep 'O_NOFOLLOW' "$T/st" | grep -vc 'O_PATH')" "$(find "$T/big" -type d | wc -l)" "directories opened with O_NOFOLLOW, files not opened"
  is "$(grep 'O_PATH' "$T/st" | grep -c 'O_NOFOLLOW')" "$(printf %s "$T" | tr -cd / | wc -c)" "each component of the directory part of PATH opened O_PATH|O_NOFOLLOW"
else
  skip "strace not installed" 6
fi

# --- a directory swapped for a symlink during the walk (bounded race) ---------------------
# A swapper renames a directory away, puts a symlink to the victim in its place, and puts
# it back, in a loop; fixperms runs again and again over the tree with alternating modes so
# that it changes every entry each time. The victim must never be touched.
mkdir -p "$T/race/top" "$T/victim2/inner"
for i in $(seq 1 30) ; do mkdir -p "$T/race/top/d/s$i" ; touch "$T/race/top/d/s$i/a" "$T/race/top/d/f$i" "$T/race/top/f$i" ; done
echo x > "$T/victim2/inner/file" ; chmod 0600 "$T/victim2/inner/file" ; chmod 0700 "$T/victim2" "$T/victim2/inner"
before=$(fp "$T/victim2" "$T/victim2/inner" "$T/victim2/inner/file")
perl -e '
  my ($d, $f, $t, $tf, $stop) = @ARGV ; my $n = 0 ;
  my $end = time + 20 ;
  while (time < $end && ! -e $stop) {
    rename($d, "$d.real") or next ; symlink($t, $d) ; select(undef, undef, undef, 0.0005) ; unlink($d) ; rename("$d.real", $d) ;
    rename($f, "$f.real") and do { symlink($tf, $f) ; unlink($f) ; rename("$f.real", $f) } ;
    $n++ ;
  }
  print "$n\n" ;' "$T/race/top/d" "$T/race/top/f1" "$T/victim2" "$T/victim2/inner/file" "$T/stop" > "$T/swaps" &
swapper=$! ; track $swapper
end=$(( $(now_ms) + 4000 )) ; runs=0 ; met=0
while [ $runs -lt 300 ] && [ "$(now_ms)" -lt $end ] ; do
  if [ $((runs % 2)) = 0 ] ; then m="4242:4242 0666 0777" ; else m="4243:4243 0644 0755" ; fi
  echo "$T/race/top true $m" > "$T/r4"
  "$FP" -v "$T/r4" 2>>"$T/race.err" > "$T/race.out"
  # a chown of d without a chmod of d: the walk met the symlink and only lchowned it
  grep -q " $T/race/top/d\$" "$T/race.out" && ! grep -q "^chmod .* $T/race/top/d\$" "$T/race.out" && met=$((met+1))
  runs=$((runs+1))
done
touch "$T/stop" ; wait $swapper
diag "fixperms runs: $runs, swaps: $(cat "$T/swaps"), walks that met the symlink: $met, reports of entries replaced mid-check: $(grep -c 'replaced' "$T/race.err")"
[ "$runs" -ge 20 ] && [ "$(cat "$T/swaps")" -ge 100 ] ; ok $? "the race ran (at least 20 walks, 100 swaps)"
[ "$met" -ge 1 ] ; ok $? "the walk met the swapped-in symlink at least once ($met times)"
is "$(fp "$T/victim2" "$T/victim2/inner" "$T/victim2/inner/file")" "$before" "swapped directories and files: victim owner, mode, ctime unchanged"
unlike "$(cat "$T/race.err")" "fatal|victim2" "no message names the victim"

# --- mount points are not entered unless -m ---------------------------------------------
mkdir -p "$T/mt/tree/mnt"
out=$(unshare --mount --propagation private sh -c '
  mount -t tmpfs -o mode=0700 tmpfs "$1/mnt" && touch "$1/mnt/inside" "$1/outside" && chmod 0600 "$1/mnt/inside" || exit 99
  echo "$1 true 4242:4242 0644 0755" > "$2"
  "$3" "$2" || exit 98
  stat -c "%a %u:%g" "$1/mnt" "$1/mnt/inside" "$1/outside" | tr "\n" " "
  "$3" -m "$2" || exit 97
  stat -c "%a %u:%g" "$1/mnt" "$1/mnt/inside" | tr "\n" " "' sh "$T/mt/tree" "$T/r5" "$FP" 2>&1)
is "$out" "700 0:0 600 0:0 644 4242:4242 755 4242:4242 644 4242:4242 " "a mount point is left alone; -m enters it"

# --- deep trees: no recursion limit from the C stack or PATH_MAX; fd-bounded depth --------
name=dddddddddddddddddddddddddddddddddddddddddddddddddd  # 50 bytes
( mkdir -p "$T/deep" && cd "$T/deep" && for i in $(seq 1 150) ; do mkdir $name && cd $name || exit 1 ; done && touch leaf )
echo "$T/deep true 4242:4242 0604 0705" > "$T/r6"
out=$("$FP" "$T/r6" 2>&1) ; rc=$?
is "$rc:$out" "0:" "150 levels, paths of 7,500 bytes: exit 0"
leaf=$(cd "$T/deep" && for i in $(seq 1 150) ; do cd $name ; done && stat -c '%a %u:%g' leaf .)
is "$(echo $leaf)" "604 4242:4242 705 4242:4242" "the deepest file and directory are fixed"
echo "$T/deep true 4343:4343 0604 0705" > "$T/r6"
out=$(ulimit -n 80 ; "$FP" "$T/r6" 2>&1) ; rc=$?
like "$rc:$out" "^1:tend-fixperms: warning: $T/deep(/$name){48}: more than 48 directory levels below PATH: not entered" "with 80 fds: depth limited to 48, reported, exit 1"
is "$(stat -c '%u' "$T/deep/$name")" 4343 "with 80 fds: the levels above the limit are fixed"

# --- a non-root caller changing files it owns -------------------------------------------
mkdir -p "$T/nr/sub" "$T/nr/locked/in"
touch "$T/nr/a" "$T/nr/sub/b" "$T/nr/rootfile" "$T/nr/locked/in/c" ; chmod 0600 "$T/nr/a" "$T/nr/sub/b" ; chmod 0200 "$T/nr/sub/b"
chown -R 4242:4242 "$T/nr" ; chown 0:0 "$T/nr/rootfile" ; chmod 0644 "$T/nr/rootfile" ; chmod 0000 "$T/nr/locked"
echo "$T/nr true 4242:4242 0640 0750" > "$T/r7"
out=$(setpriv --reuid=4242 --regid=4242 --clear-groups "$FP" "$T/r7" 2>&1) ; rc=$?
is "$rc" 1 "non-root: exit 1 when an entry could not be fixed"
is "$out" "tend-fixperms: warning: unable to chown $T/nr/rootfile: Operation not permitted
tend-fixperms: warning: unable to chmod $T/nr/rootfile: Operation not permitted" "non-root: the failing entry is named with its error"
is "$(st "$T/nr" "$T/nr/a" "$T/nr/sub" "$T/nr/sub/b" "$T/nr/rootfile")" "750 4242:4242 640 4242:4242 750 4242:4242 640 4242:4242 644 0:0" "non-root: its own files fixed (even unreadable ones), the walk went on"
is "$(st "$T/nr/locked" "$T/nr/locked/in" "$T/nr/locked/in/c")" "750 4242:4242 750 4242:4242 640 4242:4242" "non-root: its own mode-0000 directory fixed and walked"
# the top PATH itself locked, under a parent the caller may search but not read
mkdir -p "$T/nr2/top/x" ; chown -R 4242:4242 "$T/nr2/top" ; chmod 0000 "$T/nr2/top" ; chmod 0711 "$T/nr2"
echo "$T/nr2/top true 4242:4242 0640 0750" > "$T/r8"
out=$(setpriv --reuid=4242 --regid=4242 --clear-groups "$FP" "$T/r8" 2>&1) ; rc=$?
is "$rc:$out:$(st "$T/nr2/top" "$T/nr2/top/x")" "0::750 4242:4242 750 4242:4242" "non-root: a locked top PATH in an unreadable parent"
done_testing
