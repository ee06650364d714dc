/*
 * site: content + templates -> the public website (see site.h).
 *
 * Templates are compiled once and checked (every partial and parent
 * exists) before anything is written; lib/pages renders each page.
 *
 * A whole build first lists every page to write (a job), then renders,
 * link-scans and writes them on one thread per core, each with its own
 * renderer (lib/pages is not reentrant) and reading the content model
 * only; what is shared (the link index, the sitemap, the counts, the
 * first error) is taken in on the main thread afterwards, in the list's
 * order, so the output and the messages are those of one thread.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cache.h"
#include "content.h"
#include "date.h"
#include "feed.h"
#include "frontmatter.h"
#include "fsx.h"
#include "ledger.h"
#include "links.h"
#include "markdown.h"
#include "output.h"
#include "pages.h"
#include "policy.h"
#include "site.h"

/* The templates every site needs, by page kind. */
static const char *const required_tpls[] = {
	"home", "policy", "history", "compare", "changes", "listing",
	"channel", "service", "page", "404", NULL
};

/* One page to render and write; the results are the worker's. */
struct job {
	const char		*tpl;
	const char		*section;	/* static, or the page's */
	json_t			*page;		/* owned */
	struct links_scan	*scan;		/* once written */
	struct buf		 err;		/* a render error */
	int			 errnum;	/* a write error */
	int			 rc;
};

struct builder {
	const struct site_opts	*o;
	struct content		 c;
	json_t			*results;	/* data/satisfaction.json */
	struct pages		*pages;
	struct policy_pages	 ppages;	/* policies, revisions, history,
						   comparisons */
	struct links		*links;		/* every page written, for the
						   link check */
	struct date		 today;
	struct buf		 tmp;	/* the temporary output folder */
	int			 tmpfd;	/* it, open; -1 */
	struct buf		*err;
	struct site_stats	*st;
	json_t			*urls;	/* every page address, for the sitemap */
	struct buf		 feed;	/* feed.xml, written after the pages */
	size_t			 feed_job; /* up to this job */
	struct job		*jobs;	/* the pages to write, in order */
	size_t			 njobs;
	atomic_size_t		 next;	/* the next job a worker takes */
	atomic_size_t		 failed; /* the first failed job, or SIZE_MAX */
};

/*
 * Queue template tpl with page (borrowed; a reference is kept) as "page"
 * for its url (a folder address ending in '/', or a file name such as
 * "/404.html"), the menu marking section.
 */
static int
S_page(struct builder *b, const char *tpl, const char *section,
    json_t *page)
{
	struct job	*j;

	if ((b->njobs & (b->njobs - 1)) == 0)	/* 0, 1, 2, 4, ...: grow */
		b->jobs = xrealloc(b->jobs, (b->njobs ? 2 * b->njobs : 1) *
		    sizeof(*b->jobs));
	j = &b->jobs[b->njobs++];
	memset(j, 0, sizeof(*j));
	j->tpl = tpl;
	j->section = section;
	j->page = json_incref(page);
	return 0;
}

static void
S_jobs_free(struct builder *b)
{
	size_t	 i;

	for (i = 0; i < b->njobs; i++) {
		json_decref(b->jobs[i].page);
		links_scan_free(b->jobs[i].scan);
		buf_free(&b->jobs[i].err);
	}
	free(b->jobs);
	b->jobs = NULL;
	b->njobs = 0;
}

/*
 * The folders and (empty) files of the channel, service and page pages,
 * made ahead in the temporary folder by a second thread while the content
 * loads on the first: making them is most of a whole build's system time
 * (new inodes), and loading uses one core. A page's job then only fills
 * its file. Names are taken as content_load will (NAME.md makes
 * PREFIX/NAME/index.html); anything made that no page fills (a file added
 * or removed meanwhile, or a name the content rejects) is taken away
 * again (S_premake_tidy), so the site is the same with or without this.
 */
struct premake {
	const char	*content;
	int		 tmpfd;
	atomic_int	 stop;		/* the content failed: no more */
	char		**made;		/* "channels/x/index.html", ... */
	size_t		 nmade;
	pthread_t	 tid;
	int		 started;
};

