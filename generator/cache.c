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
#include "keys.h"
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

/* A file or folder below root that must not be read: the build fails
 * on it (fsx_strerror() says why), as it would once it read it. */
static int
S_refused(const char *path, struct buf *err)
{
	buf_printf(err, "%s: cannot read: %s\n", path, fsx_strerror(errno));
	return -1;
}

/*
 * Add to h the names below dir, a folder below root (sorted, recursive,
 * depth folders down), and the contents of the files too when contents
 * is set. A file that cannot be read adds nothing; one refused
 * (FSX_EREFUSED: a link leading out) is reported and makes it -1.
 */
static int
S_hash_tree(struct sha256 *h, const char *root, const char *dir,
    int contents, int depth, struct buf *err)
{
	DIR		*d;
	struct dirent	*e;
	struct entry	*v = NULL;
	size_t		 n = 0, i;
	struct buf	 p = BUF_INIT, data = BUF_INIT;
	struct stat	 st;
	int		 isdir, rc = 0;

	if ((d = fsx_opendir_in(root, dir)) == NULL) {
		if (errno == FSX_EREFUSED)
			return S_refused(dir, err);
		sha256_add(h, "-", 1);
		return 0;
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
		if (isdir == -1) {
			if (fsx_stat_in(root, p.data, &st) == 0)
				isdir = S_ISDIR(st.st_mode);
			else if (errno == FSX_EREFUSED) {
				rc = S_refused(p.data, err);
				break;
			} else
				isdir = 0;
		}
		if (isdir == 1 && depth >= FSX_MAX_DEPTH) {
			/* a link to a folder above it, followed forever */
			buf_printf(err, "%s: folders nested more than %d deep "
			    "(a symbolic link to a folder above it?); remove "
			    "the link\n", p.data, FSX_MAX_DEPTH);
			rc = -1;
		} else if (isdir == 1)
			rc = S_hash_tree(h, root, p.data, contents, depth + 1,
			    err);
		else if (contents) {
			buf_reset(&data);
			if (fsx_read_in(root, p.data, 64 << 20, &data) == 0)
				sha256_add(h, buf_cstr(&data), data.len);
			else if (errno == FSX_EREFUSED)
				rc = S_refused(p.data, err);
			sha256_add(h, "\0", 1);
		}
		if (rc == -1)
			break;
	}
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	buf_free(&p);
	buf_free(&data);
	return rc;
}

static int
S_hash_file(struct sha256 *h, const char *content, const char *name,
    struct buf *err)
{
	struct buf	 p = BUF_INIT, data = BUF_INIT;
	int		 rc = 0;

	buf_printf(&p, "%s/%s", content, name);
	sha256_add(h, name, strlen(name) + 1);
	if (fsx_read_in(content, p.data, 64 << 20, &data) == 0)
		sha256_add(h, buf_cstr(&data), data.len);
	else if (errno == FSX_EREFUSED)
		rc = S_refused(p.data, err);
	sha256_add(h, "\0", 1);
	buf_free(&p);
	buf_free(&data);
	return rc;
}

void
cache_path(struct buf *b, const char *out)
{
	const char	*slash = strrchr(out, '/');

	if (slash == NULL)
		buf_printf(b, ".%s.cache", out);
	else
		buf_printf(b, "%.*s/.%s.cache", (int)(slash - out), out,
		    slash + 1);
}

int
cache_key(const char *content, const char *templates, const char *today,
    int drafts, char key[65], struct buf *err)
{
	struct sha256	 h;
	struct buf	 p = BUF_INIT;
	static const char *const whole[] = { "policies", "forms", "data" };
	size_t		 i;
	int		 rc;

	if (sha256_begin(&h) == -1)
		return -1;
	sha256_add(&h, CACHE_VERSION, sizeof(CACHE_VERSION));
	sha256_add(&h, today, strlen(today) + 1);
	sha256_add(&h, drafts ? "d" : "p", 1);
	rc = S_hash_tree(&h, templates, templates, 1, 0, err);
	if (rc == 0)
		rc = S_hash_file(&h, content, "site.yaml", err);
	if (rc == 0)
		rc = S_hash_file(&h, content, "fingerprints.txt", err);
	for (i = 0; rc == 0 && i < CONTENT_NKINDS; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", content, content_kinds[i].dir);
		/* which files, not what */
		rc = S_hash_tree(&h, content, p.data, 0, 0, err);
	}
	for (i = 0; rc == 0 && i < sizeof(whole) / sizeof(whole[0]); i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", content, whole[i]);
		rc = S_hash_tree(&h, content, p.data, 1, 0, err);
	}
	buf_free(&p);
	if (sha256_end(&h, key) == -1)
		return -1;
	return rc;
}

