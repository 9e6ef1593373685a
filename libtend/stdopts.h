/* ISC license. */
/* tend: the options every program answers, as packaged tools do. */
#ifndef TEND_STDOPTS_H
#define TEND_STDOPTS_H

/* When argv[1] is --help, prints usage (the program's synopsis) and a newline to stdout;
   when it is --version, prints PROG, a space and TEND_VERSION (config.h) on one line.
   Then exits 0 (111 if stdout cannot be written). Otherwise returns, touching nothing.
   Call it in main after setting PROG and before parsing anything else. */
extern void tend_stdopts (int argc, char const *const *argv, char const *usage) ;

#endif
