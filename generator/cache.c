/*
 * cache: the record of the last build (see cache.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "fsx.h"
#include "sha256.h"

/* Changing this invalidates every record (a new output format). */
#define CACHE_VERSION	"wasl-build cache 2"

/* A folder entry: its name, and whether it is a folder (-1: unknown). */
struct entry {
	char	*name;
	int	 dir;
};

static int
S_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/*
 * Add to h the names below dir (sorted, recursive), and the contents of
 * the files too when contents is set.
 */
static void
S_hash_tree(struct sha256 *h, const char *dir, int contents)
{
	DIR		*d;
	struct dirent	*e;
	struct entry	*v = NULL;
	size_t		 n = 0, i;
	struct buf	 p = BUF_INIT, data = BUF_INIT;
	struct stat	 st;
	int		 isdir;

	if ((d = opendir(dir)) == NULL) {
		sha256_add(h, "-", 1);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((n & (n - 1)) == 0)
			v = xrealloc(v, (n ? 2 * n : 1) * sizeof(*v));
		v[n].name = xstrdup(e->d_name);
		/* the folder's own word saves a stat() per file; links and
		 * file systems without it are asked */
		v[n++].dir = e->d_type == DT_DIR ? 1 : e->d_type == DT_REG ?
		    0 : -1;
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), S_cmp);
	for (i = 0; i < n; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, v[i].name);
		sha256_add(h, p.data, p.len + 1);
		isdir = v[i].dir;
		if (isdir == -1)
			isdir = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
		if (isdir)
			S_hash_tree(h, p.data, contents);
		else if (contents) {
			buf_reset(&data);
			if (fsx_read(p.data, 64 << 20, &data) == 0)
				sha256_add(h, buf_cstr(&data), data.len);
			sha256_add(h, "\0", 1);
		}
		free(v[i].name);
	}
	free(v);
	buf_free(&p);
	buf_free(&data);
}

static void
S_hash_file(struct sha256 *h, const char *content, const char *name)
{
	struct buf	 p = BUF_INIT, data = BUF_INIT;

	buf_printf(&p, "%s/%s", content, name);
	sha256_add(h, name, strlen(name) + 1);
	if (fsx_read(p.data, 64 << 20, &data) == 0)
		sha256_add(h, buf_cstr(&data), data.len);
	sha256_add(h, "\0", 1);
	buf_free(&p);
	buf_free(&data);
}

int
cache_key(const char *content, const char *templates, const char *today,
    int drafts, char key[65])
{
	struct sha256	 h;
	struct buf	 p = BUF_INIT;
	static const char *const kinds[] = { "channels", "services", "pages" };
	size_t		 i;

	if (sha256_begin(&h) == -1)
		return -1;
	sha256_add(&h, CACHE_VERSION, sizeof(CACHE_VERSION));
	sha256_add(&h, today, strlen(today) + 1);
	sha256_add(&h, drafts ? "d" : "p", 1);
	S_hash_tree(&h, templates, 1);
	S_hash_file(&h, content, "site.yaml");
	S_hash_file(&h, content, "fingerprints.txt");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", content, kinds[i]);
		S_hash_tree(&h, p.data, 0);	/* which files, not what */
	}
	buf_reset(&p);
	buf_printf(&p, "%s/policies", content);
	S_hash_tree(&h, p.data, 1);
	buf_reset(&p);
	buf_printf(&p, "%s/forms", content);
	S_hash_tree(&h, p.data, 1);
	buf_reset(&p);
	buf_printf(&p, "%s/data", content);
	S_hash_tree(&h, p.data, 1);
	buf_free(&p);
	return sha256_end(&h, key);
}

int
cache_files_key(const char *content, char key[65])
{
	static const char *const kinds[] = { "channels", "services", "pages" };
	struct sha256	 h;
	struct buf	 p = BUF_INIT, f = BUF_INIT;
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	size_t		 i;

	if (sha256_begin(&h) == -1)
		return -1;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", content, kinds[i]);
		if ((d = opendir(p.data)) == NULL)
			continue;
		/* readdir's order is stable for an unchanged folder */
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			buf_reset(&f);
			buf_printf(&f, "%s/%s", p.data, e->d_name);
			if (fstatat(dirfd(d), e->d_name, &st, 0) == -1)
				continue;
			buf_printf(&f, "|%lld|%lld.%ld", (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec,
			    (long)st.st_mtim.tv_nsec);
			sha256_add(&h, f.data, f.len + 1);
		}
		closedir(d);
	}
	buf_free(&p);
	buf_free(&f);
	return sha256_end(&h, key);
}

