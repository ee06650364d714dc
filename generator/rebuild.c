/*
 * rebuild: only the changed pages (see rebuild.h). Everything is rendered
 * and its links checked against the site already out before any file is
 * replaced, so a rebuild that fails leaves the site as it was.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "content.h"
#include "contentview.h"
#include "fsx.h"
#include "keys.h"
#include "links.h"
#include "pagelist.h"
#include "pages.h"
#include "policy.h"
#include "rebuild.h"
#include "results.h"

/*
 * The facts of the content file with record key k (klen bytes,
 * "channels/x.md") into st, as fsx_stat_in() finds them, but through
 * its kind's folder, opened once (inside the content: fsx_open_in) into
 * dirs[kind] (-2 until tried): a rebuild looks at every file, and a walk
 * from the content folder for each would cost three opens a file. Only a
 * file that is itself a link is walked to. 0, or -1 with errno.
 */
static int
S_stat_recorded(const char *content, int dirs[CONTENT_NKINDS],
    const char *k, size_t klen, struct buf *path, struct stat *st)
{
	int		 kind = content_kind(k);
	const char	*slash = memchr(k, '/', klen);
	char		 name[NAME_MAX + 1];
	size_t		 n;

	buf_reset(path);
	buf_printf(path, "%s/%.*s", content, (int)klen, k);
	n = slash != NULL ? klen - (size_t)(slash + 1 - k) : 0;
	if (kind == -1 || n == 0 || n > NAME_MAX ||
	    memchr(slash + 1, '/', n) != NULL)
		return fsx_stat_in(content, path->data, st);
	if (dirs[kind] == -2) {
		path->data[strlen(content) + 1 + (size_t)(slash - k)] = '\0';
		dirs[kind] = fsx_open_in(content, path->data, O_RDONLY |
		    O_DIRECTORY);
		path->data[strlen(content) + 1 + (size_t)(slash - k)] = '/';
	}
	if (dirs[kind] == -1)
		return fsx_stat_in(content, path->data, st);
	memcpy(name, slash + 1, n);
	name[n] = '\0';
	if (fstatat(dirs[kind], name, st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	return S_ISLNK(st->st_mode) ? fsx_stat_in(content, path->data, st) :
	    0;
}

int
rebuild_site(const struct site_opts *o, const struct date *today,
    const struct catalog *words, struct cache_rec *rec, const char *key,
    const char *files, const char *cache_path, struct site_stats *st,
    struct buf *err)
{
	struct content		 c;
	struct policy_pages	 ppages;
	struct pages		*pages = NULL;
	struct links		*links = NULL;
	json_t			*results = NULL;
	json_t			*arr[CONTENT_NKINDS], *doc, *old, *now, **fresh;
	struct buf		 html = BUF_INIT, path = BUF_INIT;
	struct buf		 tmp = BUF_INIT;
	struct links_stats	 lst;
	struct stat		 sb;
	const struct content_kind_info *kd;
	const char		*tpl, *section, *url, *k;
	size_t			 n = cache_rec_count(rec), i, j, klen;
	size_t			 nchanged = 0;
	long long		 size, mtime;
	int			 rc = -1, need[CONTENT_NKINDS] = { 0 }, same;
	int			 dirs[CONTENT_NKINDS];

	memset(&c, 0, sizeof(c));
	memset(&ppages, 0, sizeof(ppages));
	for (i = 0; i < CONTENT_NKINDS; i++)
		dirs[i] = -2;
	/* Which files changed: the list of them is the key's, so each
	 * recorded one is there. */
	fresh = xcalloc(n ? n : 1, sizeof(*fresh));
	for (i = 0; i < n; i++) {
		k = cache_rec_key(rec, i, &klen);
		if (content_kind(k) == -1) {
			rc = 1;		/* a damaged line */
			goto out;
		}
		cache_rec_facts(rec, i, &size, &mtime);
		if (S_stat_recorded(o->content, dirs, k, klen, &path,
		    &sb) == -1) {
			rc = 1;		/* gone meanwhile: build it whole */
			goto out;
		}
		if (sb.st_size != size || (long long)sb.st_mtim.tv_sec *
		    1000000000 + sb.st_mtim.tv_nsec != mtime)
			fresh[i] = json_null();	/* to be loaded */
	}
	if (contentview_load_base(words, o->content, 0, &c, err) == -1)
		goto out;
	for (j = 0; j < CONTENT_NKINDS; j++)
		arr[j] = content_docs(&c, j);
	/* Each changed file again: a change of its front matter may change
	 * lists and menus, so the whole site is built. */
	for (i = 0; i < n; i++) {
		if (fresh[i] == NULL)
			continue;
		k = cache_rec_key(rec, i, &klen);
		buf_reset(&path);
		buf_printf(&path, "%.*s", (int)klen, k);
		if ((fresh[i] = contentview_load_file(words, o->content,
		    path.data, &c, err)) == NULL)
			goto out;
		if ((doc = cache_rec_doc(rec, i)) == NULL) {
			rc = 1;		/* a damaged line */
			goto out;
		}
		old = cache_doc(doc);
		now = cache_doc(fresh[i]);
		same = json_equal(now, old);
		json_decref(doc);
		json_decref(old);
		json_decref(now);
		if (!same || cache_rec_replace(rec, i, fresh[i]) == -1) {
			rc = 1;
			goto out;
		}
		nchanged++;
	}
	if (nchanged == 0) {
		/* nothing changed that a page shows: only the record */
		rc = cache_rec_save(rec, cache_path, key, files) == -1 ? -1 : 0;
		goto out;
	}
	if (policy_settle(c.policies, today, NULL, words, &ppages,
	    err) == -1 || results_load(o->content, c.site, &results, err) == -1)
		goto out;
	if ((pages = pages_new(&c, o->templates, pagelist_templates, 0,
	    err)) == NULL)
		goto out;
	/* The lists the changed pages read, in the record's order, which is
	 * theirs: nothing that orders them changed. */
	for (i = 0; i < n; i++)
		if (fresh[i] != NULL) {
			tpl = content_kinds[content_kind(cache_rec_key(rec,
			    i, &klen))].tpl;
			for (j = 0; j < CONTENT_NKINDS; j++)
				need[j] |= pages_uses(pages, tpl,
				    content_kinds[j].list);
		}
	for (i = 0; i < n; i++) {
		j = (size_t)content_kind(cache_rec_key(rec, i, &klen));
		if (!need[j] && fresh[i] == NULL)
			continue;
		if (fresh[i] != NULL)
			doc = json_incref(fresh[i]);
		else if ((doc = cache_rec_doc(rec, i)) == NULL) {
			rc = 1;		/* a damaged line */
			goto out;
		}
		json_array_append_new(arr[j], doc);
	}
	links = links_new();
	/* Everything is rendered and checked before anything is written. */
	for (i = 0; i < n; i++) {
		if ((doc = fresh[i]) == NULL)
			continue;
		kd = &content_kinds[content_kind(cache_rec_key(rec, i,
		    &klen))];
		tpl = kd->tpl;
		section = kd->section;
		url = json_string_value(json_object_get(doc, KEY_URL));
		json_object_set_new(doc, "kind", json_string(tpl));
		buf_reset(&html);
		if (pages_render(pages, tpl, section ? section : url, doc,
		    &html, err) == -1)
			goto out;
		json_object_set_new(doc, "rendered", json_stringn_nocheck(
		    buf_cstr(&html), html.len));
		buf_reset(&path);
		buf_printf(&path, "%sindex.html", url);
		links_page(links, path.data, buf_cstr(&html), html.len + 1);
	}
	if (links_resolve(links, o->out, err, &lst) > 0) {
		buf_printf(err, "%s: the changed pages have broken links "
		    "or anchors (above); fix the content\n", o->out);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((doc = fresh[i]) == NULL)
			continue;
		url = json_string_value(json_object_get(doc, KEY_URL));
		buf_reset(&path);
		buf_printf(&path, "%s%sindex.html", o->out, url);
		buf_reset(&tmp);
		buf_printf(&tmp, "%s.tmp-%ld", path.data, (long)getpid());
		if (fsx_write(tmp.data, json_string_value(json_object_get(doc,
		    "rendered")), json_string_length(json_object_get(doc,
		    "rendered"))) == -1 || rename(tmp.data, path.data) == -1) {
			buf_printf(err, "%s: cannot write: %s\n", path.data,
			    strerror(errno));
			unlink(tmp.data);
			goto out;
		}
		json_object_del(doc, "rendered");
		st->pages++;
		st->files++;
	}
	if (cache_rec_save(rec, cache_path, key, files) == -1)
		buf_printf(err, "%s: cannot record this build (the next "
		    "one will be whole)\n", cache_path);
	rc = 0;
out:
	for (i = 0; i < CONTENT_NKINDS; i++)
		if (dirs[i] >= 0)
			close(dirs[i]);
	for (i = 0; i < n; i++)
		json_decref(fresh[i]);
	free(fresh);
	buf_free(&html);
	buf_free(&path);
	buf_free(&tmp);
	policy_pages_free(&ppages);
	links_free(links);
	json_decref(results);
	pages_free(pages);
	content_free(&c);
	return rc;
}
