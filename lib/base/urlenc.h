/*
 * urlenc: parser for application/x-www-form-urlencoded request bodies
 * (what a browser sends when an HTML form is posted), with explicit
 * limits, for untrusted input.
 *
 * The body is a list of name=value pairs separated by '&'. In both, '+'
 * is a space and %XX (two hex digits, either case) is the byte XX; any
 * other '%' is an error. Empty pairs ("a=1&&b=2", a trailing '&') are
 * skipped, as browsers do; a pair without '=' has an empty value. Decoded
 * names must be 1..URLENC_MAX_NAME bytes of printable ASCII (0x21-0x7E);
 * decoded values may hold any bytes, NUL included: validating them is the
 * caller's job (see fieldcheck.h).
 *
 * Every parse is given the longest body it accepts: a form's is
 * URLENC_MAX_BODY, each of its values at most URLENC_MAX_VALUE. A post
 * that carries a long text (the staff console's policy drafts and content
 * edits) is given more, up to URLENC_MAX_LONG, the ceiling of any body;
 * in it one value may be as long as the body.
 */
#ifndef WASL_URLENC_H
#define WASL_URLENC_H

#include <stddef.h>

#define URLENC_MAX_BODY		(64 * 1024)	/* a form's: bytes, as received */
#define URLENC_MAX_LONG		(1024 * 1024)	/* any body's: bytes, as
						   received */
#define URLENC_MAX_FIELDS	64		/* pairs */
#define URLENC_MAX_NAME		64		/* bytes, decoded */
#define URLENC_MAX_VALUE	(16 * 1024)	/* a form's: bytes, decoded */

enum urlenc_error {
	URLENC_OK = 0,
	URLENC_TOO_LARGE,	/* body over the limit given */
	URLENC_TOO_MANY,	/* more than URLENC_MAX_FIELDS pairs */
	URLENC_NAME_TOO_LONG,	/* a name over URLENC_MAX_NAME */
	URLENC_VALUE_TOO_LONG,	/* a value over its limit (a form's:
				   URLENC_MAX_VALUE) */
	URLENC_BAD_PERCENT,	/* '%' not followed by two hex digits */
	URLENC_BAD_NAME		/* empty name, or not printable ASCII */
};

struct urlenc_pair {
	const char	*name;		/* NUL-terminated */
	const char	*value;		/* NUL-terminated, but may hold NULs */
	size_t		 value_len;	/* bytes, without the terminator */
};

/* The parsed pairs, in body order; names may repeat. */
struct urlenc_list {
	struct urlenc_pair	*pairs;	/* owned */
	size_t			 n;
	char			*mem;	/* owned: holds every name and value */
};

/*
 * Parse body[0..len) (need not be NUL-terminated; NULL with len 0 is an
 * empty body) into *out, the body at most max bytes: URLENC_MAX_BODY for
 * a form, whose values are then at most URLENC_MAX_VALUE bytes each; a
 * larger max (a post carrying a long text) lets a value be as long as
 * the body. A max over URLENC_MAX_LONG counts as URLENC_MAX_LONG.
 * Returns URLENC_OK, or an error code with *out empty (n == 0). Checks
 * run in this order: body size, then the number of pairs, then each pair
 * in turn (its name, then its value), so the error returned is the first
 * one met. On either result the caller calls urlenc_free(out); the
 * strings in out are valid until then.
 */
int		 urlenc_parse(const char *body, size_t len, size_t max,
		    struct urlenc_list *out);

/* Free the pairs; accepts NULL and an empty or zeroed list, which it
 * leaves empty. */
void		 urlenc_free(struct urlenc_list *l);

/* An English description of an error code, for logs; static string. */
const char	*urlenc_strerror(int code);

#endif
