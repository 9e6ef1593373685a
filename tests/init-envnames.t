#!/bin/bash
# tend-init: a variable whose name cannot be a file of the envdir (over 255 bytes) is
# dropped from every program's environment, with one warning naming it (shortened) and
# where it comes from: the services, the CMD, the init and the finalize scripts see the same
# set. tend-check reports it too.
. "${0%/*}/init-lib.sh"
require_bin tend-check
plan 7

lf=$(printf 'F%.0s' $(seq 300))   # from an env file
lc=$(printf 'C%.0s' $(seq 300))   # from the container's environment
printf '%s=file\nSHORTF=1\n' "$lf" > "$E/envs/10-app"
# what a program sees: the long names and the short markers
see='env | sed -n "s/=.*//p" | grep -E "^(FFFF|CCCC|SHORTF|SHORTC)" | sed "s/^\(....\).*/\1/" | sort | tr "\n" " "'
mksh "$E/services/a/run" "$see > $T/svc.tmp ; mv $T/svc.tmp $T/svc ; exec sleep 100"
mksh "$E/init/10-see" "$see > $T/init"
mksh "$E/finalize/10-see" "$see > $T/fin"
mksh "$T/cmd" "i=0 ; while [ ! -e $T/svc ] && [ \$i -lt 200 ] ; do sleep 0.05 ; i=\$((i+1)) ; done ; $see > $T/cmd.out"

boot "$lc=container" SHORTC=1 -- "$T/cmd"
is "$rc" 0 "the boot runs"
is "$(cat "$T/svc" 2>/dev/null)" "SHOR SHOR " "the service does not see the long names"
is "$(cat "$T/cmd.out" 2>/dev/null)|$(cat "$T/init" 2>/dev/null)|$(cat "$T/fin" 2>/dev/null)" "SHOR SHOR |SHOR SHOR |SHOR SHOR " "the CMD, the init and the finalize scripts see the same set"
like "$(cat "$T/err")" "tend-init: warning: $E/envs/10-app: FFFFF+\.\.\.: name unusable as a file name of the envdir" "one warning names the file's variable (shortened)"
like "$(cat "$T/err")" "tend-init: warning: the container's environment: CCCCC+\.\.\.: name unusable" "one warning names the container's variable"
is "$(grep -c 'name unusable' "$T/err")" 2 "one warning each"

out=$(env TEND_ETC="$E" TEND_RUN="$R" "$BIN/tend-check" 2>&1)
like "$out" "$E/envs/10-app: FFFFF+\.\.\.: name unusable" "tend-check reports it"
