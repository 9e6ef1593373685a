/* ISC license. */
/* tend: naming services on the command line (tend-svc, tend-svstat), as sv and nitroctl do. */
#ifndef TEND_SERVICE_H
#define TEND_SERVICE_H

#include <stddef.h>

/* Writes the default scan directory into buf (of size max): $TEND_RUN/services, with
   TEND_RUN from the environment when set and not empty, else from config.h.
   Returns its length, or 0 with errno ENAMETOOLONG. */
extern size_t tend_scandir_default (char *buf, size_t max) ;

/* Resolves a service argument into a path, written into buf (of size max):
   - an argument that is empty, holds a '/' or starts with '.' ("." and ".." too) is a path,
     copied as it is (the scanner never runs an entry whose name starts with '.');
   - any other argument is a name: SCANDIR/NAME when that is a directory (or a symlink to
     one), else NAME relative to the working directory when that is a directory (as
     `cd /service && svc -u web` always worked), else nothing.
   Returns 1 with the path in buf, or 0 with errno: ENOENT the name matches nothing,
   ENAMETOOLONG, or another errno from stat(2) (e.g. EACCES on SCANDIR). */
extern int tend_service_resolve (char *buf, size_t max, char const *arg, char const *scandir) ;

#endif
