#!/bin/bash
# tend-init: TEND_LOG_PREFIX=1: two chatty services without log/ get their lines on the
# container's stdout (a pipe here), prefixed with their names, whole lines only.
. "${0%/*}/init-lib.sh"
[ -x "$BIN/tend-logger" ] || skip_all "tend-logger is not built"
plan 5

N=3000
pad=$(printf '%0100d' 0)
for s in alpha beta ; do
  mksh "$E/services/$s/run" "i=0 ; while [ \$i -lt $N ] ; do echo \"$s-\$i-$pad\" ; i=\$((i+1)) ; done ; touch $T/$s.done ; exec sleep 100"
done
mksh "$E/services/quiet/run" "exec sleep 100"
mkdir -p "$E/services/own/log"
mksh "$E/services/own/run" "echo own-line ; exec sleep 100"
mksh "$E/services/own/log/run" "exec cat > $T/own.log"
in_ns -r "$R" env TEND_ETC="$E" TEND_RUN="$R" TEND_LOG_PREFIX=1 "$BIN/tend-init" sh -c "while [ ! -e $T/alpha.done ] || [ ! -e $T/beta.done ] ; do sleep 0.02 ; done" 2>"$T/err" | cat > "$T/out"
rc=${PIPESTATUS[0]}
is "$rc" 0 "boot with TEND_LOG_PREFIX=1"
is "$(grep -c "^alpha: alpha-[0-9]*-$pad\$" "$T/out") $(grep -c "^beta: beta-[0-9]*-$pad\$" "$T/out")" "$N $N" "every line of both services, prefixed with the service's name"
is "$(grep -v -c -E "^(alpha: alpha|beta: beta)-[0-9]+-$pad\$" "$T/out")" 0 "only whole, prefixed lines: nothing interleaved"
is "$(grep '^alpha: ' "$T/out" | sed 's/^alpha: alpha-\([0-9]*\)-.*/\1/' | awk 'NR-1 != $1 { bad++ } END { print bad+0 }')" 0 "each service's lines in order"
is "$(cat "$T/own.log" 2>/dev/null):$(grep -c own-line "$T/out")" "own-line:0" "a service with its own log/ keeps it"
done_testing
