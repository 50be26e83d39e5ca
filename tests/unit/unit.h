/*
 * unit.h -- what every cmocka unit test includes. Unit tests link the static
 * library, so they may call the internal dci_ functions as well as the
 * public API.
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dci.h"
#include "digicheck.h"

/* Asserts an error's code, the start of its message, line and column. */
#define assert_error(err, c, prefix, l, col) do {                               \
        assert_int_equal((err).code, (c));                                      \
        if (strncmp((err).message, (prefix), strlen(prefix)) != 0)             \
            fail_msg("message '%s' does not start with '%s'", (err).message,   \
                     (prefix));                                                 \
        assert_int_equal((err).line, (l));                                      \
        assert_int_equal((err).column, (col));                                  \
    } while (0)

#endif
