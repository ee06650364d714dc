/*
 * site: content + templates -> the public website (see site.h).
 *
 * Templates are compiled once and checked (every partial and parent
 * exists) before anything is written; lib/pages renders each page.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "content.h"
#include "fsx.h"
#include "pages.h"
#include "site.h"

/* The templates every site needs, by page kind. */
static const char *const required_tpls[] = {
	"home", "policy", "listing", "channel", "service", "page", "404",
	NULL
};

struct builder {
	const struct site_opts	*o;
	struct content		 c;
	struct pages		*pages;
	struct buf		 tmp;	/* the temporary output folder */
	struct buf		*err;
	struct site_stats	*st;
	json_t			*urls;	/* every page address, for the sitemap */
};

/*
 * Render template tpl with page as "page" into url (a folder address
 * ending in '/', or a file name such as "/404.html").
 */
static int
S_page(struct builder *b, const char *tpl, const char *section,
    json_t *page)
{
	struct buf	 out = BUF_INIT, path = BUF_INIT;
	const char	*url;
	int		 rc = -1;

	url = json_string_value(json_object_get(page, "url"));
	if (pages_render(b->pages, tpl, section, page, &out, b->err) == -1)
		goto out;
	buf_printf(&path, "%s%s", b->tmp.data, url);
	if (url[strlen(url) - 1] == '/')
		buf_puts(&path, "index.html");
	if (fsx_write(path.data, buf_cstr(&out), out.len) == -1) {
		buf_printf(b->err, "%s: cannot write: %s\n", path.data,
		    strerror(errno));
		goto out;
	}
	b->st->pages++;
	b->st->files++;
	if (url[strlen(url) - 1] == '/')
		json_array_append_new(b->urls, json_string(url));
	rc = 0;
out:
	buf_free(&out);
	buf_free(&path);
	return rc;
}

/* A listing page (/policies/, /channels/, /services/). */
static int
S_listing(struct builder *b, const char *url, const char *title,
    const char *intro, json_t *items)
{
	json_t	*page;
	int	 rc;

	page = json_pack("{s:s,s:s,s:s,s:s,s:O,s:b}", "url", url, "title",
	    title, "summary", intro, "kind", "listing", "items", items,
	    "empty", json_array_size(items) == 0);
	rc = S_page(b, "listing", url, page);
	json_decref(page);
	return rc;
}

static int
S_docs(struct builder *b, json_t *docs, const char *tpl, const char *kind,
    const char *section)
{
	size_t	 i;
	json_t	*d;

	json_array_foreach(docs, i, d) {
		json_object_set_new(d, "kind", json_string(kind));
		if (S_page(b, tpl, section ? section :
		    json_string_value(json_object_get(d, "url")), d) == -1)
			return -1;
	}
	return 0;
}

static void
S_xml_escape(struct buf *out, const char *s)
{
	buf_put_html(out, s, strlen(s));
}

static int
S_sitemap(struct builder *b)
{
	struct buf	 x = BUF_INIT, path = BUF_INIT;
	const char	*base;
	json_t		*u;
	size_t		 i;
	int		 rc = 0;

	base = json_string_value(json_object_get(b->c.site, "base_url"));
	buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	json_array_foreach(b->urls, i, u) {
		buf_puts(&x, "  <url><loc>");
		S_xml_escape(&x, base);
		S_xml_escape(&x, json_string_value(u));
		buf_puts(&x, "</loc></url>\n");
	}
	buf_puts(&x, "</urlset>\n");
	buf_printf(&path, "%s/sitemap.xml", b->tmp.data);
	if (fsx_write(path.data, x.data, x.len) == -1) {
		buf_printf(b->err, "%s: cannot write: %s\n", path.data,
		    strerror(errno));
		rc = -1;
	} else
		b->st->files++;
	buf_free(&x);
	buf_free(&path);
	return rc;
}

