/* ISC license. */
/* tend: accounts as written on command lines and in perms files, and their lookup. */
#ifndef TEND_ACCOUNT_H
#define TEND_ACCOUNT_H

#include <sys/types.h>
#include <stddef.h>

/*
  Syntax (tend_account_scan, pure: no database access):
    ACCOUNT  = SPEC | SPEC "," UID ":" GID
    SPEC     = USER | USER ":" GROUP
  USER and GROUP are names or decimal numbers; a part made only of digits is a number,
  anything else a name. "," UID ":" GID is the fallback used when a name of SPEC is unknown
  in the database (both numbers). Names: 1 to TEND_ACCOUNT_NAMEMAX bytes, no ':', ',',
  white space, control character or NUL, not starting with '-'.
*/

#define TEND_ACCOUNT_NAMEMAX 255

#define TEND_ACCOUNT_USERNAME 0x01  /* user[] holds a name (else uid is the number) */
#define TEND_ACCOUNT_HASGROUP 0x02  /* a GROUP part was given */
#define TEND_ACCOUNT_GROUPNAME 0x04 /* group[] holds a name (else gid is the number) */
#define TEND_ACCOUNT_FALLBACK 0x08  /* fbuid:fbgid was given */

typedef struct tend_account_spec_s tend_account_spec_t ;
struct tend_account_spec_s
{
  char user[TEND_ACCOUNT_NAMEMAX + 1] ;
  char group[TEND_ACCOUNT_NAMEMAX + 1] ;
  uid_t uid ;
  gid_t gid ;
  uid_t fbuid ;
  gid_t fbgid ;
  unsigned int flags ;
} ;

/* Parses s[0..len). Returns 1, or 0 with errno EINVAL when malformed. */
extern int tend_account_scan (char const *s, size_t len, tend_account_spec_t *spec) ;

/*
  The result of a lookup:
  - USER alone: uid, primary gid and name from the passwd database.
  - USER:GROUP: uid from USER, gid from GROUP.
  - a numeric USER: no user database access.
  - the fallback when a name is unknown: fbuid:fbgid, with usedfallback set.
  name is the user name when USER is a name and the fallback was not used, else "".
  Whoever wants supplementary groups computes them from name and gid (getgrouplist);
  an empty name means none.
*/
typedef struct tend_account_s tend_account_t ;
struct tend_account_s
{
  char name[TEND_ACCOUNT_NAMEMAX + 1] ;
  char home[4096] ;  /* pw_dir when a name was looked up, else "" */
  uid_t uid ;
  gid_t gid ;
  int usedfallback ;
} ;

/* Looks spec up. Returns 1 on success; 0 with errno:
   ESRCH unknown user, ENXIO unknown group (and no fallback), ENAMETOOLONG home too long,
   anything else a database (system) error. */
extern int tend_account_resolve (tend_account_spec_t const *spec, tend_account_t *acc) ;

#endif
