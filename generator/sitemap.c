/*
 * sitemap: sitemap.xml (see sitemap.h).
 */
#include <errno.h>
#include <string.h>

#include "fsx.h"
#include "sitemap.h"

int
sitemap_write(const char *dir, const struct pages *pages, json_t *urls,
    struct buf *err)
{
	struct buf	 x = BUF_INIT, path = BUF_INIT;
	json_t		*page = json_pack("{s:O}", "urls", urls);
	int		 rc = -1;

	if (pages_render(pages, SITEMAP_TEMPLATE, "", page, &x, err) == -1)
		goto out;
	buf_printf(&path, "%s/sitemap.xml", dir);
	if (fsx_write(path.data, buf_cstr(&x), x.len) == -1) {
		buf_printf(err, "%s: cannot write: %s\n", path.data,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	json_decref(page);
	buf_free(&x);
	buf_free(&path);
	return rc;
}
