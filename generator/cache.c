/*
 * cache: the record of the last build (see cache.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "fsx.h"
#include "sha256.h"

/* Changing this invalidates every record (a new output format). */
#define CACHE_VERSION	"wasl-build cache 1"

static int
S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
	char		**v = NULL;
	size_t		 n = 0, i;
	struct buf	 p = BUF_INIT, data = BUF_INIT;
	struct stat	 st;

	if ((d = opendir(dir)) == NULL) {
		sha256_add(h, "-", 1);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), S_cmp);
	for (i = 0; i < n; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, v[i]);
		sha256_add(h, p.data, p.len + 1);
		if (stat(p.data, &st) == 0 && S_ISDIR(st.st_mode))
			S_hash_tree(h, p.data, contents);
		else if (contents) {
			buf_reset(&data);
			if (fsx_read(p.data, 64 << 20, &data) == 0)
				sha256_add(h, buf_cstr(&data), data.len);
			sha256_add(h, "\0", 1);
		}
		free(v[i]);
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
			if (stat(f.data, &st) == -1)
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

json_t *
cache_load(const char *path, const char *key)
{
	json_t		*rec, *docs = NULL;
	struct buf	 src = BUF_INIT;
	const char	*nl;

	if (fsx_read(path, 256 << 20, &src) == -1)
		return NULL;
	/* line 1: "KEY FILES", then the JSON */
	nl = strchr(buf_cstr(&src), '\n');
	rec = nl ? json_loads(nl + 1, 0, NULL) : NULL;
	buf_free(&src);
	if (rec == NULL)
		return NULL;
	if (json_is_string(json_object_get(rec, "key")) &&
	    strcmp(json_string_value(json_object_get(rec, "key")), key) == 0)
		docs = json_incref(json_object_get(rec, "docs"));
	json_decref(rec);
	if (!json_is_object(docs)) {
		json_decref(docs);
		docs = NULL;
	}
	return docs;
}

json_t *
cache_doc(const json_t *doc)
{
	json_t	*d = json_copy((json_t *)doc);

	json_object_del(d, "html");
	json_object_del(d, "toc");
	json_object_del(d, "has_toc");
	json_object_del(d, "markdown");
	json_object_del(d, "cached");
	json_object_del(d, "source_size");
	json_object_del(d, "source_mtime");
	json_object_del(d, "source_key");
	json_object_del(d, "kind");	/* set when its page is rendered */
	return d;
}

int
cache_save(const char *path, const char *key, const char *files,
    const struct content *c)
{
	json_t		*docs = json_object(), *rec, *kinds[3], *doc;
	struct buf	 tmp = BUF_INIT;
	size_t		 k, i;
	int		 rc;

	kinds[0] = c->channels;
	kinds[1] = c->services;
	kinds[2] = c->pages;
	for (k = 0; k < 3; k++)
		json_array_foreach(kinds[k], i, doc)
			json_object_set_new(docs, json_string_value(
			    json_object_get(doc, "source_key")), json_pack(
			    "{s:O,s:O,s:o}", "size", json_object_get(doc,
			    "source_size"), "mtime", json_object_get(doc,
			    "source_mtime"), "doc", cache_doc(doc)));
	rec = json_pack("{s:s,s:o}", "key", key, "docs", docs);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	{
		char	*json = json_dumps(rec, JSON_COMPACT);
		struct buf out = BUF_INIT;

		buf_printf(&out, "%s %s\n%s\n", key, files, json ? json : "");
		rc = json != NULL && fsx_write(tmp.data, out.data, out.len) ==
		    0 && rename(tmp.data, path) == 0 ? 0 : -1;
		free(json);
		buf_free(&out);
	}
	if (rc == -1)
		unlink(tmp.data);
	json_decref(rec);
	buf_free(&tmp);
	return rc;
}
