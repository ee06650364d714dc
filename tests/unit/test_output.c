/*
 * test_output: wasl-build replaces or removes only folders it wrote
 * (generator/output.c): missing, empty, marked, or shaped as an output
 * from before the mark. A stale temporary folder is taken away only when
 * marked; an unmarked one, an OUT.prev of someone's, or a folder with
 * anything else in it, is refused with a message and left as it was.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fsx.h"
#include "output.h"

static char	 dir[] = "/tmp/test_output.XXXXXX";

/* dir/rel, in one of four buffers used in turn (so that up to four may
 * be used at once). */
static const char *
S_at(const char *rel)
{
	static struct buf	 p[4];
	static size_t		 next;
	struct buf		*b = &p[next++ % 4];

	buf_reset(b);
	buf_printf(b, "%s/%s", dir, rel);
	return b->data;
}

static void
S_put(const char *rel, const char *text)
{
	(void)fsx_write(S_at(rel), text, strlen(text));
}

/* output_check(dir/rel): 0, or -1 with want in its message. */
static void
S_check(const char *rel, enum output_role role, const char *want,
    const char *name)
{
	struct buf	 err = BUF_INIT;
	int		 rc = output_check(S_at(rel), role, &err);

	if (want == NULL)
		check(rc == 0, name, buf_cstr(&err));
	else if (rc == 0)
		check(0, name, "it may be replaced");
	else if (strstr(buf_cstr(&err), want) == NULL)
		check_str(buf_cstr(&err), want, name);
	else
		check(1, name, NULL);
	buf_free(&err);
}

/* A site as a build from before the mark left it. */
static void
S_old_site(const char *rel)
{
	struct buf	 p = BUF_INIT;
	static const char *const files[] = {
		"index.html", "404.html", "feed.xml", "assets/style.css",
		"policies/index.html", NULL
	};
	size_t		 i;

	for (i = 0; files[i] != NULL; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", rel, files[i]);
		S_put(p.data, "<!doctype html>\n");
	}
	buf_reset(&p);
	buf_printf(&p, "%s/sitemap.xml", rel);
	S_put(p.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
	    "</urlset>\n");
	buf_free(&p);
}

