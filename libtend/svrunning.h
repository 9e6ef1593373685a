/* ISC license. */
/* tend: is a supervisor (or a scanner) running on a directory? */
#ifndef TEND_SVRUNNING_H
#define TEND_SVRUNNING_H

/* Tests the lock DIR/LOCKFILE (TEND_SVDIR_LOCK or TEND_SCANDIR_LOCK) through a read-only fd;
   a user who may not read the file (a supervisor's lock is 0600) gets the answer from
   /proc/locks, by device and inode, so any user who can reach the file can ask. Returns 1 if a process holds it, 0 if not
   (also when the file does not exist: nothing ever ran there), -1 with errno on error. */
extern int tend_svrunning (char const *dir, char const *lockfile) ;

#endif