static int
S_assets(struct builder *b)
{
	struct buf	 src = BUF_INIT, dst = BUF_INIT;
	int		 rc = 0;

	buf_printf(&src, "%s/assets", b->o->templates);
	buf_printf(&dst, "%s/assets", b->tmp.data);
	if (fsx_is_dir(src.data))
		rc = fsx_copy_tree(src.data, dst.data, b->err);
	buf_free(&src);
	buf_free(&dst);
	return rc;
}

static int
S_write_all(struct builder *b)
{
	json_t	*home, *nf;
	int	 rc;

	home = json_pack("{s:s,s:O,s:s}", "url", "/", "title",
	    json_object_get(b->c.site, "name"), "kind", "home");
	rc = S_page(b, "home", "/", home);
	json_decref(home);
	if (rc == -1)
		return -1;
	if (S_listing(b, "/policies/", "السياسات المعتمدة",
	    "السياسات التي اعتمدها مجلس إدارة الجمعية، منشورة بنصها "
	    "المعتمد وبيانات اعتمادها.", b->c.policies) == -1 ||
	    S_listing(b, "/channels/", "قنوات التواصل",
	    "القنوات التي يتواصل من خلالها المستفيدون مع الجمعية.",
	    b->c.channels) == -1 ||
	    S_listing(b, "/services/", "الخدمات الإلكترونية",
	    "خدمات تقدمها الجمعية للمستفيدين من أماكنهم، توفيرًا لوقتهم.",
	    b->c.services) == -1)
		return -1;
	if (S_docs(b, b->c.policies, "policy", "policy", "/policies/") == -1 ||
	    S_docs(b, b->c.channels, "channel", "channel", "/channels/") ==
	    -1 || S_docs(b, b->c.services, "service", "service",
	    "/services/") == -1 || S_docs(b, b->c.pages, "page", "page",
	    NULL) == -1)
		return -1;
	nf = json_pack("{s:s,s:s,s:s}", "url", "/404.html", "title",
	    "الصفحة غير موجودة", "kind", "404");
	rc = S_page(b, "404", "", nf);
	json_decref(nf);
	if (rc == -1 || S_sitemap(b) == -1 || S_assets(b) == -1)
		return -1;
	return 0;
}

int
site_build(const struct site_opts *o, struct site_stats *st,
    struct buf *err)
{
	struct builder	 b;
	const char	*slash;
	int		 rc = -1, tmp_made = 0;

	memset(&b, 0, sizeof(b));
	memset(st, 0, sizeof(*st));
	b.o = o;
	b.err = err;
	b.st = st;
	if (content_load(o->content, o->drafts, &b.c, err) == -1)
		goto out;
	if ((b.pages = pages_new(&b.c, o->templates, required_tpls,
	    o->drafts, err)) == NULL)
		goto out;
	b.urls = json_array();

	/* The temporary folder sits beside the output, on its file system,
	 * so that the final swap is a rename. */
	slash = strrchr(o->out, '/');
	if (slash == NULL)
		buf_printf(&b.tmp, ".%s.tmp-%ld", o->out, (long)getpid());
	else
		buf_printf(&b.tmp, "%.*s/.%s.tmp-%ld", (int)(slash - o->out),
		    o->out, slash + 1, (long)getpid());
	if (fsx_remove_tree(b.tmp.data) == -1 ||
	    fsx_mkdirs(b.tmp.data) == -1) {
		buf_printf(err, "%s: cannot create: %s\n", b.tmp.data,
		    strerror(errno));
		goto out;
	}
	tmp_made = 1;
	if (S_write_all(&b) == -1)
		goto out;
	if (fsx_swap_dir(b.tmp.data, o->out) == -1) {
		buf_printf(err, "%s: cannot replace with the new site: %s\n",
		    o->out, strerror(errno));
		goto out;
	}
	tmp_made = 0;
	rc = 0;
out:
	if (tmp_made)
		fsx_remove_tree(b.tmp.data);
	pages_free(b.pages);
	json_decref(b.urls);
	content_free(&b.c);
	buf_free(&b.tmp);
	return rc;
}
