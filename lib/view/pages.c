/*
 * pages: the shared page renderer (see pages.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsx.h"
#include "mst_json.h"
#include "mustache.h"
#include "pages.h"

struct pages {
	const struct content	*c;
	char			*dir;
	struct mst_env		*env;
	json_t			*root;
};

static int
S_load_tpl(void *arg, const char *name, struct buf *src,
    struct mst_error *err)
{
	const char	*dir = arg;
	struct buf	 path = BUF_INIT;
	int		 rc = 1;
	size_t		 i;

	/* Names are plain words, and links stay inside (fsx_read_in): no
	 * way out of the templates folder. */
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		    name[i] == '_'))
			return 0;
	buf_printf(&path, "%s/%s.mustache", dir, name);
	if (fsx_read_in(dir, path.data, 1024 * 1024, src) == -1) {
		if (errno == ENOENT)
			rc = 0;
		else {
			snprintf(err->name, sizeof(err->name), "%s", name);
			err->line = err->column = 0;	/* the whole file */
			snprintf(err->msg, sizeof(err->msg), "cannot read: %s",
			    fsx_strerror(errno));
			rc = -1;
		}
	}
	buf_free(&path);
	return rc;
}

static void
S_problem(const struct pages *p, const struct mst_error *e, struct buf *err)
{
	if (e->line > 0)
		buf_printf(err, "%s/%s.mustache:%d:%d: %s\n", p->dir, e->name,
		    e->line, e->column, e->msg);
	else
		buf_printf(err, "%s/%s.mustache: %s\n", p->dir, e->name,
		    e->msg);
}

struct pages *
pages_new(const struct content *c, const char *dir,
    const char *const *required, int preview, struct buf *err)
{
	struct pages		*p = xcalloc(1, sizeof(*p));
	struct mst_error	 e;
	const struct mst_tpl	*t;
	int			 i, rc = 0;

	p->c = c;
	p->dir = xstrdup(dir);
	p->env = mst_env_new(S_load_tpl, p->dir);
	mst_env_set_strict(p->env, 1);
	for (i = 0; required[i] != NULL; i++) {
		t = mst_env_get(p->env, required[i], &e);
		if (t == NULL) {
			if (e.msg[0] == '\0')
				buf_printf(err, "%s/%s.mustache: missing: "
				    "every site needs this template\n", dir,
				    required[i]);
			else
				S_problem(p, &e, err);
			rc = -1;
		} else if (mst_env_check(p->env, t, &e) == -1) {
			S_problem(p, &e, err);
			rc = -1;
		}
	}
	if (rc == -1) {
		pages_free(p);
		return NULL;
	}
	p->root = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:b}",
	    "site", c->site, "policies", c->policies, "channels",
	    c->channels, "services", c->services, "pages", c->pages,
	    "build", c->build, "preview", preview);
	return p;
}

/* The menu for a page in section cur. */
static json_t *
S_nav(const struct pages *p, const char *cur)
{
	json_t		*nav = json_array(), *d;
	size_t		 i;
	static const struct {
		const char *url, *title;
	} fixed[] = {
		{ "/", "الرئيسية" },
		{ "/policies/", "السياسات" },
		{ "/channels/", "قنوات التواصل" },
		{ "/services/", "الخدمات الإلكترونية" },
	};

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		json_array_append_new(nav, json_pack("{s:s,s:s,s:b}",
		    "url", fixed[i].url, "title", fixed[i].title,
		    "current", strcmp(cur, fixed[i].url) == 0));
	json_array_foreach(p->c->pages, i, d) {
		const char *url = json_string_value(json_object_get(d, "url"));

		json_array_append_new(nav, json_pack("{s:s,s:O,s:b}",
		    "url", url, "title", json_object_get(d, "title"),
		    "current", strcmp(cur, url) == 0));
	}
	return nav;
}

int
pages_render(struct pages *p, const char *tpl, const char *section,
    json_t *page, struct buf *out, struct buf *err)
{
	const struct mst_tpl	*t;
	struct mst_error	 e;
	int			 rc = -1;

	json_object_set(p->root, "page", page);
	json_object_set_new(p->root, "nav", S_nav(p, section));
	t = mst_env_get(p->env, tpl, &e);
	if (t == NULL && e.msg[0] == '\0')
		buf_printf(err, "%s/%s.mustache: missing\n", p->dir, tpl);
	else if (t == NULL || mst_render(p->env, t, &mst_json, p->root, out,
	    &e) == -1)
		S_problem(p, &e, err);
	else
		rc = 0;
	json_object_del(p->root, "page");
	return rc;
}

int
pages_uses(struct pages *p, const char *tpl, const char *name)
{
	const struct mst_tpl	*t;
	struct mst_error	 e;
	int			 rc;

	if ((t = mst_env_get(p->env, tpl, &e)) == NULL)
		return 1;
	rc = mst_env_uses(p->env, t, name);
	/* The menu is made from the pages. */
	if (rc == 0 && strcmp(name, "pages") == 0)
		rc = mst_env_uses(p->env, t, "nav");
	return rc != 0;
}

void
pages_free(struct pages *p)
{
	if (p == NULL)
		return;
	mst_env_free(p->env);
	json_decref(p->root);
	free(p->dir);
	free(p);
}
