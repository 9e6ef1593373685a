#!/bin/bash
# Bad configuration baked into an image: `RUN tend-init --check` in examples/Dockerfile makes
# the build fail, listing every problem with its path; an image built without the check
# reports the problem clearly in podman logs when it runs.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
plan 9

# A service directory without run, and an env file with a malformed line 2.
mkdir -p "$T/bad/etc/tend/services/broken" "$T/bad/etc/tend/envs"
echo 1000 > "$T/bad/etc/tend/services/broken/timeout-kill"
printf 'GOOD=1\nthis line is not an assignment\n' > "$T/bad/etc/tend/envs/20-bad"

out=$("$E2E/tend-image" -x "$T/bad" 2>&1) ; rc=$?
is "$rc" 1 "podman build of examples/Dockerfile with a bad /etc/tend fails"
like "$out" "/etc/tend/services/broken.*run|run.*/etc/tend/services/broken" "the build output names the service without run"
like "$out" "/etc/tend/envs/20-bad:2" "the build output names the malformed env file and line"

# The same mistakes baked in without the check: FROM the good image, one mistake per image.
bake () { # bake TAG DIR: an image FROM $IMG with DIR copied over /, no check
  mkdir -p "$T/ctx-$1" && cp -a "$2/." "$T/ctx-$1/" && printf 'FROM %s\nCOPY etc/ /etc/\n' "$IMG" > "$T/ctx-$1/Containerfile"
  podman build -q --format docker -t "localhost/tend-e2e-bad:$1-$$" "$T/ctx-$1" > "$T/bake.out" 2>&1 || { diag "$(cat "$T/bake.out")" ; return 1 ; }
  built_image "localhost/tend-e2e-bad:$1-$$"
}
mkdir -p "$T/svc/etc/tend/services" "$T/env/etc/tend"
cp -a "$T/bad/etc/tend/services/broken" "$T/svc/etc/tend/services/"
cp -a "$T/bad/etc/tend/envs" "$T/env/etc/tend/"
bake svc "$T/svc" && bake env "$T/env" ; ok $? "images with the mistakes baked in, without the check"

run_d "localhost/tend-e2e-bad:svc-$$" ; ok $? "the image with a service without run starts"
wait_up 20000 nginx greeter ; ok $? "the other services still come up"
wait_logs 10000 "broken.*run" ; ok $? "podman logs says the service broken has no run"

out=$(prun --rm "localhost/tend-e2e-bad:env-$$" true 2>&1) ; rc=$?
[ "$rc" -ne 0 ] ; ok $? "the image with a malformed env file does not run its CMD as if all were well (exit $rc)"
like "$out" "/etc/tend/envs/20-bad:2" "and its output names the file and line"
e2e_done
