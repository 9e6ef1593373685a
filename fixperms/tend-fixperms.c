/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/sgetopt.h>
#include <skalibs/stralloc.h>
#include <skalibs/buffer.h>
#include <skalibs/djbunix.h>
#include <skalibs/env.h>
#include "account.h"
#include "perms.h"
#include "sys.h"
#include "value.h"
#include "stdopts.h"

#define USAGE "tend-fixperms [ -c ] [ -m ] [ -v ] [ RULEFILE... ]"
#define dieusage() strerr_dieusage(100, USAGE)

#define DEPTH_MAX 4096    /* directory levels below PATH, at most (also bounded by the fd limit) */
#define DIRBUF 4096       /* bytes of getdents64 buffer per open directory */
#define LINKS_MAX 40      /* symlinks followed in the directory part of a PATH, at most (the kernel's own limit) */
#define TODO_MAX (TEND_PERMS_LINEMAX + 2 * PATH_MAX)  /* bytes of path left to walk, links expanded */
#define DIRFLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

/* Exit codes: the worst thing that happened. */
#define X_ENTRY 1      /* some entry could not be fixed */
#define X_BADFILE 100  /* a rule file is malformed (none of its rules applied) */
#define X_SYS 111      /* a rule file could not be read */

static int xcode = 0 ;
static void worse (int x) { if (x > xcode) xcode = x ; }

static int checkonly = 0 ;
static int crossmounts = 0 ;
static int verbose = 0 ;
static unsigned int depthmax = DEPTH_MAX ;

/* What the current rule wants. */
typedef struct want_s want_t ;
struct want_s
{
  uid_t uid ;
  gid_t gid ;
  unsigned int fmode ;
  unsigned int dmode ;
  unsigned char hasfmode ;
  unsigned char hasdmode ;
  unsigned char recurse ;
} ;

/* The path of the directory being walked, for messages only. */
static stralloc curpath = STRALLOC_ZERO ;

/* The walk's stack: one frame per open directory, each with its own dirent buffer. */
typedef struct frame_s frame_t ;
struct frame_s
{
  int fd ;
  dev_t dev ;
  size_t pathlen ;
  size_t pos ;
  size_t end ;
  char buf[DIRBUF] __attribute__((aligned(8))) ;
} ;
static frame_t *stack = 0 ;
static unsigned int stackcap = 0 ;

/* Messages name the entry: curpath + "/" + name, or just the top path. */
static char const *entrypath (char const *name)
{
  size_t n = curpath.len ;
  if (!name) { if (!stralloc_0(&curpath)) goto nomem ; curpath.len = n ; return curpath.s ; }
  if (!(n == 1 && curpath.s[0] == '/') && !stralloc_catb(&curpath, "/", 1)) goto nomem ;
  if (!stralloc_cats(&curpath, name) || !stralloc_0(&curpath)) goto nomem ;
  curpath.len = n ;
  return curpath.s ;
 nomem:
  strerr_diefu1sys(111, "allocate memory") ;
}

static void entryfail (char const *what, char const *name)
{
  worse(X_ENTRY) ;
  strerr_warnwusys(what, " ", entrypath(name)) ;
}

static void entryfailx (char const *name, char const *why)
{
  worse(X_ENTRY) ;
  strerr_warnw(entrypath(name), ": ", why) ;
}

static void say (char const *what, char const *arg, char const *name)
{
  if (!verbose) return ;
  if (buffer_puts(buffer_1, what) < 0 || buffer_puts(buffer_1, " ") < 0
   || buffer_puts(buffer_1, arg) < 0 || buffer_puts(buffer_1, " ") < 0
   || buffer_puts(buffer_1, entrypath(name)) < 0 || buffer_put(buffer_1, "\n", 1) < 0)
    strerr_diefu1sys(111, "write to stdout") ;
}

static void saychown (want_t const *w, char const *name)
{
  char fmt[UID_FMT + GID_FMT + 1] ;
  size_t m = uid_fmt(fmt, w->uid) ;
  fmt[m++] = ':' ;
  m += gid_fmt(fmt + m, w->gid) ;
  fmt[m] = 0 ;
  say("chown", fmt, name) ;
}

