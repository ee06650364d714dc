/*
 * build: content + templates -> the public website (see build.h).
 *
 * build_site() is the whole build, top to bottom: check the output, try
 * a rebuild of only what changed (rebuild.h), else load the content,
 * settle the policies, compile the templates, list the pages
 * (pagelist.h), render and write them into a stage beside the output,
 * then the feed, the sitemap and the assets, check every link, and put
 * the new site in the output's place (publish.h).
 *
 * Two speed tricks run beside it, each behind its own small interface in
 * fast/: while the content loads, one thread makes the page files ahead
 * (premake.h) and another renders Markdown ahead (ahead.h); the pages are
 * then rendered and written on one thread per core (pool.h), all with the
 * one renderer (pages.h: read only while it renders, so shared without a
 * lock), each with its own scratch buffers, and reading the content model
 * only. What is shared (the link index, the sitemap, the counts, the
 * first error) is taken in on the calling thread afterwards, in the
 * list's order, so the output and the messages are those of one thread.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "build.h"
#include "cache.h"
#include "compareview.h"
#include "content.h"
#include "contentview.h"
#include "date.h"
#include "datefmt.h"
#include "fast/ahead.h"
#include "fast/pool.h"
#include "fast/premake.h"
#include "feed.h"
#include "fsx.h"
#include "keys.h"
#include "ledger.h"
#include "links.h"
#include "output.h"
#include "pagelist.h"
#include "pages.h"
#include "pdf.h"
#include "policy.h"
#include "publish.h"
#include "rebuild.h"
#include "results.h"
#include "sitemap.h"
#include "catalog.h"

/* What writing one page of the list left: the writer's own, by page. */
struct written {
	struct links_scan	*scan;		/* once written */
	struct buf		 err;		/* a render error */
	int			 errnum;	/* a write error */
	int			 rc;
};

/* A whole build. */
struct build {
	const struct site_opts	*o;
	struct date		 today;
	struct catalog		*words;		/* templates/strings.yaml */
	struct content		 c;
	json_t			*results;	/* data/satisfaction.json */
	struct policy_pages	 ppages;	/* policies, revisions, history,
						   comparisons */
	struct pages		*pages;		/* the renderer, shared by
						   every thread */
	struct stage		 stage;		/* the new site's folder */
	struct pagelist		 list;		/* the pages, in order */
	struct written		*written;	/* by page of the list */
	struct links		*links;		/* every page written, for the
						   link check */
	json_t			*urls;		/* every page address, for the
						   sitemap */
	struct buf		 feed;		/* feed.xml, written after the
						   pages before it */
	struct buf		*err;
	struct site_stats	*st;
};

/*
 * The software's words (templates/strings.yaml), with every text the
 * generator says there. Returns the catalog, or NULL with the problems
 * appended to err.
 */
static struct catalog *
S_words(const char *templates, struct buf *err)
{
	struct catalog	*w;
	struct buf	 path = BUF_INIT;

	buf_printf(&path, "%s/strings.yaml", templates);
	if ((w = catalog_load(path.data, err)) != NULL &&
	    (catalog_require(w, pagelist_texts, pagelist_ntexts, err) |
	    catalog_require(w, policy_texts, policy_ntexts, err) |
	    catalog_require(w, feed_texts, feed_ntexts, err) |
	    contentview_require(w, err) | compareview_require(w, err)) != 0) {
		catalog_free(w);
		w = NULL;
	}
	buf_free(&path);
	return w;
}

/* A thread's scratch buffers, for writing pages. */
struct scratch {
	struct buf	 html, path;
};

/* Render, scan and write page p with scratch buffers sc (the calling
 * thread's), leaving what it made in w. 0 or -1. */
static int
S_write_one(const struct build *b, struct scratch *sc,
    const struct pagelist_page *p, struct written *w)
{
	struct buf		*html = &sc->html, *path = &sc->path;
	const char		*url;
	size_t			 n;

	url = json_string_value(json_object_get(p->page, KEY_URL));
	n = strlen(url);
	buf_reset(html);
	if (pages_render(b->pages, p->tpl, p->section, p->page, html,
	    &w->err) == -1)
		return -1;
	/* the path inside the site: "/a/b/index.html" */
	buf_reset(path);
	buf_puts(path, url);
	if (url[n - 1] == '/')
		buf_puts(path, "index.html");
	w->scan = links_scan(path->data, buf_cstr(html), html->len + 1);
	/* Its folder and file were usually made ahead (premake.h); else
	 * the folder is made when the file cannot be opened. */
	if (fsx_write_at(b->stage.fd, path->data + 1, buf_cstr(html),
	    html->len) == 0)
		return 0;
	if (errno == ENOENT && url[n - 1] == '/' && n > 1) {
		path->data[n - 1] = '\0';
		if (fsx_mkdirs_at(b->stage.fd, path->data + 1) == -1) {
			w->errnum = errno;
			return -1;
		}
		path->data[n - 1] = '/';
		if (fsx_write_at(b->stage.fd, path->data + 1, buf_cstr(html),
		    html->len) == 0)
			return 0;
	}
	w->errnum = errno;
	return -1;
}

