/* ISC license. */
/* tend: the small value files of a service directory (timeout-kill, down-signal...). */
#ifndef TEND_VALUE_H
#define TEND_VALUE_H

#include <sys/types.h>
#include <stddef.h>

/* Largest value file read; anything longer is bad contents. */
#define TEND_VALUE_MAX 64

/* Reads DIR/NAME into buf (size max, NUL-terminated).
   Returns the length, -1 with errno (ENOENT: no such file) on failure,
   or -1 with errno EFBIG when the file holds more than max-1 bytes. */
extern ssize_t tend_value_read (char const *dir, char const *name, char *buf, size_t max) ;

/* Parse the whole of s[0..len) (leading and trailing white space allowed, nothing else,
   no NUL): a decimal number that fits an unsigned int; a signal name (TERM, SIGTERM, term)
   or number. Return 1 on success, 0 on bad contents (value untouched). */
extern int tend_value_uint (char const *s, size_t len, unsigned int *u) ;
extern int tend_value_sig (char const *s, size_t len, int *sig) ;

/* Writes a printable, quoted-safe copy of s[0..len) into dst (size max): bytes outside
   printable ASCII, backslash and double quote become \xHH; truncated with "..." if needed. */
extern void tend_value_printable (char *dst, size_t max, char const *s, size_t len) ;

#endif
