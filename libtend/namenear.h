/* ISC license. */
/* tend: is a name a likely typo of a known one? (--check's "did you mean X?") */
#ifndef TEND_NAMENEAR_H
#define TEND_NAMENEAR_H

#include <stddef.h>

#define TEND_NAMENEAR_MAX 64  /* longer names are never near anything */

/* Compares s[0..len) with the known name known, both folded (ASCII case ignored, '_' taken
   as '-'). Returns 0 when they are equal once folded (Down, timeout_kill), the edit distance
   (insertions, deletions, substitutions, swaps of two neighbours) when it is small for the
   length of known (at most 1 + strlen(known)/6: notfication-fd, TEND_VERBOSTY), or -1. */
extern int tend_name_near (char const *s, size_t len, char const *known) ;

#endif
