#!/bin/bash
# tend-svscan: services start, dot-directories are ignored, rescans by signal and by the
# control FIFO, removal, bad entries, -s, a second scanner, terminate, finish, diverted signals.
. "${0%/*}/lib.sh"
. "${0%/*}/svscan-lib.sh"
plan 43

out=$("$BIN/tend-svscan" 2>&1) ; rc=$?
is "$rc:$out" "100:tend-svscan: usage: tend-svscan [ -s ] [ -T ms ] [ -c pid ] SCANDIR" "no SCANDIR: usage, exit 100"
out=$("$BIN/tend-svscan" -T x "$SD" 2>&1) ; rc=$?
is "$rc" 100 "-T needs a number"
out=$("$BIN/tend-svscan" "$T/nonexistent" 2>&1) ; rc=$?
is "$rc:$out" "111:tend-svscan $T/nonexistent: fatal: unable to chdir to $T/nonexistent: No such file or directory" "missing SCANDIR: exit 111 and a message"

mksvc a
mksvc b
mklog b
mksvc .hidden
mkdir -p "$T/elsewhere" && ln -s "$T/elsewhere" "$SD/linked"
mksvc ../elsewhere   # a service reached through the symlink "linked"
MARKLINK=$MARK-..-elsewhere

# Bad entries: a plain file, a directory without run, an unreadable directory, a log/ that
# is a file. Each gets a clear warning; every other service runs.
echo "not a service" > "$SD/plain"
mkdir "$SD/norun"
mksvc locked && chmod 000 "$SD/locked"
mksvc badlog && echo x > "$SD/badlog/log"

# Unreadable needs a scanner without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH: drop them.
spawn setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search \
  "$BIN/tend-svscan" "$SD" 2>>"$T/err"
SCANNER=$_last
wait_for 5000 up1 a ; ok $? "a service starts"
wait_for 5000 up1 b ; ok $? "a service with a log starts"
wait_for 5000 up1 b-log ; ok $? "its logger starts"
wait_for 5000 sh -c "[ \$(pgrep -c -f '^$MARKLINK') = 1 ]" ; ok $? "a symlink to a service directory starts"
sleep 0.3
is "$(instances .hidden)" 0 "a dot-directory is ignored"
err=$(cat "$T/err")
like "$err" "tend-svscan $SD: warning: ignoring plain until the next rescan: not a directory" "a plain file: clear warning"
like "$err" "tend-svscan $SD: warning: ignoring norun until the next rescan: unable to stat norun/run: No such file or directory" "no run: clear warning"
like "$err" "tend-svscan $SD: warning: ignoring locked until the next rescan: unable to stat locked/run: Permission denied" "unreadable directory: clear warning"
like "$err" "tend-svscan $SD: warning: ignoring badlog until the next rescan: badlog/log is not a directory" "log/ a file: clear warning"
is "$(instances locked)$(instances badlog)" "00" "bad entries are not started"
a1=$(sup_pid a) b1=$(sup_pid b)
ok $? "supervisors are children of the scanner"

# No spinning on bad entries: nothing more is written while nothing is asked.
n1=$(wc -l < "$T/err") ; sleep 1.2 ; n2=$(wc -l < "$T/err")
is "$n2" "$n1" "bad entries are not retried until a rescan"

# Rescan by signal: the fixed norun starts, a new one starts, the dot-dir is still ignored.
printf '#!/bin/bash\nexec -a %s sleep 100000\n' "$MARK-norun" > "$SD/norun/run" ; chmod +x "$SD/norun/run"
mksvc c
kill -HUP "$SCANNER"
wait_for 5000 up1 c ; ok $? "SIGHUP: an added directory starts"
wait_for 5000 up1 norun ; ok $? "SIGHUP: a fixed entry is re-checked and starts"
is "$(instances .hidden)" 0 "still no dot-directory"
is "$(sup_pid a)" "$a1" "a rescan leaves running supervisors alone"

mksvc d
kill -ALRM "$SCANNER"
wait_for 5000 up1 d ; ok $? "SIGALRM: an added directory starts"

