/* ISC license. */

#include <string.h>
#include "settings.h"

int tend_settings_find (char const *s, size_t len)
{
  int i ;
  for (i = 0 ; i < TEND_S_N ; i++)
    if (strlen(tend_settings[i].name) == len && !memcmp(tend_settings[i].name, s, len)) return i ;
  return -1 ;
}
