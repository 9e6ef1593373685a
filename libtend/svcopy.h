/* ISC license. */
/* tend: copying a service directory, as tend-init's stage 1 does into the scan directory. */
#ifndef TEND_SVCOPY_H
#define TEND_SVCOPY_H

#include <sys/stat.h>

/* Makes name in the directory dfd a copy of the directory open at sfd (st: its stat), in
   one pass over the tree with the *at calls: each entry is made with its final mode (the
   caller sets the umask to 0 meanwhile) and, when that differs from what creating it gave,
   its owner then its mode are set (as hiercopy: regular files, directories, symlinks, FIFOs,
   devices, sockets; owner kept when allowed, else ours; mode kept). The supervisor's state
   (supervise/, event/) of the directory and of its log/ is not copied. Returns 1, or 0 with
   errno (ENOTSUP: an entry of an unknown type). */
extern int tend_svdir_copy (int sfd, struct stat const *st, int dfd, char const *name) ;

#endif
