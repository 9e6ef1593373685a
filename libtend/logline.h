/* ISC license. */
/* tend: cutting a log stream into lines and selecting them (tend-logger). */
#ifndef TEND_LOGLINE_H
#define TEND_LOGLINE_H

#include <stddef.h>
#include <regex.h>

/* Smallest line length limit accepted: a cut never splits fewer bytes than this. */
#define TEND_LOGLINE_MIN 16

/*
  Finds the next piece of a line at the start of s[0..len). A line is the bytes before a
  newline; a line longer than max bytes (max >= TEND_LOGLINE_MIN) is cut into pieces of at
  most max bytes. A cut that would fall inside a well-formed UTF-8 character is moved back
  to the start of that character; any other byte (NUL, invalid UTF-8) is just data.
  Returns the number of bytes of s the piece takes (its length, plus 1 when a newline ends
  it) and stores the piece's length in *plen. Returns 0 when s does not hold a whole piece
  yet (no newline and len <= max): more input is needed, or, when eof is nonzero, the rest
  s[0..len) is a last line without a newline and is returned as a piece (0 only if len == 0).
  Pure: no state, no allocation.
*/
extern size_t tend_logline_next (char const *s, size_t len, size_t max, int eof, size_t *plen) ;

/* A selection directive: a compiled POSIX extended regular expression and what a match does. */
typedef struct tend_logsel_s tend_logsel_t, *tend_logsel_t_ref ;
struct tend_logsel_s
{
  regex_t re ;  /* compiled with REG_EXTENDED | REG_NOSUB */
  int include ; /* 1: a match selects the line (+), 0: a match deselects it (-) */
} ;

/*
  Whether the line s[0..len) (no newline; it may hold NUL bytes) is selected by the n
  directives sel[0..n), applied in order, the last match winning. A line starts selected,
  except when the first directive is an include: then it starts deselected. Returns 1 or 0.
*/
extern int tend_logline_select (tend_logsel_t const *sel, size_t n, char const *s, size_t len) ;

#endif
