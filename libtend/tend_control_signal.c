/* ISC license. */

#include <signal.h>
#include "control.h"

int tend_control_signal (char c)
{
  switch (c)
  {
    case 'p' : return SIGSTOP ;
    case 'c' : return SIGCONT ;
    case 'h' : return SIGHUP ;
    case 'a' : return SIGALRM ;
    case 'i' : return SIGINT ;
    case 'q' : return SIGQUIT ;
    case 't' : return SIGTERM ;
    case 'k' : return SIGKILL ;
    case '1' : return SIGUSR1 ;
    case '2' : return SIGUSR2 ;
    case 'y' : return SIGWINCH ;
    case 'b' : return SIGABRT ;
    default : return 0 ;
  }
}
