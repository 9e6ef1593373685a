#!/bin/bash
# The --check corpus (issue 14): planted mistakes, each asserted to be reported by
# `tend-init --check` (exit 1, "tend-check: FILE:LINE: msg", or "tend-check: FILE: msg" when there is
# no line; "warning: " before a mistake the boot accepts but ignores) AND to get the same
# verdict at boot: the boot refuses it, warns about it, a supervisor refuses the value at
# run time, the exec fails, or the file is ignored (shown by what the service does).
# Five trees, one boot each: A services, B TEND_* settings, C perms, D and E init scripts.
# The new checks of libtend/check.h are wired into tend-check after the split of tend-init:
# until then the cases marked "new" in the tables fail their --check half (on purpose).
. "${0%/*}/init-lib.sh"
require_root

# Tables: id | file under $E | line (0: none) | --check message (regex) | boot verdict (regex
# over the boot's output; a leading ! means "must not appear").
A=$(cat <<'EOT'
a01|services/a01/notification-fd|0|out of range: "5000" \(3 to 1023\)|a01: warning: bad value in notification-fd: "5000" \(using none\)
a02|services/a02/down-signal|0|refused: "STOP"|a02: warning: bad value in down-signal: "STOP" \(using SIGTERM\)
a03|services/a03/max-death-tally|0|out of range: "70000" \(0 to 65535\)|a03: warning: bad value in max-death-tally: "70000" \(using 0\)
a04|services/a04/timeout-kill|0|not a decimal number: "soon"|a04: warning: bad value in timeout-kill: "soon" \(using 5000\)
a05|services/a05/timeout-finish|0|not a decimal number: "-1"|a05: warning: bad value in timeout-finish: "-1" \(using 5000\)
a06|services/a06/notification-fd|0|must be 3 or more|a06: warning: bad value in notification-fd: "2" \(using none\)
a07|services/a07/down-signal|0|not a signal name or number: "NOSIG"|a07: warning: bad value in down-signal: "NOSIG"
a08|services/a08/timeout-kill|0|too long|a08: warning: bad value in timeout-kill: "1111
a09|services/a09/run|0|missing|ignoring a09 until the next rescan: unable to stat a09/run: No such file or directory
a10|services/a10/run|0|not executable \(chmod \+x\)|a10: warning: unable to start run: Permission denied
a11|services/a11/run|0|not a regular file|a11: warning: unable to start run: Is a directory \(waiting for a u command\)
a12|services/a12/run|1|the #! interpreter /nonexistent/sh does not exist|a12: warning: unable to exec run: No such file or directory
a13|services/a13/run|1|the #! line ends in CR|a13: warning: unable to exec run: No such file or directory
a14|services/a14/run|0|neither a #! script nor an ELF binary|a14: warning: unable to exec run: Exec format error
a15|services/a15/finish|0|not executable \(chmod \+x\)|a15: warning: unable to exec finish: Permission denied
a16|services/a16/run|1|runs env tend-nosuchprog, which is not in PATH|env: .tend-nosuchprog.: No such file or directory
a17|services/a17/run|2|unknown user: nosuchuser42|tend-setuidgid: fatal: unknown user: nosuchuser42
a18|services/a18/run|2|unknown group: nosuchgroup43|tend-setuidgid: fatal: unknown group: nosuchgroup43
a19|services/a19/notfication-fd|0|warning: unknown name, ignored by tend \(did you mean notification-fd\?\)|a19: no notification pipe
a20|services/a20/timeout_kill|0|warning: unknown name, ignored by tend \(did you mean timeout-kill\?\)|a20: warning: run still running after timeout-kill \(5000 ms\)
a21|services/a21/Down|0|warning: unknown name, ignored by tend \(did you mean down\?\)|a21: started
a22|services/a22/log|0|not a directory|ignoring a22 until the next rescan: a22/log is not a directory
a23|services/a23/log/run|0|not executable \(chmod \+x\)|a23/log: warning: unable to start run: Permission denied
a24|services/a24/log/notification-fd|0|must be 3 or more|a24/log: warning: bad value in notification-fd: "0" \(using none\)
a25|services/a25/max-death-tally|0|not a decimal number: "12abc"|a25: warning: bad value in max-death-tally: "12abc" \(using 0\)
EOT
)
B=$(cat <<'EOT'
b01|envs/10-settings|2|bad value for TEND_KILL_GRACETIME: "soon"|warning: bad value for TEND_KILL_GRACETIME: "soon" \(using 3000\)
b02|envs/10-settings|3|bad value for TEND_LOG_PREFIX: "2" \(0 to 1|warning: bad value for TEND_LOG_PREFIX: "2" \(using 0\)
b03|envs/10-settings|4|bad value for TEND_SYNC_DISKS: "yes"|warning: bad value for TEND_SYNC_DISKS: "yes" \(using 0\)
b04|envs/10-settings|5|warning: unknown variable TEND_VERBOSTY, ignored by tend \(did you mean TEND_VERBOSITY\?\)|!read env file
b05|envs/20-etc|1|warning: TEND_ETC set in an env file is ignored|CMD sees TEND_ETC=@E@
b06|envs/30-verb|1|bad value for TEND_VERBOSITY: "9"|warning: bad value for TEND_VERBOSITY: "9" \(using 1\)
b07|envs/30-verb|2|bad value for TEND_INIT_MAXTIME: "-5"|warning: bad value for TEND_INIT_MAXTIME: "-5" \(using 0\)
b08|envs/30-verb|3|warning: unknown variable TEND_LOGPREFIX, ignored by tend \(did you mean TEND_LOG_PREFIX\?\)|!c01: 
EOT
)
C=$(cat <<'EOT'
c01|perms/10-x|1|unknown user: nosuchuser44|10-x:1: unknown user: nosuchuser44
c02|perms/10-x|2|unknown group: nosuchgroup45|10-x:2: unknown group: nosuchgroup45
c03|perms/10-x|3|absolute|10-x:3: .*absolute
c04|perms/20-y|1|UNSETVAR|20-y:1: .*UNSETVAR
c05|perms/20-y|2|expected PATH RECURSE ACCOUNT FMODE DMODE|20-y:2: expected PATH RECURSE
EOT
)
D=$(cat <<'EOT'
d01|init/10-crlf|1|the #! line ends in CR|init: 10-crlf exited 127
EOT
)
F=$(cat <<'EOT'
e01|init/10-env|1|runs env tend-nosuchprog2, which is not in PATH|env: .tend-nosuchprog2.: No such file or directory
e02|init/20-noexec|0|not executable \(chmod \+x\)|!init: 20-noexec
EOT
)
count () { printf '%s\n' "$@" | grep -c . ; }
n=$(count "$A" "$B" "$C" "$D" "$F")
plan $((n * 2 + 5 * 2 + 2))
diag "$n planted mistakes"

reset_tree () { rm -rf "$E" ; mkdir -p "$E/services" "$E/init" "$E/finalize" "$E/envs" "$E/perms" ; }
svc () { mksh "$E/services/$1/run" "$2" ; }
put () { mkdir -p "$(dirname "$E/$1")" ; printf -- "$2" > "$E/$1" ; }

# check TABLE: --check on $E, then each case's message at FILE[:LINE].
check () {
  local out rc id file line re boot where bad=0
  out=$(TEND_ETC=$E TEND_RUN=$T/nope "$BIN/tend-init" --check 2>&1) ; rc=$?
  is "$rc" 1 "check: $2: exit 1"
  while IFS='|' read -r id file line re boot ; do
    where="$E/$file" ; [ "$line" = 0 ] || where="$where:$line"
    if printf '%s\n' "$out" | grep -F -- "tend-check: $where: " | grep -qE -- "$re" ; then pass "check: $id: $where: $re"
    else fail "check: $id: $where: $re" ; bad=1 ; fi
  done <<< "$1"
  [ $bad = 0 ] || diag "--check said:" "$out"
}

# verdicts TABLE FILE: each case's boot verdict in FILE.
verdicts () {
  local id file line re boot bad=0
  while IFS='|' read -r id file line re boot ; do
    boot=${boot//@E@/$E}
    case $boot in
      !*) if grep -qE -- "${boot#!}" "$2" ; then fail "boot: $id: no ${boot#!}" ; bad=1 ; else pass "boot: $id: no ${boot#!}" ; fi ;;
      *) if grep -qE -- "$boot" "$2" ; then pass "boot: $id: $boot" ; else fail "boot: $id: $boot" ; bad=1 ; fi ;;
    esac
  done <<< "$1"
  [ $bad = 0 ] || diag "the boot said:" "$(sort -u "$2")"
}

