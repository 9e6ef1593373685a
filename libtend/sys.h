/* ISC license. */
/* tend: the Linux system calls tend needs that a libc may not wrap (musl has no renameat2,
   and its getdents64 takes a struct dirent). Called through syscall(2), so every libc
   gives the same behaviour. */

#ifndef TEND_SYS_H
#define TEND_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One record of getdents64(2); records follow each other, each reclen bytes long. */
typedef struct tend_dirent_s tend_dirent ;
struct tend_dirent_s
{
  uint64_t ino ;
  int64_t off ;
  unsigned short reclen ;
  unsigned char type ;
  char name[] ;
} ;

/* Reads records of the open directory fd into buf (len bytes, aligned to 8): the number of
   bytes read, 0 at the end, -1 and errno on error. */
extern ssize_t tend_getdents (int fd, char *buf, size_t len) ;

/* renameat2(olddir, old, newdir, new, RENAME_NOREPLACE): 0, or -1 and errno (EEXIST when
   new exists; EINVAL or ENOSYS where the file system or kernel lacks it). */
extern int tend_rename_noreplace (int olddir, char const *old, int newdir, char const *new) ;

/* Every signal's disposition back to the default, through the kernel's rt_sigaction (so
   that the signals a libc reserves for itself are reset too), and none blocked. Makes
   system calls only: safe in a vfork child. */
extern void tend_sig_resetall (void) ;

#endif
