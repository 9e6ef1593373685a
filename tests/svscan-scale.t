#!/bin/bash
# tend-svscan at scale, as pid 1 of a pid namespace: 500 services start and stop in bounded
# time; idle, the scanner and its supervisors make no system call (strace); 2,000 services
# with loggers (4,000 supervisors) start, are rescanned, and stop.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare strace
plan 12

EL=/usr/lib/execline/bin
[ -x $EL/execlineb ] || skip_all "needs execline"
# mkmany N PREFIX [log]: N services PREFIXi (execline run: light), with a cat logger if log
mkmany () {
  local i=0
  while [ $i -lt "$1" ] ; do
    mkdir -p "$SD/$2$i"
    printf '#!%s/execlineb -P\n%s/exec -a %s sleep 100000\n' $EL $EL "$MARK-s" > "$SD/$2$i/run"
    chmod +x "$SD/$2$i/run"
    if [ "${3:-}" = log ] ; then
      mkdir -p "$SD/$2$i/log"
      printf '#!%s/execlineb -P\n%s/exec -a %s cat\n' $EL $EL "$MARK-l" > "$SD/$2$i/log/run"
      chmod +x "$SD/$2$i/log/run"
    fi
    i=$((i + 1))
  done
}
# wait_slow MS CMD...: wait_for, polling every 0.5 s (pgrep over 8,000 processes is not free)
wait_slow () {
  local end=$(( $(now_ms) + $1 )) ; shift
  until "$@" >/dev/null 2>&1 ; do [ "$(now_ms)" -ge "$end" ] && return 1 ; sleep 0.5 ; done
}
cputime () { awk '{ print ($14 + $15) * 10 }' /proc/"$1"/stat ; }  # ms, at 100 ticks/s
count () { pgrep -c -f "^$MARK-$1" || true ; }
# nsscan: the scanner as pid 1 of a new namespace ($P1, $UNSHARE)
nsscan () {
  rm -f "$SD/.tend-svscan/control"
  ns_spawn "$BIN/tend-svscan" "$SD"
  local x=$_last ; disown "$x"
  wait_for 5000 test -p "$SD/.tend-svscan/control" || bail "the scanner did not start"
  P1=$(ns_scanner_pid "$x")
  UNSHARE=$(cat /proc/"$x"/task/"$x"/children) ; track "$UNSHARE"
}

# --- 500 services --------------------------------------------------------------------------
mkmany 500 s
t0=$(now_ms)
nsscan
wait_for 30000 sh -c "[ \$(pgrep -c -f '^$MARK-s') -eq 500 ]" ; ok $? "500 services start ($(( $(now_ms) - t0 )) ms)"
is "$(nchildren "$P1")" 500 "500 supervisors"

# Idle: no system call by the scanner and its 500 supervisors over 3 seconds. strace shows
# at most the call each one is blocked in (unfinished when strace detaches); count the
# calls that returned.
sleep 0.5
pids="-p $P1" ; for c in $(cat /proc/"$P1"/task/"$P1"/children) ; do pids="$pids -p $c" ; done
timeout -s INT 3 strace -qq -o "$T/strace" $pids 2>/dev/null
n=$(grep -c ' = ' "$T/strace") ; procs=$(cut -d' ' -f1 "$T/strace" | sort -u | wc -l)
is "$n" 0 "idle: no system call completes in 3 s (strace attached to $procs processes)"
[ "$n" = 0 ] || diag "$(grep ' = ' "$T/strace" | head -5)"
[ -s "$T/strace" ] ; ok $? "strace did attach (it saw the blocked calls)"

t0=$(now_ms)
kill -TERM "$P1"
wait_pid 30000 "$UNSHARE" ; ok $? "500 services stop ($(( $(now_ms) - t0 )) ms)"
is "$(count s)" 0 "no service left"
rm -rf "$SD"/s*

# --- 2,000 services with loggers: 4,000 supervisors ----------------------------------------
# Not under ASan: a fork of an ASan process costs ~10 ms (its shadow mappings), 4,000 of them
# would take minutes.
if grep -q '^SANITIZE := true' "$TOP/config.mak" 2>/dev/null ; then
  skip "2,000 services: not with sanitizers (fork is too slow there)" 6
  done_testing ; exit
fi
mkmany 2000 x log
t0=$(now_ms)
nsscan
wait_slow 90000 sh -c "[ \$(pgrep -c -f '^$MARK-s') -eq 2000 ] && [ \$(pgrep -c -f '^$MARK-l') -eq 2000 ]"
ok $? "2,000 services and 2,000 loggers start ($(( $(now_ms) - t0 )) ms, scanner CPU $(cputime "$P1") ms)"
is "$(nchildren "$P1")" 4000 "4,000 supervisors"
mkmany 1 new
t0=$(now_ms)
ctl a
c0=$(cputime "$P1")
wait_for 10000 test -p "$SD/new0/supervise/control" ; ok $? "a rescan over 2,000 entries starts the new one ($(( $(now_ms) - t0 )) ms, scanner CPU $(( $(cputime "$P1") - c0 )) ms)"
is "$(nchildren "$P1")" 4001 "and touches nothing else"
t0=$(now_ms)
kill -TERM "$P1"
wait_pid 60000 "$UNSHARE" ; ok $? "4,000 supervisors stop ($(( $(now_ms) - t0 )) ms)"
is "$(count s)$(count l)" 00 "no service or logger left"
done_testing
