/* ISC license. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/buffer.h>
#include <skalibs/types.h>
#include <skalibs/tai.h>
#include <skalibs/sig.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "svdir.h"
#include "status.h"
#include "value.h"
#include "svrunning.h"
#include "service.h"
#include "stdopts.h"
#include "exitcode.h"

#define USAGE "tend-svstat [ -j ] [ -H ] [ -a ] [ DIR... ]"
#define dieusage() strerr_dieusage(TEND_EXIT_USAGE, USAGE)

/* Exit codes (the worst, highest, wins): TEND_EXIT_NO with -H when a service wanted up is
   not up (or not ready), TEND_EXIT_NOTRUNNING without -H when no supervisor runs. */

typedef struct sv_s sv_t ;
struct sv_s
{
  size_t dir ;     /* offsets in the names stralloc */
  size_t name ;
  int running ;    /* 1 a supervisor runs, 0 none, -1 unknown */
  int hasst ;      /* st is valid */
  tend_status_t st ;
} ;

static stralloc names = STRALLOC_ZERO ;
static genalloc svs = GENALLOC_ZERO ;  /* sv_t */
static int worst = 0 ;
static tain now ;

static void setcode (int e)
{
  if (e > worst) worst = e ;
}

static void put (char const *s)
{
  if (buffer_puts(buffer_1, s) < 0) strerr_diefsys(TEND_EXIT_SYS, "unable to write to stdout") ;
}

static void putn (char const *s, size_t len)
{
  if (buffer_put(buffer_1, s, len) < 0) strerr_diefsys(TEND_EXIT_SYS, "unable to write to stdout") ;
}

static void putu (uint64_t u)
{
  char fmt[UINT64_FMT] ;
  putn(fmt, uint64_fmt(fmt, u)) ;
}

/* Seconds from t to now, 0 if t is in the future. */
static uint64_t since (tain const *t)
{
  tain d ;
  if (!tain_less(t, &now)) return 0 ;
  tain_sub(&d, &now, t) ;
  return tai_sec(tain_secp(&d)) ;
}

static void putsig (unsigned int sig)
{
  char const *s = sig_name((int)sig) ;
  put("signal ") ;
  if (s[0] == '?') putu(sig) ;
  else { put("SIG") ; put(s) ; }
}

/* ---- collecting the services ---- */

static size_t addname (char const *s, size_t len)
{
  size_t pos = names.len ;
  if (!stralloc_catb(&names, s, len) || !stralloc_0(&names)) strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
  return pos ;
}

static void addsv (size_t dir, size_t name)
{
  sv_t sv = { .dir = dir, .name = name, .running = -1, .hasst = 0, .st = TEND_STATUS_ZERO } ;
  if (!genalloc_append(sv_t, &svs, &sv)) strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
}

static int isdir (char const *path)
{
  struct stat st ;
  return !stat(path, &st) && S_ISDIR(st.st_mode) ;
}

static int isscandir (char const *dir)
{
  char path[TEND_PATH_MAX] ;
  return tend_svdir_path(path, sizeof(path), dir, TEND_SCANDIR_SELF) && isdir(path) ;
}

/* Names of the scan directory's entries, as the scanner sees them, sorted. */
static char *sortbase ;
static int cmpoff (void const *a, void const *b)
{
  return strcmp(sortbase + *(size_t const *)a, sortbase + *(size_t const *)b) ;
}

