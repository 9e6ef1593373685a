#!/bin/bash
# tend-logger to stdout and stderr (the container's log stream): prefixes, stamps,
# include/exclude selection per destination, files and stdout together, and whole lines
# never mixed when several loggers share one pipe.
. "${0%/*}/lib.sh"
require_bin tend-logger
L=$BIN/tend-logger
plan 18

out=$(printf 'GET / 200\nPOST /x 500\n' | "$L" 'pnginx: ' 1)
is "$out" "$(printf 'nginx: GET / 200\nnginx: POST /x 500')" "stdout with a prefix"
out=$(printf 'a\n' | "$L" 2 2>&1 >/dev/null)
is "$out" "a" "stderr"
out=$(printf 'a\n' | "$L" T 'pweb: ' 1)
like "$out" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}Z web: a$' "the stamp comes first, then the prefix"
out=$(printf 'a\n' | "$L" 'pweb: ' 1 1)
is "$out" "$(printf 'web: a\na')" "directives apply to the next destination only"

# --- selection -----------------------------------------------------------------------------
printf 'INFO start\nERROR disk\nDEBUG x\nERROR ignored: y\nINFO end\n' > "$T/in"
is "$("$L" +ERROR 1 < "$T/in" | tr '\n' '|')" "ERROR disk|ERROR ignored: y|" "+: only matching lines"
is "$("$L" -- -DEBUG 1 < "$T/in" | tr '\n' '|')" "INFO start|ERROR disk|ERROR ignored: y|INFO end|" "-: all but matching lines (after --: the script begins with -)"
out=$("$L" -DEBUG 1 < "$T/in" 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-logger: usage: " "without --, a leading -DEBUG is taken for options"
is "$("$L" +ERROR '-ignored' 1 < "$T/in" | tr '\n' '|')" "ERROR disk|" "the last matching directive wins"
is "$("$L" '+^INFO (start|end)$' 1 < "$T/in" | tr '\n' '|')" "INFO start|INFO end|" "POSIX extended regular expressions, anchors"
"$L" +ERROR "$T/err" -DEBUG 'pall: ' 1 < "$T/in" > "$T/out"
is "$(tr '\n' '|' < "$T/err/current")|$(tr '\n' '|' < "$T/out")" "ERROR disk|ERROR ignored: y||all: INFO start|all: ERROR disk|all: ERROR ignored: y|all: INFO end|" "each destination has its own selection"
{ printf 'ERROR ' ; head -c 20000 /dev/zero | tr '\0' x ; printf '\nINFO ' ; head -c 10000 /dev/zero | tr '\0' y ; printf ' ERROR\n' ; } | "$L" +ERROR 1 > "$T/long"
is "$(awk '{ printf "%d ", length($0) }' "$T/long")" "8192 8192 3622 " "a long line is selected as a whole, on its first piece"

# --- files and stdout together -------------------------------------------------------------
seq 1 50000 | "$L" t s100000 n100 "$T/both" 'pseq: ' 1 > "$T/both.out"
cat "$T/both"/@*.s "$T/both/current" | cut -d' ' -f2- | cmp -s - <(seq 1 50000) ; ok $? "both: the directory has every line"
cmp -s "$T/both.out" <(seq 1 50000 | sed 's/^/seq: /') ; ok $? "both: stdout has every line, prefixed"

# --- several loggers on one pipe -----------------------------------------------------------
# Lines of 1 to 1000 bytes: each logger writes whole lines in writes of at most PIPE_BUF.
awk 'BEGIN { for (i = 1 ; i <= 20000 ; i++) { printf "L%d ", i ; for (j = 0 ; j < (i * 7919) % 1000 ; j++) printf "x" ; printf "\n" } }' > "$T/lines"
{
  for k in 1 2 3 4 ; do "$L" "p$k: " 1 < "$T/lines" & done
  wait
} | cat > "$T/mixed"
is "$(wc -l < "$T/mixed")" 80000 "four loggers on one pipe: every line"
bad=$(grep -cvE '^[1-4]: L[0-9]+ x*$' "$T/mixed")
is "$bad" 0 "no line mixed with another"
same=1 ; for k in 1 2 3 4 ; do grep "^$k: " "$T/mixed" | cut -d' ' -f2- | cmp -s - "$T/lines" || same=0 ; done
is "$same" 1 "each logger's lines whole and in order"

# A non-blocking output (EAGAIN) is waited on, nothing lost, no warning.
if command -v python3 >/dev/null 2>&1 ; then
  seq 1 200000 > "$T/nb.in"
  python3 - "$L" "$T/nb.in" "$T/nb.out" "$T/nb.err" <<'EOP'
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
with open(sys.argv[2], 'rb') as i, open(sys.argv[4], 'wb') as e:
    p = subprocess.Popen([sys.argv[1], '1'], stdin=i, stdout=w, stderr=e)
    os.close(w)
    time.sleep(0.3)
    with open(sys.argv[3], 'wb') as o:
        while True:
            b = os.read(r, 65536)
            if not b: break
            o.write(b)
    p.wait(timeout=10)
EOP
  is "$(cmp -s "$T/nb.in" "$T/nb.out" && echo same):$(cat "$T/nb.err")" "same:" "a non-blocking stdout: every line, no message"
else
  skip "needs python3"
fi

out=$(echo x | "$L" 1 2>&1 >&-) ; rc=$?
is "$rc:$out" "111:tend-logger: fatal: unable to use stdout: Bad file descriptor" "a closed stdout is refused at start"

done_testing
