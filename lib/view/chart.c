/*
 * chart: the HTML report rendered from its templates (see chart.h).
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "mst_json.h"
#include "mustache.h"
#include "pages.h"
#include "reportview.h"

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
	/* A copy of r with what the chart partials need added. */
	v = json_deep_copy(r);
	reportview_charts(v);
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
