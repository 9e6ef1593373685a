/* ISC license. */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/sgetopt.h>
#include <skalibs/setgroups.h>
#include <skalibs/exec.h>
#include "account.h"
#include "stdopts.h"

#define USAGE "tend-setuidgid [ -e ] [ -n ] [ -b ] ACCOUNT PROG [ ARGS... ]"
#define dieusage() strerr_dieusage(100, USAGE)

#define EXIT_UNKNOWN 2  /* ACCOUNT names a user or group that the database does not know */

#define GROUPS_MAX 65536  /* the kernel's NGROUPS_MAX */

/* capget(2)'s structures, version 3 (two 32-bit words of each set): declared here, since a
   libc's headers need not carry <linux/capability.h>. */
#define CAP_VERSION_3 0x20080522
#define CAP_U32S_3 2
struct caphdr { uint32_t version ; int pid ; } ;
struct capdata { uint32_t effective ; uint32_t permitted ; uint32_t inheritable ; } ;
#define CAP_SETPCAP_BIT 8  /* CAP_SETPCAP: needed to drop from the bounding set */

#define KEYCTL_JOIN_SESSION_KEYRING 1  /* <linux/keyctl.h>: not in a libc's headers */

/* prctl(2) values a libc's headers may not carry yet (Linux 3.5 and 4.3). */
#ifndef PR_SET_NO_NEW_PRIVS
# define PR_SET_NO_NEW_PRIVS 38
# define PR_GET_NO_NEW_PRIVS 39
#endif
#ifndef PR_CAP_AMBIENT
# define PR_CAP_AMBIENT 47
# define PR_CAP_AMBIENT_IS_SET 1
# define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

static gid_t *gids (size_t n)  /* an array of n gids; the sets are sized to need */
{
  gid_t *p = malloc(n * sizeof(gid_t)) ;
  if (!p) strerr_diefu1sys(111, "allocate the group list") ;
  return p ;
}

/* getgroups() into a new array (one spare slot): the count in *n. */
static gid_t *ourgroups (int *n)
{
  gid_t *p ;
  int k = getgroups(0, 0) ;
  if (k < 0) strerr_diefu1sys(111, "getgroups") ;
  p = gids(k + 1) ;
  *n = getgroups(k, p) ;
  if (*n < 0) strerr_diefu1sys(111, "getgroups") ;
  return p ;
}

static int gidcmp (void const *a, void const *b)
{
  gid_t x = *(gid_t const *)a, y = *(gid_t const *)b ;
  return x < y ? -1 : x > y ;
}

/* Sorts and dedups tab[0..n); returns the new length. */
static size_t sortgroups (gid_t *tab, size_t n)
{
  size_t w = 0 ;
  qsort(tab, n, sizeof(gid_t), &gidcmp) ;
  for (size_t i = 0 ; i < n ; i++) if (!w || tab[w-1] != tab[i]) tab[w++] = tab[i] ;
  return w ;
}

static void capget3 (struct capdata *d)
{
  struct caphdr h = { .version = CAP_VERSION_3, .pid = 0 } ;
  if (syscall(SYS_capget, &h, d) < 0) strerr_diefu1sys(111, "capget") ;
}

/* True when the process holds no capability at all: effective, permitted, inheritable. */
static int nocaps (void)
{
  struct capdata d[CAP_U32S_3] = { { 0, 0, 0 } } ;  /* valgrind does not know capget fills it */
  capget3(d) ;
  for (unsigned int i = 0 ; i < CAP_U32S_3 ; i++)
    if (d[i].effective || d[i].permitted || d[i].inheritable) return 0 ;
  return 1 ;
}

/* Empties the bounding set, when the process may (it holds CAP_SETPCAP, as root does unless
   an engine took it away): then no file capability can give PROG anything. The number of
   capabilities is what /proc/sys/kernel/cap_last_cap says, found without /proc: the kernel
   answers EINVAL to PR_CAPBSET_READ past the last one. 1 if emptied, 0 if not allowed. */
