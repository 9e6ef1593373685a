#!/bin/bash
# Bad input, service-directory value files: one service per malformed case, all under one
# scanner next to a good service. Each row: the warning names the file and shows the value
# (escaped/truncated), the service still runs with the default, and the good service's
# supervisor and run are undisturbed; the scanner keeps running. Includes a FIFO planted as
# a value file (it used to block the supervisor forever in open()).
. "${0%/*}/lib.sh"
. "${0%/*}/supervise-lib.sh"
. "${0%/*}/svscan-lib.sh"
require_cmd unshare nsenter

# service | file | contents (printf format, or @FIFO@ @DIR@ @ZERO@ @HUGE@) | warning (regex)
cases=$(cat <<'EOT'
empty|timeout-kill||bad value in timeout-kill: "" \(using 5000\)
binary|timeout-finish|\x01\xfe\xff|bad value in timeout-finish: "\\x01\\xfe\\xff" \(using 5000\)
nul|max-death-tally|1\0002|bad value in max-death-tally: "1\\x002" \(using 0\)
negative|timeout-kill|-5|bad value in timeout-kill: "-5" \(using 5000\)
overlong|timeout-finish|99999999999999999999|bad value in timeout-finish: "99999999999999999999" \(using 5000\)
toobig|max-death-tally|65536|bad value in max-death-tally: "65536" \(using 0\)
unknownsig|down-signal|SIGFOO|bad value in down-signal: "SIGFOO" \(using SIGTERM\)
stopsig|down-signal|STOP|bad value in down-signal: "STOP" \(using SIGTERM\)
sig0|down-signal|0|bad value in down-signal: "0" \(using SIGTERM\)
fdstd|notification-fd|1|bad value in notification-fd: "1" \(using none\)
fdhigh|notification-fd|1024|bad value in notification-fd: "1024" \(using none\)
huge|timeout-kill|@HUGE@|bad value in timeout-kill: "1111111111.*\.\.\." \(using 5000\)
zero|timeout-finish|@ZERO@|bad value in timeout-finish: "\\x00\\x00.*\.\.\." \(using 5000\)
dir|down-signal|@DIR@|unable to read down-signal \(using the default\): Is a directory
fifo|timeout-kill|@FIFO@|bad value in timeout-kill: "" \(using 5000\)
EOT
)
n=$(printf '%s\n' "$cases" | wc -l)
plan $((n * 3 + 6))

mksvc good
while IFS='|' read -r name file content re ; do
  mksvc "$name"
  case "$content" in
    @FIFO@) mkfifo "$SD/$name/$file" ;;
    @DIR@) mkdir "$SD/$name/$file" ;;
    @ZERO@) ln -s /dev/zero "$SD/$name/$file" ;;
    @HUGE@) head -c 1048576 /dev/zero | tr '\0' 1 > "$SD/$name/$file" ;;
    *) printf -- "$content" > "$SD/$name/$file" ;;
  esac
done <<< "$cases"
# No trailing newline, surrounding blanks: fine, no warning.
mksvc nonl ; printf 3000 > "$SD/nonl/timeout-kill" ; printf ' \n KILL \n\n' > "$SD/nonl/down-signal"

ns_reaper
nsenter -t "$NS1" -p -m "$BIN/tend-svscan" "$SD" 2>>"$T/err" &
ns=$! ; track $ns ; disown $ns
wait_for 5000 sh -c "[ -n \"\$(cat /proc/$ns/task/$ns/children 2>/dev/null)\" ]"
SCANNER=$(cat /proc/$ns/task/$ns/children) ; SCANNER=${SCANNER%% *}
wait_for 15000 up1 good ; ok $? "the good service is up"
gsup=$(sup_pid good) ; gpid=$(st_pid "$SD/good")

while IFS='|' read -r name file content re ; do
  wait_for 15000 up1 "$name" ; ok $? "$name ($file): the service still runs"
  wait_for 5000 grep -q "tend-supervise $name: warning: .*$file" "$T/err"
  like "$(grep "tend-supervise $name: " "$T/err")" "^tend-supervise $name: warning: $re" "$name ($file): the warning names the file and shows the value"
  is "$(grep -c "tend-supervise $name: " "$T/err")" 1 "$name ($file): warned once"
done <<< "$cases"
wait_for 15000 up1 nonl ; ok $? "no trailing newline, blank lines around: the service runs"
unlike "$(cat "$T/err")" "supervise nonl:" "no trailing newline, blank lines around: no warning"
# The FIFO case still obeys commands: d takes it down (the supervisor is not blocked).
printf d > "$SD/fifo/supervise/control"
wait_for 15000 down0 fifo ; ok $? "fifo: the supervisor obeys d (not blocked on its FIFO value file)"
is "$(sup_pid good) $(st_pid "$SD/good") $(instances good)" "$gsup $gpid 1" "the good service: same supervisor, same run, one instance"
kill -0 "$SCANNER" ; ok $? "the scanner is still running"
done_testing
