#!/bin/bash
# podman run -it IMG bash, on a pseudo-terminal as a person would: the shell gets the
# terminal (its process group is the terminal's foreground group, job control on), ^C
# interrupts a foreground sleep without stopping the container, `exit 3` ends it with 3.
. "${0%/*}/../lib.sh"
. "$TOP/tests/e2e/e2e.sh"
e2e_image
require_cmd python3
plan 6

ctr
out=$("$E2E/pty-run" 60 podman run --rm -it --name "$C" --health-interval disable "$IMG" bash <<'EOF2'
expect [$#] $
send tty ; [ $(( $(ps -o tpgid= -p $$) )) = $(( $(ps -o pgid= -p $$) )) ] && echo fg-ok ; case $- in *m*) echo jobs-on ;; esac\n
expect jobs-on
send echo sleep-starts ; sleep 30\n
expect sleep-starts\r
pause 0.3
send \x03
expect [$#] $
send echo "after-int=$?"\n
expect after-int=[0-9]+
send echo still-alive-$((6*7))\n
expect still-alive-42
send exit 3\n
EOF2
) ; rc=$?
is "$rc" 3 "exit 3 in the shell ends the container with 3"
like "$out" "/dev/pts/[0-9]+" "the shell's stdin is the terminal"
like "$out" "fg-ok" "the shell's process group is the terminal's foreground group"
like "$out" "jobs-on" "the shell has job control"
like "$out" "after-int=130" "^C interrupted the foreground sleep (130)"
like "$out" "still-alive-42" "the container went on after ^C"
[ "$_tap_failed" -eq 0 ] || diag "transcript:" "$out"
done_testing