/* The three kinds of page file, in the content's (and the record's)
 * order, numbered as content_kind() numbers them: their folder in the
 * content, the folder their pages go in, their page's template and menu
 * section (NULL: the page's own address), and their list in the
 * templates' data. */
static const struct kind {
	const char	*dir, *out, *tpl, *section, *list;
} kinds[3] = {
	{ "channels", "channels/", "channel", "/channels/", "channels" },
	{ "services", "services/", "service", "/services/", "services" },
	{ "pages", "", "page", NULL, "pages" },
};

/* A section's folder (dir below the folder at) as the top of its pages'
 * tree (fsx_spread_dir): they are made where nothing was just deleted. */
static void
S_spread(int at, const char *dir)
{
	int	 fd;

	if ((fd = openat(at, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsx_spread_dir(fd);
		close(fd);
	}
}

static void *
S_premake_run(void *arg)
{
	struct premake	*pm = arg;
	struct buf	 path = BUF_INIT, rel = BUF_INIT;
	struct dirent	*e;
	DIR		*d;
	size_t		 k, len;
	int		 fd;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", pm->content, kinds[k].dir);
		if ((d = fsx_opendir_in(pm->content, path.data)) == NULL)
			continue;	/* content_load() says why */
		if (kinds[k].out[0] != '\0') {
			buf_reset(&rel);
			buf_put(&rel, kinds[k].out, strlen(kinds[k].out) - 1);
			(void)mkdirat(pm->tmpfd, rel.data, 0755);
			S_spread(pm->tmpfd, rel.data);
		}
		while (!atomic_load(&pm->stop) && (e = readdir(d)) != NULL) {
			len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len <= 3 ||
			    strcmp(e->d_name + len - 3, ".md") != 0)
				continue;
			buf_reset(&rel);
			buf_printf(&rel, "%s%.*s", kinds[k].out,
			    (int)(len - 3), e->d_name);
			if (mkdirat(pm->tmpfd, rel.data, 0755) == -1)
				continue;	/* taken, or cannot: the job's */
			buf_puts(&rel, "/index.html");
			fd = openat(pm->tmpfd, rel.data, O_WRONLY | O_CREAT |
			    O_EXCL | O_CLOEXEC, 0644);
			if (fd == -1)
				continue;
			close(fd);
			if ((pm->nmade & (pm->nmade - 1)) == 0)
				pm->made = xrealloc(pm->made, (pm->nmade ?
				    2 * pm->nmade : 1) * sizeof(*pm->made));
			pm->made[pm->nmade++] = xstrdup(rel.data);
		}
		closedir(d);
	}
	buf_free(&path);
	buf_free(&rel);
	return NULL;
}

/* Start making ahead; without a thread, nothing is made ahead. */
static void
S_premake_start(struct premake *pm, const char *content, int tmpfd)
{
	memset(pm, 0, sizeof(*pm));
	pm->content = content;
	pm->tmpfd = tmpfd;
	atomic_store(&pm->stop, 0);
	pm->started = pthread_create(&pm->tid, NULL, S_premake_run, pm) ==
	    0;
}

/* Wait for it (stopping it early when stop is set). */
static void
S_premake_join(struct premake *pm, int stop)
{
	if (!pm->started)
		return;
	atomic_store(&pm->stop, stop);
	pthread_join(pm->tid, NULL);
	pm->started = 0;
}

/* Take away what was made ahead and not filled by a page; free. */
static void
S_premake_tidy(struct premake *pm, struct links *written)
{
	struct buf	 file = BUF_INIT;
	size_t		 i;
	char		*slash;

	for (i = 0; i < pm->nmade; i++) {
		if (written != NULL) {
			buf_reset(&file);
			buf_printf(&file, "/%s", pm->made[i]);
			if (!links_has_page(written, file.data) &&
			    unlinkat(pm->tmpfd, pm->made[i], 0) == 0 &&
			    (slash = strrchr(pm->made[i], '/')) != NULL) {
				*slash = '\0';
				(void)unlinkat(pm->tmpfd, pm->made[i],
				    AT_REMOVEDIR);
			}
		}
		free(pm->made[i]);
	}
	free(pm->made);
	pm->made = NULL;
	pm->nmade = 0;
	buf_free(&file);
}

