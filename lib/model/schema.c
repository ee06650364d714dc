/*
 * schema: tables of keys and their check (see schema.h).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "keys.h"
#include "schema.h"

json_t *
schema_date_json(const struct date *d)
{
	struct buf	 b = BUF_INIT;
	json_t		*o = json_object();

	date_iso(&b, d);
	json_object_set_new(o, KEY_ISO, json_string(buf_cstr(&b)));
	buf_free(&b);
	return o;
}

int
schema_has_dates(const struct schema_key *keys)
{
	const struct schema_key	*k;

	for (k = keys; k->key != NULL; k++)
		if (k->type == SCHEMA_DATE || ((k->type == SCHEMA_MAP ||
		    k->type == SCHEMA_LIST) && schema_has_dates(k->sub)))
			return 1;
	return 0;
}

void
schema_each_date(json_t *obj, const struct schema_key *keys,
    schema_date_fn fn, void *arg)
{
	const struct schema_key	*k;
	json_t			*v;
	size_t			 i;

	if (!json_is_object(obj))
		return;
	for (k = keys; k->key != NULL; k++) {
		if ((v = json_object_get(obj, k->key)) == NULL)
			continue;
		switch (k->type) {
		case SCHEMA_DATE:
			if (json_is_object(v))
				fn(v, arg);
			break;
		case SCHEMA_MAP:
			schema_each_date(v, k->sub, fn, arg);
			break;
		case SCHEMA_LIST:
			for (i = 0; i < json_array_size(v); i++)
				schema_each_date(json_array_get(v, i), k->sub,
				    fn, arg);
			break;
		default:
			break;
		}
	}
}

static int
S_is_email(const char *s)
{
	const char	*at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '.') != NULL &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " \t<>\"'") == NULL;
}

void
schema_check(struct diag *x, json_t *obj, const char *path,
    const struct schema_key *fields)
{
	const char		*key;
	json_t			*v;
	const struct schema_key	*f;
	struct buf		 p = BUF_INIT, known = BUF_INIT;
	struct date		 d;
	size_t			 i;
	void			*tmp;
	json_t			*add = json_object();	/* changes, applied
							   after the walk */

#define KEYPATH(k) (buf_reset(&p), buf_printf(&p, "%s%s%s", path, \
	    *path ? "." : "", (k)), buf_cstr(&p))

	json_object_foreach_safe(obj, tmp, key, v) {
		for (f = fields; f->key != NULL; f++)
			if (strcmp(f->key, key) == 0)
				break;
		if (f->key == NULL) {
			buf_reset(&known);
			for (f = fields; f->key != NULL; f++)
				buf_printf(&known, "%s%s",
				    f == fields ? "" : ", ", f->key);
			diag_at(x, KEYPATH(key), "unknown key '%s'; the "
			    "keys here are: %s", key, buf_cstr(&known));
			continue;
		}
		if (json_is_null(v)) {
			/* "key:" with nothing: treat as absent */
			json_object_del(obj, key);
			continue;
		}
		switch (f->type) {
		case SCHEMA_TEXT:
			if (json_is_integer(v)) {
				char num[32];

				snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
				    json_integer_value(v));
				json_object_set_new(add, key, json_string(num));
				break;
			}
			/* FALLTHROUGH */
		case SCHEMA_STR:
		case SCHEMA_URL:
		case SCHEMA_EMAIL:
			if (!json_is_string(v)) {
				diag_at(x, KEYPATH(key), "'%s' must be text: "
				    "%s", key, f->hint);
				break;
			}
			if (json_string_length(v) == 0 && f->required)
				diag_at(x, KEYPATH(key), "'%s' is empty: "
				    "write %s", key, f->hint);
			if (f->type == SCHEMA_URL &&
			    strncmp(json_string_value(v), "https://", 8) != 0 &&
			    strncmp(json_string_value(v), "http://", 7) != 0)
				diag_at(x, KEYPATH(key), "'%s' must be a web "
				    "address starting with https://", key);
			if (strcmp(key, KEY_PHONE) == 0) {
				/* digits and '+' only, for tel: links */
				const char *ph = json_string_value(v);
				char tel[64];
				size_t k = 0;

				for (; *ph != '\0' && k + 1 < sizeof(tel); ph++)
					if ((*ph >= '0' && *ph <= '9') ||
					    (*ph == '+' && k == 0))
						tel[k++] = *ph;
				tel[k] = '\0';
				json_object_set_new(add, KEY_PHONE_TEL,
				    json_string(tel));
			}
			if (f->type == SCHEMA_EMAIL &&
			    !S_is_email(json_string_value(v)))
				diag_at(x, KEYPATH(key), "'%s' is not an "
				    "e-mail address: write it as "
				    "name@example.org", key);
			break;
		case SCHEMA_INT:
			if (!json_is_integer(v))
				diag_at(x, KEYPATH(key), "'%s' must be a "
				    "whole number: %s", key, f->hint);
			break;
		case SCHEMA_DATE:
			if (!json_is_string(v) || date_parse(
			    json_string_value(v), json_string_length(v),
			    &d) == -1) {
				diag_at(x, KEYPATH(key), "'%s' is not a "
				    "valid date: write it as YYYY-MM-DD, e.g. "
				    "2024-08-14 (Gregorian)", key);
				break;
			}
			json_object_set_new(add, key, schema_date_json(&d));
			break;
		case SCHEMA_MAP:
			if (!json_is_object(v)) {
				diag_at(x, KEYPATH(key), "'%s' must be a "
				    "mapping of keys (indented lines "
				    "'key: value')", key);
				break;
			}
			schema_check(x, v, KEYPATH(key), f->sub);
			break;
		case SCHEMA_LIST:
			if (!json_is_array(v)) {
				diag_at(x, KEYPATH(key), "'%s' must be a list "
				    "(lines starting with '- ')", key);
				break;
			}
			for (i = 0; i < json_array_size(v); i++) {
				json_t *item = json_array_get(v, i);
				char sub[300];

				snprintf(sub, sizeof(sub), "%s%s%s.%zu", path,
				    *path ? "." : "", key, i);
				if (!json_is_object(item))
					diag_at(x, sub, "each item of '%s' "
					    "must be a mapping", key);
				else
					schema_check(x, item, sub, f->sub);
			}
			break;
		}
	}
	for (f = fields; f->key != NULL; f++)
		if (f->required && json_object_get(obj, f->key) == NULL)
			diag_at(x, *path ? path : NULL, "missing '%s%s%s': "
			    "add it with %s", path, *path ? "." : "", f->key,
			    f->hint ? f->hint : "a value");
	json_object_update(obj, add);
	json_decref(add);
	buf_free(&p);
	buf_free(&known);
#undef KEYPATH
}