static void saychmod (unsigned int mode, char const *name)
{
  char fmt[8] ;
  size_t m ;
  fmt[0] = '0' ;
  m = 1 + uint_ofmt(fmt + 1, mode) ;
  fmt[m] = 0 ;
  say("chmod", fmt, name) ;
}

static int needchown (want_t const *w, struct stat const *st)
{
  return st->st_uid != w->uid || st->st_gid != w->gid ;
}

/* chmod the inode of fd; an O_PATH fd (ispath) cannot be fchmodded: /proc/self/fd/N names
   that very inode (the link is a magic one: it does not go through a path). */
static int fdchmod (int fd, int ispath, unsigned int mode)
{
  char proc[sizeof("/proc/self/fd/") + INT_FMT] ;
  if (!ispath) return fchmod(fd, mode) ;
  memcpy(proc, "/proc/self/fd/", 14) ;
  proc[14 + int_fmt(proc + 14, fd)] = 0 ;
  return chmod(proc, mode) ;
}

/* chmod a non-directory, never through a symlink, on the very inode that was examined.
   Regular files: fchmod on an fd opened O_NOFOLLOW. Others (fifos, sockets, devices: opening
   them may have side effects), and regular files we may not open for reading (a non-root
   caller): an O_PATH|O_NOFOLLOW fd, checked with fstat, chmodded through /proc/self/fd. */
static void chmodfile (int dirfd, char const *name, struct stat const *st, unsigned int mode)
{
  struct stat st2 ;
  int fd = -1 ;
  int r ;
  if (S_ISREG(st->st_mode))
  {
    fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) ;
    if (fd < 0 && errno != EACCES) goto openfail ;
  }
  if (fd >= 0)
  {
    if (fstat(fd, &st2) < 0) goto statfail ;
    if (st2.st_dev != st->st_dev || st2.st_ino != st->st_ino) goto changed ;
    r = fdchmod(fd, 0, mode) ;
  }
  else
  {
    fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC) ;
    if (fd < 0) goto openfail ;
    if (fstat(fd, &st2) < 0) goto statfail ;
    if (S_ISLNK(st2.st_mode) || st2.st_dev != st->st_dev || st2.st_ino != st->st_ino) goto changed ;
    r = fdchmod(fd, 1, mode) ;
  }
  if (r < 0) entryfail("chmod", name) ;
  else saychmod(mode, name) ;
  fd_close(fd) ;
  return ;
 openfail:
  if (errno == ELOOP) { entryfailx(name, "replaced by a symlink during the walk (not followed)") ; return ; }
  entryfail("open", name) ;
  return ;
 statfail:
  entryfail("stat", name) ;
  fd_close(fd) ;
  return ;
 changed:
  entryfailx(name, "replaced during the walk (left alone)") ;
  fd_close(fd) ;
}

/* A non-directory entry, lstat in st. */
static void fixother (want_t const *w, int dirfd, char const *name, struct stat const *st)
{
  int chowned = 0 ;
  if (needchown(w, st))
  {
    if (fchownat(dirfd, name, w->uid, w->gid, AT_SYMLINK_NOFOLLOW) < 0) entryfail("chown", name) ;
    else { chowned = 1 ; saychown(w, name) ; }
  }
  if (S_ISLNK(st->st_mode) || !w->hasfmode) return ;
  /* chown clears the set-id bits of a file: they come back only by chmod */
  if ((st->st_mode & 07777) != w->fmode || (chowned && (st->st_mode & 06000)))
    chmodfile(dirfd, name, st, w->fmode) ;
}