/*
 * The Markdown of the channel, service and page files, rendered ahead on
 * a thread of its own while content_load() reads the content on the main
 * one (markdown.h: md_ahead_render): the main thread goes through the
 * files from the first, this one from the last, until they meet, so the
 * rendering, most of the loading, is shared between two cores. What is
 * rendered is keyed by the exact text, so the content is the same with
 * or without it.
 */
struct ahead {
	const char	*content;
	atomic_int	 stop;		/* the content is loaded */
	pthread_t	 tid;
	int		 started;
};

static int
S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void *
S_ahead_run(void *arg)
{
	struct ahead	*ah = arg;
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	struct fm_split	 fm;
	struct dirent	*e;
	DIR		*d;
	char		**v;
	size_t		 k, n, i, len;
	int		 met = 0;

	/* content_load's order is channels, services, pages, each by
	 * name: this goes the other way */
	for (k = 3; k-- > 0 && !met;) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", ah->content, kinds[k].dir);
		if ((d = fsx_opendir_in(ah->content, path.data)) == NULL)
			continue;	/* content_load() says why */
		v = NULL;
		n = 0;
		while ((e = readdir(d)) != NULL) {
			len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len <= 3 ||
			    strcmp(e->d_name + len - 3, ".md") != 0)
				continue;
			if ((n & (n - 1)) == 0)
				v = xrealloc(v, (n ? 2 * n : 1) * sizeof(*v));
			v[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (n > 0)
			qsort(v, n, sizeof(*v), S_cmp_str);
		for (i = n; i-- > 0; ) {
			if (!met && !atomic_load(&ah->stop)) {
				buf_reset(&path);
				buf_printf(&path, "%s/%s/%s", ah->content,
				    kinds[k].dir, v[i]);
				buf_reset(&src);
				if (fsx_read_in(ah->content, path.data,
				    CONTENT_MAX_FILE, &src) == 0 && fm_split(buf_cstr(&src),
				    src.len, &fm) == 0 && md_ahead_render(
				    src.data + fm.body_off, src.len -
				    fm.body_off) == 1)
					met = 1;
			}
			free(v[i]);
		}
		free(v);
		if (atomic_load(&ah->stop))
			break;
	}
	buf_free(&path);
	buf_free(&src);
	return NULL;
}

/* Start rendering ahead (without a thread, nothing is). */
static void
S_ahead_start(struct ahead *ah, const char *content)
{
	memset(ah, 0, sizeof(*ah));
	ah->content = content;
	atomic_store(&ah->stop, 0);
	md_ahead_begin();
	ah->started = pthread_create(&ah->tid, NULL, S_ahead_run, ah) == 0;
}

/* Stop it, once the content is loaded; what was not taken is dropped. */
static void
S_ahead_stop(struct ahead *ah)
{
	if (ah->started) {
		atomic_store(&ah->stop, 1);
		pthread_join(ah->tid, NULL);
		ah->started = 0;
	}
	md_ahead_end();
}

/* Render, scan and write job j with renderer p (the calling thread's). */
static int
S_job(struct builder *b, struct pages *p, struct job *j, struct buf *html,
    struct buf *path)
{
	const char	*url;
	size_t		 n;

