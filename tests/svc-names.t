#!/bin/bash
# Services named, not pathed: tend-svc and tend-svstat resolve a bare name in the default scan
# directory ($TEND_RUN/services), then in the working directory; a path ('/' in it, or a
# leading '.') is used as it is; a name that matches nothing says so (exit 100), not "no
# supervisor running"; tend-svstat without argument shows the default scan directory, and
# tend-svc --rescan/--terminate without SCANDIR talk to its scanner. Fake supervisors
# (tests/svstat-fake.py) record the bytes they get.
. "${0%/*}/lib.sh"
require_bin tend-svc tend-svstat
require_cmd python3 jq
plan 24

SVC=$BIN/tend-svc
SVSTAT=$BIN/tend-svstat
export TEND_RUN=$T/run
S=$T/run/services
W=$T/cwd
mkdir -p "$S" "$W"

fake () { fake_sv "$@" ; }
got () { cat "$1/got" 2>/dev/null ; }

fake "$S/web" serve=1 state=1 pid=77 flags=1
fake "$S/db" serve=1 state=1 pid=78 flags=1
fake "$W/web" serve=1 state=1 pid=90 flags=1
fake "$W/local" serve=1 state=1 pid=91 flags=1
fake "$S" scan=1

# --- tend-svc --------------------------------------------------------------------------------
out=$(cd "$W" && "$SVC" -h web 2>&1) ; rc=$?
is "$rc:$out" "0:" "tend-svc -h web: exit 0"
wait_for 2000 test -s "$S/web/got"
is "$(got "$S/web")|$(got "$W/web")" "h|" "a name: the scan directory's service, even with one of that name in the working directory"
out=$(cd "$W" && "$SVC" -h ./web 2>&1) ; rc=$?
wait_for 2000 test -s "$W/web/got"
is "$rc:$(got "$W/web")" "0:h" "./web: the working directory's"
out=$(cd "$W" && "$SVC" -h local 2>&1) ; rc=$?
wait_for 2000 test -s "$W/local/got"
is "$rc:$(got "$W/local")" "0:h" "a name only in the working directory still works (as before)"
out=$(cd "$W" && "$SVC" -h "$S/db" 2>&1) ; rc=$?
wait_for 2000 test -s "$S/db/got"
is "$rc:$(got "$S/db")" "0:h" "an absolute path, as before"

out=$(cd "$W" && "$SVC" -u nosuch 2>&1) ; rc=$?
is "$rc:$out" "100:tend-svc: fatal: no service named nosuch in $S" "a name that matches nothing: exit 100, says so"
: > "$S/db/got"
out=$(cd "$W" && "$SVC" -t nosuch db 2>&1) ; rc=$?
is "$rc:$out" "100:tend-svc: warning: no service named nosuch in $S" "with several: a warning, the worst code"
wait_for 2000 test -s "$S/db/got"
is "$(got "$S/db")" "t" "with several: the others still get the command"
out=$(cd "$W" && "$SVC" -u "$T/nonexistent" 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no supervisor running for $T/nonexistent" "a path that does not exist: no supervisor, as before"
out=$(cd "$W" && "$SVC" -w u -T 5000 web 2>&1) ; rc=$?
is "$rc:$out" "0:" "tend-svc -w u web: waits on the scan directory's service"
out=$(cd "$W" && "$SVC" -w u -T 5000 nosuch 2>&1) ; rc=$?
is "$rc:$out" "100:tend-svc: fatal: no service named nosuch in $S" "-w on a name that matches nothing: exit 100"
mkdir "$S/.hidden"
out=$(cd "$W" && "$SVC" -u .hidden 2>&1) ; rc=$?
is "$rc:$out" "2:tend-svc: fatal: no supervisor running for .hidden" "a leading dot: a path, never an entry the scanner ignores"

out=$(cd "$W" && "$SVC" --rescan 2>&1) ; rc=$?
wait_for 2000 test -s "$S/got"
is "$rc:$out:$(got "$S")" "0::a" "--rescan without SCANDIR: the default scan directory's scanner"
out=$(cd "$W" && env -u TEND_RUN "$SVC" -u nosuch-$$ 2>&1) ; rc=$?
defrun=$(sed -n 's/^#define TEND_RUN "\(.*\)"$/\1/p' "$TOP/config.h")
is "$rc:$out" "100:tend-svc: fatal: no service named nosuch-$$ in $defrun/services" "without TEND_RUN: the default of the build"

# --- tend-svstat -----------------------------------------------------------------------------
out=$(cd "$W" && "$SVSTAT" web 2>&1) ; rc=$?
like "$rc:$out" "^0:web: up \(pid 77\) [0-9]+ seconds" "tend-svstat web: the scan directory's service, named web"
out=$(cd "$W" && "$SVSTAT" -j web 2>&1) ; rc=$?
is "$rc:$(printf '%s' "$out" | jq -r '.name + " " + .dir')" "0:web $S/web" "JSON: name as given, dir as found"
out=$(cd "$W" && "$SVSTAT" 2>&1) ; rc=$?
is "$rc:$(printf '%s\n' "$out" | cut -d' ' -f1-4 | tr '\n' ' ')" "0:db: up (pid 78) web: up (pid 77) " "tend-svstat alone: every service of the default scan directory"
out=$(cd "$W" && "$SVSTAT" -H 2>&1) ; rc=$?
is "$rc:$out" "0:" "tend-svstat -H alone: the health of the default scan directory"
out=$(cd "$W" && "$SVSTAT" ./web 2>&1) ; rc=$?
like "$rc:$out" "^0:\./web: up \(pid 90\)" "./web: the working directory's"
out=$(cd "$W" && "$SVSTAT" local 2>&1) ; rc=$?
like "$rc:$out" "^0:local: up \(pid 91\)" "a name only in the working directory"
out=$(cd "$W" && "$SVSTAT" nosuch web 2>"$T/err") ; rc=$?
like "$rc:$out" "^100:web: up \(pid 77\)" "a name that matches nothing: exit 100, the others shown"
is "$(cat "$T/err")" "tend-svstat: warning: no service named nosuch in $S" "... and the message says so"
out=$(cd "$W" && "$SVSTAT" -H nosuch 2>&1) ; rc=$?
is "$rc:$out" "100:tend-svstat: warning: no service named nosuch in $S" "-H on a name that matches nothing: not healthy (100)"
rm -rf "$T/run2"
out=$(cd "$W" && TEND_RUN=$T/run2 "$SVSTAT" 2>&1) ; rc=$?
is "$rc:$out" "111:tend-svstat: warning: unable to open $T/run2/services: No such file or directory" "no default scan directory: a system error, as with -a"
done_testing
