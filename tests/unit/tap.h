/* ISC license. */
/* A tiny TAP producer for tend's C unit tests. */
#ifndef TEND_TAP_H
#define TEND_TAP_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>

static unsigned int tap_n = 0 ;
static unsigned int tap_failed = 0 ;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static inline void tap_plan (unsigned int n) { printf("1..%u\n", n) ; fflush(stdout) ; }

static inline int tap_ok (int cond, char const *file, int line, char const *name)
{
  printf("%sok %u - %s\n", cond ? "" : "not ", ++tap_n, name) ;
  if (!cond) { tap_failed++ ; printf("#   failed at %s line %d\n", file, line) ; }
  fflush(stdout) ;
  return cond ;
}

static inline int tap_is_int (long long got, long long want, char const *file, int line, char const *name)
{
  int r = tap_ok(got == want, file, line, name) ;
  if (!r) printf("#   got: %lld\n#   expected: %lld\n", got, want) ;
  return r ;
}

static inline int tap_is_str (char const *got, char const *want, char const *file, int line, char const *name)
{
  int r = tap_ok(got && want && !strcmp(got, want), file, line, name) ;
  if (!r) printf("#   got: \"%s\"\n#   expected: \"%s\"\n", got ? got : "(null)", want ? want : "(null)") ;
  return r ;
}

static inline void tap_skip (char const *name, char const *why)
{
  printf("ok %u - %s # skip %s\n", ++tap_n, name, why) ;
  fflush(stdout) ;
}

static inline int tap_done (void) { return tap_failed ? 1 : 0 ; }

#endif
