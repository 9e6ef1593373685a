/* ISC license. */
/* tend: the problems --check finds, collected, sorted, and said as text or JSON. */
#ifndef TEND_REPORT_H
#define TEND_REPORT_H

#include <stddef.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>

/* error: the boot refuses it, or a program refuses the value at run time (and uses a
   default); warning: accepted, but most likely not what was meant (an unknown file name). */
#define TEND_REPORT_ERROR 0
#define TEND_REPORT_WARNING 1

typedef struct tend_problem_s tend_problem ;
struct tend_problem_s
{
  size_t file ;   /* offsets in the report's sa */
  size_t msg ;
  size_t line ;   /* 1-based; 0: the problem is about the whole file */
  size_t seq ;    /* order of arrival: ties keep it */
  unsigned int severity ;
} ;

typedef struct tend_report_s tend_report ;
struct tend_report_s
{
  stralloc sa ;
  genalloc v ;    /* tend_problem */
  unsigned int errors ;
  unsigned int warnings ;
  int err ;       /* 0, or the errno of the first failed allocation (a problem lost) */
} ;
#define TEND_REPORT_ZERO { .sa = STRALLOC_ZERO, .v = GENALLOC_ZERO, .errors = 0, .warnings = 0, .err = 0 }

/* Adds a problem about file (at line, 0 = none) whose message is the concatenation of the
   strings that follow, up to a NULL (use the tend_report macro). Returns 1, or 0 with errno
   (and r->err) set when out of memory. */
extern int tend_report_add (tend_report *r, char const *file, size_t line, unsigned int severity, ...) ;
#define tend_report(r, file, line, severity, ...) tend_report_add((r), (file), (line), (severity), __VA_ARGS__, (char const *)0)

/* Sorts the problems by file (strcmp), then line, then order of arrival. */
extern void tend_report_sort (tend_report *r) ;

/* Sorts, then writes one line per problem to b:
     PREFIX FILE:LINE: MESSAGE       (PREFIX FILE: MESSAGE when line is 0)
   with "warning: " before the message of a warning. Does not flush. Returns 1, or 0 with
   errno on a write error. */
extern int tend_report_text (buffer *b, char const *prefix, tend_report *r) ;

/* Sorts, then writes the problems as JSON: objects {"file","line","severity","message"}
   (line 0 when there is none, severity "error" or "warning"), one per line, inside an array
   ("[", ..., "]", always valid JSON, [] when empty), or with lines nonzero as JSON Lines (one
   object per line, nothing else). Strings are escaped; bytes that are not valid UTF-8 become
   U+FFFD. Does not flush. Returns 1, or 0 with errno on a write error. */
extern int tend_report_json (buffer *b, tend_report *r, int lines) ;

extern void tend_report_free (tend_report *r) ;

#endif
