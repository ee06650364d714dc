/*
 * mst_json: struct mst_data over jansson (see mst_json.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "mst_json.h"

static enum mst_kind
S_kind(const void *v)
{
	switch (json_typeof((const json_t *)v)) {
	case JSON_OBJECT: return MST_MAP;
	case JSON_ARRAY: return MST_LIST;
	case JSON_STRING: return MST_STRING;
	case JSON_INTEGER:
	case JSON_REAL: return MST_NUMBER;
	case JSON_TRUE: return MST_TRUE;
	case JSON_FALSE: return MST_FALSE;
	default: return MST_NULL;
	}
}

static const void *
S_get(const void *map, const char *key, size_t len)
{
	return json_object_getn((const json_t *)map, key, len);
}

static size_t
S_count(const void *v)
{
	const json_t	*j = v;

	if (json_is_array(j))
		return json_array_size(j);
	if (json_is_string(j))
		return json_string_length(j);
	return 0;
}

static const void *
S_at(const void *list, size_t i)
{
	return json_array_get((const json_t *)list, i);
}

static void
S_text(const void *v, struct buf *out)
{
	const json_t	*j = v;
	char		 tmp[64];
	double		 d;
	int		 prec;

	switch (json_typeof(j)) {
	case JSON_STRING:
		buf_put(out, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case JSON_REAL:
		d = json_real_value(j);
		for (prec = 1; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
		buf_puts(out, tmp);
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	case JSON_FALSE:
		buf_puts(out, "false");
		break;
	default:
		break;
	}
}

const struct mst_data mst_json = {
	S_kind, S_get, S_count, S_at, S_text
};
