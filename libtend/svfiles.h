/* ISC license. */
/* tend: the files of a service directory in one table (name, kind, range, meaning), as
   tend-supervise and tend-svscan use them; read by --check and the documentation test. */
#ifndef TEND_SVFILES_H
#define TEND_SVFILES_H

enum tend_svfile_kind
{
  TEND_SVFILE_EXEC,    /* an executable file (run is required) */
  TEND_SVFILE_FLAG,    /* only whether it exists matters */
  TEND_SVFILE_UINT,    /* a decimal number in [min, max] (tend_value_uint) */
  TEND_SVFILE_SIG,     /* a signal (tend_value_sig), any but refused */
  TEND_SVFILE_DIR,     /* a directory */
  TEND_SVFILE_STATE,   /* created by the supervisor */
  TEND_SVFILE_IGNORED  /* another suite's file, which tend knowingly ignores */
} ;

typedef struct tend_svfile_s tend_svfile ;
struct tend_svfile_s
{
  char const *name ;
  enum tend_svfile_kind kind ;
  unsigned int min ;      /* TEND_SVFILE_UINT: the range tend-supervise accepts */
  unsigned int max ;
  int refused ;           /* TEND_SVFILE_SIG: the one signal refused (0: none) */
  unsigned char required ;
  char const *what ;      /* one line, for the docs */
} ;

#define TEND_SVFILE_N 26
extern tend_svfile const tend_svfiles[TEND_SVFILE_N] ;

/* The entry of the table named name, or 0. */
extern tend_svfile const *tend_svfile_find (char const *name) ;

#endif
