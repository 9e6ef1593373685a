#!/bin/bash
# tend-svstat on a scan directory with real supervisors (one tend-supervise per directory,
# no scanner): sorted listing with log services, JSON parsed by jq, and the health mode in
# each case: all up; one wanted up but failing; one down on purpose; one not ready yet.
. "${0%/*}/lib.sh"
require_bin tend-svstat tend-svc tend-supervise
require_cmd jq
plan 17

SVSTAT=$BIN/tend-svstat
SVC=$BIN/tend-svc
S=$T/services
mkdir -p "$S"

_svs=
_stop_svs () {
  for p in $_svs ; do kill -TERM "$p" 2>/dev/null ; done
  for p in $_svs ; do wait_pid 5000 "$p" ; done
}
trap '_stop_svs ; _cleanup' EXIT
mksv () {  # mksv DIR RUN-BODY
  mkdir -p "$1"
  printf '#!/bin/sh\n%s\n' "$2" > "$1/run"
  chmod +x "$1/run"
}
sv_start () {
  "$BIN/tend-supervise" "$1" 2>>"$T/sv.err" &
  _svs="$_svs $!" ; track $!
  wait_for 3000 test -p "$1/supervise/control" -a -s "$1/supervise/status" || bail "no supervisor for $1"
}
names () { cut -d: -f1 | tr '\n' ' ' ; }

mksv "$S/web" 'exec sleep 1000'
mksv "$S/web/log" 'exec sleep 1000'  # no scanner here, so no pipe to read
mksv "$S/db" 'sleep 0.2 ; echo >&3 ; exec sleep 1000'
echo 3 > "$S/db/notification-fd"
mksv "$S/cron" 'exec sleep 1000'
mkdir "$S/.hidden"
echo x > "$S/README"
for d in web web/log db cron ; do sv_start "$S/$d" ; done
"$SVC" -w U -T 5000 "$S/web" "$S/web/log" "$S/db" "$S/cron" ; ok $? "every service is up and ready"

out=$("$SVSTAT" -a "$S") ; rc=$?
is "$rc" 0 "scandir listing: exit 0"
is "$(printf '%s\n' "$out" | names)" "cron db web web/log " "one line per service, sorted, log service included, dot and files skipped"
like "$out" "db: up \(pid [0-9]+\) [0-9]+ seconds, ready [0-9]+ seconds" "a readiness-notifying service shows ready"
like "$out" "web/log: up \(pid [0-9]+\) [0-9]+ seconds" "the log service has its line"

j=$("$SVSTAT" -j -a "$S") ; rc=$?
is "$rc:$(printf '%s' "$j" | jq -c '[.[] | [.name, .state, .want, .supervisor, .healthy]]')" \
   '0:[["cron","up","up",true,true],["db","up","up",true,true],["web","up","up",true,true],["web/log","up","up",true,true]]' \
   "JSON: one document, parsed by jq"
is "$(printf '%s' "$j" | jq '[.[] | .pid | numbers] | length')" 4 "JSON: every pid is a number"

out=$("$SVSTAT" -H -a "$S") ; rc=$?
is "$rc:$out" "0:" "health, all up: exit 0, nothing printed"

"$SVC" -d -w D -T 5000 "$S/cron"
out=$("$SVSTAT" -H -a "$S") ; rc=$?
is "$rc:$out" "0:" "health: a service taken down on purpose is fine"
like "$("$SVSTAT" -a "$S" | grep '^cron:')" '^cron: down \(signal SIGTERM\) [0-9]+ seconds, normally up' "... and shows as down, normally up"

mksv "$S/api" 'exit 1'
sv_start "$S/api"
wait_for 3000 sh -c "'$SVSTAT' '$S/api' | grep -q 'exit 1'"
out=$("$SVSTAT" -H -a "$S") ; rc=$?
is "$rc" 1 "health: one wanted up but failing: exit 1"
like "$out" "^api: not up: (down \(exit 1\) [0-9]+ seconds, normally up, want up|up \(pid [0-9]+\) 0 seconds, last exit 1)" "... names the failing service"
is "$(printf '%s\n' "$out" | wc -l)" 1 "... and only it"
"$SVC" -d -w D -T 5000 "$S/api"

mksv "$S/slow" 'exec sleep 1000'
echo 3 > "$S/slow/notification-fd"
sv_start "$S/slow"
"$SVC" -w u -T 3000 "$S/slow"
out=$("$SVSTAT" -H -a "$S") ; rc=$?
like "$rc:$out" "^1:slow: not ready: up \(pid [0-9]+\) [0-9]+ seconds, not ready$" "health: up but not ready yet: exit 1, named"
is "$("$SVSTAT" -j -H -a "$S" | jq -c '[.[] | select(.healthy | not) | .name]')" '["slow"]' "health JSON: the healthy field agrees"
"$SVC" -d -w D -T 5000 "$S/slow"
"$SVSTAT" -H -a "$S" ; ok $? "health: all good again once the unready one is down on purpose"

if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ] ; then
  chmod 0755 "$T"
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$SVSTAT" -a "$S") ; rc=$?
  is "$rc:$(printf '%s\n' "$out" | names)" "0:api cron db slow web web/log " "a non-root user gets the whole dashboard"
else
  skip "needs root and setpriv"
fi
