/*
 * utf8: validation of untrusted UTF-8 text.
 */
#ifndef WASL_UTF8_H
#define WASL_UTF8_H

#include <stddef.h>

/*
 * Return 1 when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF, no NUL byte); 0 otherwise, with the
 * byte offset of the first bad sequence in *bad when bad is not NULL.
 */
int	utf8_valid(const char *s, size_t len, size_t *bad);

#endif
