/* ISC license. */
/* tend: the entries of a directory, in name order. */
#ifndef TEND_DIR_H
#define TEND_DIR_H

#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>

/* Lists the entries of dir whose name does not start with '.', sorted by strcmp: sa gets
   the names, each followed by a NUL, and v (of size_t) the offset of each in sa, in name
   order. Both are emptied first. Returns the number of entries, or -1 with errno (ENOENT:
   dir does not exist). */
extern int tend_dir_list (char const *dir, stralloc *sa, genalloc *v) ;

/* Makes sure path is a directory of the caller's euid that only it can write: creates it
   with mode (explicitly, whatever the umask), or removes the group and other write bits of
   an existing one (a link to a directory is followed: its target is checked).
   Returns 1, 2 when write bits had to be removed, or 0 with errno: ENOTDIR not a directory,
   EPERM it belongs to another user, others from mkdir/stat/chmod. */
extern int tend_dir_own (char const *path, unsigned int mode) ;

#endif
