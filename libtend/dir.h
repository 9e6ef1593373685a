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

#endif
