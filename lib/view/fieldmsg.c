/*
 * fieldmsg: a field check's failure in the catalog's words (see
 * fieldmsg.h).
 */
#include <stdio.h>

#include <jansson.h>

#include "fieldmsg.h"

/* A form's require_one_of without a message of its own. */
#define K_ONE_OF	"fieldcheck.one_of"

int
fieldmsg_require(const struct catalog *s, struct buf *err)
{
	const char	*k = K_ONE_OF;
	int		 rc;

	rc = catalog_require(s, fc_msg_keys, FCM_NMSGS, err);
	if (catalog_require(s, &k, 1, err) == -1)
		rc = -1;
	return rc;
}

int
fieldmsg_one_of(const struct catalog *s, const struct formdef *fd,
    struct buf *out)
{
	const struct formdef_field	*f;
	const char			*given = formdef_one_of_message(fd);
	json_t				*labels, *p;
	size_t				 i;
	int				 rc;

	if (given != NULL) {
		buf_puts(out, given);
		return 0;
	}
	labels = json_array();
	for (i = 0; i < formdef_one_of_count(fd); i++) {
		f = formdef_field_find(fd, formdef_one_of_name(fd, i));
		json_array_append_new(labels, json_pack("{s:s,s:b}", "label",
		    f != NULL && f->label != NULL ? f->label :
		    formdef_one_of_name(fd, i), "first", i == 0));
	}
	p = json_pack("{s:o}", "labels", labels);
	rc = catalog_put(s, K_ONE_OF, p, out);
	json_decref(p);
	return rc;
}

int
fieldmsg_put(const struct catalog *s, const struct formdef_field *f,
    int code, struct buf *out)
{
	struct fc_say	 say;
	json_t		*p;
	char		 min[32], max[32];
	int		 rc;

	fc_say(f, code, &say);
	if (say.msg == FCM_NONE)
		return 0;
	snprintf(min, sizeof(min), "%lld", say.min);
	snprintf(max, sizeof(max), "%lld", say.max);
	p = json_pack("{s:s?,s:s,s:s}", "label", say.label, "min", min,
	    "max", max);
	rc = catalog_put(s, fc_msg_keys[say.msg], p, out);
	json_decref(p);
	return rc;
}

void
fieldmsg_errors(const struct catalog *s, const struct formdef *fd,
    struct submission *sub)
{
	struct buf		 msg = BUF_INIT;
	const char		*name;
	json_t			*code;
	long			 idx;

	json_object_clear(sub->errors);
	json_object_foreach(sub->codes, name, code) {
		if (json_integer_value(code) == SUBMISSION_ONE_OF) {
			buf_reset(&msg);
			fieldmsg_one_of(s, fd, &msg);
			json_object_set_new(sub->errors, name,
			    json_string(buf_cstr(&msg)));
			continue;
		}
		if ((idx = formdef_field_index(fd, name)) < 0)
			continue;
		buf_reset(&msg);
		fieldmsg_put(s, formdef_field_at(fd, (size_t)idx),
		    (int)json_integer_value(code), &msg);
		json_object_set_new(sub->errors, name, json_string(msg.data));
	}
	buf_free(&msg);
}
