/*
 * mddoc: one content file of Markdown with YAML front matter (a policy
 * revision, a channel, a service, a page) read, checked and rendered.
 *
 * The front matter is checked against a table of keys (lib/model/schema.h)
 * and then by the kind's own rules (a hook), while the positions of its
 * keys are still known; the body is rendered with lib/model/markdown.h.
 * Problems are reported as "FILE:LINE: ..." lines.
 */
#ifndef WASL_MDDOC_H
#define WASL_MDDOC_H

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "schema.h"

/* Largest content file read (bytes). */
#define MDDOC_MAX_FILE	(1024 * 1024)

/* A kind's own checks of the front matter obj, reporting through x (arg:
 * the caller's). */
typedef void (*mddoc_hook)(struct diag *x, json_t *obj, void *arg);

/*
 * Read path (inside the content folder root), split its front matter,
 * parse and check it against keys (then hook, when not NULL and the keys
 * are right), and render its Markdown. Returns the front matter object
 * with "html", "toc", "has_toc", "source" and "markdown" added (caller
 * owns), or NULL after appending the problems to err; *nerr is increased
 * by their count.
 */
json_t	*mddoc_load(const char *root, const char *path,
	    const struct schema_key *keys, mddoc_hook hook, void *arg,
	    struct buf *err, int *nerr);

#endif
