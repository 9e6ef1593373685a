/* ISC license. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/types.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include "svdir.h"
#include "control.h"
#include "svwait.h"
#include "svrunning.h"
#include "service.h"
#include "stdopts.h"
#include "exitcode.h"

#define USAGE "tend-svc [ -udoxpchaiqtk12rDUOQeyb ] [ -w u|U|d|D|r|R ] [ -T ms ] SERVICE... | tend-svc --rescan|--terminate [ SCANDIR... ]"
#define dieusage() strerr_dieusage(TEND_EXIT_USAGE, USAGE)

/* With several directories the worst (highest) exit code wins (doc/svc.md). */
#define MAXCMDS 64

static char const *level = ": fatal: " ;  /* ": warning: " when there are several dirs */
static int worst = TEND_EXIT_OK ;

static void setcode (int e)
{
  if (e > worst) worst = e ;
}

static char const *statename (char target)
{
  switch (target)
  {
    case TEND_SVWAIT_UP : return "up" ;
    case TEND_SVWAIT_READY : return "ready" ;
    case TEND_SVWAIT_DOWN : return "down" ;
    case TEND_SVWAIT_FINISHED : return "really down" ;
    case TEND_SVWAIT_RESTARTED : return "restarted" ;
    default : return "restarted and ready" ;
  }
}

static void notrunning (char const *what, char const *dir)
{
  strerr_warn(PROG, level, "no ", what, " running for ", dir) ;
  setcode(TEND_EXIT_NOTRUNNING) ;
}

/* Sends cmds to dir/file; reports a failure. 1 if sent, else 0. */
static int command (char const *dir, char const *file, char const *cmds, size_t len, char const *what)
{
  char path[TEND_PATH_MAX] ;
  if (tend_control_send(dir, file, cmds, len)) return 1 ;
  if (errno == ENXIO || errno == ENOENT) notrunning(what, dir) ;
  else
  {
    int e = errno ;
    if (!tend_svdir_path(path, sizeof(path), dir, file)) strerr_warnsys(PROG, level, "unable to control ", dir) ;
    else { errno = e ; strerr_warnsys(PROG, level, "unable to write to ", path) ; }
    setcode(TEND_EXIT_SYS) ;
  }
  return 0 ;
}

static void skip (tend_svwait_t *w)
{
  tend_svwait_unsubscribe(w) ;
  w->result = TEND_SVWAIT_ERROR ;
  w->err = 0 ;  /* already reported */
}

static void sendandwait (char const *const *dirs, unsigned int n, char const *cmds, size_t len, char target, unsigned int ms)
{
  tend_svwait_t *w = malloc(n * sizeof(tend_svwait_t)) ;
  iopause_fd *x = malloc(n * sizeof(iopause_fd)) ;
  tain deadline ;
  if (!w || !x) strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
  tain_now_set_stopwatch_g() ;
  if (ms)
  {
    tain_from_millisecs(&deadline, ms) ;
    tain_add_g(&deadline, &deadline) ;
  }

  /* Subscribe everywhere before anything is sent. */
  tend_svwait_start(w, dirs, n, target, 0) ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    if (w[i].result == TEND_SVWAIT_ERROR)
    {
      if (w[i].err == ENOENT) notrunning("supervisor", dirs[i]) ;
      else
      {
        errno = w[i].err ;
        strerr_warnsys(PROG, level, "unable to subscribe to ", dirs[i], "/", TEND_SVDIR_EVENT) ;
        setcode(TEND_EXIT_SYS) ;
      }
      w[i].err = 0 ;
      continue ;
    }
    if (len)
    {
      if (!command(dirs[i], TEND_SVDIR_CONTROL, cmds, len, "supervisor")) skip(&w[i]) ;
    }
    else
    {
      /* Only waiting: a status with no supervisor behind it is stale. */
      int r = tend_svrunning(dirs[i], TEND_SVDIR_LOCK) ;
      if (r < 0)
      {
        strerr_warnsys(PROG, level, "unable to test the lock of ", dirs[i]) ;
        setcode(TEND_EXIT_SYS) ;
        skip(&w[i]) ;
      }
      else if (!r) { notrunning("supervisor", dirs[i]) ; skip(&w[i]) ; }
    }
  }

  if (tend_svwait_wait(w, n, x, ms ? &deadline : 0) < 0)
    strerr_diefsys(TEND_EXIT_SYS, "unable to iopause") ;

  for (unsigned int i = 0 ; i < n ; i++) switch (w[i].result)
  {
    case TEND_SVWAIT_PENDING :
    {
      char fmt[UINT_FMT] ;
      fmt[uint_fmt(fmt, ms)] = 0 ;
      strerr_warn(PROG, level, "timed out after ", fmt, " ms waiting for ", dirs[i], " to be ", statename(target)) ;
      setcode(TEND_EXIT_NO) ;
      break ;
    }
    case TEND_SVWAIT_EXITED :
      strerr_warn(PROG, level, "the supervisor of ", dirs[i], " exited before it was ", statename(target)) ;
      setcode(TEND_EXIT_NOTRUNNING) ;
      break ;
    case TEND_SVWAIT_ERROR :
      if (w[i].err)
      {
        errno = w[i].err ;
        strerr_warnsys(PROG, level, "unable to read events of ", dirs[i]) ;
        setcode(TEND_EXIT_SYS) ;
      }
      break ;
    default : break ;
  }
  tend_svwait_end(w, n) ;
  free(x) ;
  free(w) ;
}

