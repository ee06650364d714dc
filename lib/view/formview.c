/*
 * formview: the template data of a form (see formview.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "formview.h"
#include "sha256.h"
#include "workflow.h"

void
formview_def(const struct formdef *fd, char out[FORMVIEW_DEF_LEN + 1])
{
	char	 hex[SHA256_HEX_LEN + 1];
	char	*text = json_dumps(formdef_json(fd), JSON_COMPACT |
		    JSON_SORT_KEYS);

	out[0] = '\0';
	if (text != NULL && sha256_hex(text, strlen(text), hex) == 0) {
		memcpy(out, hex, FORMVIEW_DEF_LEN);
		out[FORMVIEW_DEF_LEN] = '\0';
	}
	free(text);
}

json_t *
formview_json(const struct formdef *fd, const json_t *values,
    const json_t *errors)
{
	json_t		*o, *fields, *f, *opts, *op, *list, *v, *msg, *one_of;
	const char	*name, *val;
	size_t		 i, j;
	struct buf	 id = BUF_INIT, desc = BUF_INIT;
	char		 def[FORMVIEW_DEF_LEN + 1];

	o = json_deep_copy(formdef_json(fd));
	fields = json_object_get(o, "fields");
	one_of = json_object_get(o, "require_one_of");
	list = json_array();
	json_array_foreach(fields, i, f) {
		name = json_string_value(json_object_get(f, "name"));
		/* A field of a "one of" group is neither optional nor required
		 * on its own: "one_of" marks it, for its label. */
		json_object_set_new(f, "one_of", json_false());
		json_array_foreach(one_of, j, v)
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), name) == 0) {
				json_object_set_new(f, "one_of", json_true());
				json_object_set_new(f, "one_of_two",
				    json_boolean(json_array_size(one_of) == 2));
				json_object_set_new(f, "optional",
				    json_false());
			}
		v = values ? json_object_get(values, name) : NULL;
		val = json_is_string(v) ? json_string_value(v) : "";
		msg = errors ? json_object_get(errors, name) : NULL;

		json_object_set_new(f, "value", json_string(val));
		json_object_set_new(f, "checked", json_boolean(
		    json_is_true(json_object_get(f, "type_consent")) &&
		    strcmp(val, "yes") == 0));
		buf_reset(&id);
		buf_printf(&id, "field-%s", name);
		opts = json_object_get(f, "options");
		json_array_foreach(opts, j, op) {
			const char *ov = json_string_value(json_object_get(op,
			    "value"));
			char oid[160];

			snprintf(oid, sizeof(oid), "field-%s-%s", name, ov);
			json_object_set_new(op, "id", json_string(oid));
			json_object_set_new(op, "checked",
			    json_boolean(strcmp(ov, val) == 0));
			if (j == 0) {
				buf_reset(&id);
				buf_puts(&id, oid);
			}
		}
		json_object_set_new(f, "anchor", json_string(buf_cstr(&id)));

		buf_reset(&desc);
		if (json_object_get(f, "help") != NULL)
			buf_printf(&desc, "hint-%s", name);
		if (json_is_string(msg)) {
			json_object_set(f, "error", msg);
			buf_printf(&desc, "%serror-%s", desc.len ? " " : "",
			    name);
			json_array_append_new(list, json_pack("{s:s,s:O}",
			    "anchor", buf_cstr(&id), "message", msg));
		} else
			json_object_set_new(f, "error", json_false());
		if (desc.len > 0)
			json_object_set_new(f, "describedby",
			    json_string(buf_cstr(&desc)));
		else
			json_object_set_new(f, "describedby", json_false());
	}
	formview_def(fd, def);
	json_object_set_new(o, "def", json_string(def));
	json_object_set_new(o, "tracked", json_boolean(wf_form_tracked(fd)));
	json_object_set_new(o, "has_errors",
	    json_boolean(json_array_size(list) > 0));
	json_object_set_new(o, "errors", list);
	buf_free(&id);
	buf_free(&desc);
	return o;
}