static void addscandir (char const *scandir, int prefixed)
{
  stralloc ents = STRALLOC_ZERO ;
  genalloc offs = GENALLOC_ZERO ;  /* size_t */
  DIR *d = opendir(scandir) ;
  if (!d)
  {
    strerr_warnwusys("open ", scandir) ;
    setcode(TEND_EXIT_SYS) ;
    return ;
  }
  for (;;)
  {
    struct dirent *de ;
    size_t off = ents.len ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (de->d_name[0] == '.') continue ;
    if (!stralloc_cats(&ents, de->d_name) || !stralloc_0(&ents) || !genalloc_append(size_t, &offs, &off))
      strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
  }
  if (errno)
  {
    strerr_warnwusys("read ", scandir) ;
    setcode(TEND_EXIT_SYS) ;
  }
  closedir(d) ;
  sortbase = ents.s ;
  if (genalloc_len(size_t, &offs)) qsort(genalloc_s(size_t, &offs), genalloc_len(size_t, &offs), sizeof(size_t), &cmpoff) ;
  for (size_t i = 0 ; i < genalloc_len(size_t, &offs) ; i++)
  {
    char path[TEND_PATH_MAX] ;
    char logpath[TEND_PATH_MAX] ;
    char const *ent = ents.s + genalloc_s(size_t, &offs)[i] ;
    size_t dirpos, namepos ;
    if (!tend_svdir_path(path, sizeof(path), scandir, ent)) { strerr_warnwusys("use ", scandir, "/", ent) ; setcode(TEND_EXIT_SYS) ; continue ; }
    if (!isdir(path)) continue ;  /* the scanner ignores it too */
    dirpos = addname(path, strlen(path)) ;
    namepos = prefixed ? dirpos : addname(ent, strlen(ent)) ;
    addsv(dirpos, namepos) ;
    if (tend_svdir_path(logpath, sizeof(logpath), path, TEND_SVDIR_LOG) && isdir(logpath))
    {
      dirpos = addname(logpath, strlen(logpath)) ;
      if (prefixed) namepos = dirpos ;
      else
      {
        namepos = addname(ent, strlen(ent)) ;
        names.len-- ;  /* append "/log" to the name just added */
        if (!stralloc_cats(&names, "/" TEND_SVDIR_LOG) || !stralloc_0(&names)) strerr_diefsys(TEND_EXIT_SYS, "unable to allocate") ;
      }
      addsv(dirpos, namepos) ;
    }
  }
  genalloc_free(size_t, &offs) ;
  stralloc_free(&ents) ;
}

static void probe (sv_t *sv)
{
  char const *dir = names.s + sv->dir ;
  sv->running = tend_svrunning(dir, TEND_SVDIR_LOCK) ;
  if (sv->running < 0)
  {
    strerr_warnwusys("test the lock of ", dir) ;
    setcode(TEND_EXIT_SYS) ;
    return ;
  }
  if (!sv->running) return ;
  if (tend_status_read(dir, &sv->st)) sv->hasst = 1 ;
  else
  {
    strerr_warnwusys("read ", dir, "/", TEND_SVDIR_STATUS) ;
    setcode(TEND_EXIT_SYS) ;
  }
}

/* ---- health ---- */

/* NULL when healthy, else why not. */
static char const *unhealthy (sv_t const *sv)
{
  tend_status_t const *st = &sv->st ;
  if (sv->running < 0) return "unknown" ;
  if (!sv->running) return "no supervisor running" ;
  if (!sv->hasst) return "unknown" ;
  if (!(st->flags & TEND_STATUS_WANTUP) || st->flags & TEND_STATUS_ONCE) return 0 ;
  if (st->state != TEND_STATE_UP) return "not up" ;
  if (st->flags & TEND_STATUS_NOTIFY && !(st->flags & TEND_STATUS_READY)) return "not ready" ;
  return 0 ;
}

/* ---- text ---- */

static void putprintable (char const *s)
{
  char buf[TEND_PATH_MAX * 4 + 4] ;
  tend_value_printable(buf, sizeof(buf), s, strlen(s)) ;
  put(buf) ;
}

static void putlastdeath (tend_status_t const *st)
{
  if (st->lastexit == 256) putsig(st->lastsig) ;
  else { put("exit ") ; putu(st->lastexit) ; }
}

static void putstatus (sv_t const *sv)
{
  tend_status_t const *st = &sv->st ;
  int up = st->state == TEND_STATE_UP || st->state == TEND_STATE_STOPPING ;
  if (sv->running < 0 || (sv->running && !sv->hasst)) { put("status unknown") ; return ; }
  if (!sv->running) { put("no supervisor running") ; return ; }
  if (up)
  {
    put("up (pid ") ; putu((uint64_t)st->pid) ; put(") ") ;
  }
  else
  {
    put("down ") ;
    if (st->flags & TEND_STATUS_HASDIED) { put("(") ; putlastdeath(st) ; put(") ") ; }
  }
  putu(since(&st->stamp)) ; put(" seconds") ;
  if (up && st->flags & TEND_STATUS_READY) { put(", ready ") ; putu(since(&st->readystamp)) ; put(" seconds") ; }
  else if (up && st->flags & TEND_STATUS_NOTIFY) put(", not ready") ;
  if (up && !(st->flags & TEND_STATUS_NORMALLYUP)) put(", normally down") ;
  if (!up && st->flags & TEND_STATUS_NORMALLYUP) put(", normally up") ;
  if (up && !(st->flags & TEND_STATUS_WANTUP)) put(", want down") ;
  if (!up && st->flags & TEND_STATUS_WANTUP) put(", want up") ;
  if (st->flags & TEND_STATUS_ONCE) put(", once") ;
  if (st->flags & TEND_STATUS_PAUSED) put(", paused") ;
  if (st->state == TEND_STATE_STOPPING) put(", stopping") ;
  if (st->state == TEND_STATE_FINISH) put(", finishing") ;
  if (up && st->flags & TEND_STATUS_HASDIED) { put(", last ") ; putlastdeath(st) ; }
  if (st->deathtally) { put(", death tally ") ; putu(st->deathtally) ; }
  if (st->flags & TEND_STATUS_EXITING) put(", supervisor exiting") ;
}

