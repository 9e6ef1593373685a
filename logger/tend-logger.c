/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <poll.h>

#include <skalibs/types.h>
#include <skalibs/alloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/iopause.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sgetopt.h>
#include <skalibs/sig.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>

#include "logline.h"
#include "sys.h"
#include "stdopts.h"

#define USAGE "tend-logger [ -l linemax ] [ -r retry ] script..."
#define dieusage() strerr_dieusage(100, USAGE)

#define LINEMAX_DEFAULT 8192     /* bytes per line piece */
#define LINEMAX_MAX 1048576
#define RETRY_DEFAULT 1000       /* ms between retries of a failed write */
#define STOP_GRACE 1000          /* ms, after SIGTERM, to read the rest of a partial line */
#define SIZE_DEFAULT 1048576     /* bytes of current before rotation */
#define KEEP_DEFAULT 10          /* archives kept */
#define IBUF_SIZE 262144         /* bytes read at most per read() */
#define OBUF_SIZE 262144         /* bytes of formatted lines per destination */
#define STAMP_MAX 32             /* "2026-11-25T13:31:40.123456789Z " is 31 */
#define ARCHIVE_LEN 27           /* "@" 24 hex ".s" */
#define WRITEBACK_CHUNK 1048576  /* bytes of current handed to the disk early */
#define PIPE_SLACK 4096          /* bytes of a pipe's first page that may be already consumed */
#define MODE_DIR 0755
#define MODE_FILE 0644           /* current and archives */
#define MODE_LOCK 0600           /* nobody else can open it, so nobody else can lock it */

enum stamp_e { STAMP_NONE, STAMP_TAI64N, STAMP_ISO } ;

typedef struct dest_s dest, *dest_ref ;
struct dest_s
{
  char const *name ;       /* directory path, or "stdout" / "stderr" */
  tend_logsel_t *sel ;
  size_t nsel ;
  char const *prefix ;
  size_t prefixlen ;
  int stamp ;              /* enum stamp_e */
  int isdir ;
  int fd ;                 /* current, or 1 / 2; -1 when current must be reopened */
  int dirfd ;              /* -1 when the directory must be reopened */
  int lockfd ;
  uint64_t size ;          /* rotate before current exceeds this */
  uint64_t total ;         /* cap on archives + current, 0 for none */
  unsigned int keep ;      /* archives kept */
  uint64_t cursize ;       /* bytes in current */
  uint64_t flushed ;       /* bytes of current whose writeback was started */
  size_t batchmax ;        /* fd destination: bytes per write(2) at most */
  char *buf ;              /* formatted lines not written yet: buf[pos..len) */
  size_t cap ;
  size_t len ;
  size_t pos ;
  int selected ;           /* the line being cut into pieces goes here */
  int rotate ;             /* a rotation is due once buf is written */
  int failed ;             /* a write failed: warned, retrying */
  int waitout ;            /* the fd said EAGAIN: wait until writable */
} ;

static dest *dests ;
static unsigned int ndests = 0 ;
static char *ibuf ;
static size_t icap, ipos = 0, iend = 0 ;
static int ieof = 0 ;          /* EOF on stdin, or SIGTERM: the rest is the last line */
static int stopping = 0 ;      /* SIGTERM came with a partial line: reading its end */
static int incont = 0 ;        /* the next piece continues a cut line */
static size_t linemax = LINEMAX_DEFAULT ;
static int needstamp = 0 ;
static char stampstr[3][STAMP_MAX] ;
static size_t stamplen[3] = { 0, 26, 31 } ;
static struct timespec laststamp = { 0, 0 } ;

/* Peek mode (input is a pipe): ibuf[0..iend) is a copy of the head of the pipe, made with
   tee(2), and only what every destination has written is removed from the pipe. A logger
   killed at any moment leaves every line it has not written in the pipe. */
static int peekmode = 0 ;
static int started = 0 ;            /* the destinations are open */
static int const infd = 0 ;         /* the input pipe, with O_ASYNC: SIGIO on every write */
static int ipipe[2] = { -1, -1 } ;  /* tee(2) copies the input's head here */
static int devnull = -1 ;
static size_t peekmax ;             /* bytes copied at most per look */
static int peeknow = 0 ;            /* look at the pipe now: SIGIO came, or we took from it */

/* ---- time stamps ---------------------------------------------------------------------- */

static void hexfmt (char *s, uint64_t u, unsigned int n)
{
  while (n--) { s[n] = "0123456789abcdef"[u & 15] ; u >>= 4 ; }
}

static void decfmt (char *s, uint64_t u, unsigned int n)
{
  while (n--) { s[n] = '0' + u % 10 ; u /= 10 ; }
}