# ---- A: service directories; the boot runs, the supervisors and the scanner say the verdict.
reset_tree
for s in a01 a02 a03 a04 a05 a06 a07 a08 a19 a20 a21 ; do svc $s "exec sleep 100" ; done
put services/a01/notification-fd '5000\n'
put services/a02/down-signal 'STOP\n'
put services/a03/max-death-tally '70000\n'
put services/a04/timeout-kill 'soon\n'
put services/a05/timeout-finish '-1\n'
put services/a06/notification-fd '2\n'
put services/a07/down-signal 'NOSIG\n'
put services/a08/timeout-kill "$(head -c 100 /dev/zero | tr '\0' 1)\n"
put services/a09/down-signal 'TERM\n'
svc a10 "exec sleep 100" ; chmod 644 "$E/services/a10/run"
mkdir -p "$E/services/a11/run"
put services/a12/run '#!/nonexistent/sh\nexec sleep 100\n' ; chmod 755 "$E/services/a12/run"
put services/a13/run '#!/bin/sh\r\nexec sleep 100\r\n' ; chmod 755 "$E/services/a13/run"
put services/a14/run 'exec sleep 100\n' ; chmod 755 "$E/services/a14/run"
svc a15 "sleep 1 ; exit 0" ; put services/a15/finish '#!/bin/sh\nexit 0\n'
put services/a16/run '#!/usr/bin/env tend-nosuchprog\n' ; chmod 755 "$E/services/a16/run"
svc a17 "exec $BIN/tend-setuidgid nosuchuser42 sleep 100"
svc a18 "exec $BIN/tend-setuidgid nobody:nosuchgroup43 sleep 100"
# a19: the misspelled file is ignored: run gets no notification pipe on fd 3
svc a19 "if [ -e /proc/self/fd/3 ] ; then echo 'a19: notification pipe on fd 3' >&2 ; else echo 'a19: no notification pipe' >&2 ; fi ; exec sleep 100"
put services/a19/notfication-fd '3\n'
# a20: timeout_kill (1 ms) is ignored: a run that ignores TERM is killed after the default 5000 ms
svc a20 "trap '' TERM ; while :; do sleep 1 ; done"
put services/a20/timeout_kill '1\n'
svc a21 "echo 'a21: started' >&2 ; exec sleep 100"
put services/a21/Down ''
svc a22 "exec sleep 100" ; put services/a22/log 'not a directory\n'
svc a23 "exec sleep 100" ; mksh "$E/services/a23/log/run" "exec cat" ; chmod 644 "$E/services/a23/log/run"
svc a24 "exec sleep 100" ; mksh "$E/services/a24/log/run" "exec cat >/dev/null" ; put services/a24/log/notification-fd '0\n'
svc a25 "exec sleep 100" ; put services/a25/max-death-tally '12abc\n'
check "$A" "services"

