/*
 * pages: the shared page renderer (see pages.h).
 *
 * Everything a render reads is made by pages_new() and only read after:
 * every template of the folder is compiled, so that the environment is
 * complete before the first page, and the root object that every page
 * shares is built once. A render makes its own menu (from the pages as
 * they are then: the generator fills the lists after pages_new()) and
 * binds it and its page over the shared root (mst_render_with), so it
 * changes nothing shared, not even a reference count, and threads render
 * at once without a lock.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsx.h"
#include "mst_json.h"
#include "mustache.h"
#include "pages.h"
#include "catalog.h"

/* The catalog of the software's words, in the templates folder. */
#define CATALOG	"strings.yaml"

/* The menu's first entries, each a section of the site; their titles are
 * the catalog's texts at key. */
static const struct {
	const char	*url, *key;
} fixed[] = {
	{ "/", "pages.menu.home" },
	{ "/policies/", "pages.menu.policies" },
	{ "/channels/", "pages.menu.channels" },
	{ "/services/", "pages.menu.services" },
};
#define NFIXED	(sizeof(fixed) / sizeof(fixed[0]))

struct pages {
	const struct content	*c;
	char			*dir;
	struct mst_env		*env;
	json_t			*shared;	/* the root's members but page
						   and nav */
	char			*title[NFIXED];	/* of the fixed menu entries */
};

/* A template's name is a plain word: [a-z0-9_-]+ of length len. */
static int
S_tpl_name(const char *name, size_t len)
{
	size_t	 i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		    name[i] == '_'))
			return 0;
	return 1;
}

int
pages_loader(void *arg, const char *name, struct buf *src,
    struct mst_error *err)
{
	const char	*dir = arg;
	struct buf	 path = BUF_INIT;
	int		 rc = 1;

	/* Names are plain words, and links stay inside (fsx_read_in): no
	 * way out of the templates folder. */
	if (!S_tpl_name(name, strlen(name)))
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

void
pages_problem(const char *dir, const struct mst_error *e, struct buf *err)
{
	if (e->line > 0)
		buf_printf(err, "%s/%s.mustache:%d:%d: %s\n", dir, e->name,
		    e->line, e->column, e->msg);
	else
		buf_printf(err, "%s/%s.mustache: %s\n", dir, e->name, e->msg);
}

/*
 * Compile every other template of the folder, so that a partial named by
 * the data (and any template pages_render() is asked for) is there
 * without loading while rendering. One that does not compile is an error
 * only where it is used, as when templates were loaded on first use: the
 * environment keeps the reason (mst_env_get).
 */
static void
S_load_rest(struct pages *p)
{
	DIR		*d;
	struct dirent	*de;
	struct mst_error e;
	char		*name;
	size_t		 len;

	/* Unreadable: then the required templates were reported missing. */
	if ((d = fsx_opendir_in(p->dir, p->dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 9 || strcmp(de->d_name + len - 9, ".mustache") != 0 ||
		    !S_tpl_name(de->d_name, len - 9))
			continue;
		name = xstrndup(de->d_name, len - 9);
		(void)mst_env_get(p->env, name, &e);
		free(name);
	}
	closedir(d);
}

/* The fixed menu entries' titles, from the catalog of the templates
 * folder (read within it, as the templates are). */
static int
S_titles(struct pages *p, struct buf *err)
{
	const char	*keys[NFIXED];
	struct catalog	*cat = NULL;
	struct buf	 path = BUF_INIT, src = BUF_INIT, t = BUF_INIT;
	size_t		 i;
	int		 rc = -1;

	buf_printf(&path, "%s/" CATALOG, p->dir);
	if (fsx_read_in(p->dir, path.data, CATALOG_MAX_INPUT, &src) == -1) {
		buf_printf(err, "%s:1: cannot read: %s\n", path.data,
		    fsx_strerror(errno));
		goto out;
	}
	if ((cat = catalog_parse(buf_cstr(&src), src.len, path.data,
	    err)) == NULL)
		goto out;
	for (i = 0; i < NFIXED; i++)
		keys[i] = fixed[i].key;
	if (catalog_require(cat, keys, NFIXED, err) == -1)
		goto out;
	for (i = 0; i < NFIXED; i++) {
		buf_reset(&t);
		if (catalog_put(cat, fixed[i].key, NULL, &t) == -1) {
			buf_printf(err, "%s: the text '%s' does not render\n",
			    path.data, fixed[i].key);
			goto out;
		}
		p->title[i] = xstrdup(buf_cstr(&t));
	}
	rc = 0;
out:
	catalog_free(cat);
	buf_free(&path);
	buf_free(&src);
	buf_free(&t);
	return rc;
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
	p->env = mst_env_new(pages_loader, p->dir);
	mst_env_set_strict(p->env, 1);
	for (i = 0; required[i] != NULL; i++) {
		t = mst_env_get(p->env, required[i], &e);
		if (t == NULL) {
			if (e.msg[0] == '\0')
				buf_printf(err, "%s/%s.mustache: missing: "
				    "every site needs this template\n", dir,
				    required[i]);
			else
				pages_problem(p->dir, &e, err);
			rc = -1;
		} else if (mst_env_check(p->env, t, &e) == -1) {
			pages_problem(p->dir, &e, err);
			rc = -1;
		}
	}
	if (S_titles(p, err) == -1)
		rc = -1;
	if (rc == -1) {
		pages_free(p);
		return NULL;
	}
	S_load_rest(p);
	p->shared = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:b}",
	    "site", c->site, "policies", c->policies, "channels",
	    c->channels, "services", c->services, "pages", c->pages,
	    "build", c->build, "preview", preview);
	return p;
}

