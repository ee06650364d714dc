/*
 * fieldcheck: validators and normalisers for the answers applicants type
 * into wasl's forms, and the Arabic messages that tell them what to fix.
 *
 * Pure functions: no I/O, no global state. Each validator takes untrusted
 * bytes s[0..len) (not NUL-terminated, any content), returns FC_OK (0) or
 * one of enum fc_error, and appends its normalised result to out only on
 * success: on error out is left as it was. Inputs longer than
 * FC_MAX_INPUT bytes are refused without being read (FC_TOO_LONG for text
 * and e-mail, FC_FORMAT for national ID, mobile and integer).
 *
 * Digits may be typed in any of three scripts: ASCII 0-9, Arabic-Indic
 * (U+0660-0669) and Persian (U+06F0-06F9); all are stored as ASCII.
 * "Whitespace" below means ASCII space, tab, CR and LF, U+00A0, U+1680,
 * U+2000-200A, U+2028, U+2029, U+202F, U+205F and U+3000.
 */
#ifndef WASL_FIELDCHECK_H
#define WASL_FIELDCHECK_H

#include <stddef.h>

#include "buf.h"
#include "formdef.h"

#define FC_MAX_INPUT	(64 * 1024)	/* bytes */

enum fc_error {
	FC_OK = 0,
	FC_EMPTY,	/* nothing but whitespace (the caller decides whether
			   the field was required) */
	FC_ENCODING,	/* not valid UTF-8 (overlong, surrogate, truncated) */
	FC_CONTROL,	/* NUL or another control character where none may be */
	FC_TOO_LONG,	/* more characters than allowed */
	FC_FORMAT,	/* not the expected shape: letters in a number, an ID
			   that is not 10 digits, a landline, no '@' ... */
	FC_ID_PREFIX,	/* 10 digits that start with neither 1 nor 2 */
	FC_CHECKSUM,	/* a national ID that fails the Luhn check */
	FC_RANGE,	/* an integer outside min..max */
	FC_NOT_OPTION,	/* a choice, rating or consent value not offered */
	FC_NERRORS
};

/* Append s[0..len) to out with every Arabic-Indic and Persian digit
 * replaced by its ASCII digit; all other bytes are copied unchanged. */
void	 fc_digits_normalize(const char *s, size_t len, struct buf *out);
/* The value of the code point c as a digit of one of the three scripts
 * (0-9), or -1 when it is none. */
int	 fc_digit_value(unsigned long c);

/*
 * Saudi national ID (citizens, first digit 1) or Iqama (residents, 2).
 * Accepts digits in any script with spaces, U+00A0 and hyphens between
 * them, and surrounding whitespace. Valid when there are exactly 10
 * digits, the first is 1 or 2 and the Luhn mod-10 sum over all ten
 * (doubling the 1st, 3rd, ... 9th) is divisible by 10, so 1000000008 is
 * valid. The checksum catches typing mistakes only: it says nothing about
 * whether the number was ever issued or belongs to the applicant.
 * Appends the 10 ASCII digits. Errors: FC_EMPTY, FC_FORMAT (not 10
 * digits, other characters), FC_ID_PREFIX, FC_CHECKSUM.
 */
int	 fc_national_id(const char *s, size_t len, struct buf *out);

/*
 * Saudi mobile number: 05XXXXXXXX, 5XXXXXXXX, 9665XXXXXXXX,
 * +9665XXXXXXXX or 009665XXXXXXXX, digits in any script, with spaces,
 * U+00A0, hyphens, dots and parentheses anywhere and '+' only first.
 * Appends the E.164 form "+9665" followed by the 8 digits. Errors:
 * FC_EMPTY, FC_FORMAT (anything else: landlines, other countries, a
 * trunk 0 after 966, a wrong number of digits).
 */
int	 fc_mobile(const char *s, size_t len, struct buf *out);

/*
 * E-mail address, pragmatically: surrounding whitespace trimmed; exactly
 * one '@'; a local part of 1..64 bytes; a domain of dot-separated,
 * non-empty labels, at least two, the last at least 2 characters; no
 * whitespace, controls, invisible formatting characters or any of
 * ()<>[]\,;:" ; valid UTF-8; at most 254 bytes and at most max characters
 * (max <= 0 means 254). Appends the address with the domain's ASCII
 * letters lower-cased (the local part is kept: it may be case-sensitive).
 * Errors: FC_EMPTY, FC_ENCODING, FC_TOO_LONG, FC_FORMAT.
 */
int	 fc_email(const char *s, size_t len, long long max, struct buf *out);

/*
 * Free text: one line (multiline 0, an <input>) or several (1, a
 * <textarea>).
 *  - Must be valid UTF-8 (else FC_ENCODING).
 *  - NUL, C0 controls, DEL and C1 controls are rejected (FC_CONTROL),
 *    except tab and line breaks in multiline text, where CRLF and lone
 *    CR become LF. U+2028/U+2029 become LF (multiline) or a space.
 *  - Removed silently, not rejected, since applicants cannot see them to
 *    delete them: the bidi embeddings and overrides U+202A-202E, the bidi
 *    isolates U+2066-2069, and the invisible U+200B (zero-width space),
 *    U+2060 (word joiner) and U+FEFF (BOM). ZWNJ and ZWJ (U+200C/D) and
 *    the marks LRM, RLM and ALM (U+200E/F, U+061C) are kept: Arabic,
 *    Persian and mixed-direction text need them.
 *  - Leading and trailing whitespace is trimmed (internal kept).
 *  - Length counts code points, after all of the above, against max
 *    (FC_TOO_LONG; max <= 0: no limit but FC_MAX_INPUT); nothing left
 *    is FC_EMPTY.
 * Appends the cleaned text.
 */
