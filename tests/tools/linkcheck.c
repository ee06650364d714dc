/*
 * linkcheck: checks a generated site the way a reader's clicks would.
 *
 *   linkcheck DIR
 *
 * For every .html file below DIR: every local href ("/a/b/", "/x.html",
 * "#id", "/a/#id") resolves to a file of the site and, with a fragment, to
 * an id on that page; ids are unique and non-empty on each page; the page
 * declares <html lang="ar" dir="rtl">; nothing is loaded from another host
 * (no src= or <link href=> with a scheme or //). Prints "PASS ..." or
 * "FAIL page: problem" lines for tests/run.sh.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsx.h"

static const char	*root;
static int		 failed;
static size_t		 npages, nlinks;

static void
S_fail(const char *page, const char *fmt, const char *arg)
    __attribute__((format(printf, 2, 0)));

static void
S_fail(const char *page, const char *fmt, const char *arg)
{
	printf("FAIL %s: ", page);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	printf(fmt, arg);
#pragma GCC diagnostic pop
	putchar('\n');
	failed = 1;
}

/* Does page (a file below root) have id? */
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

/* Value of attribute starting at p (just past the opening quote). */
static size_t
S_attr_len(const char *p)
{
	const char	*q = strchr(p, '"');

	return q ? (size_t)(q - p) : strlen(p);
}

/* Decode %XX in place (links may be percent-encoded). */
static void
S_unpercent(struct buf *b)
{
	size_t	 i, j = 0;

	for (i = 0; i < b->len; i++) {
		if (b->data[i] == '%' && i + 2 < b->len) {
			char hex[3] = { b->data[i + 1], b->data[i + 2], 0 };

			b->data[j++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else
			b->data[j++] = b->data[i];
	}
	b->len = j;
	b->data[j] = '\0';
}

static void
S_check_page(const char *path, const char *rel)
{
	struct buf	 html = BUF_INIT, target = BUF_INIT, tpath = BUF_INIT;
	struct buf	 other = BUF_INIT, ids = BUF_INIT;
	const char	*p, *hash;
	size_t		 len;
	struct stat	 st;

	if (fsx_read(path, 16 << 20, &html) == -1) {
		S_fail(rel, "cannot read %s", path);
		return;
	}
	npages++;
	if (strstr(html.data, "<html lang=\"ar\" dir=\"rtl\">") == NULL)
		S_fail(rel, "%s", "no <html lang=\"ar\" dir=\"rtl\">");
	if (strstr(html.data, "<script") != NULL)
		S_fail(rel, "%s", "has a script; pages need no JavaScript");
	/* third-party loads */
	for (p = html.data; (p = strstr(p, " src=\"")) != NULL; p++)
		if (strncmp(p + 6, "http", 4) == 0 || strncmp(p + 6, "//", 2)
		    == 0)
			S_fail(rel, "loads %.60s from another host", p + 6);
	for (p = html.data; (p = strstr(p, "<link ")) != NULL; p++) {
		const char *h = strstr(p, "href=\"");
		const char *end = strchr(p, '>');

		if (h != NULL && end != NULL && h < end &&
		    (strncmp(h + 6, "http", 4) == 0 ||
		    strncmp(h + 6, "//", 2) == 0))
			S_fail(rel, "links %.60s from another host", h + 6);
	}
	/* ids: unique, non-empty */
	for (p = html.data; (p = strstr(p, " id=\"")) != NULL; ) {
		p += 5;
		len = S_attr_len(p);
		if (len == 0)
			S_fail(rel, "%s", "an empty id");
		buf_reset(&target);
		buf_putc(&target, '\n');
		buf_put(&target, p, len);
		buf_putc(&target, '\n');
		if (ids.len > 0 && strstr(ids.data, target.data) != NULL)
			S_fail(rel, "id \"%s\" appears twice",
			    target.data + 1);
		if (ids.len == 0)
			buf_putc(&ids, '\n');
		buf_put(&ids, p, len);
		buf_putc(&ids, '\n');
	}
	/* local links */
	for (p = html.data; (p = strstr(p, "href=\"")) != NULL; ) {
		p += 6;
		len = S_attr_len(p);
		buf_reset(&target);
		buf_put(&target, p, len);
		p += len;
		if (target.len == 0) {
			S_fail(rel, "%s", "an empty href");
			continue;
		}
		if (target.data[0] != '/' && target.data[0] != '#')
			continue;	/* mailto:, tel:, https:, data: */
		if (target.len > 1 && target.data[1] == '/')
			continue;	/* //host */
		nlinks++;
		/* entities the templates may have escaped */
		S_unpercent(&target);
		hash = strchr(target.data, '#');
		if (hash == target.data) {
			if (!S_has_id(html.data, hash + 1, strlen(hash + 1)))
				S_fail(rel, "no id for link %s", target.data);
			continue;
		}
		buf_reset(&tpath);
		buf_printf(&tpath, "%s%.*s", root, hash ?
		    (int)(hash - target.data) : (int)target.len, target.data);
		if (tpath.data[tpath.len - 1] == '/')
			buf_puts(&tpath, "index.html");
		if (stat(tpath.data, &st) == -1 || !S_ISREG(st.st_mode)) {
			S_fail(rel, "broken link %s", target.data);
			continue;
		}
		if (hash != NULL && hash[1] != '\0') {
			buf_reset(&other);
			if (fsx_read(tpath.data, 16 << 20, &other) == -1 ||
			    !S_has_id(other.data, hash + 1, strlen(hash + 1)))
				S_fail(rel, "no anchor for link %s",
				    target.data);
		}
	}
	buf_free(&html);
	buf_free(&target);
	buf_free(&tpath);
	buf_free(&other);
	buf_free(&ids);
}

static void
S_walk(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct buf	 p = BUF_INIT;
	struct stat	 st;
	size_t		 l;

	if ((d = opendir(dir)) == NULL) {
		S_fail(dir, "%s", "cannot open");
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
			S_walk(p.data);
		else if ((l = strlen(e->d_name)) > 5 &&
		    strcmp(e->d_name + l - 5, ".html") == 0)
			S_check_page(p.data, p.data + strlen(root));
	}
	closedir(d);
	buf_free(&p);
}

int
main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: linkcheck DIR\n");
		return 2;
	}
	root = argv[1];
	S_walk(root);
	if (npages == 0) {
		printf("FAIL %s: no pages\n", root);
		return 1;
	}
	if (!failed)
		printf("PASS %s: %zu pages, %zu local links and anchors "
		    "resolve, ids unique, lang and dir set, no third-party "
		    "loads\n", root, npages, nlinks);
	return failed;
}
