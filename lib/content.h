/*
 * content: reads and validates an association's content folder into the
 * JSON data model that the page templates render.
 *
 * The folder holds site.yaml, policies/<slug>/<N>.md, channels/<slug>.md,
 * services/<slug>.md and pages/<slug>.md (Markdown with YAML front matter;
 * see README.md for every key), and forms/<id>.yaml (lib/formdef). A
 * service's "form" becomes the form's template data (lib/formview). Every problem found is reported as
 * "FILE:LINE: what is wrong; how to fix it", all of them, not just the
 * first.
 */
#ifndef WASL_CONTENT_H
#define WASL_CONTENT_H

#include <jansson.h>

#include "buf.h"
#include "formdef.h"

struct content {
	json_t	*site;		/* site.yaml, validated, with defaults */
	json_t	*policies;	/* published policies, current revision each */
	json_t	*channels;	/* sorted by order, then slug */
	json_t	*services;
	json_t	*pages;
	struct formdef_dir *forms;	/* forms/ID.yaml, or NULL without */
	int	 forms_bad;		/* forms/ has errors (reported) */
	json_t	*build;		/* the build date, in both calendars */
	size_t	 drafts;	/* draft revisions shown (with drafts on) */
};

/*
 * Load dir. With drafts set, draft revisions are published too (a
 * preview), each marked as a draft. Returns 0 with *c filled (free with
 * content_free()), or -1 with the problems appended to err, one a line.
 */
int	content_load(const char *dir, int drafts, struct content *c,
	    struct buf *err);
/* A date's forms for the templates: {"iso", "saudi", "long",
 * "hijri_long"}. New reference. */
struct date;
json_t	*content_date_json(const struct date *d);

/*
 * content_load(), reusing an earlier build's documents: reuse maps
 * "channels/x.md" (and services/, pages/) to {"size", "mtime", "doc"}; a
 * file whose size and modification time (ns) are as recorded is not read
 * again: its "doc" (front matter and derived keys, no "html") is taken,
 * marked "cached": true. Every document gets "source_key",
 * "source_size" and "source_mtime" for the next build's record.
 */
int	content_load_reuse(const char *dir, int drafts, const json_t *reuse,
	    struct content *c, struct buf *err);

/* Release what content_load() filled; accepts a zeroed struct. */
void	content_free(struct content *c);

/* Largest content file read (bytes). */
#define CONTENT_MAX_FILE	(1024 * 1024)

#endif
