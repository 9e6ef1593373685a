#!/bin/bash
# tend-init: the runtime root. Read-only root filesystem with a tmpfs runtime root: boots and
# stops, nothing written elsewhere; a non-root user with a runtime root they own; one clear
# error per bad runtime root (noexec, missing, owned by another user), a tmpfs mounted by
# root on a read-only one; --check lists every mistake; --preboot applies USERMAP_UID/GID.
. "${0%/*}/init-lib.sh"
require_root
require_bin tend-setuidgid tend-fixperms tend-svstat
plan 23

mksh "$E/services/a/run" "exec sleep 100"
mksh "$E/init/10-ok" "true"
mksh "$E/finalize/10-ok" "true"
printf 'X=1\n' > "$E/envs/10"

# Read-only root: / remounted read-only inside the namespace, the configuration read-only,
# only the tmpfs on $R writable.
touch "$T/marker"
sleep 0.01
in_ns -r "$R" -R "$E" sh -c "mount -o remount,bind,ro / || exit 99
  exec env TEND_ETC=$E TEND_RUN=$R TEND_CMD_WAIT_FOR_SERVICES=1 $BIN/tend-init sh -c '$BIN/tend-svstat $R/services/a ; exit 5'" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 99 ] && bail "cannot remount / read-only here"
is "$rc" 5 "read-only root, tmpfs runtime root: boots and stops with the CMD's code"
like "$(cat "$T/out")" "^$R/services/a: up" "the service ran"
is "$(cat "$T/err" | tr '\n' '|')" "tend-init: init: 10-ok starting|tend-init: init: 10-ok exited 0|" "no error; the init script's lines"
is "$(find "$T" -newer "$T/marker" ! -path "$T/out" ! -path "$T/err" ! -path "$R" ! -path "$T" | tr '\n' ' ')" "" "nothing written outside the runtime root"

# A non-root user with a tmpfs runtime root they own.
in_ns -r "$R" sh -c "chown 1000:1000 $R && exec env TEND_ETC=$E TEND_RUN=$R TEND_CMD_WAIT_FOR_SERVICES=1 $BIN/tend-setuidgid 1000:1000 $BIN/tend-init sh -c 'id -u ; $BIN/tend-svstat $R/services/a'" >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "uid 1000 with a runtime root it owns: boots and stops"
like "$(cat "$T/out")" "^1000 $R/services/a: up" "the CMD and the service run as uid 1000"

# Errors, one per case.
in_ns -r "$R" sh -c "mount -o remount,noexec $R && exec env TEND_ETC=$E TEND_RUN=$R $BIN/tend-init true" >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 100 "noexec runtime root: 100"
is "$(cat "$T/err")" "tend-init: fatal: runtime root $R is mounted noexec: the service scripts copied there could not run: mount it with exec (docker run --tmpfs $R:exec)" "noexec runtime root: a clear message"

in_ns sh -c "exec env TEND_ETC=$E TEND_RUN=$T/missing $BIN/tend-setuidgid 1000:1000 $BIN/tend-init true" >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 100 "missing runtime root (not root): 100"
like "$(cat "$T/err")" "^tend-init: fatal: runtime root $T/missing does not exist: create it in the image or mount a tmpfs there" "missing runtime root: a clear message"

in_ns -r "$R" sh -c "exec env TEND_ETC=$E TEND_RUN=$R $BIN/tend-setuidgid 1000:1000 $BIN/tend-init true" >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 100 "runtime root owned by another user: 100"
like "$(cat "$T/err")" "^tend-init: fatal: runtime root $R is owned by uid 0 but tend-init runs as uid 1000: mount a tmpfs there with uid=1000" "owned by another user: a clear message"

mkdir -p "$T/rorun"
in_ns sh -c "mount --bind $T/rorun $T/rorun && mount -o remount,bind,ro $T/rorun && exec env TEND_ETC=$E TEND_RUN=$T/rorun TEND_CMD_WAIT_FOR_SERVICES=1 $BIN/tend-init $BIN/tend-svstat $T/rorun/services/a" >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "root, runtime root not writable: boots on a tmpfs"
is "$(head -1 "$T/err")" "tend-init: runtime root $T/rorun is not writable: mounted a tmpfs on it" "and says so"