/* Page i of the list with scratch buffers ctx: one job of the pool. */
static int
S_write_page(void *arg, void *ctx, size_t i)
{
	struct build	*b = arg;

	return b->written[i].rc = S_write_one(b, ctx, &b->list.v[i],
	    &b->written[i]);
}

/* Scratch buffers for one more thread. */
static void *
S_scratch_new(void *arg)
{
	(void)arg;
	return xcalloc(1, sizeof(struct scratch));
}

static void
S_scratch_free(void *arg, void *ctx)
{
	struct scratch	*sc = ctx;

	(void)arg;
	buf_free(&sc->html);
	buf_free(&sc->path);
	free(sc);
}

static int
S_write_feed(struct build *b)
{
	struct buf	 path = BUF_INIT;
	int		 rc = 0;

	buf_printf(&path, "%s/feed.xml", b->stage.path.data);
	if (fsx_write(path.data, b->feed.data, b->feed.len) == -1) {
		buf_printf(b->err, "%s: cannot write: %s\n", path.data,
		    strerror(errno));
		rc = -1;
	}
	buf_free(&path);
	return rc;
}

/*
 * Write every page of the list into the stage, then take the results in,
 * in order: the link index, the sitemap's addresses and the counts (and
 * feed.xml after the /changes/ page), or the first failure's message.
 * Returns 0 or -1.
 */
static int
S_write_pages(struct build *b)
{
	struct scratch	 mine;
	struct pool	 pool;
	struct written	*w;
	const char	*url;
	size_t		 i;

	b->written = xcalloc(b->list.n ? b->list.n : 1, sizeof(*b->written));
	memset(&mine, 0, sizeof(mine));
	pool.n = b->list.n;
	pool.arg = b;
	pool.run = S_write_page;
	pool.ctx_new = S_scratch_new;
	pool.ctx_free = S_scratch_free;
	(void)pool_run(&pool, pool_threads(b->o->jobs, b->list.n), &mine);
	buf_free(&mine.html);
	buf_free(&mine.path);
	for (i = 0; i < b->list.n; i++) {
		w = &b->written[i];
		url = json_string_value(json_object_get(b->list.v[i].page,
		    KEY_URL));
		if (w->rc == -1) {
			if (w->errnum == 0)
				buf_puts(b->err, buf_cstr(&w->err));
			else
				buf_printf(b->err, "%s%s%s: cannot write: "
				    "%s\n", b->stage.path.data, url,
				    url[strlen(url) - 1] == '/' ?
				    "index.html" : "", strerror(w->errnum));
			return -1;
		}
		links_add(b->links, w->scan);
		w->scan = NULL;
		b->st->pages++;
		b->st->files++;
		if (url[strlen(url) - 1] == '/')
			json_array_append_new(b->urls, json_string(url));
		if (i == b->list.changes && S_write_feed(b) == -1)
			return -1;
	}
	return 0;
}

/* templates/assets, copied as it is, read inside the templates folder. */
static int
S_assets(struct build *b)
{
	struct buf	 src = BUF_INIT, dst = BUF_INIT;
	struct stat	 st;
	int		 rc = 0;

	buf_printf(&src, "%s/assets", b->o->templates);
	buf_printf(&dst, "%s/assets", b->stage.path.data);
	if (fsx_stat_in(b->o->templates, src.data, &st) == -1) {
		if (errno != ENOENT) {
			buf_printf(b->err, "%s: cannot read: %s\n", src.data,
			    fsx_strerror(errno));
			rc = -1;
		}
	} else if (S_ISDIR(st.st_mode))
		rc = fsx_copy_tree(b->o->templates, src.data, dst.data,
		    b->err);
	buf_free(&src);
	buf_free(&dst);
	return rc;
}

static void
S_build_free(struct build *b)
{
	size_t	 i;

	publish_stage_free(&b->stage);
	if (b->written != NULL)
		for (i = 0; i < b->list.n; i++) {
			links_scan_free(b->written[i].scan);
			buf_free(&b->written[i].err);
		}
	free(b->written);
	pagelist_free(&b->list);
	buf_free(&b->feed);
	policy_pages_free(&b->ppages);
	links_free(b->links);
	json_decref(b->results);
	pages_free(b->pages);
	json_decref(b->urls);
	content_free(&b->c);
	catalog_free(b->words);
}

int
build_site(const struct site_opts *o, struct site_stats *st,
    struct buf *err)
{
	struct build	 b;
	struct stage	 stage0 = STAGE_INIT;
	struct ledger	*ledger = NULL;
	struct links_stats lst;
	struct buf	 cpath = BUF_INIT, iso = BUF_INIT, prev = BUF_INIT;
	char		 key[65], files[65];
	struct cache_rec *rec = NULL;
	struct premake	 pm;
	struct ahead	 ah;
	int		 rc = -1, have_key, whole;
	size_t		 errlen;

