/*
 * fieldmsg: a field check's failure in the catalog's words (see
 * fieldmsg.h).
 */
#include <stdio.h>

#include <jansson.h>

#include "fieldmsg.h"

int
fieldmsg_require(const struct catalog *s, struct buf *err)
{
	return catalog_require(s, fc_msg_keys, FCM_NMSGS, err);
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
			json_object_set_new(sub->errors, name,
			    json_string(formdef_one_of_message(fd)));
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