	url = json_string_value(json_object_get(j->page, "url"));
	n = strlen(url);
	buf_reset(html);
	if (pages_render(p, j->tpl, j->section, j->page, html, &j->err) == -1)
		return -1;
	/* the path inside the site: "/a/b/index.html" */
	buf_reset(path);
	buf_puts(path, url);
	if (url[n - 1] == '/')
		buf_puts(path, "index.html");
	j->scan = links_scan(path->data, buf_cstr(html), html->len + 1);
	/* Its folder and file were usually made ahead (S_premake); else
	 * the folder is made when the file cannot be opened. */
	if (fsx_write_at(b->tmpfd, path->data + 1, buf_cstr(html),
	    html->len) == 0)
		return 0;
	if (errno == ENOENT && url[n - 1] == '/' && n > 1) {
		path->data[n - 1] = '\0';
		if (fsx_mkdirs_at(b->tmpfd, path->data + 1) == -1) {
			j->errnum = errno;
			return -1;
		}
		path->data[n - 1] = '/';
		if (fsx_write_at(b->tmpfd, path->data + 1, buf_cstr(html),
		    html->len) == 0)
			return 0;
	}
	j->errnum = errno;
	return -1;
}

static int	S_write_feed(struct builder *);

/* Take jobs until none is left (or all left come after a failed one). */
static void
S_work(struct builder *b, struct pages *p)
{
	struct buf	 html = BUF_INIT, path = BUF_INIT;
	size_t		 i, f;

	for (;;) {
		i = atomic_fetch_add(&b->next, 1);
		if (i >= b->njobs)
			break;
		if (i > atomic_load(&b->failed))
			continue;	/* never reported: skip the work */
		if ((b->jobs[i].rc = S_job(b, p, &b->jobs[i], &html,
		    &path)) == -1) {
			f = atomic_load(&b->failed);
			while (i < f && !atomic_compare_exchange_weak(
			    &b->failed, &f, i))
				continue;
		}
	}
	buf_free(&html);
	buf_free(&path);
}

struct worker {
	struct builder	*b;
	struct pages	*pages;
	pthread_t	 tid;
};

static void *
S_worker(void *arg)
{
	struct worker	*w = arg;

	S_work(w->b, w->pages);
	return NULL;
}

/* The number of threads to write with: --jobs, else one per core. */
static size_t
S_nthreads(const struct builder *b)
{
	long	 n = b->o->jobs;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	if ((size_t)n > b->njobs / 16 + 1)	/* small sites: no threads */
		n = (long)(b->njobs / 16 + 1);
	return (size_t)n;
}

/*
 * Run every job, then take the results in, in order: the link index, the
 * sitemap's addresses and the counts, or the first failure's message.
 * Returns 0 or -1.
 */
