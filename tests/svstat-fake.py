#!/usr/bin/env python3
# A fake tend supervisor for tend-svc's and tend-svstat's tests: it writes
# DIR/supervise/status (libtend/status.h layout) and holds DIR/supervise/lock like
# tend-supervise, so outputs can be checked exactly, independently of the real supervisor.
# Usage: svstat-fake.py DIR KEY=VALUE...
# Keys: state (0 down, 1 up, 2 finish, 3 stopping), pid, flags, age (s since the change),
#   readyage, lastexit, lastsig, tally, finishpid; lock=0: write the status and exit;
#   serve=1: also create event/ and the control FIFO, append every byte received to
#   DIR/got, and act: 'u' -> up (pid 4242, after delay ms) + event u; 'd' -> down + events d D;
#   'x' -> event x and exit. scan=1: DIR is a scan directory: only .tend-svscan/control
#   (bytes appended to DIR/got), no status.
# Creates DIR/supervise/.ready (or DIR/.tend-svscan/.ready) once it is in place.
import errno, fcntl, os, struct, sys, time

d = sys.argv[1]
kv = dict(a.split('=', 1) for a in sys.argv[2:])
g = lambda k, v=0: int(kv.get(k, v))
TAI = (1 << 62) + 10  # on-disk stamps: daemontools/runit label time (libtend/status.h)

def stamp(t):
    return struct.pack('>QI', TAI + int(t), int((t - int(t)) * 1e9))

def status(state, pid, flags, age=0, readyage=0, lastexit=0, lastsig=0, tally=0, finishpid=0):
    now = time.time()
    runit = 1 if state in (1, 3) else (2 if state == 2 else 0)
    rec = stamp(now - age) + struct.pack('<I', pid)
    rec += bytes([1 if flags & 4 else 0, ord('u') if flags & 1 else ord('d'), 0, runit])
    rec += b'tend' + bytes([1, state]) + struct.pack('>H', flags) + stamp(now - readyage)
    rec += struct.pack('>IQHBBHIH', pid, 12345 + pid, lastexit, lastsig, 0, tally, finishpid, 0)
    assert len(rec) == 64
    with open(d + '/supervise/status.new', 'wb') as f:
        f.write(rec)
    os.rename(d + '/supervise/status.new', d + '/supervise/status')

def notify(c):
    ev = d + '/event'
    for name in os.listdir(ev):
        if name.startswith('.'):
            continue
        try:
            fd = os.open(ev + '/' + name, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno == errno.ENXIO:
                os.unlink(ev + '/' + name)
            continue
        os.write(fd, c.encode())
        os.close(fd)

def control(path):
    if not os.path.exists(path):
        os.mkfifo(path, 0o600)
    return os.open(path, os.O_RDWR)

if g('scan'):
    os.makedirs(d + '/.tend-svscan', exist_ok=True)
    lfd = os.open(d + '/.tend-svscan/lock', os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.lockf(lfd, fcntl.LOCK_EX)
    cfd = control(d + '/.tend-svscan/control')
    open(d + '/.tend-svscan/.ready', 'w').close()
    while True:
        with open(d + '/got', 'ab') as f:
            f.write(os.read(cfd, 64))
os.makedirs(d + '/supervise', exist_ok=True)
flags = g('flags')
status(g('state'), g('pid'), flags, g('age'), g('readyage'), g('lastexit'), g('lastsig'), g('tally'), g('finishpid'))
if g('lock', 1):
    lfd = os.open(d + '/supervise/lock', os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.lockf(lfd, fcntl.LOCK_EX)
if g('serve'):
    os.makedirs(d + '/event', exist_ok=True)
    os.chmod(d + '/event', 0o3730)
    cfd = control(d + '/supervise/control')
open(d + '/supervise/.ready', 'w').close()
if not g('lock', 1):
    sys.exit(0)
if not g('serve'):
    time.sleep(3600)
    sys.exit(0)
while True:
    data = os.read(cfd, 64)
    with open(d + '/got', 'ab') as f:
        f.write(data)
    for c in data.decode():
        if c == 'u':
            time.sleep(g('delay') / 1000)
            flags |= 1
            status(1, 4242, flags)
            notify('u')
        elif c == 'd':
            flags &= ~1
            status(0, 0, flags)
            notify('d')
            notify('D')
        elif c == 'x':
            notify('x')
            sys.exit(0)