/* TAI64N label as daemontools' multilog writes it: 2^62 + 10 + Unix seconds. */
static void tai64n_fmt (char *s, struct timespec const *ts)
{
  s[0] = '@' ;
  hexfmt(s + 1, UINT64_C(0x400000000000000a) + (uint64_t)ts->tv_sec, 16) ;
  hexfmt(s + 17, (uint64_t)ts->tv_nsec, 8) ;
}

/* ISO 8601 UTC, nanoseconds: 2026-11-25T13:31:40.123456789Z (days to civil date, proleptic Gregorian) */
static void iso_fmt (char *s, struct timespec const *ts)
{
  int64_t t = ts->tv_sec, days = t / 86400, sod = t % 86400 ;
  if (sod < 0) { sod += 86400 ; days-- ; }
  days += 719468 ;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097 ;
  int64_t doe = days - era * 146097 ;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 ;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100) ;
  int64_t mp = (5 * doy + 2) / 153 ;
  int64_t d = doy - (153 * mp + 2) / 5 + 1 ;
  int64_t m = mp < 10 ? mp + 3 : mp - 9 ;
  int64_t y = yoe + era * 400 + (m <= 2) ;
  if (y < 0) y = 0 ;
  decfmt(s, y, 4) ; s[4] = '-' ;
  decfmt(s + 5, m, 2) ; s[7] = '-' ;
  decfmt(s + 8, d, 2) ; s[10] = 'T' ;
  decfmt(s + 11, sod / 3600, 2) ; s[13] = ':' ;
  decfmt(s + 14, sod / 60 % 60, 2) ; s[16] = ':' ;
  decfmt(s + 17, sod % 60, 2) ; s[19] = '.' ;
  decfmt(s + 20, ts->tv_nsec, 9) ; s[29] = 'Z' ;
}

/* The clock, never going back: lines keep their order when sorted by stamp. */
static void clock_read (struct timespec *ts)
{
  if (clock_gettime(CLOCK_REALTIME, ts) < 0) strerr_diefu1sys(111, "read the clock") ;
  if (ts->tv_sec < laststamp.tv_sec || (ts->tv_sec == laststamp.tv_sec && ts->tv_nsec < laststamp.tv_nsec)) *ts = laststamp ;
  laststamp = *ts ;
}

/* One clock read per read() batch: every line of the batch gets the same stamp. */
static void stamp_update (void)
{
  struct timespec ts ;
  clock_read(&ts) ;
  tai64n_fmt(stampstr[STAMP_TAI64N], &ts) ;
  stampstr[STAMP_TAI64N][25] = ' ' ;
  iso_fmt(stampstr[STAMP_ISO], &ts) ;
  stampstr[STAMP_ISO][30] = ' ' ;
}

/* ---- faults --------------------------------------------------------------------------- */

static unsigned int retryms = RETRY_DEFAULT ;
static char retrystr[UINT_FMT] ;

/* Reports once per episode; the caller keeps its data and retries. Returns 0. */
static int fault (dest *d, char const *what)
{
  if (!d->failed)
  {
    int e = errno ;
    strerr_warnw9x("unable to ", what, " ", d->name, ": ", strerror(e), " (retrying every ", retrystr, " ms)") ;
    d->failed = 1 ;
    errno = e ;
  }
  return 0 ;
}

static void recovered (dest *d)
{
  if (d->failed)
  {
    strerr_warni2x(d->name, ": writing again") ;
    d->failed = 0 ;
  }
}

/* ---- log directories ------------------------------------------------------------------ */

static void dir_close (dest *d)
{
  if (d->fd >= 0) close(d->fd) ;
  if (d->lockfd >= 0) close(d->lockfd) ;
  if (d->dirfd >= 0) close(d->dirfd) ;
  d->fd = d->lockfd = d->dirfd = -1 ;
}

/* The directory may be writable by the service's user: never follow a link planted in it,
   never write into a file linked elsewhere, never take a file another user made.
   Opens or creates name in dirfd with an explicit mode whatever the umask. fd, or -1 with
   errno (ELOOP: a symbolic link, a hard-linked or not regular file, or another owner). */
static char const *refused = 0 ;  /* the name dirfile_open refused last */

static int dirfile_open (int dirfd, char const *name, int flags, mode_t mode, int owned)
{
  struct stat st ;
  int created = 1 ;
  int fd = openat(dirfd, name, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode) ;
  if (fd < 0 && errno == EEXIST)
  {
    created = 0 ;
    fd = openat(dirfd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) ;
  }
  if (fd < 0) { if (errno == ELOOP) refused = name ; return -1 ; }
  if (fstat(fd, &st) < 0) goto err ;
  if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || (owned && st.st_uid != geteuid())) { errno = ELOOP ; refused = name ; goto err ; }
  if ((created || owned) && (st.st_mode & 07777) != mode && fchmod(fd, mode) < 0) goto err ;
  if (ndelay_off(fd) < 0) goto err ;
  return fd ;
 err:
  { int e = errno ; close(fd) ; errno = e ; }
  return -1 ;
}

