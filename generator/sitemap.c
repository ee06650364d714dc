/*
 * sitemap: sitemap.xml (see sitemap.h).
 */
#include <errno.h>
#include <string.h>

#include "fsx.h"
#include "sitemap.h"

static void
S_xml_escape(struct buf *out, const char *s)
{
	buf_put_html(out, s, strlen(s));
}

int
sitemap_write(const char *dir, const char *base_url, const json_t *urls,
    struct buf *err)
{
	struct buf	 x = BUF_INIT, path = BUF_INIT;
	json_t		*u;
	size_t		 i;
	int		 rc = 0;

	buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	json_array_foreach(urls, i, u) {
		buf_puts(&x, "  <url><loc>");
		S_xml_escape(&x, base_url);
		S_xml_escape(&x, json_string_value(u));
		buf_puts(&x, "</loc></url>\n");
	}
	buf_puts(&x, "</urlset>\n");
	buf_printf(&path, "%s/sitemap.xml", dir);
	if (fsx_write(path.data, x.data, x.len) == -1) {
		buf_printf(err, "%s: cannot write: %s\n", path.data,
		    strerror(errno));
		rc = -1;
	}
	buf_free(&x);
	buf_free(&path);
	return rc;
}