/* A directory, open in fd (O_NOFOLLOW; O_PATH if ispath), fstat in st. */
static void fixdir (want_t const *w, int fd, int ispath, char const *name, struct stat const *st)
{
  int chowned = 0 ;
  if (needchown(w, st))
  {
    if (fchownat(fd, "", w->uid, w->gid, AT_EMPTY_PATH) < 0) entryfail("chown", name) ;
    else { chowned = 1 ; saychown(w, name) ; }
  }
  if (w->hasdmode && ((st->st_mode & 07777) != w->dmode || (chowned && (st->st_mode & 06000))))
  {
    if (fdchmod(fd, ispath, w->dmode) < 0) entryfail("chmod", name) ;
    else saychmod(w->dmode, name) ;
  }
}

/* Opens directory dirfd/name without following a symlink and fixes it. If reading is
   refused (a non-root caller's own 0000 directory), fixes it through an O_PATH fd, then
   tries to open it again. Does not fix a mount point (other device than parentdev, when
   checkdev) unless -m.
   Returns an fd to walk, with its device in *dev; -1 when there is nothing to walk (done,
   or an error was reported); -2 with errno ENOTDIR or ELOOP when it is not a directory
   (any more): the caller decides. */
static int dodir (want_t const *w, int dirfd, char const *name, char const *msg, int checkdev, dev_t parentdev, int walk, dev_t *dev)
{
  struct stat st ;
  int ispath = 0 ;
  int fd = openat(dirfd, name, DIRFLAGS) ;
  if (fd < 0 && errno == EACCES)
  {
    ispath = 1 ;
    fd = openat(dirfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) ;
  }
  if (fd < 0)
  {
    if (errno == ENOTDIR || errno == ELOOP) return -2 ;
    if (errno != ENOENT) entryfail("open directory", msg) ;  /* ENOENT: removed meanwhile */
    return -1 ;
  }
  if (fstat(fd, &st) < 0) { entryfail("stat", msg) ; fd_close(fd) ; return -1 ; }
  if (checkdev && st.st_dev != parentdev && !crossmounts) { fd_close(fd) ; return -1 ; }  /* a mount point: not ours */
  fixdir(w, fd, ispath, msg, &st) ;
  if (!walk) { fd_close(fd) ; return -1 ; }
  if (ispath)
  {
    int pfd = fd ;
    fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) ;
    fd_close(pfd) ;
    if (fd < 0) { entryfail("open directory", msg) ; return -1 ; }
  }
  *dev = st.st_dev ;
  return fd ;
}

/* Enters directory fd (already fixed): pushes a frame. Takes ownership of fd. */
static void push (unsigned int *depth, int fd, dev_t dev, char const *name)
{
  frame_t *f ;
  if (*depth >= depthmax)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, depthmax)] = 0 ;
    worse(X_ENTRY) ;
    strerr_warnw(entrypath(name), ": more than ", fmt, " directory levels below PATH: not entered") ;
    fd_close(fd) ;
    return ;
  }
  {
    size_t oldlen = curpath.len ;
    /* name may point into the stack's buffers: use it before they move */
    if (name)
    {
      if (!(curpath.len == 1 && curpath.s[0] == '/') && !stralloc_catb(&curpath, "/", 1)) strerr_diefu1sys(111, "allocate memory") ;
      if (!stralloc_cats(&curpath, name)) strerr_diefu1sys(111, "allocate memory") ;
    }
    if (*depth >= stackcap)
    {
      unsigned int cap = stackcap ? stackcap * 2 : 16 ;
      frame_t *p = realloc(stack, cap * sizeof(frame_t)) ;
      if (!p) strerr_diefu1sys(111, "allocate memory") ;
      stack = p ;
      stackcap = cap ;
    }
    f = stack + (*depth)++ ;
    f->fd = fd ;
    f->dev = dev ;
    f->pathlen = oldlen ;
    f->pos = f->end = 0 ;
  }
}

