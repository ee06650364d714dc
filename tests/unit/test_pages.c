/*
 * test_pages: what pages_new() reads from the templates folder besides
 * the templates: the menu's words from the catalog (strings.yaml), and
 * every template of the folder compiled at once, so that a broken one is
 * an error only where a page uses it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "catalog.h"
#include "check.h"
#include "content.h"
#include "contentview.h"
#include "fsx.h"
#include "pages.h"

static const char *const tpls[] = { "home", "page", NULL };

int
main(void)
{
	char		 dir[] = "/tmp/test_pages.XXXXXX";
	struct content	 c;
	struct pages	*p;
	struct catalog	*words;
	struct buf	 t = BUF_INIT, path = BUF_INIT, err = BUF_INIT;
	struct buf	 out = BUF_INIT;
	json_t		*page;

	if (mkdtemp(dir) == NULL || (words = catalog_load(
	    "templates/strings.yaml", &err)) == NULL ||
	    contentview_load(words, "content", 0, &c, &err) == -1) {
		check(0, "pages: a temporary folder and the content",
		    buf_cstr(&err));
		return 1;
	}
	buf_printf(&t, "%s/t", dir);
	buf_printf(&path, "%s/strings.yaml", t.data);
	if (fsx_copy_tree("templates", "templates", t.data, &err) == -1) {
		check(0, "pages: a copy of the templates", buf_cstr(&err));
		return 1;
	}
	page = json_pack("{s:s,s:s}", "url", "/", "kind", "home");

	p = pages_new(&c, t.data, tpls, 0, &err);
	check(p != NULL && pages_render(p, "home", "/", page, &out,
	    &err) == 0 && strstr(buf_cstr(&out), "<a href=\"/\" "
	    "aria-current=\"page\">الرئيسية</a>") != NULL &&
	    strstr(buf_cstr(&out), ">الخدمات الإلكترونية</a>") != NULL,
	    "pages: the menu's titles are the catalog's", buf_cstr(&err));
	pages_free(p);

	/* A template that does not compile, used by no page. */
	buf_reset(&err);
	buf_reset(&path);
	buf_printf(&path, "%s/unused.mustache", t.data);
	(void)fsx_write(path.data, "{{#x}}never closed", 18);
	p = pages_new(&c, t.data, tpls, 0, &err);
	check(p != NULL, "pages: a broken template no page uses is no error",
	    buf_cstr(&err));
	buf_reset(&out);
	check(p != NULL && pages_render(p, "unused", "", page, &out,
	    &err) == -1 && strstr(buf_cstr(&err), "/unused.mustache:1:1: "
	    "'{{#x}}' is never closed") != NULL,
	    "pages: rendering it gives its error", buf_cstr(&err));
	pages_free(p);
	unlink(path.data);

	buf_reset(&err);
	buf_reset(&path);
	buf_printf(&path, "%s/strings.yaml", t.data);
	(void)fsx_write(path.data, "pages:\n  menu:\n    home: x\n", 27);
	p = pages_new(&c, t.data, tpls, 0, &err);
	check(p == NULL && strstr(buf_cstr(&err),
	    "'pages.menu.policies' is missing") != NULL,
	    "pages: a menu text missing from the catalog is an error",
	    buf_cstr(&err));
	pages_free(p);
	unlink(path.data);
	buf_reset(&err);
	p = pages_new(&c, t.data, tpls, 0, &err);
	check(p == NULL && strstr(buf_cstr(&err), "/strings.yaml:1: cannot "
	    "read") != NULL, "pages: so is a missing catalog",
	    buf_cstr(&err));
	pages_free(p);

	json_decref(page);
	content_free(&c);
	catalog_free(words);
	fsx_remove_tree(dir);
	buf_free(&t);
	buf_free(&path);
	buf_free(&err);
	buf_free(&out);
	return check_exit();
}