int	 fc_text(const char *s, size_t len, int multiline, long long max,
	    struct buf *out);

/*
 * 1 when fc_text(s, len, 1, 0, ...) would answer FC_EMPTY (nothing but
 * whitespace and the invisible characters it removes, in valid UTF-8
 * without NUL and at most FC_MAX_INPUT bytes), else 0; it builds
 * nothing and stops at the first visible character.
 */
int	 fc_blank(const char *s, size_t len);

/*
 * Whole number: digits in any script, surrounding whitespace allowed, a
 * leading '-' only when min < 0, no '+', separators or decimals. Errors:
 * FC_EMPTY, FC_FORMAT, FC_RANGE (outside min..max, including a negative
 * number when min >= 0 and any number over 15 digits). *out is set on
 * success only.
 */
int	 fc_integer(const char *s, size_t len, long long min, long long max,
	    long long *out);

/* One of f's options (choice or rating; exact bytes, no trimming): FC_OK
 * with its index in *index (may be NULL), FC_EMPTY for "", else
 * FC_NOT_OPTION. */
int	 fc_option(const struct formdef_field *f, const char *s, size_t len,
	    size_t *index);

/* A consent checkbox: "yes" is FC_OK, "" FC_EMPTY, else FC_NOT_OPTION. */
int	 fc_consent(const char *s, size_t len);

/*
 * Check one answer to field f with the validator of its type, with f's
 * limits, appending the normalised answer as text: the cleaned text, 10
 * digits, +9665XXXXXXXX, the e-mail, the decimal integer, the option
 * value, or "yes" for consent. A rating's digits may be in any script
 * ("٥" is "5"); a choice's value is matched exactly.
 */
int	 fc_field(const struct formdef_field *f, const char *s, size_t len,
	    struct buf *out);

/*
 * A safe copy of an answer to put back into the form after an error,
 * showing applicants what they typed: invalid UTF-8 gives nothing,
 * controls (except tab and line breaks when multiline) and the invisible
 * characters fc_text() removes are dropped, line breaks become LF, the
 * ends are trimmed, and at most FC_MAX_INPUT bytes are read. Appends.
 */
void	 fc_refill(const char *s, size_t len, int multiline, struct buf *out);

/*
 * What the applicant is told of a failed check: one text of the catalog
 * (templates/strings.yaml, group "fieldcheck"; lib/view/fieldmsg.h renders
 * it), with the field's label and limits as its parameters, e.g. "أدخل
 * {{label}}", "اختر {{label}}", "يجب ألا يزيد عدد أحرف {{label}} على
 * {{max}}".
 */
enum fc_msg {
	FCM_NONE,		/* nothing to say (FC_OK) */
	FCM_ENTER,		/* a field left empty: "enter ..." */
	FCM_CHOOSE,		/* a choice left empty */
	FCM_ANSWER,		/* a rating left empty */
	FCM_AGREE,		/* a consent not given */
	FCM_ENCODING,		/* FC_ENCODING */
	FCM_CONTROL,		/* FC_CONTROL */
	FCM_TOO_LONG,		/* FC_TOO_LONG: {{max}} */
	FCM_ID_FORMAT,		/* a national ID not of 10 digits */
	FCM_MOBILE_FORMAT,	/* a mobile number not 05XXXXXXXX */
	FCM_EMAIL_FORMAT,	/* an e-mail address not one */
	FCM_DIGITS,		/* an integer with more than digits */
	FCM_CHECK,		/* any other failure: "check what you wrote" */
	FCM_ID_PREFIX,		/* FC_ID_PREFIX */
	FCM_CHECKSUM,		/* FC_CHECKSUM */
	FCM_RANGE,		/* FC_RANGE: {{min}}, {{max}} */
	FCM_RATING_OPTION,	/* a rating not offered */
	FCM_OPTION,		/* a choice not offered */
	FCM_NMSGS
};

/* A text to say and its parameters. */
struct fc_say {
	enum fc_msg	 msg;
	const char	*label;		/* the field's label, else its name;
					   borrowed from the field */
	long long	 min, max;	/* the field's limits */
};

/* The catalog key of each text ("fieldcheck.enter"), by enum fc_msg; NULL
 * for FCM_NONE, so the table can be given to catalog_require() whole. */
extern const char *const fc_msg_keys[FCM_NMSGS];

/* The text for error code (an enum fc_error) on field f into *say.
 * FC_EMPTY gives the text for a required field left empty. */
void	 fc_say(const struct formdef_field *f, int code, struct fc_say *say);

/* The enum's name ("FC_RANGE"), for logs and tests; static string. */
const char *fc_error_name(int code);

#endif