static int dropbounding (void)
{
  struct capdata d[CAP_U32S_3] = { { 0, 0, 0 } } ;
  capget3(d) ;
  if (!(d[0].effective & (1u << CAP_SETPCAP_BIT))) return 0 ;
  for (unsigned long c = 0 ; prctl(PR_CAPBSET_READ, c, 0, 0, 0) >= 0 ; c++)
    if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) strerr_diefu1sys(111, "drop a capability from the bounding set") ;
  if (errno != EINVAL) strerr_diefu1sys(111, "read the bounding set") ;
  return 1 ;
}

/* Once the uid is switched: no ambient, inheritable, permitted or effective capability, so
   that nothing passes through exec (a file with "+ei" gets its capabilities from the
   inheritable set). Both are always allowed: sets only shrink. */
static void dropcaps (void)
{
  struct caphdr h = { .version = CAP_VERSION_3, .pid = 0 } ;
  struct capdata d[CAP_U32S_3] = { { 0, 0, 0 } } ;
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)  /* EINVAL: before Linux 4.3, no ambient set */
    strerr_diefu1sys(111, "clear the ambient capabilities") ;
  if (syscall(SYS_capset, &h, d) < 0) strerr_diefu1sys(111, "clear the capabilities") ;
}

/* A new anonymous session keyring, the new account's: every process attached to a keyring
   "possesses" its keys whatever its uid, so root's session keyring must stay behind. ENOSYS,
   EPERM, EACCES: no keyctl here, or a seccomp filter refuses it, to PROG as well. */
static void newkeyring (void)
{
  if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, (char const *)0) < 0
   && errno != ENOSYS && errno != EPERM && errno != EACCES)
    strerr_diefu1sys(111, "join a new session keyring") ;
}

/* Reads the capability state back: 0 if anything is left (bounding: only when emptied). */
static int capsgone (int bounding)
{
  unsigned long c ;
  int r ;
  if (!nocaps()) return 0 ;
  for (c = 0 ; (r = prctl(PR_CAPBSET_READ, c, 0, 0, 0)) >= 0 ; c++)
  {
    if (bounding && r) return 0 ;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) > 0) return 0 ;
  }
  return 1 ;
}

static void dieids (char const *what, uid_t u, gid_t g, char const *why)
{
  char fu[UID_FMT] ;
  char fg[GID_FMT] ;
  fu[uid_fmt(fu, u)] = 0 ;
  fg[gid_fmt(fg, g)] = 0 ;
  strerr_dief6x(111, what, " uid ", fu, " gid ", fg, why) ;
}