int
main(void)
{
	struct buf	 err = BUF_INIT, got = BUF_INIT;
	struct stat	 st;
	int		 fd;

	if (mkdtemp(dir) == NULL) {
		check(0, "output: a temporary folder", NULL);
		return 1;
	}
	S_check("missing", OUTPUT_SITE, NULL, "output: a missing folder may "
	    "be built");
	(void)mkdir(S_at("empty"), 0755);
	S_check("empty", OUTPUT_SITE, NULL, "output: an empty folder may be "
	    "built into");
	S_put("content/site.yaml", "name: x\n");
	S_put("content/channels/a.md", "---\n");
	S_put("content/.hidden", "x\n");
	S_check("content", OUTPUT_SITE, "content: not a site that wasl-build "
	    "wrote (it has no .wasl-build mark, and holds .hidden, channels "
	    "and site.yaml): a build replaces its output folder whole, so it "
	    "is left as it is; give --out",
	    "output: a folder of other files is refused, naming some");
	S_check("content", OUTPUT_PREV, "not a site that wasl-build kept",
	    "output: ... as OUT.prev too");
	S_check("content/site.yaml", OUTPUT_SITE, "a file, not a folder",
	    "output: a file is refused");
	S_old_site("old");
	S_check("old", OUTPUT_SITE, NULL,
	    "output: a site from before the mark may be replaced");
	S_put("old/notes.txt", "mine\n");
	S_check("old", OUTPUT_SITE, "holds 404.html, assets, feed.xml and 4 "
	    "more", "output: ... but not with a file of someone's in it");
	unlink(S_at("old/notes.txt"));
	S_put("old/sitemap.xml", "<?xml version=\"1.0\"?><urlset/>\n");
	S_check("old", OUTPUT_SITE, "not a site that wasl-build wrote",
	    "output: ... nor with another program's sitemap");

	/* the temporary folder: made marked; a stale one taken away only
	 * when marked */
	fd = output_tmp(S_at(".out.tmp-1"), &err);
	check(fd != -1, "output: a temporary folder is made", buf_cstr(&err));
	if (fd != -1)
		close(fd);
	check(fsx_read(S_at(".out.tmp-1/" OUTPUT_MARK), 4096, &got) == 0 &&
	    strncmp(buf_cstr(&got), "wasl-build output:", 18) == 0,
	    "output: ... marked", NULL);
	S_put(".out.tmp-1/x/page.html", "stale\n");
	fd = output_tmp(S_at(".out.tmp-1"), &err);
	check(fd != -1 && stat(S_at(".out.tmp-1/x"), &st) == -1,
	    "output: a stale marked temporary folder is made afresh",
	    buf_cstr(&err));
	if (fd != -1)
		close(fd);
	S_put(".out.tmp-2/mine.txt", "mine\n");
	buf_reset(&err);
	fd = output_tmp(S_at(".out.tmp-2"), &err);
	check(fd == -1 && strstr(buf_cstr(&err), "not a temporary folder of "
	    "wasl-build") != NULL && stat(S_at(".out.tmp-2/mine.txt"),
	    &st) == 0, "output: an unmarked folder in its place is refused "
	    "and kept", buf_cstr(&err));

	/* replacing: the new site goes in, the refused ones stay */
	fd = output_tmp(S_at(".site.tmp-3"), &err);
	if (fd != -1)
		close(fd);
	S_put(".site.tmp-3/index.html", "new\n");
	buf_reset(&err);
	check(output_replace(S_at(".site.tmp-3"), S_at("content"), 0,
	    &err) == -1 && stat(S_at("content/site.yaml"), &st) == 0 &&
	    stat(S_at(".site.tmp-3/index.html"), &st) == 0,
	    "output: replacing a folder of other files moves nothing", NULL);
	buf_reset(&err);
	check(output_replace(S_at(".site.tmp-3"), S_at("site"), 0,
	    &err) == 0 && stat(S_at("site/index.html"), &st) == 0,
	    "output: a new site goes in", buf_cstr(&err));
	S_put("site.prev/mine.txt", "mine\n");
	fd = output_tmp(S_at(".site.tmp-4"), &err);
	if (fd != -1)
		close(fd);
	buf_reset(&err);
	check(output_replace(S_at(".site.tmp-4"), S_at("site"), 1,
	    &err) == -1 && strstr(buf_cstr(&err), "site.prev: not a site "
	    "that wasl-build kept") != NULL &&
	    stat(S_at("site.prev/mine.txt"), &st) == 0 &&
	    stat(S_at("site/index.html"), &st) == 0,
	    "output: --keep over someone's OUT.prev moves nothing",
	    buf_cstr(&err));
	buf_reset(&err);
	check(output_rollback(S_at("site"), &err) == -1 &&
	    stat(S_at("site.prev/mine.txt"), &st) == 0,
	    "output: --rollback to someone's OUT.prev moves nothing",
	    buf_cstr(&err));
	unlink(S_at("site.prev/mine.txt"));
	buf_reset(&err);
	check(output_replace(S_at(".site.tmp-4"), S_at("site"), 1,
	    &err) == 0 && stat(S_at("site.prev/index.html"), &st) == 0,
	    "output: --keep over an empty OUT.prev keeps the old site",
	    buf_cstr(&err));
	buf_reset(&err);
	check(output_rollback(S_at("site"), &err) == 0 &&
	    stat(S_at("site/index.html"), &st) == 0,
	    "output: and rolls back", buf_cstr(&err));

	fsx_remove_tree(dir);
	buf_free(&err);
	buf_free(&got);
	return check_failed;
}