mksvc e
ctl a
wait_for 5000 up1 e ; ok $? "control 'a': an added directory starts"
mksvc f
ctl h
wait_for 5000 up1 f ; ok $? "control 'h': an added directory starts"
# A directory renamed while it runs keeps its supervisor; after the rescan the scanner knows
# it by its new name: a supervisor that dies is started again as "tend-supervise e2".
e1=$(sup_pid e)
mv "$SD/e" "$SD/e2"
ctl a ; sleep 0.3
kill -KILL "$e1"
wait_for 3000 sup_pid e2 ; ok $? "renamed e to e2: its supervisor is started again under the new name"
wait_for 3000 up1 e ; ok $? "the renamed service still runs once"
ctl 'zq?' ; sleep 0.2
kill -0 "$SCANNER" ; ok $? "unknown control bytes are ignored"

# Removal: the service stops and both supervisors exit; the logger drains the pipe first.
bsup=$(sup_pid b) blog=$(sup_pid b/log)
mv "$SD/b" "$SD/.b-removed"
mv "$SD/c" "$T/c-moved-away"
ctl a
wait_for 5000 down0 c ; ok $? "a removed directory stops"
wait_for 5000 down0 b ; ok $? "a removed service with a log stops"
wait_for 5000 down0 b-log ; ok $? "its logger exits"
wait_pid 5000 "$bsup" && wait_pid 5000 "$blog" ; ok $? "both its supervisors exit"
is "$(instances a)" 1 "other services keep running"

# A directory replaced by another with the same name is a new service.
aold=$(sup_pid a)
mv "$SD/a" "$SD/.a-old" && mksvc a
ctl a
wait_pid 5000 "$aold" ; ok $? "a replaced directory: the old supervisor exits"
wait_for 5000 sh -c "p=\$(cat /proc/$SCANNER/task/$SCANNER/children) ; for c in \$p ; do tr '\\0' ' ' < /proc/\$c/cmdline ; echo ; done | grep -qx 'tend-supervise a '"
ok $? "a replaced directory: a new supervisor runs"
wait_for 5000 up1 a ; ok $? "a replaced directory: one instance of the new service"

# A second scanner on the same SCANDIR.
out=$("$BIN/tend-svscan" "$SD" 2>&1) ; rc=$?
is "$rc:$out" "3:tend-svscan $SD: fatal: another tend-svscan is running on $SD ($SD/.tend-svscan/lock is locked)" "a second scanner exits 3 with a clear message"

# Diverted signals: .tend-svscan/SIGUSR1 and .tend-svscan/SIGTERM run instead.
printf '#!/bin/sh\necho "usr1 $0 $PWD" >> %s\n' "$T/diverted" > "$SD/.tend-svscan/SIGUSR1"
printf '#!/bin/sh\necho term >> %s\n' "$T/diverted" > "$SD/.tend-svscan/SIGTERM"
chmod +x "$SD/.tend-svscan/SIGUSR1" "$SD/.tend-svscan/SIGTERM"
kill -USR1 "$SCANNER"
wait_for 3000 grep -q usr1 "$T/diverted" ; ok $? "SIGUSR1 runs .tend-svscan/SIGUSR1"
is "$(cat "$T/diverted")" "usr1 .tend-svscan/SIGUSR1 $SD" "the diverted handler runs in SCANDIR"
kill -TERM "$SCANNER"
wait_for 3000 grep -q term "$T/diverted" ; ok $? "a diverted SIGTERM runs .tend-svscan/SIGTERM"
sleep 0.3
kill -0 "$SCANNER" && up1 a ; ok $? "a diverted SIGTERM does not terminate"

# Terminate by control 't': everything goes down, then .tend-svscan/finish is exec'd.
printf '#!/bin/sh\necho "finish pid $$" > %s\n' "$T/finished" > "$SD/.tend-svscan/finish"
chmod +x "$SD/.tend-svscan/finish"
sups=$(cat /proc/$SCANNER/task/$SCANNER/children)
ctl t
wait_pid 10000 "$SCANNER" ; ok $? "control 't': the scanner terminates"
wait "$SCANNER" ; rc=$?
is "$rc" 0 "finish's exit code is the scanner's"
is "$(cat "$T/finished" 2>/dev/null)" "finish pid $SCANNER" "finish is exec'd by the scanner (same pid)"
n=0 ; for s in a d e f norun ; do n=$((n + $(instances $s))) ; done
is "$n" 0 "every service is down"
left= ; for p in $sups ; do kill -0 "$p" 2>/dev/null && left="$left $p" ; done
is "$left" "" "no supervisor is left"
done_testing
