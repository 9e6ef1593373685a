#!/bin/bash
# tend-init: without TEND_CMD_WAIT_FOR_SERVICES, the services are asked to start right before
# the CMD (by the CMD's process, before its exec): they come up while the CMD runs, the CMD
# inherits nothing of that (no stray fd), and the order of the stage-2 lines is kept.
. "${0%/*}/init-lib.sh"
plan 11

mkdir -p "$T/mark"
for s in a b c ; do mksh "$E/services/$s/run" ": > $T/mark/$s ; exec sleep 100" ; done

# The CMD waits (bounded: 10 s) for the three services' markers: the scanner was told.
boot TEND_VERBOSITY=2 -- sh -c "i=0 ; while [ \$(ls $T/mark | wc -l) -lt 3 ] && [ \$i -lt 1000 ] ; do sleep 0.01 ; i=\$((i+1)) ; done ; ls $T/mark | tr '\n' ' ' > $T/seen ; exit 7"
is "$rc" 7 "the CMD's exit code is the container's"
is "$(cat "$T/seen")" "a b c " "the services started while the CMD ran"
err=$(cat "$T/err" | tr '\n' ' ')
like "$err" "tend-init: starting the services .*tend-init: cmd: sh started .*tend-init: cmd: sh exited 7" "the services are started before the CMD, which is then reported"
unlike "$err" "unable to send" "no complaint about the scanner"
rm -f "$T/mark/"*

# The CMD inherits no fd of the scanner's FIFO (written to before its exec) nor of inotify.
boot -- sh -c "for f in /proc/\$\$/fd/* ; do readlink \$f || : ; done > $T/fds"
is "$rc" 0 "CMD exits 0"
fds=$(cat "$T/fds")
like "$fds" "pipe:|/dev/|/tmp/" "the CMD sees its fds"
unlike "$fds" "control|inotify" "the CMD has no fd of the scanner's FIFO nor of an inotify instance"

# A scanner slow to start: stage 2 waits in open() for it to open its FIFO (made by stage 1),
# then the CMD runs and the services start.
mkdir -p "$T/slow"
printf '#!/bin/sh\nsleep 0.3\necho scanner >> %s/order\nexec %s/tend-svscan "$@"\n' "$T" "$BIN" > "$T/slow/tend-svscan"
chmod 755 "$T/slow/tend-svscan"
boot PATH="$T/slow:$BIN:$PATH" -- sh -c "echo cmd >> $T/order ; i=0 ; while [ \$(ls $T/mark | wc -l) -lt 3 ] && [ \$i -lt 1000 ] ; do sleep 0.01 ; i=\$((i+1)) ; done ; ls $T/mark | tr '\n' ' ' > $T/seen"
is "$rc" 0 "a slow scanner: the boot succeeds"
is "$(cat "$T/order" | tr '\n' ' ')" "scanner cmd " "the CMD started after the scanner"
is "$(cat "$T/seen")" "a b c " "and the services came up"
rm -f "$T/mark/"* "$T/order"

# No CMD: stage 2 asks for the services itself; a service halts the container.
mksh "$E/services/h/run" "$BIN/tend-init --halt 9 ; exec sleep 100"
boot --
is "$rc" 9 "without a CMD, the services start (one halts the container with 9)"
