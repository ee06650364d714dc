/*
 * revision: one policy revision, the file policies/<slug>/<N>.md, read
 * and checked on its own: its name, its front matter's keys and its own
 * rules (its number is its file's, its status is approved or draft, an
 * approved one carries its approval record and, after the first, a note
 * of what it changed). lib/model/policies.h reads a whole policy folder
 * with it; a tool that checks one file before it is published calls
 * revision_check().
 */
#ifndef WASL_REVISION_H
#define WASL_REVISION_H

#include <jansson.h>

#include "buf.h"
#include "date.h"
#include "schema.h"

#define REVISION_MAX	9999	/* highest revision number */

/* The number of the revision file named name ("3.md": 3), or 0 when name
 * is not a revision's: 1..REVISION_MAX without leading zeros, then ".md". */
long	 revision_number(const char *name);

/*
 * Read and check the revision file at path (inside the content folder
 * root), numbered n (its name), with its approval record's default
 * filled (effective from approved.date; approved.by, the board when
 * absent, is left to lib/view/contentview.h). Returns its
 * document (caller owns), or NULL after appending the problems to err as
 * "FILE:LINE: ..." lines, *nerr being increased by their count.
 */
json_t	*revision_load(const char *root, const char *path, long n,
	    struct buf *err, int *nerr);

/* Call fn(date, arg) on every date object of the revision's document doc
 * (schema.h's schema_each_date()). */
void	 revision_each_date(json_t *doc, schema_date_fn fn, void *arg);

/* 1 when the checked document doc is an approved revision, 0 when it is
 * a draft. */
int	 revision_approved(const json_t *doc);

/*
 * Check the one revision file at path (inside root) as content_read()
 * would, its name included. Returns 0 when it is right, or -1 with every
 * problem appended to err as "FILE:LINE: what is wrong; how to fix it"
 * lines.
 */
int	 revision_check(const char *root, const char *path, struct buf *err);

/*
 * Whether the approval paragraph of a revision's text (Markdown body)
 * agrees with its approval record: meeting (as typed) and the approval
 * date approved (Gregorian). The approval paragraph is the first one
 * holding a Hijri date, written D/M/YYYY (ASCII or Arabic-Indic digits)
 * followed by the letters "\u0647\u0640" (or "\u0647" alone); in it,
 * every such Hijri date must be the Umm al-Qura date of approved, every
 * date D/M/YYYY followed by "\u0645" must be approved itself, and the
 * first group of digits alone in parentheses, "(5)", is the meeting's
 * number. A text with no such paragraph agrees. Returns the first
 * disagreement found, REV_TEXT_OK when none.
 */
enum rev_text {
	REV_TEXT_OK,
	REV_TEXT_MEETING,	/* another meeting's number */
	REV_TEXT_HIJRI,		/* another Hijri date */
	REV_TEXT_GREGORIAN,	/* another Gregorian date */
	REV_TEXT_DATE		/* the approval date cannot be converted */
};
enum rev_text revision_approval_text(const char *body, const char *meeting,
	    const struct date *approved);

#endif
