#!/bin/bash
# tend-svstat's text, JSON, scandir and health output, on status records written by a fake
# supervisor (a python process holding supervise/lock), so every field is exact and stable.
. "${0%/*}/lib.sh"
require_bin tend-svstat
require_cmd python3 jq
plan 34

SVSTAT=$BIN/tend-svstat

# fake DIR KEY=VALUE...: a fake supervisor (see svstat-fake.py), replacing DIR's previous one.
fake () {
  local dir=$1 ; shift
  mkdir -p "$dir/supervise"
  if [ -e "$dir/supervise/.fakepid" ] ; then kill "$(cat "$dir/supervise/.fakepid")" ; wait "$(cat "$dir/supervise/.fakepid")" 2>/dev/null ; fi
  rm -f "$dir/supervise/.ready" "$dir/supervise/.fakepid"
  python3 "$TOP/tests/svstat-fake.py" "$dir" "$@" &
  track $!
  echo $! > "$dir/supervise/.fakepid"
  wait_for 15000 test -e "$dir/supervise/.ready" || bail "fake supervisor for $dir did not start"
}
nosecs () { sed 's/[0-9]* seconds/N seconds/g' ; }
# F_*: the status flags of libtend/status.h
F_WANTUP=1 F_ONCE=2 F_PAUSED=4 F_READY=8 F_NORMALLYUP=16 F_HASDIED=32 F_NOTIFY=256

fake "$T/up" state=1 pid=1234 age=42 readyage=40 flags=$((F_WANTUP|F_NORMALLYUP|F_NOTIFY|F_READY))
out=$("$SVSTAT" "$T/up") ; rc=$?
is "$rc" 0 "up service: exit 0"
like "$out" "^$T/up: up \(pid 1234\) (4[2-9]|[5-9][0-9]) seconds, ready (4[0-9]|[5-9][0-9]) seconds$" "up line: pid, seconds, ready"

fake "$T/ex" state=0 age=5 lastexit=3 flags=$((F_WANTUP|F_NORMALLYUP|F_HASDIED))
out=$("$SVSTAT" "$T/ex")
like "$out" "^$T/ex: down \(exit 3\) ([5-9]|[1-9][0-9]) seconds, normally up, want up$" "down with exit code, normally up, want up"

fake "$T/sig" state=0 age=2 lastexit=256 lastsig=9 flags=$((F_HASDIED))
out=$("$SVSTAT" "$T/sig")
like "$out" "^$T/sig: down \(signal SIGKILL\) ([2-9]|[1-9][0-9]) seconds$" "down by a signal, by name"

fake "$T/odd" state=2 age=1 lastexit=1 finishpid=77 tally=3 flags=$((F_WANTUP|F_NORMALLYUP|F_HASDIED|F_PAUSED))
out=$("$SVSTAT" "$T/odd")
like "$out" "^$T/odd: down \(exit 1\) [1-9][0-9]* seconds, normally up, want up, paused, finishing, death tally 3$" "paused, finishing, death tally"

fake "$T/nr" state=1 pid=55 age=1 flags=$((F_WANTUP|F_NOTIFY|F_HASDIED)) lastexit=256 lastsig=15
out=$("$SVSTAT" "$T/nr")
like "$out" "^$T/nr: up \(pid 55\) [1-9][0-9]* seconds, not ready, normally down, last signal SIGTERM$" "up, not ready yet, normally down, last death kept"

fake "$T/stale" state=1 pid=99 age=1 flags=$F_WANTUP lock=0
out=$("$SVSTAT" "$T/stale") ; rc=$?
is "$rc" 2 "no supervisor running: exit 2"
is "$out" "$T/stale: no supervisor running" "no supervisor running: clear message, stale status not shown"
out=$("$SVSTAT" "$T/up" "$T/stale" "$T/ex") ; rc=$?
is "$rc" 2 "several dirs: worst exit code"
is "$(printf '%s\n' "$out" | wc -l)" 3 "several dirs: one line each"
out=$("$SVSTAT" -x "$T/up" 2>&1) ; rc=$?
is "$rc" 100 "bad option: exit 100"
like "$out" "^tend-svstat: usage: tend-svstat " "bad option: usage message"

# --- JSON -------------------------------------------------------------------------------------
j=$("$SVSTAT" -j "$T/up")
is "$(printf '%s' "$j" | jq -c '[.name, .supervisor, .state, .pid, .ready, .notify, .want, .normally, .healthy, .last_exit]')" \
  "[\"$T/up\",true,\"up\",1234,true,true,\"up\",\"up\",true,null]" "JSON: one object, fields"