int
cache_unchanged(const char *path, const char *key, const char *files)
{
	FILE	*f = fopen(path, "r");
	char	 line[140];
	int	 same = 0;

	if (f == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL && strlen(line) == 130 &&
	    strncmp(line, key, 64) == 0 && line[64] == ' ' &&
	    strncmp(line + 65, files, 64) == 0)
		same = 1;
	fclose(f);
	return same;
}

/*
 * The record is text, one document a line, so that a rebuild reads it
 * without a JSON parse of the whole and rewrites only the lines of the
 * files it read again:
 *
 *	KEY FILES
 *	SOURCE_KEY <tab> SIZE <tab> MTIME <tab> DOCUMENT-AS-COMPACT-JSON
 *	...
 *
 * in the order of the content's channels, services and pages.
 */
struct cache_rec {
	struct buf	 text;
	size_t		*line;		/* each document line's offset */
	size_t		 nlines;
	json_t		*docs;		/* SOURCE_KEY -> {size, mtime, doc} */
};

void
cache_rec_free(struct cache_rec *r)
{
	if (r == NULL)
		return;
	buf_free(&r->text);
	free(r->line);
	json_decref(r->docs);
	free(r);
}

const json_t *
cache_rec_docs(const struct cache_rec *r)
{
	return r->docs;
}

/* One document line at s (without its '\n'): {size, mtime, doc}, the
 * length of its source key in *klen; NULL when it is not one. */
static json_t *
S_parse_line(const char *s, size_t len, size_t *klen)
{
	const char	*t1, *t2, *t3, *end = s + len;
	char		*e;
	long long	 size, mtime;
	json_t		*doc;

	if ((t1 = memchr(s, '\t', len)) == NULL ||
	    (t2 = memchr(t1 + 1, '\t', (size_t)(end - t1 - 1))) == NULL ||
	    (t3 = memchr(t2 + 1, '\t', (size_t)(end - t2 - 1))) == NULL)
		return NULL;
	size = strtoll(t1 + 1, &e, 10);
	if (e != t2)
		return NULL;
	mtime = strtoll(t2 + 1, &e, 10);
	if (e != t3)
		return NULL;
	doc = json_loadb(t3 + 1, (size_t)(end - t3 - 1), 0, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return NULL;
	}
	*klen = (size_t)(t1 - s);
	return json_pack("{s:I,s:I,s:o}", "size", (json_int_t)size, "mtime",
	    (json_int_t)mtime, "doc", doc);
}

struct cache_rec *
cache_load(const char *path, const char *key)
{
	struct cache_rec *r = xcalloc(1, sizeof(*r));
	json_t		*entry;
	size_t		 klen, i;
	const char	*p, *nl, *end;

	if (fsx_read(path, 256 << 20, &r->text) == -1 || r->text.len < 130 ||
	    strncmp(r->text.data, key, 64) != 0 || r->text.data[129] != '\n')
		goto fail;
	end = r->text.data + r->text.len;
	for (p = r->text.data + 130; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			goto fail;	/* cut short */
		if ((r->nlines & (r->nlines - 1)) == 0)
			r->line = xrealloc(r->line, (r->nlines ? 2 *
			    r->nlines : 1) * sizeof(*r->line));
		r->line[r->nlines++] = (size_t)(p - r->text.data);
	}
	r->docs = json_object();
	for (i = 0; i < r->nlines; i++) {
		p = r->text.data + r->line[i];
		nl = strchr(p, '\n');
		if ((entry = S_parse_line(p, (size_t)(nl - p), &klen)) == NULL)
			goto fail;
		json_object_setn_new_nocheck(r->docs, p, klen, entry);
	}
	return r;
fail:
	cache_rec_free(r);
	return NULL;
}

/* Keys of a document that are not recorded: its text and file facts. */
static const char *const unrecorded[] = {
	"html", "toc", "has_toc", "markdown", "cached", "source_size",
	"source_mtime", "source_key",
	"kind",		/* set when its page is rendered */
	NULL
};

