/* ISC license. */

#include <string.h>
#include "value.h"
#include "settings.h"

unsigned int tend_settings_read (char const *const *envp, unsigned int *v, tend_settings_bad_fn *bad, void *ctx)
{
  unsigned char seen[TEND_S_N] = { 0 } ;
  unsigned int nbad = 0 ;
  int i ;
  for (i = 0 ; i < TEND_S_N ; i++)
    if (tend_settings[i].kind == TEND_SETTING_UINT) v[i] = tend_settings[i].def ;
  for (; *envp ; envp++)
  {
    char const *eq = strchr(*envp, '=') ;
    unsigned int u ;
    if (!eq || strncmp(*envp, "TEND_", 5)) continue ;
    i = tend_settings_find(*envp, (size_t)(eq - *envp)) ;
    if (i < 0 || seen[i] || tend_settings[i].kind != TEND_SETTING_UINT) continue ;
    seen[i] = 1 ;
    if (tend_value_uint(eq + 1, strlen(eq + 1), &u) && u <= tend_settings[i].max) v[i] = u ;
    else
    {
      nbad++ ;
      if (bad) (*bad)(tend_settings + i, eq + 1, ctx) ;
    }
  }
  return nbad ;
}
