#!/bin/bash
# tend-init stage 1: each service directory is copied to the scan directory in one pass:
# modes, owners, symlinks, FIFOs, nested directories and dot files kept; supervise/ and
# event/ of a service and of its log/ left out; a symlinked service directory followed; a
# plain file ignored with a warning. An init script (stage 2, before any service starts)
# lists the copy.
. "${0%/*}/init-lib.sh"
require_root
plan 6

S=$E/services
mksh "$S/a/run" 'exec sleep 100'
printf 'data\n' > "$S/a/data" ; chmod 0640 "$S/a/data" ; chown 1000:1001 "$S/a/data"
printf x > "$S/a/suid" ; chown 1000:1000 "$S/a/suid" ; chmod 4755 "$S/a/suid"
: > "$S/a/.hidden" ; chmod 0600 "$S/a/.hidden"
mkdir -p "$S/a/conf/deep" ; chmod 0750 "$S/a/conf" ; chown 1002:1002 "$S/a/conf"
printf 'deep\n' > "$S/a/conf/deep/f" ; chmod 0604 "$S/a/conf/deep/f"
ln -s run "$S/a/link" ; chown -h 1003:1003 "$S/a/link"
mkfifo -m 0620 "$S/a/fifo"
mkdir -p "$S/a/supervise" "$S/a/event" ; : > "$S/a/supervise/status"
mksh "$S/a/log/run" 'exec cat'
mkdir -p "$S/a/log/supervise" "$S/a/log/event" "$S/a/log/keep"
mkdir -p "$T/elsewhere/b" ; mksh "$T/elsewhere/b/run" 'exec sleep 100' ; chmod 0701 "$T/elsewhere/b"
ln -s "$T/elsewhere/b" "$S/b"
: > "$S/plain"
mksh "$E/init/10-list" "cd $R/services && find . -path ./.tend-svscan -prune -o -print | LC_ALL=C sort | while read -r f ; do stat -c '%n %a %u:%g %F' \"\$f\" ; done > $T/list ; readlink a/link > $T/link ; cat a/conf/deep/f a/data > $T/content"

boot TEND_LOG_PREFIX=1 -- true
is "$rc" 0 "boots"
is "$(cat "$T/list")" ". 755 0:0 directory
./a 755 0:0 directory
./a/.hidden 600 0:0 regular empty file
./a/conf 750 1002:1002 directory
./a/conf/deep 755 0:0 directory
./a/conf/deep/f 604 0:0 regular file
./a/data 640 1000:1001 regular file
./a/fifo 620 0:0 fifo
./a/link 777 1003:1003 symbolic link
./a/log 755 0:0 directory
./a/log/keep 755 0:0 directory
./a/log/run 755 0:0 regular file
./a/run 755 0:0 regular file
./a/suid 4755 1000:1000 regular file
./b 701 0:0 directory
./b/log 755 0:0 directory
./b/log/run 755 0:0 regular file
./b/run 755 0:0 regular file" "the copy: modes, owners, types; no supervise/ nor event/; b followed; b gets a prefix logger"
is "$(cat "$T/link")" "run" "a symlink is copied as a symlink"
is "$(cat "$T/content")" "deep
data" "contents copied"
like "$(cat "$T/err")" "tend-init: warning: ignoring $S/plain: not a directory" "a plain file in services/ is ignored, with a warning"
ok "$([ -e "$S/a/supervise/status" ] && [ -d "$S/a/log/supervise" ] ; echo $?)" "the image's own supervise/ is left alone"