# Perms at boot (stage 2), TEND_SKIP_PERMS=1, and a failing rule file stopping the boot.
mkdir -p "$T/data" ; touch "$T/data/f"
echo "$T/data true 1000:1001 0640 0750" > "$E/perms/10-data"
boot TEND_SKIP_PERMS=1 -- true
is "$rc:$(stat -c '%u:%g' "$T/data/f")" "0:0:0" "TEND_SKIP_PERMS=1: the perms rules are not applied"
boot -- sh -c "stat -c '%u:%g %a' $T/data/f"
is "$rc:$(cat "$T/out")" "0:1000:1001 640" "the perms rules are applied before the CMD runs"
echo "$T/data bogus" > "$E/perms/20-bad"
boot -- sh -c "echo cmd > $T/ran"
is "$rc:$(test -e "$T/ran" && echo ran)" "100:" "a failing tend-fixperms (100) stops the boot with its code"
like "$(cat "$T/err")" "perms: tend-fixperms exited 100" "the failure is reported"
rm -f "$E/perms/"*

# --check: one mistake of each kind.
C=$T/check
mkdir -p "$C/services/good" "$C/services/norun" "$C/services/bad/log" "$C/envs" "$C/perms" "$C/init" "$C/finalize"
mksh "$C/services/good/run" "exec true"
mksh "$C/services/bad/run" "exec true"
echo soon > "$C/services/bad/timeout-kill"
echo NOSIG > "$C/services/bad/down-signal"
printf '#!/bin/sh\n' > "$C/services/bad/log/run"
printf 'A=1\n"B"=2\n' > "$C/envs/10"
printf '/srv true root 0644 0755\n/srv/x true nosuchmode\n' > "$C/perms/10"
printf '#!/bin/sh\n' > "$C/init/10-noexec"
mkdir "$C/finalize/10-dir"
out=$(TEND_ETC=$C "$BIN/tend-init" --check 2>&1) ; rc=$?
is "$rc" 1 "--check: problems found: 1"
is "$out" "tend-check: $C/envs/10:2: bad variable name (expected KEY=VALUE)
tend-check: $C/finalize/10-dir: not a regular file
tend-check: $C/init/10-noexec: not executable (chmod +x)
tend-check: $C/perms/10:2: expected PATH RECURSE ACCOUNT FMODE DMODE (or PATH ACCOUNT FMODE DMODE)
tend-check: $C/services/bad/down-signal: not a signal name or number: \"NOSIG\"
tend-check: $C/services/bad/log/run: not executable (chmod +x)
tend-check: $C/services/bad/timeout-kill: not a decimal number: \"soon\"
tend-check: $C/services/norun/run: missing
tend-check: 8 problems in $C" "--check lists every problem with its path, sorted by file"
out=$(TEND_ETC=$E "$BIN/tend-init" --check 2>&1) ; rc=$?
is "$rc:$out" "0:tend-check: $E: no problem found" "--check on a good tree: 0"

# --preboot: the perms rules with USERMAP_UID/USERMAP_GID, and the runtime root chowned.
P=$T/pre
mkdir -p "$P/etc/perms" "$P/data"
touch "$P/data/f"
echo "$P/data true {{USERMAP_UID}}:{{USERMAP_GID}} 0640 0750" > "$P/etc/perms/10-data"
out=$(USERMAP_UID=1000 USERMAP_GID=1001 TEND_ETC=$P/etc TEND_RUN=$P/run "$BIN/tend-init" --preboot 2>&1) ; rc=$?
is "$rc" 0 "--preboot: 0"
is "$(stat -c '%u:%g %a' "$P/data" "$P/data/f" "$P/run" | tr '\n' ' ')" "1000:1001 750 1000:1001 640 1000:1001 755 " "--preboot: rules applied with USERMAP_UID/GID, runtime root owned by them"
done_testing
