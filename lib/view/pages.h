/*
 * pages: renders the site's pages from the content model through the
 * Mustache templates. The generator writes every page with it; the form
 * processor re-renders a form page (with errors) and the confirmation page
 * with it, so both look exactly alike.
 *
 * Every page renders from one root object:
 *   site      site.yaml with defaults
 *   nav       the menu: the site's sections (their titles from the
 *             catalog), then the pages; "current" on the one shown
 *   page      this page: front matter, "html", "toc", "url", "kind", ...
 *   policies, channels, services, pages   every published document
 *   build     the build date in both calendars
 *   preview   true in a drafts build
 *
 * Threads: pages_new() and pages_free() run alone. In between, the
 * renderer is read only: pages_render() and pages_uses() may be called
 * from any number of threads at once on the same struct pages, without a
 * lock, provided the content it was made from is not changed meanwhile and
 * each call has its own page, out and err.
 */
#ifndef WASL_PAGES_H
#define WASL_PAGES_H

#include <jansson.h>

#include "buf.h"
#include "content.h"
#include "mustache.h"

struct pages;

/*
 * Compile the templates in dir (each NAME.mustache, NAME a word of
 * [a-z0-9_-]) and check that each of the NULL-terminated list required
 * exists and that every partial and parent they name exists and compiles.
 * Every other template of dir is compiled too (nothing is read from dir
 * later); one that does not compile is an error only when a page uses it.
 * The menu's words are texts of the catalog dir/strings.yaml (group
 * "pages", strings.h), which must have them.
 * c is borrowed and must outlive the result. Returns the renderer (free
 * with pages_free()), or NULL with "FILE:LINE:COLUMN: message" lines
 * appended to err.
 */
struct pages	*pages_new(const struct content *c, const char *dir,
		    const char *const *required, int preview, struct buf *err);

/*
 * Render template tpl with page (borrowed) as "page", the menu marking
 * section (an address such as "/services/"; "" marks nothing) as current,
 * appending the HTML to out. Returns 0, or -1 with a message line
 * appended to err and out unchanged.
 */
int		 pages_render(const struct pages *p, const char *tpl,
		    const char *section, json_t *page, struct buf *out,
		    struct buf *err);

/*
 * 1 when rendering template tpl may read name from the root object
 * ("channels", "services", "pages", ...; "pages" also when it shows the
 * menu, which is made from them), 0 when it cannot; 1 too when that
 * cannot be known (mst_env_uses()).
 */
int		 pages_uses(const struct pages *p, const char *tpl,
		    const char *name);

/*
 * The mst_loader of a templates folder, for other renderers of the same
 * folder (chart.h): arg is the folder's path; the template NAME is the
 * file NAME.mustache, NAME a word of [a-z0-9_-], read within the folder
 * (no link leads out: fsx_read_in).
 */
int		 pages_loader(void *arg, const char *name, struct buf *src,
		    struct mst_error *err);

/* Append e as a line "DIR/NAME.mustache:LINE:COLUMN: message" (without
 * LINE:COLUMN when e is not tied to a place). */
void		 pages_problem(const char *dir, const struct mst_error *e,
		    struct buf *err);

/* Free the renderer; accepts NULL. */
void		 pages_free(struct pages *p);

#endif