static int
S_run_jobs(struct builder *b)
{
	struct worker	*w;
	struct buf	 scratch = BUF_INIT;
	size_t		 n = S_nthreads(b), started = 0, i;
	struct job	*j;
	const char	*url;

	atomic_store(&b->next, 0);
	atomic_store(&b->failed, SIZE_MAX);
	w = xcalloc(n, sizeof(*w));
	/* Renderers are made here, one per extra thread; one that cannot
	 * be made (templates changed meanwhile) means one thread fewer. */
	for (i = 1; i < n; i++) {
		buf_reset(&scratch);
		w[started].b = b;
		w[started].pages = pages_new(&b->c, b->o->templates,
		    required_tpls, b->o->drafts, &scratch);
		if (w[started].pages == NULL)
			break;
		if (pthread_create(&w[started].tid, NULL, S_worker,
		    &w[started]) != 0) {
			pages_free(w[started].pages);
			break;
		}
		started++;
	}
	S_work(b, b->pages);
	for (i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		pages_free(w[i].pages);
	}
	free(w);
	buf_free(&scratch);
	for (i = 0; i < b->njobs; i++) {
		j = &b->jobs[i];
		url = json_string_value(json_object_get(j->page, "url"));
		if (j->rc == -1) {
			if (j->errnum == 0)
				buf_puts(b->err, buf_cstr(&j->err));
			else
				buf_printf(b->err, "%s%s%s: cannot write: "
				    "%s\n", b->tmp.data, url,
				    url[strlen(url) - 1] == '/' ?
				    "index.html" : "", strerror(j->errnum));
			return -1;
		}
		links_add(b->links, j->scan);
		j->scan = NULL;
		b->st->pages++;
		b->st->files++;
		if (url[strlen(url) - 1] == '/')
			json_array_append_new(b->urls, json_string(url));
		if (i == b->feed_job && S_write_feed(b) == -1)
			return -1;
	}
	return 0;
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

/* templates/assets, copied as it is, read inside the templates folder. */
static int
S_assets(struct builder *b)
{
	struct buf	 src = BUF_INIT, dst = BUF_INIT;
	struct stat	 st;
	int		 rc = 0;

	buf_printf(&src, "%s/assets", b->o->templates);
	buf_printf(&dst, "%s/assets", b->tmp.data);
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

/*
 * The satisfaction results wasl-admin exported (aggregates only) to
 * data/satisfaction.json, when the association publishes them. Returns 0
 * (b->results stays NULL without the file), or -1.
 */
static int
S_load_results(struct builder *b)
{
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	json_error_t	 jerr;
	int		 rc = 0;

	buf_printf(&path, "%s/data/satisfaction.json", b->o->content);
	if (fsx_read_in(b->o->content, path.data, 4 << 20, &src) == -1) {
		if (errno != ENOENT) {
			buf_printf(b->err, "%s: cannot read: %s\n", path.data,
			    fsx_strerror(errno));
			rc = -1;
		}
		goto out;
	}
	b->results = json_loadb(buf_cstr(&src), src.len, 0, &jerr);
	if (b->results == NULL ||
	    !json_is_array(json_object_get(b->results, "surveys"))) {
		buf_printf(b->err, "%s:%d: not a wasl-admin report: write it "
		    "with `wasl-admin report --json %s`\n", path.data,
		    b->results == NULL ? jerr.line : 1, path.data);
		json_decref(b->results);
		b->results = NULL;
		rc = -1;
		goto out;
	}
	json_object_set_new(b->c.site, "results_url", json_string("/results/"));
out:
	buf_free(&path);
	buf_free(&src);
	return rc;
}

/* /changes/ and /feed.xml: every published revision, newest first. The
 * feed is kept in b->feed until the pages before it are written. */
static int
S_changes(struct builder *b)
{
	json_t		*items = policy_changes(b->c.policies), *page;
	struct buf	 today = BUF_INIT;
	int		 rc;

	page = json_pack("{s:s,s:s,s:s,s:o,s:b}", "url", "/changes/",
	    "title", "تحديثات السياسات", "kind", "changes", "items", items,
	    "empty", json_array_size(items) == 0);
	rc = S_page(b, "changes", "/policies/", page);
	b->feed_job = b->njobs - 1;
	date_iso(&today, &b->today);
	feed_atom(&b->feed, b->c.site, items, buf_cstr(&today));
	json_decref(page);
	buf_free(&today);
	return rc;
}

static int
S_write_feed(struct builder *b)
{
	struct buf	 path = BUF_INIT;
	int		 rc = 0;

	buf_printf(&path, "%s/feed.xml", b->tmp.data);
	if (fsx_write(path.data, b->feed.data, b->feed.len) == -1) {
		buf_printf(b->err, "%s: cannot write: %s\n", path.data,
		    strerror(errno));
		rc = -1;
	}
	buf_free(&path);
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
	for (size_t i = 0; i < b->ppages.n; i++)
		if (S_page(b, b->ppages.v[i].tpl, "/policies/",
		    b->ppages.v[i].page) == -1)
			return -1;
	if (S_changes(b) == -1 ||
	    S_docs(b, b->c.channels, "channel", "channel", "/channels/") ==
	    -1 || S_docs(b, b->c.services, "service", "service",
	    "/services/") == -1 || S_docs(b, b->c.pages, "page", "page",
	    NULL) == -1)
		return -1;
	if (b->results != NULL) {
		json_t *page = json_pack("{s:s,s:s,s:s,s:s,s:O}", "url",
		    "/results/", "title", "نتائج قياس رضا المستفيدين",
		    "summary", "ما يقوله المستفيدون عن خدمات الجمعية في "
		    "استبانة قياس الرضا، أرقامًا مجمّعة لا تكشف أحدًا.",
		    "kind", "results", "report", b->results);

		rc = S_page(b, "results", "/services/", page);
		json_decref(page);
		if (rc == -1)
			return -1;
	}
	nf = json_pack("{s:s,s:s,s:s}", "url", "/404.html", "title",
	    "الصفحة غير موجودة", "kind", "404");
	rc = S_page(b, "404", "", nf);
	json_decref(nf);
	if (rc == -1 || S_run_jobs(b) == -1 || S_sitemap(b) == -1 ||
	    S_assets(b) == -1)
		return -1;
	return 0;
}

/* .OUT.cache beside the output folder. */
static void
S_cache_path(struct buf *b, const char *out)
{
	const char	*slash = strrchr(out, '/');

	if (slash == NULL)
		buf_printf(b, ".%s.cache", out);
	else
		buf_printf(b, "%.*s/.%s.cache", (int)(slash - out), out,
		    slash + 1);
}

int
site_rollback(const char *out, struct buf *err)
{
	struct buf	 rec = BUF_INIT;

	if (output_rollback(out, err) == -1)
		return -1;
	/* the record describes the site that just went */
	S_cache_path(&rec, out);
	unlink(rec.data);
	buf_free(&rec);
	return 0;
}

/*
 * The facts of the content file with record key k (klen bytes,
 * "channels/x.md") into st, as fsx_stat_in() finds them, but through
 * its kind's folder, opened once (inside the content: fsx_open_in) into
 * dirs[kind] (-2 until tried): a rebuild looks at every file, and a walk
 * from the content folder for each would cost three opens a file. Only a
 * file that is itself a link is walked to. 0, or -1 with errno.
 */
static int
S_stat_recorded(const char *content, int dirs[3], const char *k,
    size_t klen, struct buf *path, struct stat *st)
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

/*
 * A rebuild over the output of a build whose inputs (cache.h) are the same
 * but for the text of some channel, service or page files: only their
 * pages are rendered, checked and written, each replacing its old file in
 * one rename. The documents of the other files are taken from the record,
 * and only for the lists (channels, services, pages) that the changed
 * pages' templates read: a channel's page that shows no list of channels
 * needs none of them. Returns 0 when done, 1 when a whole build is
 * needed (a changed file's front matter changed, so lists and menus may
 * have, or the record is damaged), -1 on error.
 */
static int
S_incremental(struct builder *b, struct cache_rec *rec, const char *key,
    const char *files, const char *cache_path)
{
	struct content		*c = &b->c;
	json_t			*arr[3], *doc, *old, *now, **fresh;
	struct buf		 html = BUF_INIT, path = BUF_INIT;
	struct buf		 tmp = BUF_INIT;
	struct links_stats	 lst;
	struct stat		 st;
	const struct kind	*kd;
	const char		*tpl, *section, *url, *k;
	size_t			 n = cache_rec_count(rec), i, j, klen;
	size_t			 nchanged = 0;
	long long		 size, mtime;
	int			 rc = -1, need[3] = { 0, 0, 0 }, same;
	int			 dirs[3] = { -2, -2, -2 };

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
		if (S_stat_recorded(b->o->content, dirs, k, klen, &path,
		    &st) == -1) {
			rc = 1;		/* gone meanwhile: build it whole */
			goto out;
		}
		if (st.st_size != size || (long long)st.st_mtim.tv_sec *
		    1000000000 + st.st_mtim.tv_nsec != mtime)
			fresh[i] = json_null();	/* to be loaded */
	}
	if (content_load_base(b->o->content, 0, c, b->err) == -1)
		goto out;
	arr[0] = c->channels;
	arr[1] = c->services;
	arr[2] = c->pages;
	/* Each changed file again: a change of its front matter may change
	 * lists and menus, so the whole site is built. */
	for (i = 0; i < n; i++) {
		if (fresh[i] == NULL)
			continue;
		k = cache_rec_key(rec, i, &klen);
		buf_reset(&path);
		buf_printf(&path, "%.*s", (int)klen, k);
		if ((fresh[i] = content_load_file(b->o->content, path.data, c,
		    b->err)) == NULL)
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
	if (policy_settle(c->policies, &b->today, NULL, &b->ppages,
	    b->err) == -1 || S_load_results(b) == -1)
		goto out;
	if ((b->pages = pages_new(c, b->o->templates, required_tpls, 0,
	    b->err)) == NULL)
		goto out;
	/* The lists the changed pages read, in the record's order, which is
	 * theirs: nothing that orders them changed. */
	for (i = 0; i < n; i++)
		if (fresh[i] != NULL) {
			tpl = kinds[content_kind(cache_rec_key(rec, i,
			    &klen))].tpl;
			for (j = 0; j < 3; j++)
				need[j] |= pages_uses(b->pages, tpl,
				    kinds[j].list);
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
	b->links = links_new();
	/* Everything is rendered and checked before anything is written. */
	for (i = 0; i < n; i++) {
		if ((doc = fresh[i]) == NULL)
			continue;
		kd = &kinds[content_kind(cache_rec_key(rec, i, &klen))];
		tpl = kd->tpl;
		section = kd->section;
		url = json_string_value(json_object_get(doc, "url"));
		json_object_set_new(doc, "kind", json_string(tpl));
		buf_reset(&html);
		if (pages_render(b->pages, tpl, section ? section : url, doc,
		    &html, b->err) == -1)
			goto out;
		json_object_set_new(doc, "rendered", json_stringn_nocheck(
		    buf_cstr(&html), html.len));
		buf_reset(&path);
		buf_printf(&path, "%sindex.html", url);
		links_page(b->links, path.data, buf_cstr(&html), html.len + 1);
	}
	if (links_resolve(b->links, b->o->out, b->err, &lst) > 0) {
		buf_printf(b->err, "%s: the changed pages have broken links "
		    "or anchors (above); fix the content\n", b->o->out);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((doc = fresh[i]) == NULL)
			continue;
		url = json_string_value(json_object_get(doc, "url"));
		buf_reset(&path);
		buf_printf(&path, "%s%sindex.html", b->o->out, url);
		buf_reset(&tmp);
		buf_printf(&tmp, "%s.tmp-%ld", path.data, (long)getpid());
		if (fsx_write(tmp.data, json_string_value(json_object_get(doc,
		    "rendered")), json_string_length(json_object_get(doc,
		    "rendered"))) == -1 || rename(tmp.data, path.data) == -1) {
			buf_printf(b->err, "%s: cannot write: %s\n", path.data,
			    strerror(errno));
			unlink(tmp.data);
			goto out;
		}
		json_object_del(doc, "rendered");
		b->st->pages++;
		b->st->files++;
	}
	if (cache_rec_save(rec, cache_path, key, files) == -1)
		buf_printf(b->err, "%s: cannot record this build (the next "
		    "one will be whole)\n", cache_path);
	rc = 0;
out:
	for (i = 0; i < 3; i++)
		if (dirs[i] >= 0)
			close(dirs[i]);
	for (i = 0; i < n; i++)
		json_decref(fresh[i]);
	free(fresh);
	buf_free(&html);
	buf_free(&path);
	buf_free(&tmp);
	return rc;
}

int
site_build(const struct site_opts *o, struct site_stats *st,
    struct buf *err)
{
	struct builder	 b;
	struct ledger	*ledger = NULL;
	struct links_stats lst;
	struct buf	 cpath = BUF_INIT, iso = BUF_INIT, prev = BUF_INIT;
	const char	*slash;
	char		 key[65], files[65];
	struct cache_rec *rec = NULL;
	struct premake	 pm;
	struct ahead	 ah;
	int		 rc = -1, tmp_made = 0, have_key, whole;
	size_t		 errlen;

	memset(&b, 0, sizeof(b));
	memset(&pm, 0, sizeof(pm));
	memset(st, 0, sizeof(*st));
	b.tmpfd = -1;
	b.feed_job = SIZE_MAX;
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
	S_cache_path(&cpath, o->out);
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
	if (have_key && !whole && fsx_is_dir(o->out) &&
	    (rec = cache_load(cpath.data, key)) != NULL) {
		rc = S_incremental(&b, rec, key, files, cpath.data);
		if (rc != 1)
			goto out;
		/* start again, whole */
		rc = -1;
		policy_pages_free(&b.ppages);
		links_free(b.links);
		b.links = NULL;
		pages_free(b.pages);
		b.pages = NULL;
		json_decref(b.results);
		b.results = NULL;
		content_free(&b.c);
	}
	/* The temporary folder sits beside the output, on its file system,
	 * so that the final swap is a rename. */
	slash = strrchr(o->out, '/');
	if (slash == NULL)
		buf_printf(&b.tmp, ".%s.tmp-%ld", o->out, (long)getpid());
	else
		buf_printf(&b.tmp, "%.*s/.%s.tmp-%ld", (int)(slash - o->out),
		    o->out, slash + 1, (long)getpid());
	if ((b.tmpfd = output_tmp(b.tmp.data, err)) == -1)
		goto out;
	tmp_made = 1;
	(void)fsx_spread_dir(b.tmpfd);
	S_premake_start(&pm, o->content, b.tmpfd);
	S_ahead_start(&ah, o->content);
	rc = content_load(o->content, o->drafts, &b.c, err);
	S_ahead_stop(&ah);
	if (rc == -1)
		goto out;
	rc = -1;
	if (o->today != NULL) {
		json_decref(b.c.build);
		b.c.build = content_date_json(&b.today);
	}
	/* Every build checks the approved texts against their seals; only
	 * publishing records new ones (below). */
	if ((ledger = ledger_load(o->content, err)) == NULL)
		goto out;
	if (policy_settle(b.c.policies, &b.today, ledger, &b.ppages,
	    err) == -1 || S_load_results(&b) == -1)
		goto out;
	if ((b.pages = pages_new(&b.c, o->templates, required_tpls,
	    o->drafts, err)) == NULL)
		goto out;
	b.urls = json_array();
	b.links = links_new();

	S_premake_join(&pm, 0);
	if (S_write_all(&b) == -1)
		goto out;
	S_premake_tidy(&pm, b.links);
	if (links_resolve(b.links, b.tmp.data, err, &lst) > 0) {
		buf_printf(err, "%s: the new site has broken links or "
		    "anchors (above); fix the content or templates\n",
		    o->out);
		goto out;
	}
	switch (output_replace(b.tmp.data, o->out, o->keep, err)) {
	case -1:
		goto out;
	case -2:
		st->replaced = 1;
		tmp_made = 0;	/* it holds what was replaced */
		goto out;
	}
	st->replaced = 1;
	tmp_made = 0;
	/* Sealed once published: the texts now out are the approved ones. */
	if (o->publish && ledger_save(ledger, err) == -1) {
		buf_printf(err, "%s: the new site is published, but the approved "
		    "texts it published first are not sealed yet: run the "
		    "publish again\n", o->out);
		goto out;
	}
	if (have_key && !o->drafts &&
	    cache_save(cpath.data, key, files, &b.c) == -1)
		buf_printf(err, "%s: cannot record this build (the next one "
		    "will be whole)\n", cpath.data);
	else if (o->drafts || !have_key)
		unlink(cpath.data);	/* not what was built */
	rc = 0;
out:
	S_premake_join(&pm, 1);
	S_premake_tidy(&pm, NULL);
	if (b.tmpfd != -1)
		close(b.tmpfd);
	if (tmp_made)
		fsx_remove_tree(b.tmp.data);
	S_jobs_free(&b);
	buf_free(&b.feed);
	ledger_free(ledger);
	cache_rec_free(rec);
	buf_free(&cpath);
	buf_free(&iso);
	buf_free(&prev);
	policy_pages_free(&b.ppages);
	links_free(b.links);
	json_decref(b.results);
	pages_free(b.pages);
	json_decref(b.urls);
	content_free(&b.c);
	buf_free(&b.tmp);
	return rc;
}