# waitall TABLE: a CMD script that waits (at most 60 s: the machine may be loaded) until the boot's output holds every
# positive verdict of TABLE but those named in $2 (said only at the stop).
waitall () {
  printf '%s\n' "$1" | cut -d'|' -f1,5 | grep -v '|!' | grep -vE "^(${2:-none})\|" | cut -d'|' -f2- > "$T/patterns"
  cat > "$T/waitall" <<EOS
#!/bin/sh
i=0
while [ \$i -lt 600 ] ; do
  ok=1
  while IFS= read -r p ; do grep -qE -- "\$p" "$T/err" || { ok=0 ; break ; } ; done < "$T/patterns"
  [ \$ok = 1 ] && exit 0
  sleep 0.1 ; i=\$((i+1))
done
exit 0
EOS
  chmod 755 "$T/waitall"
}
waitall "$A" a20
boot TEND_SERVICES_GRACETIME=15000 -- "$T/waitall"
is "$rc" 0 "boot A: the boot runs (the mistakes are in the services)"
verdicts "$A" "$T/err"

# ---- B: TEND_* settings in env files; the boot warns and uses the defaults.
reset_tree
put envs/10-settings 'A=1\nTEND_KILL_GRACETIME=soon\nTEND_LOG_PREFIX=2\nTEND_SYNC_DISKS=yes\nTEND_VERBOSTY=3\n'
put envs/20-etc 'TEND_ETC=/nonexistent\n'
put envs/30-verb 'TEND_VERBOSITY=9\nTEND_INIT_MAXTIME=-5\nTEND_LOGPREFIX=1\n'
svc c01 "exec sleep 100"
check "$B" "settings"
boot -- sh -c 'echo "CMD sees TEND_ETC=$TEND_ETC" >&2'
is "$rc" 0 "boot B: the boot runs"
verdicts "$B" "$T/err"

