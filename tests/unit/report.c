/* ISC license. */
/* Unit tests for the --check problem report: collect, sort, text and JSON. */

#include <unistd.h>
#include <stdlib.h>
#include <skalibs/buffer.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include "report.h"
#include "tap.h"

/* What fn writes, as a string (in a static buffer). */
static char const *out (tend_report *r, int json, int lines)
{
  static char got[4096] ;
  char space[64] ;  /* small on purpose: many flushes */
  char tmpl[] = "/tmp/tend-unit-report.XXXXXX" ;
  buffer b ;
  ssize_t n ;
  int fd = mkstemp(tmpl), w ;
  if (fd < 0) return "(mkstemp failed)" ;
  unlink(tmpl) ;
  buffer_init(&b, &buffer_write, fd, space, sizeof space) ;
  w = json ? tend_report_json(&b, r, lines) : tend_report_text(&b, "tend-init: check: ", r) ;
  if (!w || !buffer_flush(&b)) { close(fd) ; return "(write failed)" ; }
  n = pread(fd, got, sizeof got - 1, 0) ;
  close(fd) ;
  got[n < 0 ? 0 : n] = 0 ;
  return got ;
}

int main (void)
{
  tend_report r = TEND_REPORT_ZERO ;
  tap_plan(11) ;

  is_str(out(&r, 0, 0), "", "empty report: no text") ;
  is_str(out(&r, 1, 0), "[]\n", "empty report: an empty JSON array") ;

  ok(tend_report(&r, "/etc/tend/services/b/run", 0, TEND_REPORT_ERROR, "missing"), "add") ;
  tend_report(&r, "/etc/tend/envs/10", 7, TEND_REPORT_ERROR, "bad ", "variable ", "name") ;
  tend_report(&r, "/etc/tend/envs/10", 2, TEND_REPORT_WARNING, "unknown variable TEND_X") ;
  tend_report(&r, "/etc/tend/envs/10", 2, TEND_REPORT_ERROR, "second on line 2") ;
  tend_report(&r, "/etc/tend/envs/10", 0, TEND_REPORT_ERROR, "whole file") ;
  is_int(r.errors, 4, "errors counted") ;
  is_int(r.warnings, 1, "warnings counted") ;
  is_str(out(&r, 0, 0),
    "tend-init: check: /etc/tend/envs/10: whole file\n"
    "tend-init: check: /etc/tend/envs/10:2: warning: unknown variable TEND_X\n"
    "tend-init: check: /etc/tend/envs/10:2: second on line 2\n"
    "tend-init: check: /etc/tend/envs/10:7: bad variable name\n"
    "tend-init: check: /etc/tend/services/b/run: missing\n",
    "text: sorted by file, then line (numerically), then arrival; warnings marked") ;
  tend_report_free(&r) ;

  tend_report(&r, "/a\"b\\c", 3, TEND_REPORT_ERROR, "tab\there, nl\n, \x01, \xc3\xa9, bad \xff\xc3") ;
  tend_report(&r, "/a", 0, TEND_REPORT_WARNING, "w") ;
  is_str(out(&r, 1, 0),
    "[\n"
    "{\"file\":\"/a\",\"line\":0,\"severity\":\"warning\",\"message\":\"w\"},\n"
    "{\"file\":\"/a\\\"b\\\\c\",\"line\":3,\"severity\":\"error\",\"message\":\"tab\\u0009here, nl\\u000a, \\u0001, \xc3\xa9, bad \\ufffd\\ufffd\"}\n"
    "]\n",
    "JSON array: escaped quotes, backslashes, controls; UTF-8 kept, invalid bytes U+FFFD") ;
  is_str(out(&r, 1, 1),
    "{\"file\":\"/a\",\"line\":0,\"severity\":\"warning\",\"message\":\"w\"}\n"
    "{\"file\":\"/a\\\"b\\\\c\",\"line\":3,\"severity\":\"error\",\"message\":\"tab\\u0009here, nl\\u000a, \\u0001, \xc3\xa9, bad \\ufffd\\ufffd\"}\n",
    "JSON lines: one object per line") ;
  tend_report_free(&r) ;

  tend_report(&r, "/f", 1, TEND_REPORT_ERROR, "\xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80") ;
  is_str(out(&r, 1, 1),
    "{\"file\":\"/f\",\"line\":1,\"severity\":\"error\",\"message\":\"\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd\\ufffd\"}\n",
    "JSON: surrogates, overlong forms and code points over U+10FFFF are not UTF-8") ;
  tend_report_free(&r) ;
  ok(!r.errors && !r.warnings && !genalloc_len(tend_problem, &r.v), "free empties") ;
  {
    unsigned int i ;
    char name[16] = "/f000" ;
    for (i = 0 ; i < 300 ; i++) { name[2] = '0' + (char)(i % 10) ; tend_report(&r, name, 300 - i, TEND_REPORT_ERROR, "m") ; }
    tend_report_sort(&r) ;
    {
      tend_problem const *p = genalloc_s(tend_problem, &r.v) ;
      int sorted = 1 ;
      for (i = 1 ; i < 300 ; i++)
      {
        int c = strcmp(r.sa.s + p[i-1].file, r.sa.s + p[i].file) ;
        if (c > 0 || (!c && p[i-1].line > p[i].line)) sorted = 0 ;
      }
      ok(sorted && r.errors == 300, "300 problems sorted") ;
    }
  }
  tend_report_free(&r) ;
  return tap_done() ;
}
