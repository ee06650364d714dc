/*
 * links: the published site's own link checker (see links.h). It reads
 * the HTML the templates write (attributes in double quotes), not any
 * HTML.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fsx.h"
#include "links.h"

struct lc {
	const char		*root;
	struct buf		*err;
	int			 problems;
	struct links_stats	 st;
};

static void
S_fail(struct lc *c, const char *page, const char *what, const char *arg,
    size_t arglen)
{
	buf_printf(c->err, "%s: %s", page, what);
	if (arg != NULL)
		buf_printf(c->err, " %.*s", (int)(arglen > 80 ? 80 : arglen),
		    arg);
	buf_putc(c->err, '\n');
	c->problems++;
}

static size_t
S_attr_len(const char *p)
{
	const char	*q = strchr(p, '"');

	return q ? (size_t)(q - p) : strlen(p);
}

static int
S_has_id(const char *html, const char *id, size_t idlen)
{
	const char	*p = html;

	while ((p = strstr(p, " id=\"")) != NULL) {
		p += 5;
		if (strncmp(p, id, idlen) == 0 && p[idlen] == '"')
			return 1;
	}
	return 0;
}

/* Decode %XX and &amp; in place: links as the browser follows them. */
static void
S_decode(struct buf *b)
{
	size_t	 i, j = 0;

	for (i = 0; i < b->len; i++) {
		if (b->data[i] == '%' && i + 2 < b->len) {
			char hex[3] = { b->data[i + 1], b->data[i + 2], 0 };

			b->data[j++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else if (strncmp(b->data + i, "&amp;", 5) == 0) {
			b->data[j++] = '&';
			i += 4;
		} else
			b->data[j++] = b->data[i];
	}
	b->len = j;
	b->data[j] = '\0';
}

static int
S_foreign(const char *p)
{
	return strncmp(p, "http:", 5) == 0 || strncmp(p, "https:", 6) == 0 ||
	    strncmp(p, "//", 2) == 0;
}

static void
S_page(struct lc *c, const char *path, const char *rel)
{
	struct buf	 html = BUF_INIT, t = BUF_INIT, file = BUF_INIT;
	struct buf	 other = BUF_INIT, ids = BUF_INIT;
	const char	*p, *hash, *end, *h;
	size_t		 len;
	struct stat	 st;

	if (fsx_read(path, 16 << 20, &html) == -1) {
		S_fail(c, rel, "cannot be read", NULL, 0);
		return;
	}
	c->st.pages++;
	if (strstr(html.data, "<html lang=\"ar\" dir=\"rtl\">") == NULL)
		S_fail(c, rel, "lacks <html lang=\"ar\" dir=\"rtl\">", NULL, 0);
	if (strstr(html.data, "<script") != NULL)
		S_fail(c, rel, "has a script; pages need no JavaScript", NULL,
		    0);
	for (p = html.data; (p = strstr(p, " src=\"")) != NULL; p++)
		if (S_foreign(p + 6))
			S_fail(c, rel, "loads from another host:", p + 6,
			    S_attr_len(p + 6));
	for (p = html.data; (p = strstr(p, "<link ")) != NULL; p++) {
		h = strstr(p, "href=\"");
		end = strchr(p, '>');
		if (h != NULL && end != NULL && h < end && S_foreign(h + 6))
			S_fail(c, rel, "links a resource from another host:",
			    h + 6, S_attr_len(h + 6));
	}
	buf_putc(&ids, '\n');
	for (p = html.data; (p = strstr(p, " id=\"")) != NULL; ) {
		p += 5;
		len = S_attr_len(p);
		if (len == 0)
			S_fail(c, rel, "has an empty id", NULL, 0);
		buf_reset(&t);
		buf_putc(&t, '\n');
		buf_put(&t, p, len);
		buf_putc(&t, '\n');
		if (strstr(ids.data, t.data) != NULL)
			S_fail(c, rel, "has an id twice:", p, len);
		buf_put(&ids, p, len);
		buf_putc(&ids, '\n');
	}
	for (p = html.data; (p = strstr(p, "href=\"")) != NULL; ) {
		p += 6;
		len = S_attr_len(p);
		buf_reset(&t);
		buf_put(&t, p, len);
		p += len;
		if (t.len == 0) {
			S_fail(c, rel, "has an empty href", NULL, 0);
			continue;
		}
		if ((t.data[0] != '/' && t.data[0] != '#') ||
		    strncmp(t.data, "//", 2) == 0 ||
		    strncmp(t.data, "/forms/", 7) == 0)
			continue;	/* other sites, mailto:, wasl-forms */
		c->st.links++;
		S_decode(&t);
		hash = strchr(t.data, '#');
		if (hash == t.data) {
			if (!S_has_id(html.data, hash + 1, strlen(hash + 1)))
				S_fail(c, rel, "links to a missing anchor:",
				    t.data, t.len);
			continue;
		}
		buf_reset(&file);
		buf_printf(&file, "%s%.*s", c->root, hash ?
		    (int)(hash - t.data) : (int)t.len, t.data);
		if (file.data[file.len - 1] == '/')
			buf_puts(&file, "index.html");
		if (stat(file.data, &st) == -1 || !S_ISREG(st.st_mode)) {
			S_fail(c, rel, "has a broken link:", t.data, t.len);
			continue;
		}
		if (hash != NULL && hash[1] != '\0') {
			buf_reset(&other);
			if (fsx_read(file.data, 16 << 20, &other) == -1 ||
			    !S_has_id(other.data, hash + 1, strlen(hash + 1)))
				S_fail(c, rel, "links to a missing anchor:",
				    t.data, t.len);
		}
	}
	buf_free(&html);
	buf_free(&t);
	buf_free(&file);
	buf_free(&other);
	buf_free(&ids);
}

static void
S_walk(struct lc *c, const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct buf	 p = BUF_INIT;
	struct stat	 st;
	size_t		 l;

	if ((d = opendir(dir)) == NULL) {
		S_fail(c, dir, "cannot be opened", NULL, 0);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, e->d_name);
		if (stat(p.data, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			S_walk(c, p.data);
		else if ((l = strlen(e->d_name)) > 5 &&
		    strcmp(e->d_name + l - 5, ".html") == 0)
			S_page(c, p.data, p.data + strlen(c->root));
	}
	closedir(d);
	buf_free(&p);
}

int
links_check(const char *dir, struct buf *err, struct links_stats *st)
{
	struct lc	 c;

	memset(&c, 0, sizeof(c));
	c.root = dir;
	c.err = err;
	S_walk(&c, dir);
	if (c.st.pages == 0)
		S_fail(&c, dir, "has no pages", NULL, 0);
	if (st != NULL)
		*st = c.st;
	return c.problems;
}
