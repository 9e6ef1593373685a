# Sourced by tests/e2e/*.t after tests/lib.sh: podman configured by the files in this
# directory, the images, containers removed at exit, and helpers to drive them.
E2E=$TOP/tests/e2e
. "$E2E/env"
SCAN=/run/tend/services

require_root
command -v podman >/dev/null 2>&1 || skip_all "podman not installed (run tests/e2e/setup)"

_ctrs=
_imgs=
_e2e_cleanup () {
  for c in $_ctrs ; do podman rm -f -t 0 "$c" >/dev/null 2>&1 ; done
  for i in $_imgs ; do podman rmi -f "$i" >/dev/null 2>&1 ; done
  _cleanup
}
trap '_e2e_cleanup' EXIT
trap '_e2e_cleanup ; exit 130' INT TERM

# e2e_base: the base image (no tend) in $BASE.
e2e_base () { BASE=$("$E2E/base-image") || bail "cannot build the base image (tests/e2e/base-image)" ; }

# e2e_image [-x DIR]: the tend image in $IMG; skips the whole test when tend-init is not built.
e2e_image () {
  local rc=0 err
  IMG=$("$E2E/tend-image" "$@" 2> "$T/tend-image.err") || rc=$?
  err=$(cat "$T/tend-image.err")
  case $rc in
    0) ;;
    77) skip_all "${err#tests/e2e/tend-image: }" ;;
    *) diag "$err" ; bail "cannot build the tend image (tests/e2e/tend-image $*)" ;;
  esac
}

# ctr: a fresh container name in $C, removed at exit.
_ctr_n=0
ctr () { _ctr_n=$((_ctr_n+1)) ; C=tend-e2e-$$-$_ctr_n ; _ctrs="$_ctrs $C" ; }
# built_image NAME: remove this image at exit.
built_image () { _imgs="$_imgs $1" ; }

# prun ARGS...: podman run ARGS, without the health-check timer (there is no systemd here to
# run it: the tests run the check by hand with podman healthcheck run) and without podman's
# complaints about that missing systemd on stderr.
prun () {
  local rc=0
  podman run --health-interval disable "$@" 2> "$T/prun.err" || rc=$?
  grep -v 'unable to get systemd connection' "$T/prun.err" >&2
  return $rc
}
# run_d ARGS...: prun -d --name $C ARGS (a new $C).
run_d () { ctr ; prun -d --name "$C" "$@" > "$T/run_d.out" 2>&1 || { diag "$(cat "$T/run_d.out")" ; return 1 ; } ; }
# pexec ARGS...: podman exec $C ARGS
pexec () { podman exec "$C" "$@" ; }
# wait_up [-U] MS SERVICE...: every SERVICE up (ready with -U), inside $C, within MS. Until
# the scanner has started their supervisors tend-svc says "no supervisor" (exit 2): retried.
wait_up () {
  local w=u ; [ "$1" = -U ] && { w=U ; shift ; }
  local ms=$1 d= s rc left end ; shift
  for s ; do d="$d $SCAN/$s" ; done
  end=$(( $(now_ms) + ms ))
  while : ; do
    left=$(( end - $(now_ms) )) ; [ "$left" -gt 0 ] || left=1
    rc=0 ; podman exec "$C" tend-svc -w "$w" -T "$left" $d > "$T/wait_up.out" 2>&1 || rc=$?
    [ "$rc" = 2 ] && [ "$(now_ms)" -lt "$end" ] || break
    sleep 0.1
  done
  [ "$rc" = 0 ] || diag "tend-svc -w $w$d: exit $rc: $(cat "$T/wait_up.out")"
  return "$rc"
}
# http_get PATH: GET http://127.0.0.1:8080PATH from inside $C, with bash's /dev/tcp.
http_get () {
  podman exec "$C" timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET %s HTTP/1.0\r\n\r\n" "$1" >&3 && cat <&3' http_get "$1"
}
# state: the container's status and exit code, "exited 0".
state () { podman inspect "$C" --format '{{.State.Status}} {{.State.ExitCode}}' ; }
# stop_ms [ARGS...]: podman stop ARGS $C; prints how many ms it took.
stop_ms () { local t0 ; t0=$(now_ms) ; podman stop "$@" "$C" > /dev/null 2>&1 ; echo $(( $(now_ms) - t0 )) ; }
# rm_ctr: remove $C (podman rm -f, no grace).
rm_ctr () { podman rm -f -t 0 "$C" > /dev/null 2>&1 ; }
# logs: what podman logs shows of $C (stdout and stderr).
logs () { podman logs "$C" 2>&1 ; }
# wait_logs MS REGEX: until podman logs $C matches REGEX.
wait_logs () { wait_for "$1" sh -c 'podman logs "$1" 2>&1 | grep -Eq -- "$2"' wait_logs "$C" "$2" ; }
# e2e_done: end the test; on a failure, show the end of the last container's logs.
e2e_done () {
  if [ "$_tap_failed" -ne 0 ] && [ -n "${C:-}" ] ; then diag "podman logs $C (end):" "$(logs | tail -40)" ; fi
  done_testing
}
