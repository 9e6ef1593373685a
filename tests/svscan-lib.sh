# tend: helpers shared by the tests/svscan-*.t files. Source after lib.sh.
# A service's run is a bash script whose last process is renamed "MARK-NAME" (exec -a), so
# that the test counts the instances of a service with pgrep, whoever their parent is.

require_root
require_bin tend-svscan
[ -x "$BIN/tend-supervise" ] || skip_all "tend-supervise is not built (it comes with the branch supervise)"
MARK=tt$$x${T##*.}
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
# nchildren PID: how many children (zombies included) PID has
nchildren () { set -- $(cat /proc/"$1"/task/"$1"/children 2>/dev/null) ; echo $# ; }
# ctl BYTES: writes to the scanner's control FIFO
ctl () { printf '%s' "$1" > "$SD/.tend-svscan/control" ; }
