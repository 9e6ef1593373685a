# tend bench: helpers every metric script sources (". "${0%/*}/lib.sh"").
#
# A metric script answers three verbs:
#   NAME info        what it measures: "impls I1 I2...", "label IMPL TEXT" (how a peer is named in
#                    this metric), "runs N" (optional), and one line per row of the table:
#                    "row KEY|title|unit|lower or higher is better|target|target as text[|peers]"
#                    where target is "le IMPL F" (tend <= F x IMPL), "ge IMPL F" (tend >= F x IMPL),
#                    "max V" (tend <= V) or "-"; peers, when given, are the implementations this
#                    row shows beside tend ("none": tend alone).
#   NAME avail IMPL  exit 0 when IMPL can be measured on this machine (else 1, and why on stderr)
#   NAME run IMPL    one measurement: "KEY VALUE" lines (VALUE a number, or n/a)
# bench/run alternates the implementations, repeats, and takes medians. A metric script also
# runs alone: e.g. `bench/boot run s6` (QUICK=1 for the small sizes).

set -u
BENCH=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$BENCH")
TEND_BIN=${TEND_BIN:-$TOP/bin}
QUICK=${QUICK:-0}
# s6 built static against musl, as s6-overlay ships it (tools/build-s6-musl): the "s6musl"
# suite. Its scanner finds s6-supervise through PATH, so a measurement of that suite
# ("run s6musl", "inner s6musl") puts its directory first.
S6_MUSL_BIN=${S6_MUSL_BIN:-$TOP/build/s6-musl/bin}
export PATH="$TEND_BIN:/usr/lib/execline/bin:$PATH"
case "${1:-} ${2:-}" in "run s6musl"|"inner s6musl") PATH=$S6_MUSL_BIN:$PATH ;; esac
export TEND_BIN QUICK S6_MUSL_BIN

# Scratch space: bench/run gives each measurement a fresh directory in $BENCH_TMP.
if [ -z "${BENCH_TMP:-}" ] ; then
  BENCH_TMP=$(mktemp -d /tmp/tend-bench.XXXXXX)
  trap 'rm -rf "$BENCH_TMP"' EXIT
fi
export BENCH_TMP

# The stopwatch (bench/btool.c), built once per bench/run; built here when run alone.
if [ -z "${BTOOL:-}" ] || [ ! -x "${BTOOL:-}" ] ; then
  BTOOL=$BENCH_TMP/btool
  [ -x "$BTOOL" ] || cc -O2 -o "$BTOOL" "$BENCH/btool.c" || { echo "bench: fatal: unable to build btool" 1>&2 ; exit 111 ; }
fi
export BTOOL

# The floor of memory: a static musl program that only calls pause() (bench/pause.c); empty
# when musl-gcc is missing (the floor then says n/a).
if [ -z "${BPAUSE+set}" ] ; then
  BPAUSE=$BENCH_TMP/pause
  [ -x "$BPAUSE" ] || musl-gcc -static -O2 -o "$BPAUSE" "$BENCH/pause.c" 2>/dev/null || BPAUSE=
fi
export BPAUSE

die () { echo "bench/${0##*/}: fatal: $*" 1>&2 ; exit 111 ; }
warn () { echo "bench/${0##*/}: warning: $*" 1>&2 ; }

# n N_QUICK N_FULL: pick a size by mode.
n () { if [ "$QUICK" = 1 ] ; then echo "$1" ; else echo "$2" ; fi ; }

# us_to_ms US: microseconds to milliseconds with 2 decimals.
us_to_ms () { awk -v u="$1" 'BEGIN { printf "%.2f\n", u / 1000 }' ; }

# median of numbers on stdin
median () { sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print "n/a" ; exit } ; if (NR % 2) print v[(NR + 1) / 2] ; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }' ; }

# --- the supervision suites -------------------------------------------------------------------
# For each: the scanner, the supervisor's process name, and the control commands. s6musl is
# the same s6 version as Debian's, built static against musl; "floor" is no supervisor at all
# (metrics that have a floor add it to their implementations).
SUITES="tend s6musl s6 runit daemontools"
S6MUSL_LABEL="s6, static musl"

have_suite () {
  case "$1" in
    tend)
      for p in tend-svscan tend-supervise tend-svc ; do
        [ -x "$TEND_BIN/$p" ] || { echo "$TEND_BIN/$p is not built" 1>&2 ; return 1 ; }
      done ;;
    s6musl) [ -x "$S6_MUSL_BIN/s6-svscan" ] && [ -x "$S6_MUSL_BIN/s6-supervise" ] ||
      { echo "s6 static musl is not built in $S6_MUSL_BIN (tools/build-s6-musl)" 1>&2 ; return 1 ; } ;;
    s6) [ -x /usr/bin/s6-svscan ] || { echo "s6 is not installed" 1>&2 ; return 1 ; } ;;
    runit) command -v runsvdir >/dev/null || { echo "runit is not installed" 1>&2 ; return 1 ; } ;;
    daemontools) [ -x /usr/bin/svscan ] || { echo "daemontools is not installed" 1>&2 ; return 1 ; } ;;
    *) echo "unknown suite $1" 1>&2 ; return 1 ;;
  esac
}

