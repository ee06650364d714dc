/*
 * test_render_threads: one compiled template set rendered by several
 * threads at once, without a lock (mustache.h, pages.h: rendering only
 * reads the environment).
 *
 * Each case is rendered once alone first; then THREADS threads render
 * every case ROUNDS times, all at once on the same environment (and the
 * same struct pages), and every output must equal the one made alone.
 * Under the sanitizer build a write to shared state shows as a mismatch
 * or a crash, and ThreadSanitizer would name it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog.h"
#include "check.h"
#include "content.h"
#include "contentview.h"
#include "mst_json.h"
#include "mustache.h"
#include "pages.h"

#define THREADS	8
#define ROUNDS	200

/* ---- the engine: partials, parents, blocks and dynamic names ---- */

static const struct {
	const char	*name, *src;
} tpls[] = {
	{ "layout", "<html>\n  {{$body}}default{{/body}}\n"
	    "{{>footer}}</html>\n" },
	{ "footer", "<footer>{{site}} &copy;</footer>\n" },
	{ "item", "  <li>{{name}}: {{& raw}}</li>\n" },
	{ "a", "[a {{n}}]" },
	{ "b", "[b {{n}}]" },
	{ "page", "{{<layout}}{{$body}}\n<ul>\n{{#items}}\n{{>item}}\n"
	    "{{/items}}\n</ul>\n{{^items}}none{{/items}}{{>*which}}"
	    "{{/body}}{{/layout}}" },
	{ "nested", "{{#l1}}{{#l2}}{{x}}.{{/l2}}|{{/l1}}\n  {{>item}}" },
};

struct ecase {
	const char	*tpl;
	json_t		*data;
	char		*want;
};

struct eshared {
	const struct mst_env	*env;
	struct ecase		*cases;
	size_t			 ncases;
	const struct mst_tpl	*page;
};

struct result {
	int	 bad;		/* outputs that differed, or errors */
	int	 uses_bad;	/* mst_env_uses answers that differed */
};

struct ework {
	pthread_t		 tid;
	const struct eshared	*sh;
	int			 start;
	struct result		 res;
};

static void *
S_engine_worker(void *arg)
{
	struct ework		*w = arg;
	const struct eshared	*sh = w->sh;
	const struct mst_tpl	*t;
	struct mst_error	 e;
	struct buf		 out = BUF_INIT;
	size_t			 i, k;
	int			 r;

	for (r = 0; r < ROUNDS; r++)
		for (k = 0; k < sh->ncases; k++) {
			/* each thread walks the cases from its own start */
			i = (k + (size_t)w->start) % sh->ncases;
			buf_reset(&out);
			if ((t = mst_env_find(sh->env, sh->cases[i].tpl,
			    &e)) == NULL || mst_render(sh->env, t, &mst_json,
			    sh->cases[i].data, &out, &e) == -1 ||
			    strcmp(buf_cstr(&out), sh->cases[i].want) != 0)
				w->res.bad++;
			if (mst_env_uses(sh->env, sh->page, "items") != 1 ||
			    mst_env_uses(sh->env, sh->page, "x") != -1)
				w->res.uses_bad++;
		}
	buf_free(&out);
	return NULL;
}