	memset(&b, 0, sizeof(b));
	memset(&pm, 0, sizeof(pm));
	memset(st, 0, sizeof(*st));
	b.stage = stage0;
	b.o = o;
	b.err = err;
	b.st = st;
	if (o->today == NULL)
		date_from_time(time(NULL), &b.today);
	else if (date_parse(o->today, strlen(o->today), &b.today) == -1) {
		buf_printf(err, "--today %s: write the date as YYYY-MM-DD\n",
		    o->today);
		goto out;
	}
	/* Never into (or over) a folder that is not a site it wrote; asked
	 * again when the new site replaces it. */
	buf_printf(&prev, "%s.prev", o->out);
	if (output_check(o->out, OUTPUT_SITE, err) == -1 ||
	    (o->keep && output_check(prev.data, OUTPUT_PREV, err) == -1))
		goto out;

	/* A rebuild over the last build's output renders only what changed,
	 * unless it publishes, keeps the previous site or previews. */
	date_iso(&iso, &b.today);
	cache_path(&cpath, o->out);
	errlen = err->len;
	have_key = cache_key(o->content, o->templates, buf_cstr(&iso),
	    o->drafts, key, err) == 0 && cache_files_key(o->content, files) ==
	    0;
	if (err->len > errlen)
		goto out;	/* a file that must not be read */
	whole = o->publish || o->keep || o->drafts;
	if (have_key && !whole && fsx_is_dir(o->out) &&
	    cache_unchanged(cpath.data, key, files)) {
		rc = 0;		/* nothing changed since the last build */
		goto out;
	}
	if ((b.words = S_words(o->templates, err)) == NULL)
		goto out;
	if (have_key && !whole && fsx_is_dir(o->out) &&
	    (rec = cache_load(cpath.data, key)) != NULL) {
		rc = rebuild_site(o, &b.today, b.words, rec, key, files,
		    cpath.data, st, err);
		if (rc != 1)
			goto out;
		rc = -1;	/* start again, whole */
	}

	/* The content, loaded while the page files are made ahead in the
	 * stage and Markdown is rendered ahead. */
	if (publish_stage(&b.stage, o->out, err) == -1)
		goto out;
	premake_start(&pm, o->content, b.stage.fd);
	ahead_start(&ah, o->content);
	rc = contentview_load(b.words, o->content, o->drafts, &b.c, err);
	ahead_stop(&ah);
	if (rc == -1)
		goto out;
	rc = -1;
	if (o->today != NULL) {
		json_decref(b.c.build);
		b.c.build = datefmt_json(b.words, &b.today);
	}
	/* Every build checks the approved texts against their seals; only
	 * publishing records new ones (below). */
	if ((ledger = ledger_load(o->content, err)) == NULL)
		goto out;
	if (policy_settle(b.c.policies, &b.today, ledger, b.words,
	    &b.ppages, err) == -1 || results_load(o->content, b.c.site,
	    &b.results, err) == -1)
		goto out;
	if (pdf_policies(b.stage.fd, b.c.site, b.c.policies, &b.ppages,
	    b.words, &st->files, err) == -1)
		goto out;
	/* a preview only when it shows a draft: a --drafts build of a site
	 * that has none says nothing of drafts */
	if ((b.pages = pages_new(&b.c, o->templates, pagelist_templates,
	    o->drafts && b.c.drafts > 0, err)) == NULL)
		goto out;

	/* The pages and the feed, written into the stage; then the sitemap
	 * of what was written, and the assets. */
	if (pagelist_site(&b.list, &b.c, &b.ppages, b.results, b.words,
	    err) == -1 || feed_atom(&b.feed, b.pages, b.c.site,
	    json_object_get(b.list.v[b.list.changes].page, "items"),
	    buf_cstr(&iso), b.words, err) == -1)
		goto out;
	b.urls = json_array();
	b.links = links_new();
	premake_join(&pm, 0);
	if (S_write_pages(&b) == -1)
		goto out;
	if (sitemap_write(b.stage.path.data, b.pages, b.urls, err) == -1)
		goto out;
	st->files++;
	if (S_assets(&b) == -1)
		goto out;
	premake_tidy(&pm, b.links);

	/* Checked, then out in one step. */
	if (links_resolve(b.links, b.stage.path.data, err, &lst) > 0) {
		buf_printf(err, "%s: the new site has broken links or "
		    "anchors (above); fix the content or templates\n",
		    o->out);
		goto out;
	}
	if (publish_swap(&b.stage, o->out, o->keep, o->publish ? ledger :
	    NULL, &st->replaced, err) == -1)
		goto out;
	if (have_key && !o->drafts &&
	    cache_save(cpath.data, key, files, &b.c) == -1)
		buf_printf(err, "%s: cannot record this build (the next one "
		    "will be whole)\n", cpath.data);
	else if (o->drafts || !have_key)
		unlink(cpath.data);	/* not what was built */
	rc = 0;
out:
	premake_join(&pm, 1);
	premake_tidy(&pm, NULL);
	S_build_free(&b);
	ledger_free(ledger);
	cache_rec_free(rec);
	buf_free(&cpath);
	buf_free(&iso);
	buf_free(&prev);
	return rc;
}
