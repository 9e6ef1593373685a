#!/bin/bash
# tend-setuidgid: names, user:group, uid:gid, fallbacks, exact supplementary groups,
# -e, unknown accounts, malformed accounts, exec failures, non-root callers; no capability
# passes the switch (inheritable, ambient, bounding sets), -b, -n; root's session keyring stays behind.
# The user database is private: /etc/passwd and /etc/group are bind-mounted copies inside a
# mount namespace (as), so nothing on the machine is modified.
. "${0%/*}/lib.sh"
require_root
require_cmd unshare setpriv
require_bin tend-setuidgid
plan 50

SG=$BIN/tend-setuidgid
cp /etc/passwd "$T/passwd" && cp /etc/group "$T/group" || bail "cannot copy the user database"
cat >> "$T/passwd" <<'EOP'
tsguser:x:4242:4242:tend test:/home/tsguser:/bin/sh
tsgother:x:4243:4243:tend test 2:/nonexistent:/bin/sh
EOP
cat >> "$T/group" <<'EOP'
tsguser:x:4242:
tsgother:x:4243:
tsga:x:4301:tsguser
tsgb:x:4302:tsgother,tsguser
tsgc:x:4303:tsgother
EOP
# as CMD...: run CMD with the private user database.
as () {
  unshare --mount --propagation private sh -c 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group || exit 99 ; shift 2 ; exec "$@"' as "$T/passwd" "$T/group" "$@"
}
chmod 0755 "$T"  # the switched processes must reach files in it
# ids: prints the ids of its own process in one line
cat > "$T/ids" <<'EOP'
#!/bin/sh
grep -E '^(Uid|Gid|Groups):' /proc/self/status | tr -s ' \t' ' ' | sed 's/ $//' | tr '\n' '|'
EOP
chmod 0755 "$T/ids"