static void textline (sv_t const *sv, char const *why)
{
  putprintable(names.s + sv->name) ;
  put(": ") ;
  if (why && strcmp(why, "no supervisor running") && strcmp(why, "unknown")) { put(why) ; put(": ") ; }
  putstatus(sv) ;
  put("\n") ;
}

/* ---- JSON ---- */

/* Length of the valid UTF-8 sequence at s (at most len bytes), 0 if invalid. */
static size_t utf8len (unsigned char const *s, size_t len)
{
  size_t n ;
  uint32_t c ;
  if (s[0] < 0x80) return 1 ;
  if (s[0] >= 0xc2 && s[0] <= 0xdf) { n = 2 ; c = s[0] & 0x1f ; }
  else if (s[0] >= 0xe0 && s[0] <= 0xef) { n = 3 ; c = s[0] & 0x0f ; }
  else if (s[0] >= 0xf0 && s[0] <= 0xf4) { n = 4 ; c = s[0] & 0x07 ; }
  else return 0 ;
  if (len < n) return 0 ;
  for (size_t i = 1 ; i < n ; i++)
  {
    if ((s[i] & 0xc0) != 0x80) return 0 ;
    c = (c << 6) | (s[i] & 0x3f) ;
  }
  if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) || (n == 4 && (c < 0x10000 || c > 0x10ffff))) return 0 ;
  return n ;
}

/* A JSON string; bytes that are not valid UTF-8 become U+FFFD. */
static void jstr (char const *s)
{
  static char const hex[] = "0123456789abcdef" ;
  size_t len = strlen(s) ;
  put("\"") ;
  for (size_t i = 0 ; i < len ;)
  {
    unsigned char c = (unsigned char)s[i] ;
    size_t n ;
    if (c == '"' || c == '\\') { char e[2] = { '\\', (char)c } ; putn(e, 2) ; i++ ; continue ; }
    if (c < 0x20 || c == 0x7f)
    {
      char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] } ;
      putn(e, 6) ; i++ ; continue ;
    }
    n = utf8len((unsigned char const *)s + i, len - i) ;
    if (!n) { put("\\ufffd") ; i++ ; continue ; }
    putn(s + i, n) ;
    i += n ;
  }
  put("\"") ;
}

static void jkey (char const *k)
{
  put(", \"") ; put(k) ; put("\": ") ;
}

static void jbool (char const *k, int b)
{
  jkey(k) ; put(b ? "true" : "false") ;
}

static void juint (char const *k, int valid, uint64_t u)
{
  jkey(k) ;
  if (valid) putu(u) ; else put("null") ;
}

static char const *statestr (unsigned char state)
{
  switch (state)
  {
    case TEND_STATE_UP : return "up" ;
    case TEND_STATE_FINISH : return "finishing" ;
    case TEND_STATE_STOPPING : return "stopping" ;
    default : return "down" ;
  }
}