static void
S_engine(void)
{
	struct mst_env		*env = mst_env_new(NULL, NULL);
	struct mst_error	 e;
	struct ecase		 cases[6];
	struct eshared		 sh;
	struct ework		 w[THREADS];
	struct buf		 out = BUF_INIT;
	size_t			 i;
	int			 ok = 1, bad = 0, uses_bad = 0, started = 0;

	/* Not strict: a partial the data names but env lacks is "". */
	for (i = 0; i < sizeof(tpls) / sizeof(tpls[0]); i++)
		if (mst_env_add(env, tpls[i].name, tpls[i].src,
		    strlen(tpls[i].src), &e) == NULL) {
			check(0, "threads: the templates compile", e.msg);
			mst_env_free(env);
			return;
		}
	cases[0].tpl = "page";
	cases[0].data = json_pack("{s:s,s:s,s:[{s:s,s:s},{s:s,s:s}],s:i}",
	    "site", "<وصل>", "which", "a", "items", "name", "أ & ب", "raw",
	    "<b>", "name", "two", "raw", "&amp;", "n", 1);
	cases[1].tpl = "page";
	cases[1].data = json_pack("{s:s,s:s,s:[],s:i}", "site", "x",
	    "which", "b", "items", "n", 2);
	cases[2].tpl = "page";
	cases[2].data = json_pack("{s:s,s:s,s:[{s:i}],s:s}", "site",
	    "\"q\"", "which", "nothing-of-that-name", "items", "name", 3,
	    "n", "three");
	cases[3].tpl = "nested";
	cases[3].data = json_pack("{s:[{s:[{s:i},{s:i}]},{s:[{s:s}]}],s:s}",
	    "l1", "l2", "x", 1, "x", 2, "l2", "x", "y", "name", "top");
	cases[4].tpl = "layout";
	cases[4].data = json_pack("{s:s}", "site", "'s'");
	cases[5].tpl = "item";
	cases[5].data = json_pack("{s:f,s:b}", "name", 1.5, "raw", 1);
	for (i = 0; i < 6; i++) {
		const struct mst_tpl *t = mst_env_find(env, cases[i].tpl, &e);

		buf_reset(&out);
		if (t == NULL || mst_render(env, t, &mst_json, cases[i].data,
		    &out, &e) == -1)
			ok = 0;
		cases[i].want = xstrdup(buf_cstr(&out));
	}
	check(ok && strstr(cases[0].want, "<li>أ &amp; ب: <b></li>") !=
	    NULL && strstr(cases[0].want, "[a 1]") != NULL &&
	    strstr(cases[1].want, "none[b 2]") != NULL &&
	    strstr(cases[2].want, "nothing-of") == NULL,
	    "threads: each case renders alone", e.msg);
	sh.env = env;
	sh.cases = cases;
	sh.ncases = 6;
	sh.page = mst_env_find(env, "page", &e);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].sh = &sh;
		w[i].start = (int)i;
		if (pthread_create(&w[i].tid, NULL, S_engine_worker,
		    &w[i]) != 0)
			break;
		started++;
	}
	for (i = 0; i < (size_t)started; i++) {
		pthread_join(w[i].tid, NULL);
		bad += w[i].res.bad;
		uses_bad += w[i].res.uses_bad;
	}
	check(started == THREADS, "threads: all started", NULL);
	check(bad == 0, "threads: mst_render from 8 threads at once, every "
	    "output as rendered alone", "outputs differed");
	check(uses_bad == 0, "threads: mst_env_uses from 8 threads at once",
	    "answers differed");
	for (i = 0; i < 6; i++) {
		json_decref(cases[i].data);
		free(cases[i].want);
	}
	buf_free(&out);
	mst_env_free(env);
}

/* ---- the page renderer over the real templates and content ---- */

struct pcase {
	const char	*tpl, *section;
	json_t		*page;
	char		*want;
};

struct pwork {
	pthread_t		 tid;
	const struct pages	*pg;
	const struct pcase	*cases;
	size_t			 ncases;
	int			 start;
	int			 bad;
};

static void *
S_pages_worker(void *arg)
{
	struct pwork	*w = arg;
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	size_t		 i, k;
	int		 r;

	for (r = 0; r < ROUNDS / 10; r++)
		for (k = 0; k < w->ncases; k++) {
			i = (k + (size_t)w->start) % w->ncases;
			buf_reset(&out);
			if (pages_render(w->pg, w->cases[i].tpl,
			    w->cases[i].section, w->cases[i].page, &out,
			    &err) == -1 || strcmp(buf_cstr(&out),
			    w->cases[i].want) != 0)
				w->bad++;
			if (pages_uses(w->pg, "home", "services") !=
			    pages_uses(w->pg, "home", "services"))
				w->bad++;
		}
	buf_free(&out);
	buf_free(&err);
	return NULL;
}