int main (int argc, char const *const *argv)
{
  tend_account_spec_t spec ;
  tend_account_t acc ;
  gid_t *want = 0 ;
  gid_t *have ;
  size_t nwant = 0 ;
  int setenvs = 0 ;
  int nonewprivs = 0 ;
  int keepbounding = 0 ;
  int bounding = 0 ;
  PROG = "tend-setuidgid" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "enb", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'e' : setenvs = 1 ; break ;
        case 'n' : nonewprivs = 1 ; break ;
        case 'b' : keepbounding = 1 ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (argc < 2) dieusage() ;

  if (!tend_account_scan(argv[0], strlen(argv[0]), &spec))
    strerr_dief2x(100, "malformed account (user, user:group, uid:gid, optionally followed by ,uid:gid): ", argv[0]) ;
  if (!tend_account_resolve(&spec, &acc))
  {
    if (errno == ESRCH) strerr_dief2x(EXIT_UNKNOWN, "unknown user: ", spec.user) ;
    if (errno == ENXIO) strerr_dief2x(EXIT_UNKNOWN, "unknown group: ", spec.group) ;
    strerr_diefu2sys(111, "look up account ", argv[0]) ;
  }

  /* the supplementary groups: the user's from the group database, none for numbers */
  if (acc.name[0])
  {
    int cap = 32 ;
    for (;;)
    {
      int n = cap ;
      want = gids(cap + 1) ;  /* + 1: room for the gid below */
      if (getgrouplist(acc.name, acc.gid, want, &n) >= 0) { nwant = sortgroups(want, n) ; break ; }
      free(want) ;
      if (cap >= GROUPS_MAX) strerr_dief2x(111, "too many groups for user ", acc.name) ;
      cap = n > cap ? n : 2 * cap ;  /* the libc gives the count it needs */
      if (cap > GROUPS_MAX) cap = GROUPS_MAX ;
    }
  }
  else want = gids(1) ;

  if (geteuid())
  {
    /* Not root: only our own account, already in place, is possible. Compare the group
       sets with the gid added on both sides: the kernel checks the egid anyway. */
    int n ;
    size_t nhave ;
    have = ourgroups(&n) ;
    have[n] = getegid() ;
    nhave = sortgroups(have, n + 1) ;
    want[nwant] = acc.gid ;
    if (getuid() != acc.uid || geteuid() != acc.uid || getgid() != acc.gid || getegid() != acc.gid
     || nhave != sortgroups(want, nwant + 1) || memcmp(have, want, nhave * sizeof(gid_t)))
      dieids("unable to switch to", acc.uid, acc.gid, ": not running as root, and not already exactly that account and its groups") ;
    /* capabilities this caller may hold (ambient ones, given by its parent) go too */
    if (!keepbounding) bounding = dropbounding() ;
    dropcaps() ;
    if (!capsgone(bounding))
      dieids("after clearing the capabilities of", acc.uid, acc.gid, ": some are left") ;
  }
  else
  {
    /* Groups first, then gid, then uid: after setuid nothing can be changed any more.
       Each call is checked; on failure we die, PROG is never run half-switched. */
    uid_t r, e, s ;
    gid_t rg, eg, sg ;
    int n ;
    /* Not setgroups_and_gid(): in skalibs 2.13.1.1 on Linux it only calls setgroups() with
       the gid added to the list, and never setgid(); a numeric account must end up with no
       supplementary group at all. */
    if (skalibs_setgroups(nwant, want) < 0) strerr_diefu1sys(111, "set supplementary groups") ;
    if (setgid(acc.gid) < 0) strerr_diefu1sys(111, "set gid") ;
    /* The bounding set, while CAP_SETPCAP is still ours. A uid 0 target stays root: its
       capabilities are left as they are. */
    if (acc.uid && !keepbounding) bounding = dropbounding() ;
    if (setuid(acc.uid) < 0) strerr_diefu1sys(111, "set uid") ;
    if (acc.uid) { dropcaps() ; newkeyring() ; }

    /* Read everything back before running anything with it. */
    if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0) strerr_diefu1sys(111, "read back the ids") ;
    if (r != acc.uid || e != acc.uid || s != acc.uid || rg != acc.gid || eg != acc.gid || sg != acc.gid)
      dieids("after the switch to", acc.uid, acc.gid, ": the ids read back differ") ;
    have = ourgroups(&n) ;
    if ((size_t)n != nwant || memcmp(have, want, nwant * sizeof(gid_t)))
    {
      if (sortgroups(have, n) != nwant || memcmp(have, want, nwant * sizeof(gid_t)))
        dieids("after the switch to", acc.uid, acc.gid, ": the supplementary groups read back differ") ;
    }
    if (acc.uid && (setuid(0) == 0 || (acc.gid && setgid(0) == 0) || !capsgone(bounding)))
      dieids("after the switch to", acc.uid, acc.gid, ": the process could regain privileges") ;
  }

  if (nonewprivs)
  {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) strerr_diefu1sys(111, "set no_new_privs") ;
    if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) strerr_diefu1sys(111, "read back no_new_privs") ;
  }

  if (setenvs)
  {
    char modif[3 * (TEND_ACCOUNT_NAMEMAX + 10) + sizeof(acc.home)] ;
    size_t m = 0 ;
    char const *user = acc.name ;
    char const *home = acc.home[0] ? acc.home : "/" ;
    char fu[UID_FMT] ;
    if (!user[0]) { fu[uid_fmt(fu, acc.uid)] = 0 ; user = fu ; }
    memcpy(modif + m, "HOME=", 5) ; m += 5 ;
    memcpy(modif + m, home, strlen(home) + 1) ; m += strlen(home) + 1 ;
    memcpy(modif + m, "USER=", 5) ; m += 5 ;
    memcpy(modif + m, user, strlen(user) + 1) ; m += strlen(user) + 1 ;
    memcpy(modif + m, "LOGNAME=", 8) ; m += 8 ;
    memcpy(modif + m, user, strlen(user) + 1) ; m += strlen(user) + 1 ;
    mexec_m(argv + 1, modif, m) ;
  }
  else exec(argv + 1) ;
  strerr_dieexec(errno == ENOENT ? 127 : 126, argv[1]) ;
}
