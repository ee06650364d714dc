/*
 * pagelist: the pages of a site (see pagelist.h). Only lists them: the
 * build renders and writes them (build.c), on several threads, so a page
 * here is data that nothing changes once listed.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pagelist.h"

const char *const pagelist_templates[] = {
	"home", "policy", "history", "compare", "changes", "listing",
	"channel", "service", "page", "404", NULL
};

const struct pagelist_kind pagelist_kinds[3] = {
	{ "channels", "channels/", "channel", "/channels/", "channels" },
	{ "services", "services/", "service", "/services/", "services" },
	{ "pages", "", "page", NULL, "pages" },
};

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

/* A listing page (/policies/, /channels/, /services/). */
static void
S_listing(struct pagelist *l, const char *url, const char *title,
    const char *intro, json_t *items)
{
	S_add_new(l, "listing", url, json_pack("{s:s,s:s,s:s,s:s,s:O,s:b}",
	    "url", url, "title", title, "summary", intro, "kind", "listing",
	    "items", items, "empty", json_array_size(items) == 0));
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
		    json_string_value(json_object_get(d, "url")), d);
	}
}

void
pagelist_site(struct pagelist *l, const struct content *c,
    const struct policy_pages *pp, json_t *results)
{
	json_t	*items;
	size_t	 i;

	S_add_new(l, "home", "/", json_pack("{s:s,s:O,s:s}", "url", "/",
	    "title", json_object_get(c->site, "name"), "kind", "home"));
	S_listing(l, "/policies/", "السياسات المعتمدة",
	    "السياسات التي اعتمدها مجلس إدارة الجمعية، منشورة بنصها "
	    "المعتمد وبيانات اعتمادها.", c->policies);
	S_listing(l, "/channels/", "قنوات التواصل",
	    "القنوات التي يتواصل من خلالها المستفيدون مع الجمعية.",
	    c->channels);
	S_listing(l, "/services/", "الخدمات الإلكترونية",
	    "خدمات تقدمها الجمعية للمستفيدين من أماكنهم، توفيرًا لوقتهم.",
	    c->services);
	for (i = 0; i < pp->n; i++)
		S_add(l, pp->v[i].tpl, "/policies/", pp->v[i].page);
	/* /changes/: every published revision, newest first */
	items = policy_changes(c->policies);
	S_add_new(l, "changes", "/policies/", json_pack(
	    "{s:s,s:s,s:s,s:o,s:b}", "url", "/changes/", "title",
	    "تحديثات السياسات", "kind", "changes", "items", items, "empty",
	    json_array_size(items) == 0));
	l->changes = l->n - 1;
	for (i = 0; i < 3; i++)
		S_docs(l, i == 0 ? c->channels : i == 1 ? c->services :
		    c->pages, pagelist_kinds[i].tpl,
		    pagelist_kinds[i].section);
	if (results != NULL)
		S_add_new(l, "results", "/services/", json_pack(
		    "{s:s,s:s,s:s,s:s,s:O}", "url", "/results/", "title",
		    "نتائج قياس رضا المستفيدين", "summary",
		    "ما يقوله المستفيدون عن خدمات الجمعية في "
		    "استبانة قياس الرضا، أرقامًا مجمّعة لا تكشف أحدًا.",
		    "kind", "results", "report", results));
	S_add_new(l, "404", "", json_pack("{s:s,s:s,s:s}", "url",
	    "/404.html", "title", "الصفحة غير موجودة", "kind", "404"));
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
