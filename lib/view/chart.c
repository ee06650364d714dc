/*
 * chart: the HTML report's data for its templates (see chart.h).
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "mst_json.h"
#include "mustache.h"
#include "pages.h"

/* The grid labels sit this far above their line (SVG user units). */
#define GRID_LABEL_RISE	3

static json_int_t
S_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The trend of survey si, with its id and its grid's place. */
static void
S_trend(json_t *t, size_t si)
{
	static const char *const lines[] = { "top", "mid", "base" };
	char	 key[32];
	size_t	 i;

	json_object_set_new(t, "chart_id", json_sprintf("trend-%zu", si));
	/* The grid runs from the right edge's margin to "right". */
	json_object_set_new(t, "grid_x", json_integer(S_int(t, "width") -
	    S_int(t, "right")));
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(key, sizeof(key), "%s_label_y", lines[i]);
		json_object_set_new(t, key, json_integer(S_int(t, lines[i]) -
		    GRID_LABEL_RISE));
	}
}

/* A copy of r with what the templates need added. New reference. */
static json_t *
S_view(const json_t *r)
{
	json_t	*v = json_deep_copy(r), *s, *q, *t;
	size_t	 si, qi;

	json_array_foreach(json_object_get(v, "surveys"), si, s) {
		json_array_foreach(json_object_get(json_object_get(s,
		    "overall"), "questions"), qi, q)
			json_object_set_new(q, "chart_id",
			    json_sprintf("dist-%zu-%zu", si, qi));
		if (json_is_object(t = json_object_get(s, "trend")))
			S_trend(t, si);
	}
	return v;
}

static void
S_problem(const char *dir, const struct mst_error *e, struct buf *err)
{
	if (e->msg[0] == '\0')
		buf_printf(err, "%s/%s.mustache: missing: the HTML report "
		    "needs this template\n", dir, e->name);
	else
		pages_problem(dir, e, err);
}

int
chart_html(const char *dir, const json_t *r, struct buf *out,
    struct buf *err)
{
	struct mst_env		*env = mst_env_new(pages_loader, (void *)dir);
	const struct mst_tpl	*t;
	struct mst_error	 e;
	json_t			*v = NULL;
	int			 rc = -1;

	memset(&e, 0, sizeof(e));
	mst_env_set_strict(env, 1);
	if ((t = mst_env_get(env, "report", &e)) == NULL) {
		snprintf(e.name, sizeof(e.name), "report");
		S_problem(dir, &e, err);
		goto out;
	}
	if (mst_env_check(env, t, &e) == -1) {
		S_problem(dir, &e, err);
		goto out;
	}
	v = S_view(r);
	if (mst_render(env, t, &mst_json, v, out, &e) == -1) {
		S_problem(dir, &e, err);
		goto out;
	}
	rc = 0;
out:
	json_decref(v);
	mst_env_free(env);
	return rc;
}
