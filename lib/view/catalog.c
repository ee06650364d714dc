/*
 * catalog: the catalog of user-facing words (catalog.h).
 *
 * The YAML tree is flattened into one JSON object from dotted key to the
 * index of the text's compiled template, so a lookup is one hash probe.
 * Templates are compiled when the catalog is loaded, in an environment
 * without a loader: a text cannot name a partial, and rendering reads
 * nothing but the compiled tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsx.h"
#include "mst_json.h"
#include "mustache.h"
#include "catalog.h"
#include "yamljson.h"

#define MAX_KEY	128	/* bytes of a dotted key */

struct catalog {
	struct mst_env		 *env;
	json_t			 *index;	/* key -> integer */
	json_t			 *text;		/* key -> string */
	const struct mst_tpl	**tpl;
	size_t			  n, cap;
};

/* Add every text under v (whose dotted key is prefix) to s. */
static void
S_flatten(struct catalog *s, struct diag *d, const char *prefix,
    const json_t *v)
{
	const char	*k;
	json_t		*sub;
	char		 key[MAX_KEY];
	struct mst_error e;
	const struct mst_tpl *t;
	const char	*src;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, sub) {
			if (strchr(k, '.') != NULL || *k == '\0') {
				diag_at(d, prefix, "the key '%s' must be a "
				    "word without dots", k);
				continue;
			}
			if ((size_t)snprintf(key, sizeof(key), "%s%s%s",
			    prefix, *prefix ? "." : "", k) >= sizeof(key)) {
				diag_at(d, prefix, "a key is longer than %d "
				    "bytes", MAX_KEY - 1);
				continue;
			}
			S_flatten(s, d, key, sub);
		}
		return;
	}
	if (!json_is_string(v)) {
		diag_at(d, prefix, "'%s' must be a text", prefix);
		return;
	}
	src = json_string_value(v);
	memset(&e, 0, sizeof(e));
	if ((t = mst_env_add(s->env, prefix, src, strlen(src), &e)) == NULL) {
		diag_at(d, prefix, "'%s': %s", prefix, e.msg);
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->tpl = xrealloc(s->tpl, s->cap * sizeof(*s->tpl));
	}
	s->tpl[s->n] = t;
	json_object_set_new(s->index, prefix, json_integer((json_int_t)s->n));
	json_object_set(s->text, prefix, (json_t *)v);
	s->n++;
}

struct catalog *
catalog_parse(const char *src, size_t len, const char *name,
    struct buf *err)
{
	struct catalog	*s;
	struct yj_error	 yerr;
	struct diag	 d;

	memset(&d, 0, sizeof(d));
	d.path = name;
	d.err = err;
	if ((d.doc = yj_parse(src, len, 0, &yerr)) == NULL) {
		buf_printf(err, "%s:%d: bad YAML: %s\n", name,
		    yerr.line > 0 ? yerr.line : 1, yerr.msg);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->env = mst_env_new(NULL, NULL);
	mst_env_set_strict(s->env, 1);
	mst_env_set_plain(s->env, 1);
	s->index = json_object();
	s->text = json_object();
	if (!json_is_object(yj_root(d.doc)))
		diag_at(&d, NULL, "the catalog must be a mapping of keys "
		    "to texts");
	else
		S_flatten(s, &d, "", yj_root(d.doc));
	yj_free(d.doc);
	if (d.nerr > 0) {
		catalog_free(s);
		return NULL;
	}
	return s;
}

struct catalog *
catalog_load(const char *path, struct buf *err)
{
	struct buf	 src = BUF_INIT;
	struct catalog	*s;

	if (fsx_read(path, CATALOG_MAX_INPUT, &src) == -1) {
		buf_printf(err, "%s:1: cannot read: %s%s\n", path,
		    fsx_strerror(errno), errno == EFBIG ?
		    " (the catalog is limited to 256 KiB)" : "");
		buf_free(&src);
		return NULL;
	}
	s = catalog_parse(buf_cstr(&src), src.len, path, err);
	buf_free(&src);
	return s;
}

void
catalog_free(struct catalog *s)
{
	if (s == NULL)
		return;
	mst_env_free(s->env);
	json_decref(s->index);
	json_decref(s->text);
	free(s->tpl);
	free(s);
}

int
catalog_require(const struct catalog *s, const char *const *keys, size_t n,
    struct buf *err)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		if (keys[i] == NULL || json_object_get(s->index, keys[i]))
			continue;
		buf_printf(err, "catalog: the text '%s' is missing from the "
		    "catalog\n", keys[i]);
		rc = -1;
	}
	return rc;
}

const char *
catalog_get(const struct catalog *s, const char *key)
{
	return json_string_value(json_object_get(s->text, key));
}

int
catalog_put(const struct catalog *s, const char *key, const json_t *params,
    struct buf *out)
{
	json_t		*i, *empty = NULL;
	struct mst_error e;
	int		 rc;

	if ((i = json_object_get(s->index, key)) == NULL)
		return -1;
	if (params == NULL)
		params = empty = json_object();
	memset(&e, 0, sizeof(e));
	rc = mst_render(s->env, s->tpl[json_integer_value(i)], &mst_json,
	    params, out, &e);
	json_decref(empty);
	return rc;
}
