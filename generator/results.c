/*
 * results: the published satisfaction results (see results.h).
 */
#include <errno.h>

#include "fsx.h"
#include "reportview.h"
#include "results.h"

int
results_load(const char *content, json_t *site, json_t **out,
    struct buf *err)
{
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	json_error_t	 jerr;
	json_t		*r;
	int		 rc = 0;

	*out = NULL;
	buf_printf(&path, "%s/data/satisfaction.json", content);
	if (fsx_read_in(content, path.data, 4 << 20, &src) == -1) {
		if (errno != ENOENT) {
			buf_printf(err, "%s: cannot read: %s\n", path.data,
			    fsx_strerror(errno));
			rc = -1;
		}
		goto out;
	}
	r = json_loadb(buf_cstr(&src), src.len, 0, &jerr);
	if (r == NULL || !json_is_array(json_object_get(r, "surveys"))) {
		buf_printf(err, "%s:%d: not a wasl-admin report: write it "
		    "with `wasl-admin report --json %s`\n", path.data,
		    r == NULL ? jerr.line : 1, path.data);
		json_decref(r);
		rc = -1;
		goto out;
	}
	/* What the chart partials need besides the figures. */
	reportview_charts(r);
	json_object_set_new(site, "results_url", json_string("/results/"));
	*out = r;
out:
	buf_free(&path);
	buf_free(&src);
	return rc;
}