/* One entry of the directory on top of the stack: fix it, descend into it if a directory. */
static void entry (want_t const *w, unsigned int *depth, char const *name, unsigned char type)
{
  frame_t *f = stack + *depth - 1 ;
  int dirfd = f->fd ;
  dev_t pdev = f->dev ;
  struct stat st ;
  dev_t dev ;
  int fd ;
  if (type == DT_DIR)
  {
    /* the common case costs openat + fstat, no fstatat */
    fd = dodir(w, dirfd, name, name, 1, pdev, 1, &dev) ;
    if (fd >= 0) push(depth, fd, dev, name) ;
    if (fd != -2) return ;
    /* not a directory any more: look again */
  }
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
  {
    if (errno != ENOENT) entryfail("stat", name) ;  /* ENOENT: removed meanwhile, nothing to fix */
    return ;
  }
  if (!S_ISDIR(st.st_mode)) { fixother(w, dirfd, name, &st) ; return ; }
  fd = dodir(w, dirfd, name, name, 1, pdev, 1, &dev) ;
  if (fd == -2) entryfailx(name, "replaced during the walk (not followed)") ;
  else if (fd >= 0) push(depth, fd, dev, name) ;
}

/* Walks every directory on the stack until it is empty: iterative, so depth costs heap,
   not C stack; one fd per level. */
static void walk (want_t const *w, unsigned int depth)
{
  while (depth)
  {
    frame_t *f = stack + depth - 1 ;
    tend_dirent *d ;
    if (f->pos >= f->end)
    {
      ssize_t r = tend_getdents(f->fd, f->buf, DIRBUF) ;
      if (r <= 0)
      {
        if (r < 0) entryfail("read directory", 0) ;
        fd_close(f->fd) ;
        curpath.len = f->pathlen ;
        depth-- ;
        continue ;
      }
      f->pos = 0 ;
      f->end = r ;
    }
    d = (tend_dirent *)(f->buf + f->pos) ;
    f->pos += d->reclen ;
    if (d->name[0] == '.' && (!d->name[1] || (d->name[1] == '.' && !d->name[2]))) continue ;
    entry(w, &depth, d->name, d->type) ;
  }
}

/* The directory part of PATH: nobody but root and the caller may redirect it -------- */

/* Whoever may change where a link leads: root, and the caller (who could anyway). */
static int trusted (uid_t u)
{
  return !u || u == geteuid() ;
}

/* The symlink refused by opendirpart, for the message. */
static char badlink[NAME_MAX + 1] ;

/* Opens the directory dir (absolute) as an O_PATH fd, walking every component from / with
   openat(O_PATH|O_NOFOLLOW|O_DIRECTORY): a symlink is followed (its target walked the same
   way) only if it is owned by root or the caller, in a directory owned by root or the caller
   that nobody else may write; then only they could have placed it or can change it. So the
   image's links (/var/run -> /run) work, and the owner of /data cannot swap /data/certs for
   a link to /etc/ssl. -1 and errno on failure; EPERM: a link refused, named in badlink. */
static int opendirpart (char const *dir)
{
  static char todo[2][TODO_MAX] ;
  unsigned int cur = 0 ;
  unsigned int links = 0 ;
  size_t pos = 0 ;
  size_t len = strlen(dir) ;
  int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC) ;
  if (fd < 0) return -1 ;
  if (len >= TODO_MAX) { errno = ENAMETOOLONG ; goto err ; }
  memcpy(todo[0], dir, len + 1) ;
  for (;;)
  {
    char name[NAME_MAX + 1] ;
    char target[PATH_MAX] ;
    struct stat st, dst ;
    size_t n ;
    ssize_t r ;
    int next ;
    while (todo[cur][pos] == '/') pos++ ;
    if (!todo[cur][pos]) return fd ;
    for (n = 0 ; todo[cur][pos + n] && todo[cur][pos + n] != '/' ; n++) ;
    if (n > NAME_MAX) { errno = ENAMETOOLONG ; goto err ; }
    memcpy(name, todo[cur] + pos, n) ;
    name[n] = 0 ;
    pos += n ;
    next = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) ;
    if (next >= 0) { fd_close(fd) ; fd = next ; continue ; }
    if (errno != ENOTDIR) goto err ;  /* O_PATH|O_NOFOLLOW on a symlink: ENOTDIR too */
    if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) goto err ;
    if (!S_ISLNK(st.st_mode)) { errno = ENOTDIR ; goto err ; }
    if (fstat(fd, &dst) < 0) goto err ;
    if (!trusted(st.st_uid) || !trusted(dst.st_uid) || dst.st_mode & 022)
    {
      memcpy(badlink, name, n + 1) ;
      errno = EPERM ;
      goto err ;
    }
    if (++links > LINKS_MAX) { errno = ELOOP ; goto err ; }
    r = readlinkat(fd, name, target, sizeof(target)) ;
    if (r < 0) goto err ;
    if ((size_t)r >= sizeof(target) || (size_t)r + 1 + strlen(todo[cur] + pos) >= TODO_MAX) { errno = ENAMETOOLONG ; goto err ; }
    /* what is left becomes target + rest, walked from / or from here */
    memcpy(todo[!cur], target, r) ;
    memcpy(todo[!cur] + r, "/", 1) ;
    memcpy(todo[!cur] + r + 1, todo[cur] + pos, strlen(todo[cur] + pos) + 1) ;
    cur = !cur ;
    pos = 0 ;
    if (target[0] == '/')
    {
      fd_close(fd) ;
      fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC) ;
      if (fd < 0) return -1 ;
    }
  }
 err:
  {
    int e = errno ;
    fd_close(fd) ;
    errno = e ;
  }
  return -1 ;
}

