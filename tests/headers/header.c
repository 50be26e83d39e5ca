/* The public header must compile alone as C99, C11 -pedantic and C++. */
#include "digicheck.h"

#if DIGICHECK_VERSION_NUMBER < 100
#error "version number"
#endif

int header_compiles(void);
int header_compiles(void)
{
    digicheck_error err = {0, 0, 0, {0}, {0}};
    return err.code + DIGICHECK_OK + (int)sizeof(digicheck_error) * 0;
}
