/*
 * formview: a form as the page templates see it, empty (the generator's
 * page) or filled with an applicant's answers and the errors in them (the
 * page wasl-forms sends back), so that both programs render one template.
 */
#ifndef WASL_FORMVIEW_H
#define WASL_FORMVIEW_H

#include <jansson.h>

#include "formdef.h"

/*
 * The template data of fd: its definition (formdef_json()) with, on every
 * field, "value" (the answer to show again, "" when none), "error" (the
 * Arabic message, or false), "anchor" (the id the error summary links to:
 * the input's, or a radio group's first option's), "describedby" (ids of
 * its hint and error, space-separated, or false), "one_of" (true for a
 * field of the form's "require_one_of" group, which is then not
 * "optional"; "one_of_two" when the group is two fields), and on options
 * "id" and "checked"; plus "errors" (list of {anchor, message} in field
 * order), "has_errors", "def" (formview_def()) and "tracked" (its requests can be
 * looked up on the status page: wf_form_tracked()).
 *
 * values maps field names to the strings to show again and errors maps
 * field names to messages; either may be NULL. Returns a new reference
 * (caller decrefs).
 */
json_t	*formview_json(const struct formdef *fd, const json_t *values,
	    const json_t *errors);

/*
 * A short digest of fd's definition (the first FORMVIEW_DEF_LEN
 * lowercase hex digits of the SHA-256 of formdef_json() as compact JSON
 * with sorted keys) and a NUL into out; "" when libcrypto fails. The form
 * page carries it (formview_json()'s "def", a hidden "_def" field), so
 * that wasl-forms can tell a page made from another definition.
 */
#define FORMVIEW_DEF_LEN	16
void	 formview_def(const struct formdef *fd, char out[FORMVIEW_DEF_LEN + 1]);

#endif
