/* ISC license. */
/* tend: a lock file that only its owner can take (supervise/lock). */
#ifndef TEND_LOCK_H
#define TEND_LOCK_H

/* Opens path (created if needed) without following a link, makes it belong to the caller's
   euid with mode 0600 whatever the umask (so that no other user can open it, and none can
   hold even a shared lock that would keep its owner out), and takes an exclusive open file
   description lock on it without waiting: the lock lasts as long as the description, i.e.
   as long as any process holds the fd (a vfork'd child until its exec closes it).
   Returns the fd (close-on-exec), or -1 with errno: EAGAIN when another holds the lock,
   EINVAL when path is not a regular file, others from open/fchown/fchmod/fcntl. */
extern int tend_lock_take (char const *path) ;

#endif
