/*
 * fuzz_form: a posted body through the urlencoded parser and the
 * validation of every default form (content/forms) with its messages in
 * the shipped catalog's words, as wasl-forms does.
 */
#include <stdlib.h>

#include "catalog.h"
#include "contentview.h"
#include "fieldmsg.h"
#include "formdef.h"
#include "submission.h"
#include "urlenc.h"
#include "fuzz.h"

static struct formdef_dir	*forms;
static struct catalog		*words;

int
fuzz_one(const uint8_t *data, size_t size)
{
	struct urlenc_list	 body;
	struct submission	 sub;
	struct buf		 err = BUF_INIT;
	size_t			 i;

	/* Run from the repository's top folder. */
	if (words == NULL &&
	    (words = catalog_load("templates/strings.yaml", &err)) == NULL)
		abort();
	if (forms == NULL) {
		struct formdef_words	 fw;

		contentview_form_words(words, &fw);
		if ((forms = formdef_dir_load(NULL, "content/forms", &fw,
		    &err)) == NULL)
			abort();
	}
	buf_free(&err);
	if (urlenc_parse((const char *)data, size, URLENC_MAX_BODY, &body) !=
	    URLENC_OK)
		return 0;
	for (i = 0; i < formdef_dir_count(forms); i++) {
		submission_validate(formdef_dir_at(forms, i), &body, &sub);
		fieldmsg_errors(words, formdef_dir_at(forms, i), &sub);
		submission_free(&sub);
	}
	urlenc_free(&body);
	return 0;
}
