/*
 * test_confined: the content and templates folders are read only within
 * themselves, by both programs (wasl-build and wasl-forms load them
 * through contentview_load() and pages_new()): a symbolic link in them that
 * leads out, or to nothing, fails the load with a message naming the
 * file and saying what to do; a link that stays inside is followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "check.h"
#include "content.h"
#include "contentview.h"
#include "fsx.h"
#include "pages.h"

static const char *const tpls[] = { "page", NULL };

/* The shipped catalog (templates/strings.yaml): the content's words. */
static struct catalog	*words;

/* contentview_load() of dir: -1 with want in the messages (or 0 when want is
 * NULL). */
static void
S_content(const char *dir, const char *want, const char *name)
{
	struct content	 c;
	struct buf	 err = BUF_INIT;
	int		 rc;

	rc = contentview_load(words, dir, 0, &c, &err);
	if (want == NULL)
		check(rc == 0, name, buf_cstr(&err));
	else if (rc == 0)
		check(0, name, "it loaded");
	else if (strstr(buf_cstr(&err), want) == NULL)
		check_str(buf_cstr(&err), want, name);
	else
		check(1, name, NULL);
	if (rc == 0)
		content_free(&c);
	buf_free(&err);
}

/* pages_new() of the templates tdir: as S_content. */
static void
S_templates(const char *cdir, const char *tdir, const char *want,
    const char *name)
{
	struct content	 c;
	struct pages	*p = NULL;
	struct buf	 err = BUF_INIT;

	if (contentview_load(words, cdir, 0, &c, &err) == -1) {
		check(0, name, buf_cstr(&err));
		buf_free(&err);
		return;
	}
	p = pages_new(&c, tdir, tpls, 0, &err);
	if (want == NULL)
		check(p != NULL, name, buf_cstr(&err));
	else if (p != NULL)
		check(0, name, "they compiled");
	else if (strstr(buf_cstr(&err), want) == NULL)
		check_str(buf_cstr(&err), want, name);
	else
		check(1, name, NULL);
	pages_free(p);
	content_free(&c);
	buf_free(&err);
}

int
main(void)
{
	char		 dir[] = "/tmp/test_confined.XXXXXX";
	struct buf	 c = BUF_INIT, t = BUF_INIT, p = BUF_INIT, q = BUF_INIT;
	struct buf	 err = BUF_INIT;

	if (mkdtemp(dir) == NULL ||
	    (words = catalog_load("templates/strings.yaml", &err)) == NULL) {
		check(0, "confined: a temporary folder and the catalog",
		    buf_cstr(&err));
		return 1;
	}
	buf_printf(&c, "%s/c", dir);
	buf_printf(&t, "%s/t", dir);
	if (fsx_copy_tree("tests/golden/site/content",
	    "tests/golden/site/content", c.data, &err) == -1 ||
	    fsx_copy_tree("templates", "templates", t.data, &err) == -1) {
		check(0, "confined: copies of the content and templates",
		    buf_cstr(&err));
		return 1;
	}
#define AT(base, rel) \
	(buf_reset(&p), buf_printf(&p, "%s/%s", (base).data, rel), p.data)
	S_content(c.data, NULL, "confined: the content as it is loads");
	S_templates(c.data, t.data, NULL,
	    "confined: the templates as they are compile");

	(void)symlink("/etc/passwd", AT(c, "channels/leak.md"));
	buf_printf(&q, "%s/channels/leak.md:1: cannot read: it is a symbolic "
	    "link to /etc/passwd, which is outside the folder %s", c.data,
	    c.data);
	S_content(c.data, q.data,
	    "confined: a channel linked out of the content is refused");
	unlink(AT(c, "channels/leak.md"));

	(void)symlink("../../outside.yaml", AT(c, "forms/leak.yaml"));
	S_content(c.data, "forms/leak.yaml:1: cannot read: it is a symbolic "
	    "link to ../../outside.yaml, which is outside the folder",
	    "confined: a form linked out through '..' is refused");
	unlink(AT(c, "forms/leak.yaml"));

	(void)symlink("nothing.md", AT(c, "pages/gone.md"));
	S_content(c.data, "pages/gone.md:1: cannot read: it is a symbolic "
	    "link to nothing.md, which does not exist",
	    "confined: a page linked to nothing is refused");
	unlink(AT(c, "pages/gone.md"));

	buf_reset(&q);
	buf_printf(&q, "%s/policies-elsewhere", dir);
	(void)rename(AT(c, "policies"), q.data);
	(void)symlink(q.data, AT(c, "policies"));
	S_content(c.data, "/policies: cannot read the folder: it is a "
	    "symbolic link to",
	    "confined: the policies folder linked out is refused");
	unlink(AT(c, "policies"));
	(void)symlink("../policies-elsewhere", AT(c, "policies"));
	S_content(c.data, "which is outside the folder",
	    "confined: ... also through '..'");
	unlink(AT(c, "policies"));
	(void)rename(q.data, AT(c, "policies"));

	(void)symlink("phone.md", AT(c, "channels/mobile.md"));
	S_content(c.data, NULL,
	    "confined: a channel linked inside the content loads");
	unlink(AT(c, "channels/mobile.md"));

	buf_reset(&q);
	buf_printf(&q, "%s/outside.mustache", dir);
	(void)fsx_write(q.data, "secret\n", 7);
	unlink(AT(t, "footer.mustache"));
	(void)symlink(q.data, AT(t, "footer.mustache"));
	S_templates(c.data, t.data, "/t/footer.mustache: cannot read: it is a "
	    "symbolic link to /tmp/",
	    "confined: a partial linked out of the templates is refused");
	unlink(AT(t, "footer.mustache"));
	buf_reset(&q);
	(void)fsx_read("templates/footer.mustache", 1 << 20, &q);
	(void)fsx_write(AT(t, "parts/footer.mustache"), q.data, q.len);
	(void)symlink("parts/footer.mustache", AT(t, "footer.mustache"));
	S_templates(c.data, t.data, NULL,
	    "confined: a partial linked inside the templates compiles");
#undef AT
	fsx_remove_tree(dir);
	buf_free(&c);
	buf_free(&t);
	buf_free(&p);
	buf_free(&q);
	buf_free(&err);
	catalog_free(words);
	return check_failed;
}
