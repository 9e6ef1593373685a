# tend: helpers shared by the tests/svscan-*.t files. Source after lib.sh.
# A service's run is a bash script whose last process is renamed "MARK-NAME" (exec -a), so
# that the test counts the instances of a service with pgrep, whoever their parent is.

require_root
require_bin tend-svscan tend-supervise
MARK=tt$$x${T##*.}

# At exit, before lib.sh's cleanup: stop then kill every process whose cwd is under $T (the
# scanners, supervisors and services of this test, whoever their parent is now), so that a
# failing test leaves nothing behind holding prove's pipe.
_svscan_cleanup () {
  local sig p
  for p in $_pids ; do kill -KILL "$p" 2>/dev/null ; done  # unshare first: its namespace dies
  for sig in STOP KILL ; do
    # one find for all of /proc: a readlink per process would fork thousands of times
    for p in $(find /proc/[0-9]*/cwd -maxdepth 0 \( -lname "$T" -o -lname "$T/*" \) 2>/dev/null) ; do
      p=${p#/proc/} ; kill -"$sig" "${p%/cwd}" 2>/dev/null
    done
  done
}
trap '_svscan_cleanup ; _cleanup' EXIT
SD=$T/scan
mkdir -p "$SD"

# mksvc NAME [BODY]: a service directory in $SD whose run ends with BODY
# (default: sleep forever under the name MARK-NAME).
mksvc () {
  local d=$SD/$1
  mkdir -p "$d"
  printf '#!/bin/bash\n%s\n' "${2:-exec -a $MARK-${1//\//-} sleep 100000}" > "$d/run"
  chmod +x "$d/run"
}
# mklog NAME [BODY]: a log directory for the service NAME (default: append to $T/NAME.log).
mklog () {
  mkdir -p "$SD/$1/log"
  printf '#!/bin/bash\n%s\n' "${2:-exec -a $MARK-$1-log cat >> $T/$1.log}" > "$SD/$1/log/run"
  chmod +x "$SD/$1/log/run"
}
# instances NAME: how many processes run as MARK-NAME
instances () { pgrep -c -f "^$MARK-${1//\//-}( |\$)" || true ; }
up1 () { [ "$(instances "$1")" = 1 ] ; }
down0 () { [ "$(instances "$1")" = 0 ] ; }

# scanner [OPTIONS]: starts tend-svscan OPTIONS $SD in the background, stderr to $T/err;
# its pid in $SCANNER.
scanner () {
  spawn "$BIN/tend-svscan" "$@" "$SD" 2>>"$T/err"
  SCANNER=$_last
}

# sup_pid PATH [PARENT]: pid of the child "tend-supervise PATH" of PARENT ($SCANNER).
sup_pid () {
  local p=${2:-$SCANNER} c
  for c in $(cat /proc/"$p"/task/"$p"/children 2>/dev/null) ; do
    [ "$(tr '\0' ' ' < /proc/"$c"/cmdline 2>/dev/null)" = "tend-supervise $1 " ] && { echo "$c" ; return 0 ; }
  done
  return 1
}
# sup_other PATH OLDPID: succeeds when a supervisor of PATH other than OLDPID runs
sup_other () { local p ; p=$(sup_pid "$1") && [ "$p" != "$2" ] ; }
# ns_reaper: pid 1 of a new namespace is a tend-svscan on an empty directory; its host pid
# in $NS1 (nsenter -t $NS1 -p -m runs a command in the namespace, reaped by it).
ns_reaper () {
  mkdir -p "$T/empty"
  ns_spawn "$BIN/tend-svscan" "$T/empty"
  disown "$_last"
  wait_for 5000 test -p "$T/empty/.tend-svscan/control" || bail "no pid 1 in the namespace"
  NS1=$(ns_scanner_pid "$_last")
  track "$(cat /proc/"$_last"/task/"$_last"/children)"  # unshare: its death kills the namespace
}
# ns_scanner_pid PID: the first descendant of PID (ns_spawn's $_last, a subshell whose child
# is unshare) that runs tend-svscan: pid 1 of the namespace, as seen from here.
ns_scanner_pid () {
  local p=$1 i=0
  while [ $i -lt 4 ] ; do
    case "$(tr '\0' ' ' < /proc/"$p"/cmdline 2>/dev/null)" in "$BIN/tend-svscan "*) echo "$p" ; return 0 ;; esac
    p=$(cat /proc/"$p"/task/"$p"/children 2>/dev/null) ; p=${p%% *} ; i=$((i + 1))
  done
  return 1
}
# nchildren PID: how many children (zombies included) PID has
nchildren () { set -- $(cat /proc/"$1"/task/"$1"/children 2>/dev/null) ; echo $# ; }
# ctl BYTES: writes to the scanner's control FIFO
ctl () { printf '%s' "$1" > "$SD/.tend-svscan/control" ; }
