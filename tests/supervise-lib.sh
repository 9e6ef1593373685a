# tend: helpers for the tend-supervise tests (sourced after lib.sh).
# Status fields are read straight from supervise/status, at the offsets of libtend/status.h,
# so these tests check the on-disk contract, not a client's reading of it.

_st () { od -An -j"$2" -N"$3" -t"$4" ${5:+--endian=$5} "$1/supervise/status" 2>/dev/null | tr -d ' \n' ; }
st_pid () { _st "$1" 12 4 u4 little ; }
st_paused () { _st "$1" 16 1 u1 ; }
st_want () { _st "$1" 17 1 c ; }
st_runit () { _st "$1" 19 1 u1 ; }
st_state () { _st "$1" 25 1 u1 ; }      # 0 down, 1 up, 2 finish, 3 stopping
st_flags () { _st "$1" 26 2 u2 big ; }
st_pgid () { _st "$1" 40 4 u4 big ; }
st_starttime () { _st "$1" 44 8 u8 big ; }
st_lastexit () { _st "$1" 52 2 u2 big ; }
st_lastsig () { _st "$1" 54 1 u1 ; }
st_tally () { _st "$1" 56 2 u2 big ; }
st_finishpid () { _st "$1" 58 4 u4 big ; }
st_flag () { [ $(( $(st_flags "$1") & $2 )) -ne 0 ] ; }  # st_flag DIR MASK
F_WANTUP=1 F_ONCE=2 F_PAUSED=4 F_READY=8 F_NORMALLYUP=16 F_HASDIED=32 F_GOTTERM=64 F_EXITING=128 F_NOTIFY=256

is_up () { [ "$(st_state "$1")" = 1 ] && [ "$(st_pid "$1")" != 0 ] ; }
is_down () { [ "$(st_state "$1")" = 0 ] && [ "$(st_pid "$1")" = 0 ] ; }
is_want () { [ "$(st_want "$1")" = "$2" ] ; }
is_finish () { [ "$(st_state "$1")" = 2 ] ; }
# up with a pid other than $2
is_up_new () { is_up "$1" && [ "$(st_pid "$1")" != "$2" ] ; }
supervised () { [ -p "$1/supervise/control" ] && [ -n "$(st_state "$1")" ] ; }

# ctl DIR BYTES: write command bytes to the control FIFO (without blocking).
ctl () { printf '%s' "$2" | dd of="$1/supervise/control" oflag=nonblock status=none 2>/dev/null ; }

# mksv DIR RUN-BODY: a service directory whose run is a sh script with that body.
mksv () {
  mkdir -p "$1"
  printf '#!/bin/sh\n%s\n' "$2" > "$1/run"
  chmod +x "$1/run"
}

# sv_start DIR: a supervisor in the background (pid in $SV, stderr in DIR.err), waited for.
sv_start () {
  "$BIN/tend-supervise" "$1" 2>>"$1.err" &
  SV=$! ; track $SV
  wait_for 10000 supervised "$1"
}
# sv_end DIR PID: SIGTERM, then wait for it to exit (so nothing is left behind).
sv_end () {
  kill -TERM "$2" 2>/dev/null
  wait_pid 15000 "$2"
}

# ns_self: rerun this test file as pid 1 of a private pid+mount namespace, so that processes
# orphaned by the test (a killed supervisor's run, a run's own children) are reaped there
# and die with it. Call it right after sourcing, before plan.
ns_self () {
  [ -n "${TEND_IN_NS:-}" ] && return 0
  TEND_IN_NS=1 in_ns /bin/bash "$0"
  exit $?
}

# san_reports: sanitizer reports (ASan/UBSan) in the supervisors' stderr files, if any.
san_reports () { cat "$T"/*.err 2>/dev/null | grep -E 'AddressSanitizer|LeakSanitizer|runtime error:' | head -5 ; }
