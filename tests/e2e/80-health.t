#!/bin/bash
# The image's HEALTHCHECK (tend-svstat's health mode), run by podman healthcheck run: healthy
# while every service wanted up is up (and ready where it notifies), unhealthy while one is
# not — with the service named in the check's output —, healthy again once that service is
# taken down on purpose.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
require_cmd jq
plan 13

# flaky fails while /flags/fail exists; lazy notifies readiness only when /flags/ready exists.
mkdir -p "$T/flaky" "$T/lazy" "$T/flags"
printf '#!/bin/sh\nif [ -e /flags/fail ] ; then echo "failing on purpose" ; exit 1 ; fi\nexec sleep infinity\n' > "$T/flaky/run"
printf '#!/bin/sh\nif [ -e /flags/ready ] ; then echo >&3 ; fi\nexec sleep infinity\n' > "$T/lazy/run"
echo 3 > "$T/lazy/notification-fd"
chmod 0755 "$T/flaky/run" "$T/lazy/run"

# health: podman healthcheck run's exit code, then the check's own output.
health () {
  local rc=0
  podman healthcheck run "$C" > /dev/null 2>&1 || rc=$?
  echo "$rc $(podman inspect "$C" | jq -r '.[0].State.Health.Log[-1].Output' | tr '\n' ' ')"
}
like "$(podman image inspect "$IMG" | jq -r '.[0].Healthcheck.Test | join(" ")')" "^CMD tend-svstat " "the image has a HEALTHCHECK running tend-svstat"

run_d -v "$T/flaky:/etc/tend/services/flaky:ro" -v "$T/lazy:/etc/tend/services/lazy:ro" -v "$T/flags:/flags" "$IMG"
ok $? "a container with flaky and lazy services starts"
wait_up 20000 nginx nginx/log greeter flaky lazy && wait_up -U 20000 cache ; ok $? "every service is up"
out=$(health)
like "$out" "^1 .*lazy" "unhealthy while lazy (notification-fd) is up but not ready, lazy named"
unlike "$out" "nginx|cache|greeter|flaky" "the services that are fine are not named"

touch "$T/flags/ready"
pexec tend-svc -r -w R -T 10000 "$SCAN/lazy" ; ok $? "lazy restarted and ready"
like "$(health)" "^0 " "healthy when every service wanted up is up and ready"

touch "$T/flags/fail"
pexec tend-svc -k "$SCAN/flaky" ; ok $? "flaky killed; from now on its run keeps failing"
wait_for 10000 sh -c 'podman exec "$1" tend-svstat "$2" | grep -q ": down"' x "$C" "$SCAN/flaky" ; ok $? "flaky is down (and wanted up)"
out=$(health)
like "$out" "^1 .*flaky" "unhealthy while flaky is wanted up but down, flaky named"
pexec tend-svc -d -w D -T 10000 "$SCAN/flaky" ; ok $? "tend-svc -d takes flaky down on purpose"
like "$(health)" "^0 " "healthy again: flaky is down because it is wanted down"
is "$(podman inspect "$C" --format '{{.State.Health.Status}}')" "healthy" "podman inspect says healthy"
e2e_done
