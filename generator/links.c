/*
 * links: the published site's own link checker (see links.h). It reads
 * the HTML the templates write (attributes in double quotes), not any
 * HTML. Pages are kept as their ids and their local links only.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fsx.h"
#include "links.h"

/*
 * A page as kept: its ids and its local links, each string ending in a
 * NUL, one after the other; the ids also in a small hash set (offsets
 * into ids, plus one; 0 is empty) for the anchor checks.
 */
struct page {
	char		*file;
	struct buf	 ids;
	struct buf	 hrefs;
	uint32_t	*set;
	size_t		 cap, n;	/* slots, ids */
};

struct links {
	struct page	*pages;		/* in the order taken in */
	size_t		 npages;
	json_t		*index;		/* file -> its number in pages */
	json_t		*files;		/* other targets looked up: 0/1 */
	json_t		*disk;		/* pages read back for their ids */
	struct buf	 problems;	/* found while taking pages in */
	int		 nproblems;
	struct links_stats st;
};

static void
S_page_free(struct page *pg)
{
	free(pg->file);
	buf_free(&pg->ids);
	buf_free(&pg->hrefs);
	free(pg->set);
	memset(pg, 0, sizeof(*pg));
}

static uint32_t
S_hash(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot of id s[0..n) in pg's set: where it is, or the empty one
 * where it would go. */
static size_t
S_slot(const struct page *pg, const char *s, size_t n)
{
	size_t		 i = S_hash(s, n) & (pg->cap - 1);
	const char	*id;

	while (pg->set[i] != 0) {
		id = pg->ids.data + pg->set[i] - 1;
		if (strncmp(id, s, n) == 0 && id[n] == '\0')
			return i;
		i = (i + 1) & (pg->cap - 1);
	}
	return i;
}

/* 1 if pg has id s[0..n). */
static int
S_has_id(const struct page *pg, const char *s, size_t n)
{
	return pg->cap > 0 && pg->set[S_slot(pg, s, n)] != 0;
}

/* Add id s[0..n) to pg unless it is there; 1 if it was there. */
static int
S_add_id(struct page *pg, const char *s, size_t n)
{
	size_t		 i, j, old;
	uint32_t	*was;
	const char	*id;

	if (2 * (pg->n + 1) > pg->cap) {	/* at most half full */
		was = pg->set;
		old = pg->cap;
		pg->cap = old ? 2 * old : 16;
		pg->set = xcalloc(pg->cap, sizeof(*pg->set));
		for (j = 0; j < old; j++)
			if (was[j] != 0) {
				id = pg->ids.data + was[j] - 1;
				pg->set[S_slot(pg, id, strlen(id))] = was[j];
			}
		free(was);
	}
	i = S_slot(pg, s, n);
	if (pg->set[i] != 0)
		return 1;
	pg->set[i] = (uint32_t)pg->ids.len + 1;
	buf_put(&pg->ids, s, n);
	buf_putc(&pg->ids, '\0');
	pg->n++;
	return 0;
}

struct links *
links_new(void)
{
	struct links	*l = xcalloc(1, sizeof(*l));

	l->index = json_object();
	l->files = json_object();
	l->disk = json_object();
	return l;
}

void
links_free(struct links *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->npages; i++)
		S_page_free(&l->pages[i]);
	free(l->pages);
	json_decref(l->index);
	json_decref(l->files);
	json_decref(l->disk);
	buf_free(&l->problems);
	free(l);
}

static void
S_fail(struct buf *err, int *n, const char *page, const char *what,
    const char *arg, size_t arglen)
{
	buf_printf(err, "%s: %s", page, what);
	if (arg != NULL)
		buf_printf(err, " %.*s", (int)(arglen > 80 ? 80 : arglen), arg);
	buf_putc(err, '\n');
	(*n)++;
}

static size_t
S_attr_len(const char *p)
{
	const char	*q = strchr(p, '"');

	return q ? (size_t)(q - p) : strlen(p);
}

static int
S_foreign(const char *p)
{
	return strncmp(p, "http:", 5) == 0 || strncmp(p, "https:", 6) == 0 ||
	    strncmp(p, "//", 2) == 0;
}

/* Decode %XX and &amp;: links as the browser follows them. */
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

struct links_scan {
	struct page	 pg;
	struct buf	 problems;
	int		 nproblems;
};

