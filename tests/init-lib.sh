# tend: helpers for the tend-init tests. Source it after lib.sh's location is known:
#   . "${0%/*}/init-lib.sh"
. "${0%/*}/lib.sh"
require_bin tend-init tend-withenv tend-svscan tend-supervise
require_cmd unshare nsenter
E=$T/etc
R=$T/run
chmod 755 "$T"
mkdir -p "$E/services" "$E/init" "$E/finalize" "$E/envs" "$E/perms" "$R"

# mksh PATH BODY: an executable sh script
mksh () { mkdir -p "${1%/*}" ; printf '#!/bin/sh\n%s\n' "$2" > "$1" ; chmod 755 "$1" ; }

# boot [VAR=VALUE...] -- [CMD...]: tend-init as pid 1 of a pid+mount namespace with a tmpfs
# on $R; its stdout and stderr go to $T/out and $T/err, its exit code to $rc.
boot () {
  local vars=()
  while [ $# -gt 0 ] && [ "$1" != -- ] ; do vars+=("$1") ; shift ; done
  shift
  in_ns -r "$R" env TEND_ETC="$E" TEND_RUN="$R" "${vars[@]}" "$BIN/tend-init" "$@" >"$T/out" 2>"$T/err"
  rc=$?
}
# boot_bg: the same in the background; $_last is the job, $init the pid 1 (seen from here),
# once it is the scanner.
boot_bg () {
  local vars=()
  while [ $# -gt 0 ] && [ "$1" != -- ] ; do vars+=("$1") ; shift ; done
  shift
  in_ns -r "$R" env TEND_ETC="$E" TEND_RUN="$R" "${vars[@]}" "$BIN/tend-init" "$@" >"$T/out" 2>"$T/err" &
  _last=$! ; track $_last
  wait_for 20000 find_init $_last || { init= ; return 1 ; }
  init=$(find_init $_last)
}
# find_init PID: the descendant of PID (or PID) that is pid 1 of its namespace, and runs the scanner.
find_init () {
  local p=$1 i=0
  while [ $i -lt 6 ] && [ -n "$p" ] ; do
    if grep -q "^NSpid:.*[[:space:]]1$" /proc/$p/status 2>/dev/null ; then
      grep -q tend-svscan /proc/$p/cmdline 2>/dev/null && { echo $p ; return 0 ; }
      return 1
    fi
    p=$(cat /proc/$p/task/$p/children 2>/dev/null) ; p=${p%% *}
    i=$((i+1))
  done
  return 1
}
# wait_rc: waits for the background boot; exit code in $rc.
wait_rc () { wait "$_last" ; rc=$? ; }
