#!/bin/bash
# Fault injection, stop under load: tend-init as pid 1 (pid namespace) with 200 services
# (60 under ASan) that keep writing numbered lines to their own tend-logger, one in ten
# ignoring SIGTERM (timeout-kill 1000). SIGTERM to pid 1: the container is down within the
# configured grace times (measured), and every log holds an unbroken sequence 1..k — every
# line a service wrote reached its log — ending with the "end" line of the services that
# stop on SIGTERM.
. "${0%/*}/init-lib.sh"
require_root
require_bin tend-logger
N=200
grep -q '^SANITIZE := true' "$TOP/config.mak" 2>/dev/null && N=60
plan 6

mkdir -p "$T/logs"
for i in $(seq 1 $N) ; do
  d=$E/services/b$i
  if [ $((i % 10)) = 0 ] ; then
    trap="trap '' TERM"
  else
    trap="trap 'echo end ; exit 0' TERM"
  fi
  mkdir -p "$d/log"
  # The pause is bash's read -t on a FIFO opened read+write (never readable, never EOF):
  # no fork per line, so 200 writers cost little CPU.
  mkfifo "$d/pause"
  printf '#!/bin/bash\n%s\nexec 9<>pause\nn=0\nwhile : ; do n=$((n+1)) ; echo $n ; read -t 0.1 -u 9 ; done\n' "$trap" > "$d/run"
  chmod 755 "$d/run"
  echo 1000 > "$d/timeout-kill"
  printf '#!/bin/sh\nexec tend-logger %s/logs/b%s\n' "$T" "$i" > "$d/log/run"
  chmod 755 "$d/log/run"
done
t0=$(now_ms)
boot_bg TEND_SERVICES_GRACETIME=10000 TEND_KILL_GRACETIME=3000 -- || bail "no pid 1"
wait_for 60000 sh -c "[ \$(ls $T/logs/*/current 2>/dev/null | wc -l) -eq $N ] && for f in $T/logs/*/current ; do [ -s \$f ] || exit 1 ; done"
ok $? "$N services logging ($(( $(now_ms) - t0 )) ms)"
sleep 1
t0=$(now_ms)
kill -TERM "$init"
wait_rc
el=$(( $(now_ms) - t0 ))
is "$rc" 0 "SIGTERM: the container exits 0"
# timeout-kill 1000 for the obstinate ones, within TEND_SERVICES_GRACETIME 10000; + margin.
[ "$el" -lt 15000 ] ; ok $? "down in $el ms (timeout-kill 1000, services grace 10000; limit 15000)"
bad= ends=0
for i in $(seq 1 $N) ; do
  f=$T/logs/b$i/current
  if ! awk -v want=$((i % 10 != 0)) '
      $0 == "end" { e = 1 ; next }
      e || $0 != NR { exit 1 }          # numbers 1..k in order, nothing after "end"
      END { if (want && !e) exit 1 }' "$f" ; then bad="$bad b$i" ; fi
  grep -qx end "$f" && ends=$((ends + 1))
done
is "$bad" "" "every log: an unbroken sequence 1..k, no line lost or duplicated, nothing after end"
is "$ends" $((N - N / 10)) "the $((N - N / 10)) services that stop on SIGTERM: their last line (end) is in their log"
unlike "$(cat "$T/err")" "AddressSanitizer|runtime error|Segmentation" "no crash or sanitizer report"
done_testing