int
cache_files_key(const char *content, char key[65])
{
	struct sha256	 h;
	struct buf	 p = BUF_INIT, f = BUF_INIT;
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	size_t		 i;
	int		 rc = 0;

	if (sha256_begin(&h) == -1)
		return -1;
	for (i = 0; rc == 0 && i < CONTENT_NKINDS; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", content, content_kinds[i].dir);
		if ((d = fsx_opendir_in(content, p.data)) == NULL)
			continue;
		/* readdir's order is stable for an unchanged folder */
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			buf_reset(&f);
			buf_printf(&f, "%s/%s", p.data, e->d_name);
			if (fstatat(dirfd(d), e->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1)
				continue;
			/* a link is followed inside the content only; one
			 * that leads out, no digest (content_read() says) */
			if (S_ISLNK(st.st_mode) && fsx_stat_in(content, f.data,
			    &st) == -1) {
				rc = -1;
				break;
			}
			buf_printf(&f, "|%lld|%lld.%ld", (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec,
			    (long)st.st_mtim.tv_nsec);
			sha256_add(&h, f.data, f.len + 1);
		}
		closedir(d);
	}
	buf_free(&p);
	buf_free(&f);
	if (sha256_end(&h, key) == -1)
		return -1;
	return rc;
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
 * The record is text, one document a line, so that a rebuild reads only
 * the facts of each file (its key, size and time) and parses the
 * document of a line only when it needs it:
 *
 *	KEY FILES
 *	SOURCE_KEY <tab> SIZE <tab> MTIME <tab> DOCUMENT-AS-COMPACT-JSON
 *	...
 *
 * in the order of the content's channels, services and pages.
 */
struct line {
	size_t		 off;		/* in text */
	size_t		 len;		/* without the '\n' */
	size_t		 klen;		/* of the source key */
	size_t		 doc;		/* where the document starts */
	long long	 size, mtime;
	char		*repl;		/* a line replacing it (with '\n') */
};

struct cache_rec {
	struct buf	 text;
	struct line	*line;
	size_t		 nlines;
};

void
cache_rec_free(struct cache_rec *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlines; i++)
		free(r->line[i].repl);
	buf_free(&r->text);
	free(r->line);
	free(r);
}

/* The facts of the line at s (len bytes, no '\n') into l; -1 when it is
 * not a document line. */
static int
S_parse_line(const char *s, size_t len, struct line *l)
{
	const char	*t1, *t2, *t3, *end = s + len;
	char		*e;

	if ((t1 = memchr(s, '\t', len)) == NULL || t1 == s ||
	    (t2 = memchr(t1 + 1, '\t', (size_t)(end - t1 - 1))) == NULL ||
	    (t3 = memchr(t2 + 1, '\t', (size_t)(end - t2 - 1))) == NULL ||
	    t3 + 1 == end || t3[1] != '{')
		return -1;
	l->size = strtoll(t1 + 1, &e, 10);
	if (e != t2)
		return -1;
	l->mtime = strtoll(t2 + 1, &e, 10);
	if (e != t3)
		return -1;
	l->klen = (size_t)(t1 - s);
	l->doc = (size_t)(t3 + 1 - s);
	return 0;
}

struct cache_rec *
cache_load(const char *path, const char *key)
{
	struct cache_rec *r = xcalloc(1, sizeof(*r));
	const char	*p, *nl, *end;
	struct line	*l;

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
		l = &r->line[r->nlines];
		memset(l, 0, sizeof(*l));
		l->off = (size_t)(p - r->text.data);
		l->len = (size_t)(nl - p);
		if (S_parse_line(p, l->len, l) == -1)
			goto fail;
		r->nlines++;
	}
	return r;
fail:
	cache_rec_free(r);
	return NULL;
}

