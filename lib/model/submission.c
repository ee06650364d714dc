/*
 * submission: validate a posted form against its definition (see
 * submission.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "fieldcheck.h"
#include "formdef.h"
#include "submission.h"
#include "urlenc.h"

static void
S_add_error(json_t *codes, const struct formdef_field *f, int code)
{
	json_object_set_new(codes, f->name, json_integer(code));
}

/* Was the field answered at all? Only whitespace and invisible
 * characters is not an answer; unreadable bytes are (and fail). */
static int
S_given(const struct formdef_field *f, const struct urlenc_pair *p)
{
	if (p == NULL)
		return 0;
	if (f->type == FORMDEF_CHOICE || f->type == FORMDEF_RATING ||
	    f->type == FORMDEF_CONSENT)
		return p->value_len > 0;
	return !fc_blank(p->value, p->value_len);
}

int
submission_validate(const struct formdef *fd, const struct urlenc_list *body,
    struct submission *out)
{
	const struct urlenc_pair	**by_field = NULL;
	const struct urlenc_pair	 *p;
	const struct formdef_field	 *f;
	struct buf			  norm = BUF_INIT, msg = BUF_INIT;
	size_t				  nf, i, k;
	long				  idx, one_of_first = -1;
	long long			  v;
	int				  rc = SUBMISSION_OK, code;

	memset(out, 0, sizeof(*out));
	out->values = json_object();
	out->errors = json_object();
	out->refill = json_object();
	out->codes = json_object();
	nf = formdef_nfields(fd);
	by_field = xcalloc(nf, sizeof(*by_field));

	for (i = 0; i < body->n; i++) {
		p = &body->pairs[i];
		if (p->name[0] == '_')
			continue;
		if ((idx = formdef_field_index(fd, p->name)) < 0) {
			out->reason = SUBMISSION_UNKNOWN_FIELD;
			goto reject;
		}
		if (by_field[idx] != NULL) {
			out->reason = SUBMISSION_REPEATED_FIELD;
			goto reject;
		}
		by_field[idx] = p;
	}

	/* require_one_of: which field carries its error, if any. */
	if (formdef_one_of_count(fd) > 0) {
		for (k = 0; k < formdef_one_of_count(fd); k++) {
			idx = formdef_field_index(fd,
			    formdef_one_of_name(fd, k));
			if (S_given(formdef_field_at(fd, (size_t)idx),
			    by_field[idx]))
				break;
		}
		if (k == formdef_one_of_count(fd))
			one_of_first = formdef_field_index(fd,
			    formdef_one_of_name(fd, 0));
	}

	for (i = 0; i < nf; i++) {
		f = formdef_field_at(fd, i);
		p = by_field[i];
		if ((long)i == one_of_first) {
			S_add_error(out->codes, f, SUBMISSION_ONE_OF);
			continue;
		}
		if (!S_given(f, p)) {
			if (f->required)
				S_add_error(out->codes, f, FC_EMPTY);
			continue;
		}
		buf_reset(&norm);
		code = fc_field(f, p->value, p->value_len, &norm);
		if (code == FC_EMPTY && !f->required)
			continue;
		if (code != FC_OK) {
			S_add_error(out->codes, f, code);
			continue;
		}
		switch (f->type) {
		case FORMDEF_INTEGER:
		case FORMDEF_RATING:
			v = strtoll(norm.data, NULL, 10);
			json_object_set_new(out->values, f->name,
			    json_integer((json_int_t)v));
			break;
		case FORMDEF_CONSENT:
			json_object_set_new(out->values, f->name,
			    json_true());
			break;
		default:
			json_object_set_new(out->values, f->name,
			    json_stringn(norm.data, norm.len));
			break;
		}
	}
	if (json_object_size(out->codes) > 0) {
		rc = SUBMISSION_INVALID;
		/* The answers go back into the form only when it is shown
		 * again. */
		for (i = 0; i < nf; i++) {
			f = formdef_field_at(fd, i);
			p = by_field[i];
			if ((long)i == one_of_first || !S_given(f, p))
				continue;
			buf_reset(&norm);
			if (f->type == FORMDEF_RATING) {
				/* "٥" shows again as the radio it means. */
				buf_reset(&msg);
				fc_digits_normalize(p->value, p->value_len,
				    &msg);
				fc_refill(buf_cstr(&msg), msg.len, 0, &norm);
			} else
				fc_refill(p->value, p->value_len,
				    f->type == FORMDEF_TEXTAREA, &norm);
			json_object_set_new(out->refill, f->name,
			    json_stringn(norm.data, norm.len));
		}
	}
	goto out;
reject:
	rc = SUBMISSION_REJECT;
	snprintf(out->bad_name, sizeof(out->bad_name), "%s", p->name);
out:
	free(by_field);
	buf_free(&norm);
	buf_free(&msg);
	return rc;
}

void
submission_free(struct submission *s)
{
	if (s == NULL)
		return;
	json_decref(s->values);
	json_decref(s->errors);
	json_decref(s->refill);
	json_decref(s->codes);
	s->values = s->errors = s->refill = s->codes = NULL;
	s->reason = SUBMISSION_NO_REASON;
	s->bad_name[0] = '\0';
}
