#!/bin/bash
# The static musl build (tools/build-musl) in a FROM scratch image: tend's programs and a
# static busybox are all the image holds: no libc, no ld.so, no libskarnet. tend-init boots
# it, supervises a service, logs it, runs the CMD and gives back its exit code.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
command -v musl-gcc > /dev/null 2>&1 || skip_all "musl-gcc not installed (tools/install-deps)"
plan 9

"$TOP/tools/build-musl" "$TOP/build/musl" > "$T/build.log" 2>&1
ok $? "tools/build-musl builds tend" || { diag "$(tail -20 "$T/build.log")" ; bail "no musl build" ; }

# The image's root: tend installed from the musl build, busybox from Debian's busybox-static
# package (extracted, not installed: it conflicts with busybox).
root=$T/ctx/root
mkdir -p "$root/bin" "$root/etc/tend/services/hello/log" "$root/tmp"
make -s -C "$TOP/build/musl/src" install DESTDIR="$root" bindir=/bin > "$T/install.log" 2>&1 \
  || bail "make install of the musl build failed: $(cat "$T/install.log")"
rm -rf "$root/usr/local/share"
( cd "$T" && apt-get download -qq busybox-static > "$T/apt.log" 2>&1 ) || bail "apt-get download busybox-static failed: $(cat "$T/apt.log")"
dpkg-deb -x "$T"/busybox-static_*.deb "$T/bb" && cp "$T/bb/bin/busybox" "$root/bin/busybox" || bail "no busybox in busybox-static"
for a in sh echo sleep cat ls ; do ln -s busybox "$root/bin/$a" ; done
echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
printf '#!/bin/sh\necho "hello from a scratch image"\nexec sleep 1000\n' > "$root/etc/tend/services/hello/run"
printf '#!/bin/sh\nexec tend-logger t /run/tend/services/hello/log/main\n' > "$root/etc/tend/services/hello/log/run"
chmod 0755 "$root/etc/tend/services/hello/run" "$root/etc/tend/services/hello/log/run"
cat > "$T/ctx/Containerfile" <<'EOF'
FROM scratch
COPY root/ /
ENTRYPOINT ["/bin/tend-init"]
EOF
IMG=localhost/tend-e2e-scratch:$$
podman build -q --format docker -t "$IMG" "$T/ctx" > "$T/podman-build.log" 2>&1
ok $? "a FROM scratch image with tend and busybox builds" || diag "$(cat "$T/podman-build.log")"
built_image "$IMG"

out=$(podman run --rm --entrypoint /bin/ls "$IMG" / /usr 2>&1) ; rc=$?
[ "$rc" = 0 ] && [[ "$out" == *bin*etc* ]] && [[ "$out" != *lib* ]]
ok $? "the image has no /lib, /lib64 or /usr/lib: nothing dynamic to load" || diag "ls / /usr: exit $rc: $out"

# The CMD waits for the service, shows its state and its log, and exits 3.
ctr
out=$(prun --name "$C" --tmpfs /run "$IMG" sh -c '
  tend-svc -w u -T 10000 /run/tend/services/hello || exit 99
  tend-svstat /run/tend/services/hello
  i=0 ; until [ -s /run/tend/services/hello/log/main/current ] || [ $i -ge 100 ] ; do sleep 0.05 ; i=$((i+1)) ; done
  cat /run/tend/services/hello/log/main/current
  exit 3' 2>&1) ; rc=$?
is "$rc" 3 "the container's exit code is the CMD's (3)"
like "$out" "/run/tend/services/hello: up \(pid [0-9]+\)" "tend-svstat shows the service up"
like "$out" "@4[0-9a-f]{23} hello from a scratch image" "the service's line reached its tend-logger, stamped"
unlike "$out" "(fatal|warning):" "no warning and no fatal error at boot or shutdown"
is "$(state)" "exited 3" "podman sees it exited 3"

ctr
prun --name "$C" --read-only --tmpfs /run "$IMG" sh -c 'tend-svc -w u -T 10000 /run/tend/services/hello' > "$T/ro.out" 2>&1
is "$?" 0 "the same boots on a read-only root" || diag "$(cat "$T/ro.out")"
podman rm -f -t 0 "$C" > /dev/null 2>&1
e2e_done
