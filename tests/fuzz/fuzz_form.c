/*
 * fuzz_form: a posted body through the urlencoded parser and the
 * validation of every default form (content/forms), as wasl-forms does.
 */
#include <stdlib.h>

#include "formdef.h"
#include "submission.h"
#include "urlenc.h"
#include "fuzz.h"

static struct formdef_dir	*forms;

int
fuzz_one(const uint8_t *data, size_t size)
{
	struct urlenc_list	 body;
	struct submission	 sub;
	struct buf		 err = BUF_INIT;
	size_t			 i;

	if (forms == NULL &&
	    (forms = formdef_dir_load(NULL, "content/forms", &err)) == NULL)
		abort();	/* run from the repository's top folder */
	buf_free(&err);
	if (urlenc_parse((const char *)data, size, &body) != URLENC_OK)
		return 0;
	for (i = 0; i < formdef_dir_count(forms); i++) {
		submission_check(formdef_dir_at(forms, i), &body, &sub);
		submission_free(&sub);
	}
	urlenc_free(&body);
	return 0;
}
