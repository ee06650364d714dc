/*
 * person: what identifies a person in the stored submissions, for their
 * access and erasure requests (privacy.h): a national ID, a mobile
 * number and an e-mail address, each normalised the way the forms
 * normalise them (lib/model/fieldcheck.h), and whether an answer holds one of
 * them.
 *
 * An answer holds a value when, in a field of its type (national_id,
 * mobile, email), it is that value once normalised; or when, in free
 * text (text and textarea answers; and a typed answer that is not of its
 * type), the value is written there in any of its forms:
 *  - digits in any script the forms accept (ASCII, Arabic-Indic,
 *    Persian), in groups separated by up to PERSON_SEP_MAX spaces,
 *    hyphens, dots, slashes, parentheses or invisible direction marks
 *    ("١٠٠٠ ٠٠٠ ٠٠٨", "1000-000-008");
 *  - a national ID as its 10 digits; a mobile as any form fc_mobile()
 *    accepts (05XXXXXXXX, 5XXXXXXXX, 9665XXXXXXXX, +9665XXXXXXXX,
 *    009665XXXXXXXX);
 *  - whole groups only: the digits must begin where a group of digits
 *    begins and end where one ends, so that a longer number that merely
 *    contains the value ("11000000008") is not it;
 *  - an e-mail address in any case, not inside a longer address
 *    ("xali@example.com", "ali@example.com.sa" are not "ali@example.com").
 */
#ifndef WASL_PERSON_H
#define WASL_PERSON_H

#include "buf.h"
#include "formdef.h"

#define PERSON_SEP_MAX	3	/* separator characters between groups */

/* The identifiers, as bits of person_match()'s answer. */
#define PERSON_NATIONAL_ID	1
#define PERSON_MOBILE		2
#define PERSON_EMAIL		4

struct person {
	char	 national_id[11];	/* 10 ASCII digits, or "" */
	char	 mobile[14];		/* +9665XXXXXXXX, or "" */
	char	*email;			/* ASCII lower case; NULL when none */
};

/*
 * Fill p from the values as typed (each may be NULL: not given; at least
 * one must be). Returns 0, or -1 with a message naming the option
 * (--national-id, --mobile, --email) and the forms it takes appended to
 * err. Clear p with person_clear() either way.
 */
int	 person_parse(struct person *p, const char *national_id,
	    const char *mobile, const char *email, struct buf *err);

/* Wipe and free what p holds; a zeroed p is fine. */
void	 person_clear(struct person *p);

/*
 * Which of p's identifiers the answer value to a field of type type
 * holds, as PERSON_ bits (0: none). *in_text is set to 1 when they were
 * found in free text, 0 when the answer is the value itself.
 */
int	 person_match(const struct person *p, enum formdef_type type,
	    const char *value, int *in_text);

/* "national ID", "mobile" or "e-mail" for one PERSON_ bit. */
const char *person_what(int bit);

#endif