/* Applies one rule. */
static void apply (tend_perms_rule_t const *r, tend_account_t const *acc, char const *file, char const *line)
{
  want_t w = { .uid = acc->uid, .gid = acc->gid, .fmode = r->fmode, .dmode = r->dmode, .hasfmode = r->hasfmode, .hasdmode = r->hasdmode, .recurse = r->recurse } ;
  char parent[TEND_PERMS_LINEMAX] ;
  char const *base ;
  struct stat st ;
  dev_t dev ;
  size_t n = strlen(r->path) ;
  int dirfd, fd ;
  unsigned int depth = 0 ;

  /* The parent is walked without following any link but root's (opendirpart); the last
     component is never followed. */
  if (n == 1) { memcpy(parent, "/", 2) ; base = "." ; }
  else
  {
    char const *slash = strrchr(r->path, '/') ;
    size_t pl = slash - r->path ;
    if (!pl) pl = 1 ;
    memcpy(parent, r->path, pl) ;
    parent[pl] = 0 ;
    base = slash + 1 ;
  }
  if (!stralloc_copys(&curpath, r->path)) strerr_diefu1sys(111, "allocate memory") ;
  dirfd = opendirpart(parent) ;  /* O_PATH: search permission suffices */
  if (dirfd < 0) goto openfail ;
  if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) { fd_close(dirfd) ; goto openfail ; }
  if (!S_ISDIR(st.st_mode))
  {
    /* a file, or a symlink (lchowned at most); messages say parent + "/" + base */
    if (!stralloc_copys(&curpath, parent)) strerr_diefu1sys(111, "allocate memory") ;
    fixother(&w, dirfd, base, &st) ;
    fd_close(dirfd) ;
    return ;
  }
  fd = dodir(&w, dirfd, base, 0, 0, 0, w.recurse, &dev) ;
  fd_close(dirfd) ;
  if (fd == -2) entryfailx(0, "replaced during the walk (not followed)") ;
  if (fd < 0) return ;
  push(&depth, fd, dev, 0) ;
  walk(&w, depth) ;
  return ;

 openfail:
  if (errno == ENOENT)
  {
    strerr_warnw(file, ":", line, ": ", r->path, ": No such file or directory (skipped)") ;
    return ;
  }
  worse(X_ENTRY) ;
  if (errno == EPERM && badlink[0])
  {
    strerr_warnw(r->path, ": its directory part goes through the symlink ", badlink, ", which a user other than root could change: not followed (skipped)") ;
    badlink[0] = 0 ;
  }
  else strerr_warnwusys("reach ", r->path) ;
}

