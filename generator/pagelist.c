/*
 * pagelist: the pages of a site (see pagelist.h). Only lists them: the
 * build renders and writes them (build.c), on several threads, so a page
 * here is data that nothing changes once listed.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feed.h"
#include "keys.h"
#include "pagelist.h"
#include "sitemap.h"

const char *const pagelist_templates[] = {
	"home", "policy", "history", "compare", "changes", "listing",
	"channel", "service", "page", "404", FEED_TEMPLATE,
	SITEMAP_TEMPLATE, NULL
};

const char *const pagelist_texts[] = {
	"pagelist.policies.title", "pagelist.policies.summary",
	"pagelist.channels.title", "pagelist.channels.summary",
	"pagelist.services.title", "pagelist.services.summary",
	"pagelist.changes.title", "pagelist.results.title",
	"pagelist.results.summary", "pagelist.not_found.title"
};
const size_t pagelist_ntexts = sizeof(pagelist_texts) /
    sizeof(pagelist_texts[0]);

/* Add template tpl with page (a reference is taken) for the menu's
 * section. */
static void
S_add(struct pagelist *l, const char *tpl, const char *section,
    json_t *page)
{
	struct pagelist_page	*p;

	if ((l->n & (l->n - 1)) == 0)	/* 0, 1, 2, 4, ...: grow */
		l->v = xrealloc(l->v, (l->n ? 2 * l->n : 1) * sizeof(*l->v));
	p = &l->v[l->n++];
	p->tpl = tpl;
	p->section = section;
	p->page = json_incref(page);
}

/* Add page (the reference is taken over). */
static void
S_add_new(struct pagelist *l, const char *tpl, const char *section,
    json_t *page)
{
	S_add(l, tpl, section, page);
	json_decref(page);
}

/* The text at key (in words) into out, as it is (it has no parameter):
 * 0, or -1 with a message appended to err. */
static int
S_text(const struct catalog *words, const char *key, struct buf *out,
    struct buf *err)
{
	buf_reset(out);
	if (catalog_put(words, key, NULL, out) == -1) {
		buf_printf(err, "catalog: the text '%s' does not render\n",
		    key);
		return -1;
	}
	return 0;
}

/* A listing page (/policies/, /channels/, /services/) of items, titled
 * by the texts NAME.title and NAME.summary. */
static int
S_listing(struct pagelist *l, const char *url, const char *title,
    const char *summary, json_t *items, const struct catalog *words,
    struct buf *t, struct buf *sum, struct buf *err)
{
	if (S_text(words, title, t, err) == -1 ||
	    S_text(words, summary, sum, err) == -1)
		return -1;
	S_add_new(l, "listing", url, json_pack("{s:s,s:s,s:s,s:s,s:O,s:b}",
	    KEY_URL, url, KEY_TITLE, buf_cstr(t), KEY_SUMMARY, buf_cstr(sum),
	    "kind", "listing", "items", items, "empty",
	    json_array_size(items) == 0));
	return 0;
}

/* One page per document of docs, of kind (and template) tpl. */
static void
S_docs(struct pagelist *l, json_t *docs, const char *tpl,
    const char *section)
{
	size_t	 i;
	json_t	*d;

	json_array_foreach(docs, i, d) {
		json_object_set_new(d, "kind", json_string(tpl));
		S_add(l, tpl, section ? section :
		    json_string_value(json_object_get(d, KEY_URL)), d);
	}
}

int
pagelist_site(struct pagelist *l, const struct content *c,
    const struct policy_pages *pp, json_t *results,
    const struct catalog *words, struct buf *err)
{
	struct buf	 t = BUF_INIT, sum = BUF_INIT;
	json_t		*items;
	size_t		 i;
	int		 rc = -1;

	S_add_new(l, "home", "/", json_pack("{s:s,s:O,s:s}", KEY_URL, "/",
	    KEY_TITLE, json_object_get(c->site, KEY_NAME), "kind", "home"));
	if (S_listing(l, "/policies/", "pagelist.policies.title",
	    "pagelist.policies.summary", c->policies, words, &t, &sum,
	    err) == -1 ||
	    S_listing(l, "/channels/", "pagelist.channels.title",
	    "pagelist.channels.summary", c->channels, words, &t, &sum,
	    err) == -1 ||
	    S_listing(l, "/services/", "pagelist.services.title",
	    "pagelist.services.summary", c->services, words, &t, &sum,
	    err) == -1)
		goto out;
	for (i = 0; i < pp->n; i++)
		S_add(l, pp->v[i].tpl, "/policies/", pp->v[i].page);
	/* /changes/: every published revision, newest first */
	if (S_text(words, "pagelist.changes.title", &t, err) == -1)
		goto out;
	items = policy_changes(c->policies);
	S_add_new(l, "changes", "/policies/", json_pack(
	    "{s:s,s:s,s:s,s:o,s:b}", KEY_URL, "/changes/", KEY_TITLE,
	    buf_cstr(&t), "kind", "changes", "items", items, "empty",
	    json_array_size(items) == 0));
	l->changes = l->n - 1;
	for (i = 0; i < CONTENT_NKINDS; i++)
		S_docs(l, content_docs(c, i),
		    content_kinds[i].tpl, content_kinds[i].section);
	if (results != NULL) {
		if (S_text(words, "pagelist.results.title", &t, err) == -1 ||
		    S_text(words, "pagelist.results.summary", &sum,
		    err) == -1)
			goto out;
		S_add_new(l, "results", "/services/", json_pack(
		    "{s:s,s:s,s:s,s:s,s:O}", KEY_URL, "/results/", KEY_TITLE,
		    buf_cstr(&t), KEY_SUMMARY, buf_cstr(&sum), "kind",
		    "results", "report", results));
	}
	if (S_text(words, "pagelist.not_found.title", &t, err) == -1)
		goto out;
	S_add_new(l, "404", "", json_pack("{s:s,s:s,s:s}", KEY_URL,
	    "/404.html", KEY_TITLE, buf_cstr(&t), "kind", "404"));
	rc = 0;
out:
	buf_free(&t);
	buf_free(&sum);
	return rc;
}

void
pagelist_free(struct pagelist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		json_decref(l->v[i].page);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
