/* ISC license. */

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include "svdir.h"
#include "sys.h"
#include "svcopy.h"

/* What the directory fd gives what is created in it: its gid if setgid, else ours (uid). */
typedef struct copydir_s copydir ;
struct copydir_s { int fd ; uid_t uid ; gid_t gid ; int setgid ; } ;

/* Gives the entry name of d (fd if open, else -1), just created with mode made, st's owner
   and mode. A refused chown (not root) keeps ours, as hiercopy. 1, or 0 with errno. */
static int copy_attrs (copydir const *d, char const *name, int fd, struct stat const *st, mode_t made, gid_t *gid)
{
  mode_t want = st->st_mode & 07777 ;
  int chowned = 0 ;
  *gid = d->gid ;
  if (st->st_uid != d->uid || st->st_gid != d->gid)
  {
    if ((fd >= 0 ? fchown(fd, st->st_uid, st->st_gid) : fchownat(d->fd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW)) == 0)
    {
      chowned = 1 ;
      *gid = st->st_gid ;
    }
  }
  if (S_ISLNK(st->st_mode) || (!chowned && want == made)) return 1 ;
  return (fd >= 0 ? fchmod(fd, want) : fchmodat(d->fd, name, want, 0)) == 0 ;
}

static int tree_copy (int sfd, copydir const *d, char const *name, struct stat const *st, int top) ;

static int fd_close_ret (int fd, int r)
{
  int e = errno ;
  close(fd) ;
  errno = e ;
  return r ;
}

static int file_copy (int sfd, copydir const *d, char const *name, struct stat const *st)
{
  static char copybuf[65536] ;  /* stage 1 copies one file at a time */
  gid_t gid ;
  int r = 0 ;
  int from = openat(sfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY) ;
  int to ;
  if (from < 0) return 0 ;
  to = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, st->st_mode & 07777) ;
  if (to < 0) goto endfrom ;
  for (;;)
  {
    ssize_t n = read(from, copybuf, sizeof copybuf) ;
    if (!n) break ;
    if (n < 0) { if (errno == EINTR) continue ; goto end ; }
    if (allwrite(to, copybuf, (size_t)n) < (size_t)n) goto end ;
  }
  r = copy_attrs(d, name, to, st, st->st_mode & 07777, &gid) ;
 end:
  fd_close_ret(to, 0) ;
 endfrom:
  return fd_close_ret(from, r) ;
}

/* Copies the entry name of sfd (lstat in st) into d; top: see tree_copy. */
static int entry_copy (int sfd, copydir const *d, char const *name, struct stat const *st, int top)
{
  gid_t gid ;
  if (S_ISREG(st->st_mode)) return file_copy(sfd, d, name, st) ;
  if (S_ISDIR(st->st_mode))
  {
    int fd = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) ;
    if (fd < 0) return 0 ;
    return fd_close_ret(fd, tree_copy(fd, d, name, st, top)) ;
  }
  if (S_ISLNK(st->st_mode))
  {
    char target[TEND_PATH_MAX] ;
    ssize_t n = readlinkat(sfd, name, target, sizeof target - 1) ;
    if (n < 0) return 0 ;
    if ((size_t)n >= sizeof target - 1) return (errno = ENAMETOOLONG, 0) ;
    target[n] = 0 ;
    if (symlinkat(target, d->fd, name) < 0) return 0 ;
    return copy_attrs(d, name, -1, st, 0, &gid) ;
  }
  if (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) || S_ISSOCK(st->st_mode))
  {
    if (mknodat(d->fd, name, st->st_mode, S_ISFIFO(st->st_mode) ? 0 : st->st_rdev) < 0) return 0 ;
    return copy_attrs(d, name, -1, st, (mode_t)-1, &gid) ;
  }
  return (errno = ENOTSUP, 0) ;
}

/* Makes name in d a copy of the directory open at sfd (stat in st). top: 1 for a service
   directory, 2 for its log/: supervise/ and event/ are not copied there. */
static int tree_copy (int sfd, copydir const *d, char const *name, struct stat const *st, int top)
{
  union { tend_dirent d ; char s[4096] ; } buf ;
  mode_t want = st->st_mode & 07777 ;
  copydir sub ;
  int r = 0 ;
  if (mkdirat(d->fd, name, want) < 0) return 0 ;
  sub.fd = openat(d->fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) ;
  if (sub.fd < 0) return 0 ;
  if (!copy_attrs(d, name, sub.fd, st, (want & 01777) | (d->setgid ? S_ISGID : 0), &sub.gid)) goto end ;
  sub.setgid = !!(st->st_mode & S_ISGID) ;
  sub.uid = d->uid ;
  for (;;)
  {
    ssize_t n = tend_getdents(sfd, buf.s, sizeof buf.s), pos ;
    if (n < 0) goto end ;
    if (!n) break ;
    for (pos = 0 ; pos < n ; )
    {
      tend_dirent *e = (tend_dirent *)(buf.s + pos) ;
      struct stat est ;
      pos += e->reclen ;
      if (e->name[0] == '.' && (!e->name[1] || (e->name[1] == '.' && !e->name[2]))) continue ;
      if (top && (!strcmp(e->name, TEND_SVDIR_SUPERVISE) || !strcmp(e->name, TEND_SVDIR_EVENT))) continue ;
      if (fstatat(sfd, e->name, &est, AT_SYMLINK_NOFOLLOW) < 0) goto end ;
      if (!entry_copy(sfd, &sub, e->name, &est, top == 1 && !strcmp(e->name, TEND_SVDIR_LOG) ? 2 : 0)) goto end ;
    }
  }
  r = 1 ;
 end:
  return fd_close_ret(sub.fd, r) ;
}

int tend_svdir_copy (int sfd, struct stat const *st, int dfd, char const *name)
{
  struct stat dst ;
  copydir d = { .fd = dfd, .uid = geteuid() } ;
  if (fstat(dfd, &dst) < 0) return 0 ;
  d.setgid = !!(dst.st_mode & S_ISGID) ;
  d.gid = d.setgid ? dst.st_gid : getegid() ;
  return tree_copy(sfd, &d, name, st, 1) ;
}
