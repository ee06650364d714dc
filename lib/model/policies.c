/*
 * policies: the policy folders into the policies' documents (see
 * policies.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "folder.h"
#include "fsx.h"
#include "keys.h"
#include "policies.h"
#include "revision.h"

static int
S_cmp_revision(const void *a, const void *b)
{
	json_int_t	 x = json_integer_value(json_object_get(
			    *(json_t *const *)a, KEY_REVISION));
	json_int_t	 y = json_integer_value(json_object_get(
			    *(json_t *const *)b, KEY_REVISION));

	return x < y ? -1 : x > y;
}

json_t *
policies_load(const char *dir, int drafts, json_t *taken, size_t *ndrafts,
    struct buf *err, int *nerr)
{
	struct buf	 path = BUF_INIT, url = BUF_INIT;
	char		**slugs, **files;
	size_t		 ns, nf, i, j, k;
	json_t		*arr = json_array(), *doc, *revs, **v, *latest;
	long		 n;
	struct diag	 x;
	struct stat	 st;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/policies", dir);
	slugs = folder_list(dir, path.data, &ns, err, nerr);
	for (i = 0; i < ns; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/policies/%s", dir, slugs[i]);
		x.path = path.data;
		if (fsx_stat_in(dir, path.data, &st) == -1) {
			diag_at(&x, NULL, "cannot read: %s",
			    fsx_strerror(errno));
			continue;
		}
		if (!S_ISDIR(st.st_mode) ||
		    !folder_slug_ok(slugs[i], strlen(slugs[i]))) {
			diag_at(&x, NULL, "policies are folders named by "
			    "their slug (lowercase ASCII letters, digits and "
			    "hyphens) holding 1.md, 2.md, ...");
			continue;
		}
		files = folder_list(dir, path.data, &nf, err, nerr);
		revs = json_array();
		for (j = 0; j < nf; j++) {
			buf_reset(&path);
			buf_printf(&path, "%s/policies/%s/%s", dir, slugs[i],
			    files[j]);
			x.path = path.data;
			if ((n = revision_number(files[j])) == 0) {
				diag_at(&x, NULL, "a policy revision is "
				    "named by its number: 1.md, 2.md, ...");
				continue;
			}
			doc = revision_load(dir, path.data, n, err, nerr);
			if (doc == NULL)
				continue;
			if (!revision_approved(doc)) {
				if (!drafts) {
					json_decref(doc);
					continue;
				}
				json_object_set_new(doc, KEY_DRAFT,
				    json_true());
				(*ndrafts)++;
			}
			buf_reset(&url);
			buf_printf(&url, "/policies/%s/%ld/", slugs[i], n);
			json_object_set_new(doc, KEY_URL,
			    json_string(url.data));
			json_object_set_new(doc, KEY_SLUG,
			    json_string(slugs[i]));
			json_array_append_new(revs, doc);
		}
		folder_list_free(files, nf);
		if (json_array_size(revs) == 0) {
			json_decref(revs);
			continue;
		}
		/* number order: 2.md before 10.md */
		k = json_array_size(revs);
		v = xmalloc(k * sizeof(*v));
		for (j = 0; j < k; j++)
			v[j] = json_incref(json_array_get(revs, j));
		qsort(v, k, sizeof(*v), S_cmp_revision);
		json_array_clear(revs);
		latest = NULL;
		for (j = 0; j < k; j++) {
			json_array_append_new(revs, v[j]);
			if (json_object_get(v[j], KEY_DRAFT) == NULL ||
			    latest == NULL)
				latest = v[j];
		}
		free(v);
		buf_reset(&url);
		buf_printf(&url, "/policies/%s/", slugs[i]);
		json_object_set_new(taken, url.data, json_string("a policy"));
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s+,s:o,"
		    "s:O,s:O*,s:O*,s:O*}", KEY_SLUG, slugs[i], KEY_URL,
		    url.data, KEY_HISTORY_URL, url.data, "history/",
		    KEY_REVISIONS, revs,
		    KEY_TITLE, json_object_get(latest, KEY_TITLE),
		    KEY_SUMMARY, json_object_get(latest, KEY_SUMMARY),
		    KEY_APPROVED, json_object_get(latest, KEY_APPROVED),
		    KEY_DRAFT, json_object_get(latest, KEY_DRAFT)));
	}
	*nerr += x.nerr;
	folder_list_free(slugs, ns);
	buf_free(&path);
	buf_free(&url);
	return arr;
}

const json_t *
policies_find(const json_t *policies, const char *slug)
{
	const json_t	*p;
	size_t		 i;
	const char	*s;

	for (i = 0; i < json_array_size(policies); i++) {
		p = json_array_get(policies, i);
		s = json_string_value(json_object_get(p, KEY_SLUG));
		if (s != NULL && slug != NULL && strcmp(s, slug) == 0)
			return p;
	}
	return NULL;
}

long
policies_in_force(const json_t *policies, const char *slug,
    const char *today)
{
	const json_t	*p = policies_find(policies, slug), *doc, *eff;
	const char	*iso;
	long		 cur = 0;
	size_t		 i;

	if (p == NULL)
		return 0;
	/* The revisions are in number order: the last that has come into
	 * effect is the one in force, as the generator settles it. */
	for (i = 0; i < json_array_size(json_object_get(p, KEY_REVISIONS));
	    i++) {
		doc = json_array_get(json_object_get(p, KEY_REVISIONS), i);
		if (json_is_true(json_object_get(doc, KEY_DRAFT)) ||
		    !revision_approved(doc))
			continue;
		eff = json_object_get(doc, KEY_EFFECTIVE);
		iso = json_string_value(json_object_get(eff, KEY_ISO));
		if (iso != NULL && strcmp(iso, today) <= 0)
			cur = (long)json_integer_value(json_object_get(doc,
			    KEY_REVISION));
	}
	return cur;
}
