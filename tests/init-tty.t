#!/bin/bash
# tend-init: an interactive CMD under a pseudo-terminal gets its own process group as the
# terminal's foreground group: ^C reaches it (not pid 1), an interactive bash has job control.
. "${0%/*}/init-lib.sh"
require_cmd script bash
plan 6

mksh "$E/services/a/run" "exec sleep 100"
# ns CMD...: tend-init as pid 1 under the pty that script(1) gives us.
ns () {
  local q= a
  for a ; do q="$q '$a'" ; done
  echo "exec unshare --pid --fork --mount --mount-proc --kill-child --propagation private sh -c 'mount -t tmpfs tmpfs $R && exec \"\$@\"' ns env TEND_ETC=$E TEND_RUN=$R $BIN/tend-init $q"
}

script -qec "$(ns sh -c "set -- \$(cat /proc/\$\$/stat) ; echo \"\$\$ \$5 \$8\" > $T/tty")" /dev/null </dev/null >"$T/out" 2>&1
rc=$?
read -r pid pgrp tpgid < "$T/tty"
is "$rc" 0 "CMD under a pty: exit 0"
[ -n "$pid" ] && [ "$pid" = "$pgrp" ] ; ok $? "the CMD leads its own process group ($pid = $pgrp)"
is "$tpgid" "$pgrp" "the CMD's group is the terminal's foreground group"

# ^C on the terminal goes to the CMD's group: SIGINT, exit 130; the container stops.
t0=$(now_ms)
( wait_for 20000 test -e "$T/ready" ; sleep 0.1 ; printf '\003' ; sleep 1 ) | \
  script -qec "$(ns sh -c "touch $T/ready ; exec sleep 10")" /dev/null >"$T/out" 2>&1
rc=$?
t1=$(now_ms)
is "$rc" 130 "^C on the terminal: the CMD dies of SIGINT, the container exits 130 ($((t1-t0)) ms)"

# An interactive bash gets job control.
( wait_for 20000 test -e "$T/bash-ready" ; printf 'sleep 30 &\njobs > %s/jobs\necho "flags=$-" > %s/flags\nkill %%1\nexit 3\n' "$T" "$T" ; sleep 1 ) | \
  script -qec "$(ns bash --norc --noprofile -i -c "touch $T/bash-ready ; exec bash --norc --noprofile -i")" /dev/null >"$T/out" 2>&1
rc=$?
is "$rc" 3 "interactive bash as CMD: its exit code is the container's"
like "$(cat "$T/flags" 2>/dev/null) $(cat "$T/jobs" 2>/dev/null)" "flags=[a-zA-Z]*m.* \[1\]\+ +Running +sleep 30" "interactive bash has job control (monitor mode, jobs)"
done_testing