# scanner_argv SUITE SCANDIR: sets SCANNER=(argv). Same scan directory for all; s6-svscan's
# default capacity is 1000 services, raised so that N=1000 plus spare fits.
scanner_argv () {
  case "$1" in
    tend) SCANNER=("$TEND_BIN/tend-svscan" "$2") ;;
    s6) SCANNER=(/usr/bin/s6-svscan -c "${S6_MAXSERVICES:-4000}" "$2") ;;
    s6musl) SCANNER=("$S6_MUSL_BIN/s6-svscan" -c "${S6_MAXSERVICES:-4000}" "$2") ;;
    runit) SCANNER=(runsvdir "$2") ;;
    daemontools) SCANNER=(/usr/bin/svscan "$2") ;;
  esac
}

supervisor_name () {
  case "$1" in
    tend) echo tend-supervise ;; s6|s6musl) echo s6-supervise ;; runit) echo runsv ;; daemontools) echo supervise ;;
  esac
}
scanner_name () {
  case "$1" in
    tend) echo tend-svscan ;; s6|s6musl) echo s6-svscan ;; runit) echo runsvdir ;; daemontools) echo svscan ;;
  esac
}

# svc_argv SUITE up|down DIR: sets SVC=(argv), the suite's own client for one service.
svc_argv () {
  case "$1.$2" in
    tend.up) SVC=("$TEND_BIN/tend-svc" -u "$3") ;;
    tend.down) SVC=("$TEND_BIN/tend-svc" -d "$3") ;;
    s6.up) SVC=(/usr/bin/s6-svc -u "$3") ;;
    s6.down) SVC=(/usr/bin/s6-svc -d "$3") ;;
    s6musl.up) SVC=("$S6_MUSL_BIN/s6-svc" -u "$3") ;;
    s6musl.down) SVC=("$S6_MUSL_BIN/s6-svc" -d "$3") ;;
    runit.up) SVC=(sv up "$3") ;;
    runit.down) SVC=(sv down "$3") ;;
    daemontools.up) SVC=(/usr/bin/svc -u "$3") ;;
    daemontools.down) SVC=(/usr/bin/svc -d "$3") ;;
  esac
}

# mk_services [-d] [-s] SCANDIR N MARKDIR: N service directories svc1..svcN whose run creates
# MARKDIR/<its pid> (-s: MARKDIR/svcI/<its pid>, one marker directory per service) and then
# execs a long sleep (/bin/sh is dash: no extra fork). -d: each has a `down` file.
mk_services () {
  local down= split= dir n mark m i
  while : ; do case "$1" in -d) down=1 ; shift ;; -s) split=1 ; shift ;; *) break ;; esac ; done
  dir=$1 n=$2 mark=$3
  mkdir -p "$dir" "$mark"
  # one mkdir and one chmod for all (10,000 services are made in a second, not in 20,000 forks)
  seq -f "$dir/svc%.0f" 1 "$n" | xargs mkdir
  [ -z "$split" ] || seq -f "$mark/svc%.0f" 1 "$n" | xargs mkdir
  for i in $(seq 1 "$n") ; do
    m=$mark ; [ -z "$split" ] || m=$mark/svc$i
    printf '#!/bin/sh\n: > %s/$$\nexec sleep 1000000\n' "$m" > "$dir/svc$i/run"
    [ -z "$down" ] || : > "$dir/svc$i/down"
  done
  seq -f "$dir/svc%.0f/run" 1 "$n" | xargs chmod 0755
  # A fixture made long ago: runsvdir waits for a scan directory modified within the last
  # second to settle, which a freshly made fixture would charge to runit alone.
  touch -d "@$(( $(date +%s) - 10 ))" "$dir"
}

# children PID: the pids of PID's children
children () { cat /proc/"$1"/task/*/children 2>/dev/null ; }

# pids_named NAME: pids of processes called NAME (in this pid namespace)
pids_named () {
  local d c
  for d in /proc/[0-9]* ; do
    read -r c < "$d/comm" 2>/dev/null || continue
    [ "$c" = "$1" ] && echo "${d#/proc/}"
  done
}

# msleep SECONDS: sleep without a fork (read with a timeout on a FIFO nobody writes).
msleep () {
  if [ -z "${_SLEEPFD:-}" ] ; then
    mkfifo "$BENCH_TMP/.sleep.$$" && exec {_SLEEPFD}<>"$BENCH_TMP/.sleep.$$" && rm -f "$BENCH_TMP/.sleep.$$"
  fi
  read -r -t "$1" -u "$_SLEEPFD" _ || :
}

# in_pidns CMD...: run CMD as pid 1 of a new pid namespace (with its own /proc), bounded by
# BENCH_NS_TIMEOUT seconds; when it returns, every process it started is gone with it.
in_pidns () {
  timeout -k 2 "${BENCH_NS_TIMEOUT:-300}" unshare --pid --fork --mount-proc --kill-child "$@"
}