# ---- C: perms rules; tend-fixperms refuses them and the boot stops before any service.
reset_tree
put perms/10-x '/srv/x true nosuchuser44 0644 0755\n/srv/x true nobody:nosuchgroup45 - -\nrelative true nobody - -\n'
put perms/20-y '/srv/{{UNSETVAR}} true nobody - -\n/srv/y\n'
svc s "touch $T/service-ran ; exec sleep 100"
rm -f "$T/service-ran" "$T/cmd-ran"
check "$C" "perms"
boot -- touch "$T/cmd-ran"
like "$rc|$(ls "$T/service-ran" "$T/cmd-ran" 2>/dev/null)" "^[1-9][0-9]*\|$" "boot C: refused (exit not 0), no service started, no CMD run"
verdicts "$C" "$T/err"

# ---- D: an init script whose #! line ends in CR: the exec fails, the boot stops.
reset_tree
put init/10-crlf '#!/bin/sh\r\nexit 0\r\n' ; chmod 755 "$E/init/10-crlf"
rm -f "$T/cmd-ran"
check "$D" "init CR"
boot -- touch "$T/cmd-ran"
like "$rc|$(ls "$T/cmd-ran" 2>/dev/null)" "^127\|$" "boot D: stops with the script's 127, no CMD run"
verdicts "$D" "$T/err"

# ---- E: an init script running env with a program not in PATH; a later one not executable
# (never reached: the boot stops at the first failure; --check reports both).
reset_tree
put init/10-env '#!/usr/bin/env tend-nosuchprog2\n' ; chmod 755 "$E/init/10-env"
put init/20-noexec '#!/bin/sh\nexit 0\n'
rm -f "$T/cmd-ran"
check "$F" "init env"
boot -- touch "$T/cmd-ran"
like "$rc|$(ls "$T/cmd-ran" 2>/dev/null)" "^127\|$" "boot E: stops with env's 127, no CMD run"
verdicts "$F" "$T/err"

# The JSON form of the same report (--check -j): one object per problem, valid JSON.
reset_tree
put services/j/run '#!/bin/sh\r\n' ; chmod 755 "$E/services/j/run"
put services/j/notfication-fd '3\n'
out=$(TEND_ETC=$E TEND_RUN=$T/nope "$BIN/tend-init" --check -j 2>/dev/null) ; rc=$?
is "$rc" 1 "check -j: exit 1"
if command -v python3 >/dev/null 2>&1 ; then
  got=$(printf '%s' "$out" | python3 -c 'import json,sys
a=json.load(sys.stdin)
print(";".join("%s:%d:%s" % (p["file"].rsplit("/",1)[1], p["line"], p["severity"]) for p in a))' 2>&1)
  is "$got" "notfication-fd:0:warning;run:1:error" "check -j: a JSON array, sorted, with file, line and severity"
else
  skip "no python3 to parse JSON" 1
fi
