/*
 * submission: check a posted form (a parsed urlencoded body) against its
 * definition, the one place where an applicant's answers are validated
 * and normalised before anything stores them.
 *
 * Rules:
 *  - A name that is not a field of the form rejects the whole post
 *    (SUBMISSION_REJECT, reason SUBMISSION_UNKNOWN_FIELD), except names
 *    starting with '_', which are skipped: they are left to the calling
 *    program (a token, a honeypot); field names cannot start with '_'.
 *  - A field posted twice rejects the whole post (SUBMISSION_REJECT,
 *    reason SUBMISSION_REPEATED_FIELD); our pages never do that.
 *  - Each field is checked with fc_field() (fieldcheck.h). An answer that
 *    is empty (only whitespace) counts as not given; an unticked checkbox
 *    is absent from the body, which is the same. Not given is an error
 *    only for required fields.
 *  - require_one_of: when none of its fields is given, the form's message
 *    is the error of the first of them.
 * These two rejections are not the applicant's mistakes (the page never
 * produces them), so they are codes for the program, not field errors.
 */
#ifndef WASL_SUBMISSION_H
#define WASL_SUBMISSION_H

#include <jansson.h>

#include "formdef.h"
#include "urlenc.h"

enum submission_status {
	SUBMISSION_OK = 0,	/* every answer valid */
	SUBMISSION_INVALID,	/* field errors: show the form again */
	SUBMISSION_REJECT	/* not a post of this form: see reason */
};

enum submission_reason {
	SUBMISSION_NO_REASON = 0,
	SUBMISSION_UNKNOWN_FIELD,	/* bad_name is not a field */
	SUBMISSION_REPEATED_FIELD	/* bad_name came twice */
};

struct submission {
	/* Object: field name -> normalised answer, for each field given
	 * and valid: a string (text, 10-digit ID, +9665XXXXXXXX, e-mail,
	 * option value), an integer (integer, rating) or true (consent). */
	json_t	*values;
	/* Object: field name -> its error message (Arabic, for the
	 * applicant), at most one per field, inserted (so iterated) in the
	 * form's field order; empty when none, and after
	 * submission_validate() until the messages are rendered from codes
	 * (lib/view/fieldmsg.h's fieldmsg_errors()). */
	json_t	*errors;
	/* Object: field name -> what failed, as an integer: an enum
	 * fc_error (fieldcheck.h), or SUBMISSION_ONE_OF for the field that
	 * carries the form's require_one_of message; same fields and
	 * order as errors. */
	json_t	*codes;
	/* Object: field name -> the answer as typed, made safe with
	 * fc_refill() (trimmed, valid UTF-8, no controls), for each field
	 * given, valid or not; "yes" for a ticked consent. Filled only
	 * for SUBMISSION_INVALID, to show the form again; empty
	 * otherwise. */
	json_t	*refill;
	/* Why SUBMISSION_REJECT, and the offending name; else
	 * SUBMISSION_NO_REASON and "". */
	enum submission_reason	 reason;
	char			 bad_name[URLENC_MAX_NAME + 1];
};

/* In codes: the field carries the form's require_one_of message
 * (lib/view/fieldmsg.h says it). */
#define SUBMISSION_ONE_OF	(-1)

/*
 * Check body against fd, filling *out (whatever it held is overwritten,
 * not freed) with every member but the messages: errors is left empty,
 * codes says what failed. Returns an enum submission_status. On every
 * return the four JSON members are set (empty after a rejection) and
 * owned by *out; the caller frees them with submission_free(), or takes
 * a reference with json_incref() first to keep one.
 */
int		 submission_validate(const struct formdef *fd,
		    const struct urlenc_list *body, struct submission *out);

/* Release the JSON members and leave *s empty; accepts NULL and a
 * zeroed struct. */
void		 submission_free(struct submission *s);

#endif