/* Resolves each SERVICE argument (a name in scandir, or a path) into dirs; reports those
   that match nothing. Returns how many were resolved. */
static unsigned int resolve (char const **dirs, char const *const *args, unsigned int n, char const *scandir)
{
  unsigned int m = 0 ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    char path[TEND_PATH_MAX] ;
    if (!tend_service_resolve(path, sizeof(path), args[i], scandir))
    {
      if (errno == ENOENT)
      {
        strerr_warn(PROG, level, "no service named ", args[i], " in ", scandir) ;
        setcode(TEND_EXIT_USAGE) ;
      }
      else
      {
        strerr_warnsys(PROG, level, "unable to look up ", args[i], " in ", scandir) ;
        setcode(TEND_EXIT_SYS) ;
      }
      continue ;
    }
    dirs[m] = strdup(path) ;
    if (!dirs[m]) strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
    m++ ;
  }
  return m ;
}

/* -s and -S, the old spellings of --rescan and --terminate, kept for a release. */
static void deprecated (int opt)
{
  static int warned[2] = { 0, 0 } ;
  int i = opt == 'S' ;
  if (warned[i]) return ;
  warned[i] = 1 ;
  strerr_warnw(i ? "-S is deprecated: use --terminate"
                 : "-s is deprecated (s6-svc -s SIG sends a signal): use --rescan") ;
}

int main (int argc, char const *const *argv)
{
  char cmds[MAXCMDS] ;
  size_t len = 0 ;
  char scancmds[MAXCMDS] ;
  size_t scanlen = 0 ;
  char target = 0 ;
  unsigned int ms = 0 ;
  int hasT = 0 ;
  char scandir[TEND_PATH_MAX] ;
  PROG = "tend-svc" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    /* The scanner's commands are long options, first: s6-svc's letters mean other things. */
    for (; l.ind < argc && scanlen < MAXCMDS ; l.ind++)
    {
      if (!strcmp(argv[l.ind], "--rescan")) scancmds[scanlen++] = TEND_SCANCTL_RESCAN ;
      else if (!strcmp(argv[l.ind], "--terminate")) scancmds[scanlen++] = TEND_SCANCTL_TERMINATE ;
      else break ;
    }
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, TEND_CONTROL_LETTERS "sSw:T:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'w' :
          if (!l.arg[0] || l.arg[1] || !tend_svwait_target(l.arg[0])) dieusage() ;
          target = l.arg[0] ;
          break ;
        case 'T' :
          if (!uint0_scan(l.arg, &ms)) dieusage() ;
          hasT = 1 ;
          break ;
        case 's' :
        case 'S' :
          if (scanlen >= MAXCMDS) dieusage() ;
          deprecated(opt) ;
          scancmds[scanlen++] = opt == 's' ? TEND_SCANCTL_RESCAN : TEND_SCANCTL_TERMINATE ;
          break ;
        case '?' : dieusage() ;
        default :
          if (!strchr(TEND_CONTROL_LETTERS, opt) || len >= MAXCMDS) dieusage() ;
          cmds[len++] = (char)opt ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (hasT && !target) dieusage() ;
  if (scanlen && (len || target)) dieusage() ;
  if (!scanlen && !len && !target) dieusage() ;
  if (!scanlen && !argc) dieusage() ;
  if (!tend_scandir_default(scandir, sizeof(scandir)))
    strerr_diefsys(TEND_EXIT_USAGE, "unable to use the scan directory of TEND_RUN") ;
  if (argc > 1) level = ": warning: " ;

  if (scanlen)
  {
    if (!argc) command(scandir, TEND_SCANDIR_CONTROL, scancmds, scanlen, "scanner") ;
    for (int i = 0 ; i < argc ; i++) command(argv[i], TEND_SCANDIR_CONTROL, scancmds, scanlen, "scanner") ;
  }
  else
  {
    char const **dirs = malloc((size_t)argc * sizeof(char const *)) ;
    unsigned int n ;
    if (!dirs) strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
    n = resolve(dirs, argv, (unsigned int)argc, scandir) ;
    if (!target)
      for (unsigned int i = 0 ; i < n ; i++) command(dirs[i], TEND_SVDIR_CONTROL, cmds, len, "supervisor") ;
    else if (n) sendandwait(dirs, n, cmds, len, target, ms) ;
    for (unsigned int i = 0 ; i < n ; i++) free((char *)dirs[i]) ;
    free(dirs) ;
  }
  return worst ;
}