/* The menu for a page in section cur. Made of copies: the content's
 * values are shared by the threads rendering and only read. */
static json_t *
S_nav(const struct pages *p, const char *cur)
{
	json_t		*nav = json_array(), *d;
	size_t		 i;

	for (i = 0; i < NFIXED; i++)
		json_array_append_new(nav, json_pack("{s:s,s:s,s:b}",
		    "url", fixed[i].url, "title", p->title[i],
		    "current", strcmp(cur, fixed[i].url) == 0));
	json_array_foreach(p->c->pages, i, d) {
		const char *url = json_string_value(json_object_get(d, "url"));

		json_array_append_new(nav, json_pack("{s:s,s:o,s:b}",
		    "url", url, "title", json_deep_copy(json_object_get(d,
		    "title")), "current", strcmp(cur, url) == 0));
	}
	return nav;
}

int
pages_render(const struct pages *p, const char *tpl, const char *section,
    json_t *page, struct buf *out, struct buf *err)
{
	const struct mst_tpl	*t;
	struct mst_error	 e;
	json_t			*nav;
	struct mst_bind		 binds[2] = {
		{ "page", 4, NULL }, { "nav", 3, NULL }
	};
	int			 rc = -1;

	t = mst_env_find(p->env, tpl, &e);
	if (t == NULL && e.msg[0] == '\0') {
		buf_printf(err, "%s/%s.mustache: missing\n", p->dir, tpl);
		return -1;
	}
	if (t == NULL) {
		pages_problem(p->dir, &e, err);
		return -1;
	}
	nav = S_nav(p, section);
	binds[0].value = page;
	binds[1].value = nav;
	if (mst_render_with(p->env, t, &mst_json, p->shared, binds, 2, out,
	    &e) == -1)
		pages_problem(p->dir, &e, err);
	else
		rc = 0;
	json_decref(nav);
	return rc;
}

int
pages_uses(const struct pages *p, const char *tpl, const char *name)
{
	const struct mst_tpl	*t;
	struct mst_error	 e;
	int			 rc;

	if ((t = mst_env_find(p->env, tpl, &e)) == NULL)
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
	size_t	 i;

	if (p == NULL)
		return;
	mst_env_free(p->env);
	json_decref(p->shared);
	for (i = 0; i < NFIXED; i++)
		free(p->title[i]);
	free(p->dir);
	free(p);
}