is "$(printf '%s' "$j" | jq '(.seconds >= 42) and (.seconds - .ready_seconds == 2)')" true "JSON: seconds since the change and since readiness"
j=$("$SVSTAT" -j "$T/sig" "$T/odd" "$T/stale") ; rc=$?
is "$rc" 2 "JSON: exit code as in text mode"
is "$(printf '%s' "$j" | jq -c '[.[] | [.state, .last_exit, .last_signal, .death_tally, .paused, .finish_pid, .supervisor]]')" \
  '[["down",null,"SIGKILL",0,false,null,true],["finishing",1,null,3,true,77,true],[null,null,null,null,false,null,false]]' \
  "JSON: an array for several dirs, deaths, finish, no supervisor"
odd=$(printf '%s' "$T/we\"ird \\ na"; printf '\nme\001\377\303\251')
fake "$odd" state=0 age=1
j=$("$SVSTAT" -j "$odd")
is "$(printf '%s' "$j" | jq -j .name | od -An -tx1 | tr -d ' \n')" \
   "$( (printf '%s' "$T/we\"ird \\ na"; printf '\nme\001\357\277\275\303\251') | od -An -tx1 | tr -d ' \n')" "JSON: odd name escaped (quote, backslash, control, invalid UTF-8 as U+FFFD)"
python3 -m json.tool <<<"$j" >/dev/null
ok $? "JSON: python3 -m json.tool accepts it"
out=$("$SVSTAT" "$odd")
is "$(printf '%s\n' "$out" | wc -l)" 1 "text: an odd name stays on one line"

# --- scan directory ------------------------------------------------------------------------
S=$T/scan
mkdir -p "$S"
fake "$S/web" state=1 pid=10 age=3 flags=$((F_WANTUP|F_NORMALLYUP))
fake "$S/web/log" state=1 pid=11 age=3 flags=$((F_WANTUP|F_NORMALLYUP))
fake "$S/db" state=1 pid=12 age=3 flags=$((F_WANTUP|F_NORMALLYUP|F_NOTIFY|F_READY)) readyage=2
fake "$S/cron" state=0 age=3 flags=0
fake "$S/.hidden" state=0 age=3 flags=$F_WANTUP
echo x > "$S/plainfile"
ln -s web "$S/alias"
out=$("$SVSTAT" -a "$S") ; rc=$?
is "$rc" 0 "scandir: exit 0"
is "$(printf '%s\n' "$out" | cut -d: -f1 | tr '\n' ' ')" "alias alias/log cron db web web/log " "scandir: sorted, log services, dot entries and files skipped, links followed"
like "$out" "db: up \(pid 12\) [1-9][0-9]* seconds, ready [1-9][0-9]* seconds" "scandir: a line per service"
out2=$("$SVSTAT" "$S") ; rc=$?
is "$rc" 2 "a scandir without .tend-svscan is taken for a service directory"
mkdir "$S/.tend-svscan"
is "$("$SVSTAT" "$S" | nosecs)" "$(printf '%s\n' "$out" | nosecs)" "a scandir with .tend-svscan is detected"
j=$("$SVSTAT" -j -a "$S")
is "$(printf '%s' "$j" | jq -c '[.[] | .name]')" '["alias","alias/log","cron","db","web","web/log"]' "scandir JSON: one array, sorted"
is "$(printf '%s' "$j" | jq -r '.[4].dir')" "$S/web" "scandir JSON: dir is the full path"

# --- health ----------------------------------------------------------------------------------
out=$("$SVSTAT" -H -a "$S") ; rc=$?
is "$rc:$out" "0:" "health: all wanted up are up (cron is down on purpose): exit 0, silent"
fake "$S/api" state=0 age=1 lastexit=1 flags=$((F_WANTUP|F_NORMALLYUP|F_HASDIED))
out=$("$SVSTAT" -H -a "$S") ; rc=$?
is "$rc" 1 "health: one wanted up but failing: exit 1"
like "$out" "^api: not up: down \(exit 1\) [1-9][0-9]* seconds, normally up, want up$" "health: names the failing one"
fake "$S/api" state=1 pid=13 age=1 flags=$((F_WANTUP|F_NORMALLYUP|F_NOTIFY))
out=$("$SVSTAT" -H -a "$S") ; rc=$?
like "$rc:$out" "^1:api: not ready: up \(pid 13\) [1-9][0-9]* seconds, not ready$" "health: up but not ready yet: exit 1"
is "$("$SVSTAT" -j -H -a "$S" | jq -c '[.[] | select(.healthy == false) | .name]')" '["api"]' "health JSON: healthy field"
fake "$S/api" state=1 pid=13 age=1 flags=$((F_WANTUP|F_NORMALLYUP|F_NOTIFY|F_READY))
"$SVSTAT" -H -a "$S" ; ok $? "health: ready now: exit 0"
"$SVSTAT" -H "$S/web" "$S/db" ; ok $? "health on service directories"
out=$("$SVSTAT" -H "$S/web" "$T/stale") ; rc=$?
is "$rc:$out" "1:$T/stale: no supervisor running" "health: no supervisor running is unhealthy (exit 1, not 2: docker reserves 2)"