struct links_scan *
links_scan(const char *file, const char *html, size_t len)
{
	struct links_scan *sc = xcalloc(1, sizeof(*sc));
	struct buf	 t = BUF_INIT;
	const char	*p, *end, *h;
	size_t		 n;
	char		*copy = NULL;
	struct buf	*pb = &sc->problems;
	int		*np = &sc->nproblems;

	/* the scanning below needs a terminated string */
	if (len == 0 || html[len - 1] != '\0') {
		copy = xstrndup(html, len);
		html = copy;
	}
	sc->pg.file = xstrdup(file);
	if (strstr(html, "<html lang=\"ar\" dir=\"rtl\">") == NULL)
		S_fail(pb, np, file,
		    "lacks <html lang=\"ar\" dir=\"rtl\">", NULL, 0);
	if (strstr(html, "<script") != NULL)
		S_fail(pb, np, file,
		    "has a script; pages need no JavaScript", NULL, 0);
	for (p = html; (p = strstr(p, " src=\"")) != NULL; p++)
		if (S_foreign(p + 6))
			S_fail(pb, np, file,
			    "loads from another host:", p + 6,
			    S_attr_len(p + 6));
	for (p = html; (p = strstr(p, "<link ")) != NULL; p++) {
		h = strstr(p, "href=\"");
		end = strchr(p, '>');
		if (h != NULL && end != NULL && h < end && S_foreign(h + 6))
			S_fail(pb, np, file,
			    "links a resource from another host:", h + 6,
			    S_attr_len(h + 6));
	}
	for (p = html; (p = strstr(p, " id=\"")) != NULL; ) {
		p += 5;
		n = S_attr_len(p);
		if (n == 0)
			S_fail(pb, np, file,
			    "has an empty id", NULL, 0);
		else if (S_add_id(&sc->pg, p, n))
			S_fail(pb, np, file,
			    "has an id twice:", p, n);
	}
	for (p = html; (p = strstr(p, "href=\"")) != NULL; ) {
		p += 6;
		n = S_attr_len(p);
		buf_reset(&t);
		buf_put(&t, p, n);
		p += n;
		if (t.len == 0) {
			S_fail(pb, np, file,
			    "has an empty href", NULL, 0);
			continue;
		}
		if ((t.data[0] != '/' && t.data[0] != '#') ||
		    strncmp(t.data, "//", 2) == 0 ||
		    strncmp(t.data, "/forms/", 7) == 0)
			continue;	/* other sites, mailto:, wasl-forms */
		S_decode(&t);
		/* as a C string: up to a decoded NUL, if any */
		buf_puts(&sc->pg.hrefs, t.data);
		buf_putc(&sc->pg.hrefs, '\0');
	}
	buf_free(&t);
	free(copy);
	return sc;
}

void
links_add(struct links *l, struct links_scan *sc)
{
	json_t	*at;

	if (sc == NULL)
		return;
	l->st.pages++;
	buf_put(&l->problems, buf_cstr(&sc->problems), sc->problems.len);
	l->nproblems += sc->nproblems;
	if ((at = json_object_get(l->index, sc->pg.file)) != NULL) {
		/* the same file again: it replaces the first, in its place */
		S_page_free(&l->pages[json_integer_value(at)]);
		l->pages[json_integer_value(at)] = sc->pg;
	} else {
		if ((l->npages & (l->npages - 1)) == 0)
			l->pages = xrealloc(l->pages, (l->npages ?
			    2 * l->npages : 1) * sizeof(*l->pages));
		json_object_set_new(l->index, sc->pg.file,
		    json_integer((json_int_t)l->npages));
		l->pages[l->npages++] = sc->pg;
	}
	memset(&sc->pg, 0, sizeof(sc->pg));
	links_scan_free(sc);
}

void
links_scan_free(struct links_scan *sc)
{
	if (sc == NULL)
		return;
	S_page_free(&sc->pg);
	buf_free(&sc->problems);
	free(sc);
}

int
links_has_page(const struct links *l, const char *file)
{
	return json_object_get(l->index, file) != NULL;
}

void
links_page(struct links *l, const char *file, const char *html, size_t len)
{
	links_add(l, links_scan(file, html, len));
}

/* Does the non-page target file exist below root? Cached. */
static int
S_file_exists(struct links *l, const char *root, const char *file)
{
	json_t		*known = json_object_get(l->files, file);
	struct buf	 path = BUF_INIT;
	struct stat	 st;
	int		 ok;

	if (known != NULL)
		return json_is_true(known);
	buf_printf(&path, "%s%s", root, file);
	ok = stat(path.data, &st) == 0 && S_ISREG(st.st_mode);
	json_object_set_new(l->files, file, json_boolean(ok));
	buf_free(&path);
	return ok;
}