static int
S_unrecorded(const char *k)
{
	size_t	 i;

	for (i = 0; unrecorded[i] != NULL; i++)
		if (strcmp(unrecorded[i], k) == 0)
			return 1;
	return 0;
}

json_t *
cache_doc(const json_t *doc)
{
	json_t	*d = json_copy((json_t *)doc);
	size_t	 i;

	for (i = 0; unrecorded[i] != NULL; i++)
		json_object_del(d, unrecorded[i]);
	return d;
}

static void
S_json_string(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i, run = 0;
	unsigned char	 c;

	buf_putc(out, '"');
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_put(out, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else {
			buf_puts(out, "\\u00");
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
	buf_put(out, s + run, len - run);
	buf_putc(out, '"');
}

/* v as compact JSON (top: without the unrecorded keys). 0, or -1 for a
 * value JSON cannot hold. */
static int
S_json(struct buf *out, const json_t *v, int top)
{
	const char	*k;
	json_t		*e;
	size_t		 i, n = 0;
	char		*num;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		buf_putc(out, '{');
		json_object_foreach((json_t *)v, k, e) {
			if (top && S_unrecorded(k))
				continue;
			if (n++ > 0)
				buf_putc(out, ',');
			S_json_string(out, k, strlen(k));
			buf_putc(out, ':');
			if (S_json(out, e, 0) == -1)
				return -1;
		}
		buf_putc(out, '}');
		return 0;
	case JSON_ARRAY:
		buf_putc(out, '[');
		json_array_foreach(v, i, e) {
			if (i > 0)
				buf_putc(out, ',');
			if (S_json(out, e, 0) == -1)
				return -1;
		}
		buf_putc(out, ']');
		return 0;
	case JSON_STRING:
		S_json_string(out, json_string_value(v), json_string_length(v));
		return 0;
	case JSON_INTEGER:
		buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 0;
	case JSON_REAL:
		/* rare in front matter: jansson's own form, which reads
		 * back as the same real */
		if ((num = json_dumps(v, JSON_ENCODE_ANY)) == NULL)
			return -1;
		buf_puts(out, num);
		free(num);
		return 0;
	case JSON_TRUE:
		buf_puts(out, "true");
		return 0;
	case JSON_FALSE:
		buf_puts(out, "false");
		return 0;
	case JSON_NULL:
		buf_puts(out, "null");
		return 0;
	}
	return -1;
}

int
cache_save(const char *path, const char *key, const char *files,
    const struct content *c, const struct cache_rec *old)
{
	json_t		*kinds[3], *doc;
	struct buf	 tmp = BUF_INIT, out = BUF_INIT;
	const char	*sk, *line, *nl;
	size_t		 k, i, n = 0, sklen;
	int		 rc = -1;

	kinds[0] = c->channels;
	kinds[1] = c->services;
	kinds[2] = c->pages;
	buf_printf(&out, "%s %s\n", key, files);
	for (k = 0; k < 3; k++)
		json_array_foreach(kinds[k], i, doc) {
			sk = json_string_value(json_object_get(doc,
			    "source_key"));
			if (sk == NULL || strpbrk(sk, "\t\n") != NULL)
				goto out;
			sklen = strlen(sk);
			/* A document taken from old's record as it was there
			 * keeps its line: nothing in it changed. */
			if (old != NULL && n < old->nlines &&
			    json_is_true(json_object_get(doc, "cached"))) {
				line = old->text.data + old->line[n];
				nl = strchr(line, '\n');
				if (strncmp(line, sk, sklen) == 0 &&
				    line[sklen] == '\t') {
					buf_put(&out, line, (size_t)(nl - line +
					    1));
					n++;
					continue;
				}
			}
			n++;
			buf_printf(&out, "%s\t%" JSON_INTEGER_FORMAT "\t%"
			    JSON_INTEGER_FORMAT "\t", sk, json_integer_value(
			    json_object_get(doc, "source_size")),
			    json_integer_value(json_object_get(doc,
			    "source_mtime")));
			if (S_json(&out, doc, 1) == -1)
				goto out;
			buf_putc(&out, '\n');
		}
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	rc = fsx_write(tmp.data, out.data, out.len) == 0 &&
	    rename(tmp.data, path) == 0 ? 0 : -1;
	if (rc == -1)
		unlink(tmp.data);
out:
	buf_free(&out);
	buf_free(&tmp);
	return rc;
}