out=$(as "$SG" tsguser "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4242 4242 4242 4242|Groups: 4242 4301 4302|" "user: uid, primary gid, exactly the user's groups"

out=$(as "$SG" tsguser:tsgc "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4303 4303 4303 4303|Groups: 4301 4302 4303|" "user:group: that gid, the user's memberships plus the group"

out=$(as "$SG" tsguser:4400 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4400 4400 4400 4400|Groups: 4301 4302 4400|" "user:gid with a numeric group"

out=$("$SG" 4242:4303 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4303 4303 4303 4303|Groups:|" "uid:gid: no lookup, supplementary groups cleared"

out=$(as "$SG" 5000:tsgb "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 5000 5000 5000 5000|Gid: 4302 4302 4302 4302|Groups:|" "uid:group: group looked up, no supplementary groups"

out=$(as "$SG" tsg-nosuch,4500:4501 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4500 4500 4500 4500|Gid: 4501 4501 4501 4501|Groups:|" "unknown user with a fallback: the fallback ids, no groups"

out=$(as "$SG" tsguser,4500:4501 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4242 4242 4242 4242|Groups: 4242 4301 4302|" "known user with a fallback: the database wins"

out=$(as "$SG" tsguser:tsg-nogroup,4500:4501 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4500 4500 4500 4500|Gid: 4501 4501 4501 4501|Groups:|" "unknown group with a fallback: the fallback ids"

out=$("$SG" 0:0 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 0 0 0 0|Gid: 0 0 0 0|Groups:|" "0:0 as root: allowed, groups cleared"

# capabilities are gone after a switch away from root
out=$("$SG" 4242:4242 grep -E '^Cap(Prm|Eff|Amb):' /proc/self/status | tr -s ' \t' ' ' | tr '\n' '|')
is "$out" "CapPrm: 0000000000000000|CapEff: 0000000000000000|CapAmb: 0000000000000000|" "no capability left after the switch"

# Nothing given away through exec: a root caller whose inheritable set holds CAP_SYS_ADMIN
# (setpriv --inh-caps) runs a copy of grep with file capabilities "cap_sys_admin+ei" as a
# throwaway uid. The kernel gives such a file (inheritable & file inheritable): every set
# must be empty, the bounding set too.
caps () { tr -s ' \t' ' ' | tr '\n' '|' ; }
capre='^(Cap(Inh|Prm|Eff|Amb|Bnd)|NoNewPrivs):'
cp "$(command -v grep)" "$T/capgrep" && chmod 0755 "$T/capgrep"
if command -v setcap >/dev/null 2>&1 && setcap cap_sys_admin+ei "$T/capgrep" 2>/dev/null ; then
  out=$(setpriv --inh-caps +sys_admin "$SG" 4242:4242 "$T/capgrep" -E "$capre" /proc/self/status 2>&1 | caps)
  is "$out" "CapInh: 0000000000000000|CapPrm: 0000000000000000|CapEff: 0000000000000000|CapBnd: 0000000000000000|CapAmb: 0000000000000000|NoNewPrivs: 0|" \
     "file capabilities +ei after the switch: no inheritable, permitted, effective, ambient or bounding capability"
  bnd=$(grep '^CapBnd:' /proc/self/status | caps)
  out=$(setpriv --inh-caps +sys_admin "$SG" -b 4242:4242 "$T/capgrep" -E "$capre" /proc/self/status 2>&1 | caps)
  is "$out" "CapInh: 0000000000000000|CapPrm: 0000000000000000|CapEff: 0000000000000000|${bnd}CapAmb: 0000000000000000|NoNewPrivs: 0|" \
     "-b: the bounding set is kept, the rest is still empty"
else
  skip "setcap unavailable or refused on $T" 2
fi
out=$("$SG" -n 4242:4242 grep -E "$capre" /proc/self/status | caps)
like "$out" "NoNewPrivs: 1\|\$" "-n: no_new_privs set"
out=$("$SG" 0:0 grep -E '^(CapEff|NoNewPrivs):' /proc/self/status | caps)
is "$out" "$(grep -E '^(CapEff|NoNewPrivs):' /proc/self/status | caps)" "a uid 0 target stays root: capabilities and no_new_privs as they were"
# a non-root caller already that account, holding ambient capabilities: they go
out=$(setpriv --reuid=4242 --regid=4242 --clear-groups --inh-caps +sys_admin --ambient-caps +sys_admin \
      "$SG" 4242:4242 grep -E '^Cap(Inh|Prm|Eff|Amb):' /proc/self/status 2>&1 | caps) ; 
is "$out" "CapInh: 0000000000000000|CapPrm: 0000000000000000|CapEff: 0000000000000000|CapAmb: 0000000000000000|" \
   "non-root caller with ambient capabilities: all cleared"
# -n makes a set-user-id program powerless: a setuid-root copy of id runs with our uid
cp "$(command -v id)" "$T/suid-id" && chown 0:0 "$T/suid-id" && chmod 4755 "$T/suid-id"
out=$("$SG" 4242:4242 "$T/suid-id" -u 2>&1)
is "$out" "0" "without -n a setuid-root program still becomes root (documented)"
out=$("$SG" -n 4242:4242 "$T/suid-id" -u 2>&1)
is "$out" "4242" "-n: a setuid-root program does not become root"
out=$("$SG" -n -e -b 4242:4242 true 2>&1) ; rc=$?
is "$rc:$out" "0:" "-n -e -b together"

# Root's session keyring stays behind: a key root added to it is not readable after the switch
# (every process attached to a keyring "possesses" its keys, whatever its uid).
cat > "$T/keys.py" <<'EOP'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
SYS_add_key, SYS_keyctl = 248, 250   # x86_64
if sys.argv[1] == 'root':
    libc.syscall(SYS_keyctl, 1, None)  # KEYCTL_JOIN_SESSION_KEYRING: a fresh one for this test
    kid = libc.syscall(SYS_add_key, b"user", b"tend-test", b"hunter2", 7, -3)  # into KEY_SPEC_SESSION_KEYRING
    if kid < 0: print("no keyctl:", os.strerror(ctypes.get_errno())) ; sys.exit(0)
    os.execv(sys.argv[2], [sys.argv[2], "4242:4242", sys.executable, sys.argv[0], "child", str(kid)])
buf = ctypes.create_string_buffer(64)
n = libc.syscall(SYS_keyctl, 11, int(sys.argv[2]), buf, 64)  # KEYCTL_READ
print(buf.raw[:n].decode() if n >= 0 else "refused")
EOP
chmod 0644 "$T/keys.py"
if [ "$(uname -m)" = x86_64 ] && [ -x /usr/bin/python3 ] ; then
  out=$(/usr/bin/python3 "$T/keys.py" root "$SG" 2>&1)
  case $out in "no keyctl:"*) skip "$out" ;; *) is "$out" "refused" "a key in root's session keyring is not readable after the switch" ;; esac
else
  skip "needs x86_64 and python3"
fi

# -e
out=$(as env -i PATH="$PATH" HOME=/root USER=root LOGNAME=root FOO=bar "$SG" -e tsguser env | sort | tr '\n' ' ')
is "$out" "FOO=bar HOME=/home/tsguser LOGNAME=tsguser PATH=$PATH USER=tsguser " "-e: HOME, USER, LOGNAME from the database, the rest kept"
out=$(env -i PATH="$PATH" HOME=/root "$SG" -e 4242:4243 env | sort | tr '\n' ' ')
is "$out" "HOME=/ LOGNAME=4242 PATH=$PATH USER=4242 " "-e with numbers: HOME=/ and the uid as the name"
out=$(env -i PATH="$PATH" HOME=/root USER=root "$SG" 4242:4243 env | sort | tr '\n' ' ')
is "$out" "HOME=/root PATH=$PATH USER=root " "without -e the environment is untouched"

# arguments are passed as they are, PATH is searched
out=$("$SG" 4242:4242 printf '[%s]' 'a b' '' '-e' 2>&1) ; rc=$?
is "$rc:$out" "0:[a b][][-e]" "PROG's arguments passed verbatim"

# unknown accounts: exit 2
out=$(as "$SG" tsg-nosuch true 2>&1) ; rc=$?
is "$rc:$out" "2:tend-setuidgid: fatal: unknown user: tsg-nosuch" "unknown user: exit 2, named"
out=$(as "$SG" tsguser:tsg-nogroup true 2>&1) ; rc=$?
is "$rc:$out" "2:tend-setuidgid: fatal: unknown group: tsg-nogroup" "unknown group: exit 2, named"
out=$(as "$SG" 4242:tsg-nogroup true 2>&1) ; rc=$?
is "$rc:$out" "2:tend-setuidgid: fatal: unknown group: tsg-nogroup" "uid:unknown group: exit 2"

# malformed accounts and usage: exit 100
for a in 4242 4242: :4242 a:b:c 'a b' 4294967295:0 'x,1' '4242:4242,1:2' '' ; do
  out=$("$SG" "$a" true 2>&1) ; rc=$?
  like "$rc:$out" "^100:tend-setuidgid: fatal: malformed account .*: $a\$" "malformed account '$a': exit 100"
done
out=$("$SG" tsguser 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-setuidgid: usage: tend-setuidgid \[ -e \] \[ -n \] \[ -b \] ACCOUNT PROG" "no PROG: usage, exit 100"
out=$("$SG" -x 0:0 true 2>&1) ; rc=$?
like "$rc:$out" "^100:tend-setuidgid: usage:" "unknown option: usage, exit 100"

# exec failures
out=$("$SG" 4242:4242 "$T/nonexistent" 2>&1) ; rc=$?
is "$rc:$out" "127:tend-setuidgid: fatal: unable to exec $T/nonexistent: No such file or directory" "PROG not found: 127"
printf '#!/bin/sh\n' > "$T/noexec" ; chmod 0644 "$T/noexec"
out=$("$SG" 4242:4242 "$T/noexec" 2>&1) ; rc=$?
is "$rc:$out" "126:tend-setuidgid: fatal: unable to exec $T/noexec: Permission denied" "PROG not executable: 126"
# a file only root can run: proves the exec happens after the switch
printf '#!/bin/sh\necho ran\n' > "$T/rootonly" ; chmod 0700 "$T/rootonly"
out=$("$SG" 4242:4242 "$T/rootonly" 2>&1) ; rc=$?
is "$rc:$out" "126:tend-setuidgid: fatal: unable to exec $T/rootonly: Permission denied" "PROG is executed with the new ids"

# non-root callers
out=$(as setpriv --reuid=4242 --regid=4242 --init-groups "$SG" tsguser "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4242 4242 4242 4242|Groups: 4242 4301 4302|" "non-root caller, own account by name: no-op"
out=$(setpriv --reuid=4242 --regid=4243 --clear-groups "$SG" 4242:4243 "$T/ids" 2>&1) ; rc=$?
is "$rc:$out" "0:Uid: 4242 4242 4242 4242|Gid: 4243 4243 4243 4243|Groups:|" "non-root caller, own uid:gid: no-op"
out=$(setpriv --reuid=4242 --regid=4242 --clear-groups "$SG" 4243:4243 true 2>&1) ; rc=$?
is "$rc:$out" "111:tend-setuidgid: fatal: unable to switch to uid 4243 gid 4243: not running as root, and not already exactly that account and its groups" "non-root caller, another uid: fails clearly"
out=$(setpriv --reuid=4242 --regid=4242 --clear-groups "$SG" 4242:4243 true 2>&1) ; rc=$?
like "$rc:$out" "^111:.*unable to switch to uid 4242 gid 4243" "non-root caller, own uid but another gid: fails"
out=$(as setpriv --reuid=4242 --regid=4242 --clear-groups "$SG" tsguser true 2>&1) ; rc=$?
like "$rc:$out" "^111:.*unable to switch to uid 4242 gid 4242" "non-root caller, own ids but not the user's groups: fails"
out=$(setpriv --reuid=4242 --regid=4242 --clear-groups "$SG" 0:0 true 2>&1) ; rc=$?
like "$rc:$out" "^111:.*unable to switch to uid 0 gid 0" "non-root caller asking for root: fails"

# No partial privilege: in a user namespace whose maps make one step fail, the step is
# named, the program dies, and PROG never runs. Maps are written from outside (we are root).
# partial UIDMAP GIDMAP SETGROUPS: prints "rc:message", and whether PROG ran.
partial () {
  mkdir -p "$T/w" ; chmod 1777 "$T/w" ; rm -f "$T/w/ran" "$T/go" ; mkfifo "$T/go"
  unshare --user sh -c 'read x < "$1" ; shift ; exec "$@"' sh "$T/go" "$SG" 4242:4242 touch "$T/w/ran" 2>"$T/err" &
  local pid=$!
  wait_for 2000 sh -c "[ \"\$(readlink /proc/$pid/ns/user)\" != \"\$(readlink /proc/self/ns/user)\" ]" || { echo "no userns" ; return ; }
  [ "$3" = deny ] && echo deny > /proc/$pid/setgroups
  echo "$1" > /proc/$pid/uid_map ; echo "$2" > /proc/$pid/gid_map
  echo > "$T/go"
  wait $pid ; local rc=$?
  echo "$rc:$(cat "$T/err"):$([ -e "$T/w/ran" ] && echo ran || echo notrun)"
}
out=$(partial "0 0 4294967295" "0 0 4294967295" allow)
is "$out" "0::ran" "user namespace with full maps: the switch works (control)"
out=$(partial "0 0 4000" "0 0 4294967295" allow)
is "$out" "111:tend-setuidgid: fatal: unable to set uid: Invalid argument:notrun" "setuid fails after groups and gid changed: dies, PROG not run"
out=$(partial "0 0 4294967295" "0 0 4000" allow)
is "$out" "111:tend-setuidgid: fatal: unable to set gid: Invalid argument:notrun" "setgid fails: dies, PROG not run"
out=$(partial "0 0 4294967295" "0 0 4294967295" deny)
is "$out" "111:tend-setuidgid: fatal: unable to set supplementary groups: Operation not permitted:notrun" "setgroups fails: dies, PROG not run"
done_testing