size_t
cache_rec_count(const struct cache_rec *r)
{
	return r->nlines;
}

const char *
cache_rec_key(const struct cache_rec *r, size_t i, size_t *len)
{
	*len = r->line[i].klen;
	return r->text.data + r->line[i].off;
}

void
cache_rec_facts(const struct cache_rec *r, size_t i, long long *size,
    long long *mtime)
{
	*size = r->line[i].size;
	*mtime = r->line[i].mtime;
}

json_t *
cache_rec_doc(const struct cache_rec *r, size_t i)
{
	const struct line	*l = &r->line[i];
	json_t			*doc;

	doc = json_loadb(r->text.data + l->off + l->doc, l->len - l->doc, 0,
	    NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return NULL;
	}
	json_object_set_new(doc, KEY_SOURCE_KEY, json_stringn(r->text.data +
	    l->off, l->klen));
	json_object_set_new(doc, KEY_SOURCE_SIZE, json_integer(l->size));
	json_object_set_new(doc, KEY_SOURCE_MTIME, json_integer(l->mtime));
	return doc;
}

/* Keys of a document that are not recorded: its text and file facts. */
static const char *const unrecorded[] = {
	KEY_HTML, KEY_TOC, KEY_HAS_TOC, KEY_MARKDOWN, KEY_SOURCE_SIZE,
	KEY_SOURCE_MTIME, KEY_SOURCE_KEY,
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

/* doc's record line (with its '\n') appended to out; -1 when it cannot
 * be recorded. */
static int
S_doc_line(struct buf *out, const json_t *doc)
{
	const char	*sk;

	sk = json_string_value(json_object_get(doc, KEY_SOURCE_KEY));
	if (sk == NULL || *sk == '\0' || strpbrk(sk, "\t\n") != NULL)
		return -1;
	buf_printf(out, "%s\t%" JSON_INTEGER_FORMAT "\t%" JSON_INTEGER_FORMAT
	    "\t", sk, json_integer_value(json_object_get(doc, KEY_SOURCE_SIZE)),
	    json_integer_value(json_object_get(doc, KEY_SOURCE_MTIME)));
	if (S_json(out, doc, 1) == -1)
		return -1;
	buf_putc(out, '\n');
	return 0;
}

/* out written to a temporary file beside path, then renamed over it. */
static int
S_write(const char *path, const struct buf *out)
{
	struct buf	 tmp = BUF_INIT;
	int		 rc;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	rc = fsx_write(tmp.data, out->data, out->len) == 0 &&
	    rename(tmp.data, path) == 0 ? 0 : -1;
	if (rc == -1)
		unlink(tmp.data);
	buf_free(&tmp);
	return rc;
}

int
cache_save(const char *path, const char *key, const char *files,
    const struct content *c)
{
	json_t		*doc;
	struct buf	 out = BUF_INIT;
	size_t		 k, i;
	int		 rc = -1;

	buf_printf(&out, "%s %s\n", key, files);
	for (k = 0; k < CONTENT_NKINDS; k++)
		json_array_foreach(content_docs(c, k), i, doc)
			if (S_doc_line(&out, doc) == -1)
				goto out;
	rc = S_write(path, &out);
out:
	buf_free(&out);
	return rc;
}

int
cache_rec_replace(struct cache_rec *r, size_t i, const json_t *doc)
{
	struct buf	 line = BUF_INIT;

	if (S_doc_line(&line, doc) == -1) {
		buf_free(&line);
		return -1;
	}
	free(r->line[i].repl);
	r->line[i].repl = xstrdup(buf_cstr(&line));
	buf_free(&line);
	return 0;
}

int
cache_rec_save(const struct cache_rec *r, const char *path, const char *key,
    const char *files)
{
	struct buf	 out = BUF_INIT;
	const struct line *l;
	size_t		 i;
	int		 rc;

	buf_grow(&out, r->text.len + 4096);
	buf_printf(&out, "%s %s\n", key, files);
	for (i = 0; i < r->nlines; i++) {
		l = &r->line[i];
		if (l->repl != NULL)
			buf_puts(&out, l->repl);
		else
			buf_put(&out, r->text.data + l->off, l->len + 1);
	}
	rc = S_write(path, &out);
	buf_free(&out);
	return rc;
}