/* Add the documents of list, rendered with tpl in section, to cases. */
static void
S_add_docs(struct pcase **cases, size_t *n, json_t *list, const char *tpl,
    const char *section)
{
	json_t	*d;
	size_t	 i;

	json_array_foreach(list, i, d) {
		if (i >= 4)
			break;
		*cases = xrealloc(*cases, (*n + 1) * sizeof(**cases));
		(*cases)[*n].tpl = tpl;
		(*cases)[*n].section = section;
		(*cases)[*n].page = json_deep_copy(d);
		json_object_set_new((*cases)[*n].page, "kind",
		    json_string(tpl));
		(*cases)[*n].want = NULL;
		(*n)++;
	}
}

static void
S_pages(void)
{
	static const char *const required[] = { "home", "policy", "page",
	    "service", "channel", "404", NULL };
	struct content	 c;
	struct pages	*pg = NULL;
	struct catalog	*words;
	struct buf	 err = BUF_INIT, out = BUF_INIT;
	struct pcase	*cases = NULL;
	struct pwork	 w[THREADS];
	size_t		 n = 0, i;
	int		 ok = 1, bad = 0, started = 0;

	if (!check((words = catalog_load("templates/strings.yaml", &err)) !=
	    NULL, "threads: the catalog loads", buf_cstr(&err))) {
		buf_free(&err);
		return;
	}
	if (!check(contentview_load(words, "content", 0, &c, &err) == 0,
	    "threads: the content loads", buf_cstr(&err))) {
		catalog_free(words);
		buf_free(&err);
		return;
	}
	pg = pages_new(&c, "templates", required, 0, &err);
	if (!check(pg != NULL, "threads: the templates compile",
	    buf_cstr(&err)))
		goto out;
	cases = xcalloc(2, sizeof(*cases));
	cases[0].tpl = "home";
	cases[0].section = "/";
	cases[0].page = json_pack("{s:s,s:s}", "url", "/", "kind", "home");
	cases[1].tpl = "404";
	cases[1].section = "";
	cases[1].page = json_pack("{s:s,s:s}", "url", "/404.html", "kind",
	    "404");
	n = 2;
	S_add_docs(&cases, &n, c.policies, "policy", "/policies/");
	S_add_docs(&cases, &n, c.channels, "channel", "/channels/");
	S_add_docs(&cases, &n, c.services, "service", "/services/");
	S_add_docs(&cases, &n, c.pages, "page", NULL);
	for (i = 0; i < n; i++) {
		if (cases[i].section == NULL)
			cases[i].section = json_string_value(
			    json_object_get(cases[i].page, "url"));
		buf_reset(&out);
		if (pages_render(pg, cases[i].tpl, cases[i].section,
		    cases[i].page, &out, &err) == -1)
			ok = 0;
		cases[i].want = xstrdup(buf_cstr(&out));
	}
	check(ok && n > 6 && strstr(cases[0].want, "</html>") != NULL,
	    "threads: each page renders alone", buf_cstr(&err));
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].pg = pg;
		w[i].cases = cases;
		w[i].ncases = n;
		w[i].start = (int)i;
		if (pthread_create(&w[i].tid, NULL, S_pages_worker,
		    &w[i]) != 0)
			break;
		started++;
	}
	for (i = 0; i < (size_t)started; i++) {
		pthread_join(w[i].tid, NULL);
		bad += w[i].bad;
	}
	check(started == THREADS && bad == 0, "threads: pages_render of "
	    "one struct pages from 8 threads at once, every page as "
	    "rendered alone", "pages differed");
	for (i = 0; i < n; i++) {
		json_decref(cases[i].page);
		free(cases[i].want);
	}
	free(cases);
out:
	pages_free(pg);
	content_free(&c);
	catalog_free(words);
	buf_free(&err);
	buf_free(&out);
}

int
main(void)
{
	S_engine();
	S_pages();
	return check_exit();
}
