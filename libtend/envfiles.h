/* ISC license. */
/* tend: reading the env files of TEND_ETC/envs/, for the boot and for the check alike. */
#ifndef TEND_ENVFILES_H
#define TEND_ENVFILES_H

#include <stddef.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>

/* Linux refuses at execve any environment string longer than MAX_ARG_STRLEN (32 pages, NUL
   included). */
#define TEND_ENV_STRMAX 131072
#define TEND_ENV_TOOLONG "too long: KEY=VALUE over 131071 bytes, which Linux refuses at exec (MAX_ARG_STRLEN)"

/* A variable is a file of the envdir, from which the CMD, the init and the finalize scripts
   get their environment: a name that cannot be a file name there (over NAME_MAX bytes, with
   a '/', or starting with '.') is dropped from the boot's environment everywhere, services
   included, with one warning (the same rule for every program). */
#define TEND_ENV_NAMEMAX 255
#define TEND_ENV_BADNAME "name unusable as a file name of the envdir (over 255 bytes, with a / or a leading .): dropped from every program's environment"
#define TEND_ENV_CONTAINER "the container's environment"  /* the path said for envp */

/* 1 if s[0..len) can be a variable's name in the envdir, else 0. */
extern int tend_env_nameok (char const *s, size_t len) ;

/* What tend_envfiles_read says about the file path: read (e 0, line 0, msg NULL); unreadable
   (e: the errno); a syntax error (line: where, msg: why); an assignment too long for exec
   (line 0, msg: its name, printable, detail: TEND_ENV_TOOLONG); a name dropped by the
   envdir rule above (line 0, msg: its name, printable and shortened, detail:
   TEND_ENV_BADNAME: a warning, not a mistake; path TEND_ENV_CONTAINER for envp). */
typedef void tend_envfiles_fn (char const *path, int e, size_t line, char const *msg, char const *detail, void *ctx) ;

/* Reads every file of dir whose name does not start with '.', in name order, appending
   their assignments (tend_envfile_parse) to vars in file order, and calls fn for each file.
   A file with a mistake adds nothing. Returns the number of files with a mistake, or -1 with
   errno when dir cannot be listed (a missing dir has no files) or memory runs out. */
extern int tend_envfiles_read (char const *dir, stralloc *vars, tend_envfiles_fn *fn, void *ctx) ;

/* The environment of a boot: reads ETC/envs/ with tend_envfiles_read (vars, fn, ctx), then
   appends to merged (tend_env_merge: the one precedence rule) TEND_ETC=etc and TEND_RUN=run
   (kept in fixed) over envp over the env files, less the names tend_env_nameok refuses. The boot and its check both call this, so
   that they cannot disagree. Returns as tend_envfiles_read (-1 with errno: ENOMEM too). */
extern int tend_envfiles_merge (char const *etc, char const *run, char const *const *envp, stralloc *vars, stralloc *fixed, genalloc *merged, tend_envfiles_fn *fn, void *ctx) ;

#endif
