# tend: helpers for the TAP shell tests. Source it: . "${0%/*}/lib.sh"
# Every test gets a private temp dir ($T), a cleanup trap that kills what it started,
# bounded waits, and helpers to run programs as pid 1 in a private pid+mount namespace.

set -u
TOP=$(cd "$(dirname "$0")" && while [ ! -f configure ] && [ "$PWD" != / ] ; do cd .. ; done ; pwd)
BIN=$TOP/bin
export PATH="$BIN:/usr/lib/execline/bin:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/tend-test.XXXXXX")
_tap_n=0
_tap_failed=0
_tap_planned=
_pids=

_cleanup () {
  for p in $_pids ; do kill -KILL "$p" 2>/dev/null ; done
  for p in $_pids ; do wait "$p" 2>/dev/null ; done
  # Unmount anything a test left mounted under $T, innermost first, then remove it.
  if [ -d "$T" ] ; then
    grep -o " $T[^ ]*" /proc/self/mounts 2>/dev/null | sort -r | while read -r m ; do umount -l "$m" 2>/dev/null ; done
    rm -rf "$T"
  fi
}
trap '_cleanup' EXIT
trap '_cleanup ; exit 130' INT TERM

# --- TAP ---------------------------------------------------------------------------------
plan () { _tap_planned=$1 ; echo "1..$1" ; }
diag () { printf '%s\n' "$@" | sed 's/^/# /' ; }
pass () { _tap_n=$((_tap_n+1)) ; echo "ok $_tap_n - $*" ; }
fail () { _tap_n=$((_tap_n+1)) ; _tap_failed=$((_tap_failed+1)) ; echo "not ok $_tap_n - $*" ; }
ok () { # ok COND-EXIT-STATUS NAME: ok $? "name" or: cmd ; ok $? name
  if [ "$1" -eq 0 ] ; then pass "$2" ; else fail "$2" ; fi
}
is () { # is GOT WANT NAME
  if [ "$1" = "$2" ] ; then pass "$3" ; else fail "$3" ; diag "got:      '$1'" "expected: '$2'" ; fi
}
like () { # like GOT EXTENDED-REGEX NAME
  if printf '%s' "$1" | tr '\n' ' ' | grep -Eq -- "$2" ; then pass "$3" ; else fail "$3" ; diag "got:      '$1'" "expected to match: '$2'" ; fi
}
unlike () {
  if printf '%s' "$1" | tr '\n' ' ' | grep -Eq -- "$2" ; then fail "$3" ; diag "got:      '$1'" "expected not to match: '$2'" ; else pass "$3" ; fi
}
skip () { # skip REASON [COUNT]
  local i=0 ; while [ $i -lt "${2:-1}" ] ; do _tap_n=$((_tap_n+1)) ; echo "ok $_tap_n # skip $1" ; i=$((i+1)) ; done
}
skip_all () { echo "1..0 # SKIP $*" ; exit 0 ; }
done_testing () {
  [ -n "$_tap_planned" ] || echo "1..$_tap_n"
  [ "$_tap_failed" -eq 0 ]
}
bail () { echo "Bail out! $*" ; exit 255 ; }

require_root () { [ "$(id -u)" = 0 ] || skip_all "needs root" ; }
require_cmd () { for c ; do command -v "$c" >/dev/null 2>&1 || skip_all "needs $c" ; done ; }
require_bin () { for b ; do [ -x "$BIN/$b" ] || bail "$BIN/$b is not built (run make)" ; done ; }

# --- processes -----------------------------------------------------------------------------
track () { _pids="$_pids $*" ; }                 # kill these pids at exit
spawn () { "$@" & _last=$! ; track $_last ; }    # run in background, tracked; pid in $_last

# wait_for MS CMD...: run CMD until it succeeds, at most MS milliseconds. 0 if it did.
wait_for () {
  local ms=$1 ; shift
  local end=$(( $(date +%s%3N) + ms ))
  while : ; do
    "$@" >/dev/null 2>&1 && return 0
    [ "$(date +%s%3N)" -ge "$end" ] && return 1
    sleep 0.01
  done
}
# wait_pid MS PID: wait for PID (not necessarily a child) to be gone.
wait_pid () { wait_for "$1" sh -c "! kill -0 $2 2>/dev/null || grep -q '^State:.*Z' /proc/$2/status" ; }
now_ms () { date +%s%3N ; }

# --- namespaces ----------------------------------------------------------------------------
# in_ns [-r RUNROOT] [-R CONFDIR] CMD...: run CMD as pid 1 of a new pid+mount namespace,
# with a tmpfs on RUNROOT and CONFDIR bind-mounted read-only. Blocks until pid 1 exits;
# returns its exit code. As non-root, adds a user namespace mapping us to root.
_ns_cmd () { # sets _ns to the unshare command line for in_ns/ns_spawn
  local runroot= conf= userns=
  while [ $# -gt 0 ] ; do
    case "$1" in
      -r) runroot=$2 ; shift 2 ;;
      -R) conf=$2 ; shift 2 ;;
      *) break ;;
    esac
  done
  [ "$(id -u)" = 0 ] || userns="--user --map-root-user"
  _ns=(unshare $userns --pid --fork --mount --mount-proc --kill-child --propagation private
    /bin/sh -c '
      runroot=$1 conf=$2 ; shift 2
      if [ -n "$runroot" ] ; then mkdir -p "$runroot" && mount -t tmpfs -o mode=0755 tmpfs "$runroot" || exit 111 ; fi
      if [ -n "$conf" ] ; then mount --bind "$conf" "$conf" && mount -o remount,bind,ro "$conf" || exit 111 ; fi
      exec "$@"' in_ns "$runroot" "$conf" "$@")
}
in_ns () { _ns_cmd "$@" ; "${_ns[@]}" ; }
# ns_spawn: in_ns in the background, tracked; $_last is the pid of unshare itself (not of a
# subshell), so killing it kills the namespace (--kill-child), and ns_pid1 finds pid 1.
ns_spawn () { _ns_cmd "$@" ; "${_ns[@]}" & _last=$! ; track $_last ; }
ns_pid1 () { # ns_pid1 UNSHARE_PID: print the pid (in our namespace) of its pid-1 child
  local c ; c=$(cat /proc/"$1"/task/"$1"/children 2>/dev/null) ; echo ${c%% *}
}

# --- fake supervisors ------------------------------------------------------------------------
# fake_sv DIR KEY=VALUE...: start tests/svstat-fake.py on DIR (a scanner with scan=1), tracked,
# and wait until it is in place.
fake_sv () {
  local dir=$1 ready=$1/supervise/.ready ; shift
  case " $* " in *" scan=1 "*) ready=$dir/.tend-svscan/.ready ;; esac
  mkdir -p "$dir"
  python3 "$TOP/tests/svstat-fake.py" "$dir" "$@" &
  track $!
  wait_for 15000 test -e "$ready" || bail "fake supervisor for $dir did not start"
}