/* Parses and looks up one line. 1 rule, 0 nothing, -1 error (reported). */
static int line1 (char const *file, char const *lineno, char const *s, size_t len, char *buf, tend_perms_rule_t *r, tend_account_t *acc)
{
  tend_perms_err_t err ;
  int k = tend_perms_parse(s, len, (char const *const *)environ, buf, TEND_PERMS_LINEMAX, r, &err) ;
  if (k < 0)
  {
    if (err.detail[0]) strerr_warn(PROG, ": ", file, ":", lineno, ": ", err.reason, ": ", err.detail) ;
    else strerr_warn(PROG, ": ", file, ":", lineno, ": ", err.reason) ;
    return -1 ;
  }
  if (!k) return 0 ;
  if (!tend_account_resolve(&r->account, acc))
  {
    char pr[TEND_PERMS_DETAILMAX] ;
    if (errno == ESRCH || errno == ENXIO)
    {
      char const *nm = errno == ESRCH ? r->account.user : r->account.group ;
      tend_value_printable(pr, sizeof(pr), nm, strlen(nm)) ;
      strerr_warn(PROG, ": ", file, ":", lineno, errno == ESRCH ? ": unknown user: " : ": unknown group: ", pr) ;
    }
    else strerr_warnsys(PROG, ": ", file, ":", lineno, ": unable to look up the account") ;
    return -1 ;
  }
  return 1 ;
}

/* Validates every line of the contents of file; if all are good and not -c, applies them. */
static void dofile (char const *file, char const *s, size_t len)
{
  static char buf[TEND_PERMS_LINEMAX] ;
  tend_perms_rule_t r ;
  tend_account_t acc ;
  int bad = 0 ;
  for (unsigned int pass = 0 ; pass < 2 ; pass++)
  {
    size_t i = 0 ;
    unsigned int n = 0 ;
    if (pass == 1 && (bad || checkonly)) break ;
    while (i < len)
    {
      char const *nl = memchr(s + i, '\n', len - i) ;
      size_t l = nl ? (size_t)(nl - s - i) : len - i ;
      char lineno[UINT_FMT] ;
      lineno[uint_fmt(lineno, ++n)] = 0 ;
      int k = line1(file, lineno, s + i, l, buf, &r, &acc) ;
      if (k < 0)
      {
        if (!pass) bad = 1 ;
        else worse(X_BADFILE) ;  /* the database changed under us since pass 0: skip that rule */
      }
      else if (k && pass == 1) apply(&r, &acc, file, lineno) ;
      i += l + 1 ;
    }
  }
  if (bad)
  {
    worse(X_BADFILE) ;
    strerr_warnw(file, ": malformed: none of its rules applied") ;
  }
}

/* As many fds as the hard limit allows; the depth limit follows. */
static void fdlimit (void)
{
  struct rlimit rl ;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) return ;
  if (rl.rlim_cur < rl.rlim_max)
  {
    rlim_t old = rl.rlim_cur ;
    rl.rlim_cur = rl.rlim_max ;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) rl.rlim_cur = old ;
  }
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)DEPTH_MAX + 32)
    depthmax = rl.rlim_cur > 64 ? (unsigned int)rl.rlim_cur - 32 : 32 ;
}

int main (int argc, char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  PROG = "tend-fixperms" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "cmv", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'c' : checkonly = 1 ; break ;
        case 'm' : crossmounts = 1 ; break ;
        case 'v' : verbose = 1 ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  fdlimit() ;
  if (!argc)
  {
    if (!slurp(&sa, 0)) strerr_diefu1sys(111, "read rules from stdin") ;
    dofile("stdin", sa.s, sa.len) ;
  }
  else for (; *argv ; argv++)
  {
    sa.len = 0 ;
    if (!openslurpclose(&sa, *argv))
    {
      worse(X_SYS) ;
      strerr_warnwusys("read ", *argv) ;
      continue ;
    }
    dofile(*argv, sa.s, sa.len) ;
  }
  if (!buffer_flush(buffer_1)) strerr_diefu1sys(111, "write to stdout") ;
  stralloc_free(&sa) ;
  stralloc_free(&curpath) ;
  free(stack) ;
  return xcode ;
}
