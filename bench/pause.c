/* ISC license. */

/* pause: the memory floor of a process that waits, built static against musl by bench/run.
   Not part of tend: what one more idle process costs when it carries no code at all. */

#include <unistd.h>

int main (void)
{
  for (;;) pause() ;
}