/*
 * The ids of a page not taken in but already on disk below root (a
 * rebuild that rendered only some pages links to the others), as
 * {"ids": {...}}; kept apart from the pages being checked. NULL when it
 * cannot be read.
 */
static json_t *
S_disk_page(struct links *l, const char *root, const char *file)
{
	struct buf	 path = BUF_INIT, html = BUF_INIT;
	json_t		*page = json_object_get(l->disk, file), *ids;
	const char	*p;
	size_t		 n;

	if (page != NULL)
		return page;
	buf_printf(&path, "%s%s", root, file);
	if (fsx_read(path.data, 16 << 20, &html) == 0) {
		ids = json_object();
		for (p = buf_cstr(&html); (p = strstr(p, " id=\"")) != NULL; ) {
			p += 5;
			n = S_attr_len(p);
			json_object_setn_new_nocheck(ids, p, n, json_true());
		}
		page = json_pack("{s:o}", "ids", ids);
		json_object_set_new(l->disk, file, page);
	}
	buf_free(&path);
	buf_free(&html);
	return page;
}

/* The page taken in at file, or NULL. */
static const struct page *
S_page(const struct links *l, const char *file)
{
	json_t	*at = json_object_get(l->index, file);

	return at == NULL ? NULL : &l->pages[json_integer_value(at)];
}

int
links_resolve(struct links *l, const char *root, struct buf *err,
    struct links_stats *st)
{
	const char		*file, *href, *hash;
	const struct page	*pg, *target;
	json_t			*disk;
	struct buf		 tf = BUF_INIT;
	size_t			 i;
	int			 n = l->nproblems, ok;

	buf_puts(err, buf_cstr(&l->problems));
	for (i = 0; i < l->npages; i++) {
		pg = &l->pages[i];
		file = pg->file;
		for (href = pg->hrefs.data; href != NULL &&
		    href < pg->hrefs.data + pg->hrefs.len;
		    href += strlen(href) + 1) {
			l->st.links++;
			hash = strchr(href, '#');
			buf_reset(&tf);
			if (hash == href)
				buf_puts(&tf, file);
			else {
				buf_put(&tf, href, hash ? (size_t)(hash - href) :
				    strlen(href));
				if (tf.data[tf.len - 1] == '/')
					buf_puts(&tf, "index.html");
			}
			target = S_page(l, tf.data);
			if (target == NULL && (hash == href ||
			    !S_file_exists(l, root, tf.data))) {
				S_fail(err, &n, file, "has a broken link:",
				    href, strlen(href));
				continue;
			}
			if (hash == NULL || hash[1] == '\0')
				continue;
			if (target != NULL)
				ok = S_has_id(target, hash + 1, strlen(hash + 1));
			else {
				disk = S_disk_page(l, root, tf.data);
				ok = disk != NULL && json_object_get(
				    json_object_get(disk, "ids"), hash + 1) !=
				    NULL;
			}
			if (!ok)
				S_fail(err, &n, file,
				    "links to a missing anchor:", href,
				    strlen(href));
		}
	}
	if (l->st.pages == 0)
		S_fail(err, &n, root, "has no pages", NULL, 0);
	if (st != NULL)
		*st = l->st;
	buf_free(&tf);
	return n;
}

static void
S_walk(struct links *l, const char *root, const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct buf	 p = BUF_INIT, html = BUF_INIT;
	struct stat	 st;
	size_t		 n;

	if ((d = opendir(dir)) == NULL) {
		S_fail(&l->problems, &l->nproblems, dir, "cannot be opened",
		    NULL, 0);
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
			S_walk(l, root, p.data);
		else if ((n = strlen(e->d_name)) > 5 &&
		    strcmp(e->d_name + n - 5, ".html") == 0) {
			buf_reset(&html);
			if (fsx_read(p.data, 16 << 20, &html) == -1)
				S_fail(&l->problems, &l->nproblems,
				    p.data + strlen(root), "cannot be read",
				    NULL, 0);
			else
				links_page(l, p.data + strlen(root),
				    buf_cstr(&html), html.len + 1);
		}
	}
	closedir(d);
	buf_free(&p);
	buf_free(&html);
}

int
links_check(const char *dir, struct buf *err, struct links_stats *st)
{
	struct links	*l = links_new();
	int		 n;

	S_walk(l, dir, dir);
	n = links_resolve(l, dir, err, st);
	links_free(l);
	return n;
}