/* Opens (creating it if needed) current in the open directory. 1, or 0 with errno. */
static int current_open (dest *d)
{
  struct stat st ;
  char c ;
  d->fd = dirfile_open(d->dirfd, "current", O_RDWR | O_APPEND, MODE_FILE, 0) ;
  if (d->fd < 0) return 0 ;
  if (fstat(d->fd, &st) < 0) goto err ;
  d->cursize = d->flushed = st.st_size ;
  /* At start, a partial last line is from a logger killed in the middle of a write: end it
     (in peek mode the pipe still has the line, which comes again whole after it). Later, a
     partial line is our own write, cut by a fault, that goes on: left alone. */
  if (!started && d->cursize && pread(d->fd, &c, 1, st.st_size - 1) == 1 && c != '\n')
  {
    if (write(d->fd, "\n", 1) != 1) goto err ;
    d->cursize++ ;
  }
  return 1 ;
 err:
  {
    int e = errno ;
    close(d->fd) ; d->fd = -1 ;
    errno = e ;
    return 0 ;
  }
}

/* Opens, creating it if needed, and locks the directory, then current.
   1, 0 with errno, or -1 when another process holds the lock. */
static int dir_open (dest *d)
{
  int r ;
  int created = 1 ;
  if (mkdir(d->name, MODE_DIR) < 0)
  {
    if (errno != EEXIST) return 0 ;
    created = 0 ;
  }
  d->dirfd = open(d->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (d->dirfd < 0) return 0 ;
  if (created && fchmod(d->dirfd, MODE_DIR) < 0) goto err ;
  d->lockfd = dirfile_open(d->dirfd, "lock", O_RDWR, MODE_LOCK, 1) ;
  if (d->lockfd < 0) goto err ;
  r = fd_lock(d->lockfd, 1, 1) ;
  if (r <= 0) { if (!r) { dir_close(d) ; return -1 ; } goto err ; }
  if (!current_open(d)) goto err ;
  return 1 ;
 err:
  {
    int e = errno ;
    dir_close(d) ;
    errno = e ;
    return 0 ;
  }
}

/* Before a write: current must be open and still linked in its directory (writing into a
   removed file would lose the lines). Reopens what is missing. 1, or 0 (fault). */
static int dir_check (dest *d)
{
  struct stat st ;
  if (d->fd >= 0)
  {
    if (fstat(d->fd, &st) < 0) return fault(d, "stat current in") ;
    if (st.st_nlink) return 1 ;
    strerr_warnw2x(d->name, "/current was removed: reopening it") ;
    dir_close(d) ;
  }
  if (d->dirfd >= 0) return current_open(d) ? 1 : fault(d, "open current in") ;
  switch (dir_open(d))
  {
    case 1 : return 1 ;
    case 0 : return fault(d, "reopen the removed directory") ;
    default : errno = EBUSY ; return fault(d, "lock the recreated directory") ;
  }
}

/* Archive names in the directory: how many, the oldest and the newest name, their total
   size (when sum is not null). 1, or 0 with errno. */
static int dir_scan (dest const *d, unsigned int *n, char *oldest, char *newest, uint64_t *sum)
{
  char dbuf[8192] __attribute__((aligned(8))) ;
  ssize_t r ;
  int fd = openat(d->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (fd < 0) return 0 ;
  *n = 0 ; oldest[0] = newest[0] = 0 ;
  if (sum) *sum = 0 ;
  while ((r = tend_getdents(fd, dbuf, sizeof dbuf)) > 0)
  {
    for (ssize_t i = 0 ; i < r ; )
    {
      tend_dirent *e = (tend_dirent *)(dbuf + i) ;
      struct stat st ;
      i += e->reclen ;
      if (e->name[0] != '@' || strlen(e->name) != ARCHIVE_LEN || strcmp(e->name + ARCHIVE_LEN - 2, ".s")) continue ;
      ++*n ;
      if (!oldest[0] || strcmp(e->name, oldest) < 0) memcpy(oldest, e->name, ARCHIVE_LEN + 1) ;
      if (!newest[0] || strcmp(e->name, newest) > 0) memcpy(newest, e->name, ARCHIVE_LEN + 1) ;
      if (sum && !fstatat(d->dirfd, e->name, &st, AT_SYMLINK_NOFOLLOW)) *sum += st.st_size ;
    }
  }
  { int e = errno ; close(fd) ; errno = e ; }
  return r == 0 ;
}

/* Removes the oldest archives while more than keep, or while with a full current they
   would exceed total. Failures are warned about, never a fault: no line is at stake.
   Names sort in rotation order (see dir_rotate), whatever the clock did. */
static void dir_prune (dest *d)
{
  for (;;)
  {
    char oldest[ARCHIVE_LEN + 1], newest[ARCHIVE_LEN + 1] ;
    uint64_t sum ;
    unsigned int n ;
    if (!dir_scan(d, &n, oldest, newest, d->total ? &sum : 0)) { strerr_warnwu2sys("list ", d->name) ; return ; }
    if (!n || (n <= d->keep && (!d->total || sum + d->size <= d->total))) return ;
    if (unlinkat(d->dirfd, oldest, 0) < 0)
    {
      strerr_warnwu4sys("remove ", d->name, "/", oldest) ;
      return ;
    }
  }
}

/* The time an archive name says, in ts; 0 if it is not a TAI64N label of our form. */
static int archive_time (char const *name, struct timespec *ts)
{
  uint64_t u, ns ;
  int k = 0 ;
  if (sscanf(name + 1, "%16" SCNx64 "%8" SCNx64 ".s%n", &u, &ns, &k) != 2 || k != 26) return 0 ;
  if (u < UINT64_C(0x400000000000000a) || u - UINT64_C(0x400000000000000a) > (uint64_t)INT64_MAX || ns >= 1000000000) return 0 ;
  ts->tv_sec = (time_t)(u - UINT64_C(0x400000000000000a)) ;
  ts->tv_nsec = (long)ns ;
  return 1 ;
}

/* current becomes an archive: fsync, rename (never replacing), new current. The name is the
   rotation time, or 1 ns after the newest archive's name if that is later (the clock was
   stepped back): names always sort in rotation order, and pruning removes the oldest. */
static int dir_rotate (dest *d)
{
  struct timespec ts, last ;
  char name[ARCHIVE_LEN + 1], oldest[ARCHIVE_LEN + 1], newest[ARCHIVE_LEN + 1] ;
  unsigned int n ;
  if (!dir_check(d)) return 0 ;
  if (!d->cursize) { d->rotate = 0 ; return 1 ; }
  if (fsync(d->fd) < 0 && errno != EINVAL) return fault(d, "fsync current in") ;
  if (!dir_scan(d, &n, oldest, newest, 0)) return fault(d, "list") ;
  clock_read(&ts) ;
  if (n && archive_time(newest, &last) && (last.tv_sec > ts.tv_sec || (last.tv_sec == ts.tv_sec && last.tv_nsec >= ts.tv_nsec)))
  {
    ts = last ;
    if (++ts.tv_nsec == 1000000000) { ts.tv_sec++ ; ts.tv_nsec = 0 ; }
  }
  for (;;)
  {
    tai64n_fmt(name, &ts) ;
    memcpy(name + 25, ".s", 3) ;
    if (!tend_rename_noreplace(d->dirfd, "current", d->dirfd, name)) break ;
    if (errno == EEXIST) { if (++ts.tv_nsec == 1000000000) { ts.tv_sec++ ; ts.tv_nsec = 0 ; } continue ; }
    if (errno == EINVAL && faccessat(d->dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW) < 0 && !renameat(d->dirfd, "current", d->dirfd, name)) break ;
    return fault(d, "rename current in") ;
  }
  close(d->fd) ;
  d->fd = -1 ;
  d->cursize = d->flushed = 0 ;
  d->rotate = 0 ;
  if (fsync(d->dirfd) < 0 && errno != EINVAL) strerr_warnwu2sys("fsync ", d->name) ;
  dir_prune(d) ;
  return current_open(d) ? 1 : fault(d, "open current in") ;
}

/* ---- destinations --------------------------------------------------------------------- */

/* Writes buf[pos..len). 1 when all is written, 0 (fault or EAGAIN) when some is left. */
static int dest_write (dest *d)
{
  if (d->isdir && !dir_check(d)) return 0 ;
  while (d->pos < d->len)
  {
    ssize_t r = write(d->fd, d->buf + d->pos, d->len - d->pos) ;
    if (r < 0)
    {
      if (errno == EINTR) continue ;
      if (errno == EAGAIN) { d->waitout = 1 ; return 0 ; }
      return fault(d, d->isdir ? "write to current in" : "write to") ;
    }
    d->pos += r ;
    d->cursize += r ;
  }
  d->pos = d->len = 0 ;
  /* Start the disk writes now, so that the fsync at rotation has little left to wait for. */
  if (d->isdir && d->cursize - d->flushed >= WRITEBACK_CHUNK)
  {
    sync_file_range(d->fd, d->flushed, d->cursize - d->flushed, SYNC_FILE_RANGE_WRITE) ;
    d->flushed = d->cursize ;
  }
  recovered(d) ;
  return 1 ;
}

/* Writes what is pending, then rotates if due. 1 when d can take new lines. */
static int dest_settle (dest *d)
{
  if (d->pos < d->len && !dest_write(d)) return 0 ;
  d->pos = d->len = 0 ;
  if (d->rotate)
  {
    if (!dir_rotate(d)) return 0 ;
    recovered(d) ;
  }
  return 1 ;
}

/* Makes room in d for a formatted line of n bytes, writing, rotating first if needed. */
static int dest_room (dest *d, size_t n)
{
  if (d->isdir)
  {
    if (d->cursize + d->len + n > d->size && d->cursize + d->len) d->rotate = 1 ;
    if (d->rotate) return dest_settle(d) ;
  }
  else if (d->len && d->len + n > d->batchmax) return dest_write(d) ;
  if (d->cap - d->len < n) return dest_write(d) ;
  return 1 ;
}

static size_t dest_linelen (dest const *d, size_t plen)
{
  return stamplen[d->stamp] + d->prefixlen + plen + 1 ;
}

/* Copies n bytes to p and returns p + n. Lines are short: a libc's memcpy call (musl's is a
   rep movsq) costs more than the copy, so short pieces are moved in fixed-size steps that
   the compiler turns into plain loads and stores. */
static inline char *putshort (char *p, char const *s, size_t n)
{
  for (; n >= 16 ; n -= 16, p += 16, s += 16) memcpy(p, s, 16) ;
  if (n >= 8) { memcpy(p, s, 8) ; n -= 8 ; p += 8 ; s += 8 ; }
  if (n >= 4) { memcpy(p, s, 4) ; n -= 4 ; p += 4 ; s += 4 ; }
  while (n--) *p++ = *s++ ;
  return p ;
}

static inline char *put (char *p, char const *s, size_t n)
{
  if (n >= 256) { memcpy(p, s, n) ; return p + n ; }
  return putshort(p, s, n) ;
}

static void dest_put (dest *d, char const *s, size_t plen)
{
  char *p = d->buf + d->len ;
  p = putshort(p, stampstr[d->stamp], stamplen[d->stamp]) ;
  if (d->prefixlen) p = putshort(p, d->prefix, d->prefixlen) ;
  p = put(p, s, plen) ;
  *p++ = '\n' ;
  d->len = p - d->buf ;
}

/* ---- the work ------------------------------------------------------------------------- */

/* Hands every whole piece read so far to the destinations and writes them.
   1 when everything read is written, 0 when a destination is stalled. */
static int process (void)
{
  int ok = 1 ;
  for (unsigned int i = 0 ; i < ndests ; i++)
    if (!dest_settle(dests + i)) ok = 0 ;
  if (!ok) return 0 ;
  for (;;)
  {
    size_t plen, c = tend_logline_next(ibuf + ipos, iend - ipos, linemax, ieof, &plen) ;
    char const *s = ibuf + ipos ;
    if (!c) break ;
    if (!incont)
      for (unsigned int i = 0 ; i < ndests ; i++)
        dests[i].selected = tend_logline_select(dests[i].sel, dests[i].nsel, s, plen) ;
    for (unsigned int i = 0 ; i < ndests ; i++)
      if (dests[i].selected && !dest_room(dests + i, dest_linelen(dests + i, plen))) return 0 ;
    for (unsigned int i = 0 ; i < ndests ; i++)
      if (dests[i].selected) dest_put(dests + i, s, plen) ;
    ipos += c ;
    incont = c == plen ;
  }
  for (unsigned int i = 0 ; i < ndests ; i++)
    if (dests[i].len && !dest_write(dests + i)) ok = 0 ;
  return ok ;
}

/* ---- the input ----------------------------------------------------------------------- */

/* Peek mode needs a pipe that can hold a whole piece (linemax and a newline) even when its
   first page is partly consumed: otherwise a writer could fill it with a piece that never
   ends, and only a read would make room. It grows the pipe if needed; else read mode.
   What says that writers added data: SIGIO, which Linux sends on every write to a pipe and
   at the last writer's close (poll and edge-triggered epoll do not tell a pipe that still
   holds a partial line from one that got more, when a writer is blocked in a long write).
   The owner is our struct pid, not a number: once we are gone, nobody gets the SIGIO (and
   the next logger makes itself the owner). */
#define READMODE " (reading the input: a line read but not yet written is lost if the logger is killed)"
static void input_start (void)
{
  struct stat st ;
  size_t need = linemax + 1 + PIPE_SLACK ;
  int sz, fl ;
  if (fstat(0, &st) < 0) strerr_diefu1sys(111, "stat stdin") ;
  if (!S_ISFIFO(st.st_mode)) return ;
  sz = fcntl(0, F_GETPIPE_SZ) ;
  if (sz >= 0 && (size_t)sz < need) sz = fcntl(0, F_SETPIPE_SZ, (int)need) ;
  if (sz < 0) { strerr_warnwu1sys("make the input pipe hold a whole line" READMODE) ; return ; }
  fl = fcntl(0, F_GETFL) ;
  if (fl < 0 || fcntl(0, F_SETOWN, getpid()) < 0 || fcntl(0, F_SETFL, fl | O_ASYNC) < 0)
  { strerr_warnwu1sys("ask for SIGIO on stdin" READMODE) ; return ; }
  if (pipe2(ipipe, O_NONBLOCK | O_CLOEXEC) < 0) strerr_diefu1sys(111, "create a pipe") ;
  sz = fcntl(ipipe[1], F_SETPIPE_SZ, sz) ;
  if (sz < 0) strerr_diefu1sys(111, "size a pipe") ;
  peekmax = (size_t)sz < icap ? (size_t)sz : icap ;
  devnull = open("/dev/null", O_WRONLY | O_CLOEXEC) ;
  if (devnull < 0) strerr_diefu1sys(111, "open /dev/null") ;
  peekmode = peeknow = 1 ;
}

/* Copies the head of the input pipe into ibuf, consuming nothing. */
static void input_peek (void)
{
  struct pollfd p = { .fd = infd, .events = POLLIN } ;
  ssize_t r ;
  size_t got = 0 ;
  int hup ;
  peeknow = 0 ;
  /* before the tee: no writer now means nothing comes after what the tee copies */
  if (poll(&p, 1, 0) < 0) strerr_diefu1sys(111, "poll stdin") ;
  hup = !!(p.revents & (POLLHUP | POLLERR)) ;
  r = tee(infd, ipipe[1], peekmax, SPLICE_F_NONBLOCK) ;
  if (r < 0)
  {
    if (errno == EINTR) { peeknow = 1 ; return ; }
    if (errno != EAGAIN) strerr_diefu1sys(111, "tee stdin") ;
    ipos = iend = 0 ; return ;
  }
  if (!r) { ipos = iend = 0 ; ieof = 1 ; return ; }
  while (got < (size_t)r)
  {
    ssize_t rr = read(ipipe[0], ibuf + got, r - got) ;
    if (rr <= 0) strerr_diefu1sys(111, "read a pipe") ;
    got += rr ;
  }
  ipos = 0 ;
  iend = r ;
  if ((size_t)r == peekmax) peeknow = 1 ;
  /* No writer left and all of it seen: the rest is the last line. */
  else if (hup) ieof = 1 ;
  if (needstamp) stamp_update() ;
}

/* Removes from the pipe what every destination has written: ibuf[0..ipos). */
static void input_consume (void)
{
  size_t n = ipos ;
  while (n)
  {
    ssize_t r = splice(infd, 0, devnull, 0, n, SPLICE_F_NONBLOCK) ;
    if (r < 0)
    {
      if (errno == EINTR) continue ;
      if (errno != EAGAIN) strerr_diefu1sys(111, "consume stdin") ;
      strerr_warnw1x("another process reads the input pipe: lines can be lost or written twice") ;
      break ;
    }
    if (!r) break ;
    n -= r ;
  }
  if (iend > ipos) memmove(ibuf, ibuf + ipos, iend - ipos) ;
  iend -= ipos ; ipos = 0 ;
  peeknow = 1 ;
}

static void input_read (void)
{
  ssize_t rr ;
  if (ipos)
  {
    memmove(ibuf, ibuf + ipos, iend - ipos) ;
    iend -= ipos ; ipos = 0 ;
  }
  rr = read(0, ibuf + iend, icap - iend) ;
  if (rr < 0)
  {
    if (errno != EINTR && errno != EAGAIN) strerr_diefu1sys(111, "read stdin") ;
  }
  else if (!rr) ieof = 1 ;
  else
  {
    iend += rr ;
    if (needstamp) stamp_update() ;
  }
}

/* ---- the script ----------------------------------------------------------------------- */

static void script_parse (char const *const *argv, unsigned int argc)
{
  tend_logsel_t *sels ;
  size_t nsels = 0, groupsel = 0 ;
  int stamp = STAMP_NONE ;
  char const *prefix = "" ;
  uint64_t size = SIZE_DEFAULT, total = 0 ;
  unsigned int keep = KEEP_DEFAULT ;
  unsigned int n = 0 ;
  for (unsigned int i = 0 ; i < argc ; i++) if (argv[i][0] == '+' || argv[i][0] == '-') n++ ;
  sels = alloc((n ? n : 1) * sizeof(tend_logsel_t)) ;
  dests = alloc(argc * sizeof(dest)) ;
  if (!sels || !dests) strerr_diefu1sys(111, "allocate") ;
  for (unsigned int i = 0 ; i < argc ; i++)
  {
    char const *w = argv[i] ;
    switch (w[0])
    {
      case 't' :
      case 'T' :
        if (w[1]) goto bad ;
        stamp = w[0] == 't' ? STAMP_TAI64N : STAMP_ISO ;
        break ;
      case 'p' : prefix = w + 1 ; break ;
      case 'n' : if (!uint0_scan(w + 1, &keep)) goto bad ; break ;
      case 's' : if (!uint640_scan(w + 1, &size) || !size) goto bad ; break ;
      case 'S' : if (!uint640_scan(w + 1, &total)) goto bad ; break ;
      case '+' :
      case '-' :
      {
        int r = regcomp(&sels[nsels].re, w + 1, REG_EXTENDED | REG_NOSUB) ;
        if (r)
        {
          char err[256] ;
          regerror(r, &sels[nsels].re, err, sizeof err) ;
          strerr_dief4x(100, "bad regular expression in directive ", w, ": ", err) ;
        }
        sels[nsels++].include = w[0] == '+' ;
        break ;
      }
      case '1' :
      case '2' :
      case '/' :
      case '.' :
      {
        dest *d = dests + ndests++ ;
        if (w[0] != '/' && w[0] != '.' && w[1]) goto bad ;
        if (total && total < size) strerr_dief2x(100, "total size cap smaller than the rotation size for ", w) ;
        memset(d, 0, sizeof *d) ;
        d->isdir = w[0] == '/' || w[0] == '.' ;
        d->name = d->isdir ? w : w[0] == '1' ? "stdout" : "stderr" ;
        d->fd = d->isdir ? -1 : w[0] - '0' ;
        d->dirfd = d->lockfd = -1 ;
        d->sel = sels + groupsel ; d->nsel = nsels - groupsel ;
        d->prefix = prefix ; d->prefixlen = strlen(prefix) ;
        d->stamp = stamp ;
        d->size = size ; d->total = total ; d->keep = keep ;
        if (stamp) needstamp = 1 ;
        groupsel = nsels ; stamp = STAMP_NONE ; prefix = "" ;
        size = SIZE_DEFAULT ; total = 0 ; keep = KEEP_DEFAULT ;
        break ;
      }
      default : goto bad ;
    }
    continue ;
   bad:
    strerr_dief2x(100, "bad directive: ", w) ;
  }
  if (!ndests) strerr_dief1x(100, "no destination in the script") ;
  if (!(argv[argc - 1][0] == '/' || argv[argc - 1][0] == '.' || ((argv[argc - 1][0] == '1' || argv[argc - 1][0] == '2') && !argv[argc - 1][1])))
    strerr_dief2x(100, "directives after the last destination: ", argv[argc - 1]) ;
}

static void dests_start (void)
{
  for (unsigned int i = 0 ; i < ndests ; i++)
  {
    dest *d = dests + i ;
    d->cap = OBUF_SIZE + 2 * dest_linelen(d, linemax) ;
    d->buf = alloc(d->cap) ;
    if (!d->buf) strerr_diefu1sys(111, "allocate") ;
    if (d->isdir)
    {
      int r = dir_open(d) ;
      if (r < 0) strerr_dief3x(3, "another logger holds the lock on ", d->name, "/lock") ;
      if (!r && errno == ELOOP && refused)
        strerr_dief6x(111, "refusing ", d->name, "/", refused, ": ", !strcmp(refused, "lock") ? "not a regular file of ours with one link" : "a symbolic link, or not a regular file with one link") ;
      if (!r) strerr_diefu2sys(111, "open log directory ", d->name) ;
      /* Our own lock does not stop us: refuse one directory twice here. */
      for (unsigned int j = 0 ; j < i ; j++)
      {
        struct stat a, b ;
        if (dests[j].isdir && !fstat(dests[j].dirfd, &a) && !fstat(d->dirfd, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
          strerr_dief4x(100, "log directory ", d->name, " is the same as ", dests[j].name) ;
      }
      d->batchmax = d->cap ;
    }
    else
    {
      struct stat st ;
      if (fstat(d->fd, &st) < 0) strerr_diefu2sys(111, "use ", d->name) ;
      /* Writes of at most PIPE_BUF bytes to a pipe are never mixed with other writers'. */
      d->batchmax = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ? PIPE_BUF : d->cap ;
    }
  }
}

/* ---- main ----------------------------------------------------------------------------- */

int main (int argc, char const *const *argv)
{
  iopause_fd x[2 + 2] ;
  sigset_t set ;
  tain deadline = TAIN_INFINITE ;
  tain stopdeadline = TAIN_INFINITE ;
  tain const *dl ;
  int ok = 1, spfd ;
  PROG = "tend-logger" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "l:r:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'l' :
        {
          unsigned int u ;
          if (!uint0_scan(l.arg, &u) || u < TEND_LOGLINE_MIN || u > LINEMAX_MAX) dieusage() ;
          linemax = u ;
          break ;
        }
        case 'r' : if (!uint0_scan(l.arg, &retryms) || !retryms) dieusage() ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (!argc) dieusage() ;
  retrystr[uint_fmt(retrystr, retryms)] = 0 ;

  script_parse(argv, argc) ;
  if (sig_altignore(SIGPIPE) < 0) strerr_diefu1sys(111, "ignore SIGPIPE") ;
  dests_start() ;
  started = 1 ;
  icap = IBUF_SIZE + linemax + 1 ;
  /* one byte more, always NUL: ASan's regexec interceptor reads up to a NUL even with
     REG_STARTEND, so a line at the very end of the buffer must still be followed by one */
  ibuf = alloc(icap + 1) ;
  if (!ibuf) strerr_diefu1sys(111, "allocate") ;
  ibuf[icap] = 0 ;
  spfd = selfpipe_init() ;
  if (spfd < 0) strerr_diefu1sys(111, "create the self-pipe") ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGTERM) ;
  sigaddset(&set, SIGINT) ;
  sigaddset(&set, SIGALRM) ;
  sigaddset(&set, SIGHUP) ;
  sigaddset(&set, SIGIO) ;
  if (!selfpipe_trapset(&set)) strerr_diefu1sys(111, "trap signals") ;
  input_start() ;  /* after SIGIO is trapped */
  tain_now_set_stopwatch_g() ;

  for (;;)
  {
    unsigned int n = 1, xin = 0 ;
    int r ;
    if (ok && ieof && ipos == iend) break ;
    x[0].fd = spfd ; x[0].events = IOPAUSE_READ ;
    if (ok && !ieof && !peekmode)
    {
      xin = n ;
      x[n].fd = 0 ; x[n++].events = IOPAUSE_READ ;
    }
    for (unsigned int i = 0 ; i < ndests && n < 4 ; i++)
      if (dests[i].waitout) { x[n].fd = dests[i].fd ; x[n++].events = IOPAUSE_WRITE ; }
    dl = !ok ? &deadline : (peeknow && !ieof) ? &tain_zero : stopping ? &stopdeadline : &tain_infinite ;
    r = iopause_g(x, n, dl) ;
    if (r < 0) strerr_diefu1sys(111, "iopause") ;
    if (r && x[0].revents & (IOPAUSE_READ | IOPAUSE_EXCEPT))
    {
      int sig ;
      while ((sig = selfpipe_read()) > 0)
      {
        switch (sig)
        {
          case SIGTERM :
          case SIGINT :
            /* A partial line: read on until what was read ends a line, for a moment. */
            if (ok && !ieof && !stopping && ipos < iend)
            {
              tain t ;
              tain_from_millisecs(&t, STOP_GRACE) ;
              tain_now_g() ;
              tain_add_g(&stopdeadline, &t) ;
              stopping = 1 ;
            }
            else ieof = 1 ;
            break ;
          case SIGALRM :
            for (unsigned int i = 0 ; i < ndests ; i++)
              if (dests[i].isdir && dests[i].cursize + dests[i].len) dests[i].rotate = 1 ;
            break ;
          case SIGIO : peeknow = 1 ; break ;
          case SIGHUP :
            for (unsigned int i = 0 ; i < ndests ; i++)
              if (dests[i].isdir && dests[i].fd >= 0) { close(dests[i].fd) ; dests[i].fd = -1 ; }
            break ;
        }
      }
      if (sig < 0) strerr_diefu1sys(111, "read the self-pipe") ;
    }
    for (unsigned int i = 1 ; r && i < n ; i++)
      if (i != xin && x[i].revents)
        for (unsigned int j = 0 ; j < ndests ; j++)
          if (dests[j].waitout && dests[j].fd == x[i].fd) dests[j].waitout = 0 ;
    if (ok && !ieof && ((peekmode && peeknow) || (r && xin && x[xin].revents & (IOPAUSE_READ | IOPAUSE_EXCEPT))))
    {
      if (peekmode) input_peek() ; else input_read() ;
    }
    /* Also on the retry deadline (r == 0): a stalled destination tries again. */
    if (!r && ok && stopping && !tain_less(&STAMP, &stopdeadline)) ieof = 1 ;
    ok = process() ;
    if (stopping && !ieof && (!ok || ipos == iend))
    {
      ieof = 1 ;
      if (ok) ok = process() ;
    }
    if (ok && peekmode && ipos) input_consume() ;
    if (!ok)
    {
      tain t ;
      tain_from_millisecs(&t, retryms) ;
      tain_now_g() ;
      tain_add_g(&deadline, &t) ;
    }
  }

  for (unsigned int i = 0 ; i < ndests ; i++)
    if (dests[i].isdir && dests[i].fd >= 0 && fsync(dests[i].fd) < 0 && errno != EINVAL)
      strerr_warnwu3sys("fsync ", dests[i].name, "/current") ;
  return 0 ;
}
