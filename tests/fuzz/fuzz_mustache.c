/*
 * fuzz_mustache: the template compiler and renderer. The input's first
 * line is JSON data (or {}), the rest is the template; it is also
 * registered as the partial "p" so that recursion is exercised. Where
 * mst_env_uses() says the template reads no key K of the data, the data
 * without K must render the same (a rebuild relies on it).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mst_json.h"
#include "mustache.h"
#include "fuzz.h"

int
fuzz_one(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data, *nl;
	struct mst_env		*env = mst_env_new(NULL, NULL);
	const struct mst_tpl	*t;
	struct mst_error	 err;
	struct buf		 out = BUF_INIT;
	json_t			*d = NULL, *less, *v;
	size_t			 dl;
	const char		*k;
	struct buf		 again = BUF_INIT;

	nl = memchr(s, '\n', size);
	dl = nl ? (size_t)(nl - s) : 0;
	if (dl > 0)
		d = json_loadb(s, dl, JSON_DECODE_ANY, NULL);
	if (d == NULL)
		d = json_object();
	if (nl != NULL) {
		s = nl + 1;
		size -= dl + 1;
	}
	mst_env_add(env, "p", s, size, &err);
	if ((t = mst_env_add(env, "t", s, size, &err)) != NULL &&
	    mst_env_check(env, t, &err) == 0 &&
	    mst_render(env, t, &mst_json, d, &out, &err) == 0 &&
	    json_is_object(d))
		json_object_foreach(d, k, v) {
			if (mst_env_uses(env, t, k) != 0)
				continue;
			less = json_copy(d);
			json_object_del(less, k);
			buf_reset(&again);
			if (mst_render(env, t, &mst_json, less, &again,
			    &err) != 0 || again.len != out.len ||
			    (out.len > 0 && memcmp(again.data, out.data,
			    out.len) != 0))
				abort();
			json_decref(less);
		}
	buf_free(&again);
	buf_free(&out);
	json_decref(d);
	mst_env_free(env);
	return 0;
}