static void jsonobj (sv_t const *sv)
{
  tend_status_t const *st = &sv->st ;
  int v = sv->running == 1 && sv->hasst ;
  int up = v && (st->state == TEND_STATE_UP || st->state == TEND_STATE_STOPPING) ;
  int died = v && st->flags & TEND_STATUS_HASDIED ;
  put("{ \"name\": ") ; jstr(names.s + sv->name) ;
  jkey("dir") ; jstr(names.s + sv->dir) ;
  jkey("supervisor") ; put(sv->running < 0 ? "null" : sv->running ? "true" : "false") ;
  jkey("state") ; if (v) jstr(statestr(st->state)) ; else put("null") ;
  juint("pid", up, (uint64_t)st->pid) ;
  juint("pgid", up, (uint64_t)st->pgid) ;
  juint("seconds", v, v ? since(&st->stamp) : 0) ;
  jbool("ready", v && st->flags & TEND_STATUS_READY) ;
  juint("ready_seconds", v && st->flags & TEND_STATUS_READY, v ? since(&st->readystamp) : 0) ;
  jbool("notify", v && st->flags & TEND_STATUS_NOTIFY) ;
  jkey("want") ; put(!v ? "null" : st->flags & TEND_STATUS_WANTUP ? "\"up\"" : "\"down\"") ;
  jkey("normally") ; put(!v ? "null" : st->flags & TEND_STATUS_NORMALLYUP ? "\"up\"" : "\"down\"") ;
  jbool("once", v && st->flags & TEND_STATUS_ONCE) ;
  jbool("paused", v && st->flags & TEND_STATUS_PAUSED) ;
  jbool("exiting", v && st->flags & TEND_STATUS_EXITING) ;
  juint("finish_pid", v && st->state == TEND_STATE_FINISH && st->finishpid, (uint64_t)st->finishpid) ;
  juint("last_exit", died && st->lastexit != 256, st->lastexit) ;
  jkey("last_signal") ;
  if (died && st->lastexit == 256)
  {
    char const *s = sig_name(st->lastsig) ;
    if (s[0] == '?') putu(st->lastsig) ;
    else { put("\"SIG") ; put(s) ; put("\"") ; }
  }
  else put("null") ;
  juint("death_tally", v, v ? st->deathtally : 0) ;
  jbool("healthy", !unhealthy(sv)) ;
  put(" }") ;
}

int main (int argc, char const *const *argv)
{
  int json = 0, health = 0, scan = 0, anyscan = 0 ;
  size_t n ;
  sv_t *sv ;
  char scandir[TEND_PATH_MAX] ;
  PROG = "tend-svstat" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "jHa", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'j' : json = 1 ; break ;
        case 'H' : health = 1 ; break ;
        case 'a' : scan = 1 ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (!tend_scandir_default(scandir, sizeof(scandir)))
    strerr_diefsys(TEND_EXIT_USAGE, "unable to use the scan directory of TEND_RUN") ;
  if (!argc) { anyscan = 1 ; addscandir(scandir, 0) ; }

  for (int i = 0 ; i < argc ; i++)
  {
    char path[TEND_PATH_MAX] ;
    if (!tend_service_resolve(path, sizeof(path), argv[i], scandir))
    {
      if (errno == ENOENT) strerr_warnw("no service named ", argv[i], " in ", scandir) ;
      else strerr_warnwusys("look up ", argv[i], " in ", scandir) ;
      setcode(errno == ENOENT ? TEND_EXIT_USAGE : TEND_EXIT_SYS) ;
      continue ;
    }
    if (scan || isscandir(path)) { anyscan = 1 ; addscandir(path, argc > 1) ; }
    else
    {
      size_t dirpos = addname(path, strlen(path)) ;
      addsv(dirpos, strcmp(path, argv[i]) ? addname(argv[i], strlen(argv[i])) : dirpos) ;
    }
  }
  n = genalloc_len(sv_t, &svs) ;
  sv = genalloc_s(sv_t, &svs) ;
  tain_wallclock_read(&now) ;
  for (size_t i = 0 ; i < n ; i++) probe(&sv[i]) ;

  if (json)
  {
    int array = anyscan || n != 1 ;
    if (array) put("[") ;
    for (size_t i = 0 ; i < n ; i++)
    {
      if (array) put(i ? ",\n  " : "\n  ") ;
      jsonobj(&sv[i]) ;
    }
    if (array) put(n ? "\n]" : "]") ;
    put("\n") ;
  }
  for (size_t i = 0 ; i < n ; i++)
  {
    char const *why = unhealthy(&sv[i]) ;
    if (health)
    {
      if (!why) continue ;
      setcode(TEND_EXIT_NO) ;
      if (!json) textline(&sv[i], why) ;
    }
    else
    {
      if (sv[i].running == 0) setcode(TEND_EXIT_NOTRUNNING) ;
      if (!json) textline(&sv[i], 0) ;
    }
  }
  if (!buffer_flush(buffer_1)) strerr_diefsys(TEND_EXIT_SYS, "unable to write to stdout") ;
  return worst ;
}
