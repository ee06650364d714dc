/*
 * content: reads and validates an association's content folder into the
 * JSON data model that the page templates render.
 *
 * The folder holds site.yaml (lib/model/siteinfo.h),
 * policies/<slug>/<N>.md (policies.h, revision.h), channels/<slug>.md,
 * services/<slug>.md and pages/<slug>.md (Markdown with YAML front matter,
 * mddoc.h; see README.md for every key), and forms/<id>.yaml
 * (lib/model/formdef.h). Every problem found is reported as
 * "FILE:LINE: what is wrong; how to fix it", all of them, not just the
 * first.
 *
 * The model holds no display data: a date is {"iso"} (keys.h), a
 * service's "form" the form's id. lib/view/contentview.h completes the
 * documents for the templates (dates in words, a form's template data).
 */
#ifndef WASL_CONTENT_H
#define WASL_CONTENT_H

#include <jansson.h>

#include "buf.h"
#include "formdef.h"
#include "mddoc.h"
#include "schema.h"

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
 * Read dir. With drafts set, draft revisions are published too (a
 * preview), each marked as a draft. The form definitions hold words
 * (formdef_dir_load(); the catalog's, lib/view/contentview.h). Returns 0
 * with *c filled (free with content_free()), or -1 with the problems
 * appended to err, one a line. A service with a form carries "form"
 * (the form's id, as written) and "form_id".
 */
int	content_read(const char *dir, int drafts,
	    const struct formdef_words *words, struct content *c,
	    struct buf *err);
/*
 * For a rebuild (generator/cache.h): content_read() but for the
 * channels, services and pages, whose lists are left empty for the
 * caller to fill; every document content_read() makes carries
 * "source_key" ("channels/x.md"), "source_size" and "source_mtime" (ns),
 * "slug" and "url".
 */
int	content_read_base(const char *dir, int drafts,
	    const struct formdef_words *words, struct content *c,
	    struct buf *err);

/*
 * The document of one channel, service or page file, key "channels/x.md"
 * and so on, read and checked as content_read() does, into c (loaded
 * by content_read_base(): a service's form is looked up in its forms).
 * New reference, or NULL with the problems appended to err.
 */
json_t	*content_read_file(const char *dir, const char *key,
	    struct content *c, struct buf *err);

/* The three kinds of page file, each a folder of <slug>.md files, in the
 * order of content_read()'s lists (struct content's channels, services,
 * pages). */
enum content_kind_id {
	CONTENT_CHANNELS,
	CONTENT_SERVICES,
	CONTENT_PAGES,
	CONTENT_NKINDS
};

/* What the programs need to know of a kind; content_kinds[k] is kind k. */
struct content_kind_info {
	const char	*dir;		/* its folder in the content: "channels" */
	const char	*url;		/* the address its pages go under:
					   "/channels/" ("/" for pages) */
	const char	*out;		/* their folder in the site: "channels/"
					   ("" for pages) */
	const char	*tpl;		/* their page's template: "channel" */
	const char	*section;	/* their menu section, or NULL: the
					   page's own address */
	const char	*list;		/* their list in the templates' data and
					   in struct content: "channels" */
};
extern const struct content_kind_info content_kinds[CONTENT_NKINDS];

/* The kind of the file with key "channels/x.md" and so on, by its folder:
 * an enum content_kind_id (0 channels, 1 services, 2 pages), or -1 for
 * any other folder. key need not end after the file's name. */
int	content_kind(const char *key);

/* The list of kind k in c (&c->channels for CONTENT_CHANNELS, ...). */
json_t	**content_list(struct content *c, enum content_kind_id k);
/* The documents of kind k in c (c->channels for CONTENT_CHANNELS, ...),
 * borrowed. */
json_t	*content_docs(const struct content *c, enum content_kind_id k);

/* Call fn(date, arg) on every date object of c: the build's, the
 * policies' revisions', the channels', services' and pages'. */
void	content_each_date(struct content *c, schema_date_fn fn, void *arg);
/* The same for doc, a document of kind k (content_read_file()). */
void	content_doc_each_date(enum content_kind_id k, json_t *doc,
	    schema_date_fn fn, void *arg);

/* Release what content_read() filled (lib/view/contentview.h's loads
 * too); accepts a zeroed struct. */
void	content_free(struct content *c);

/* Largest content file read (bytes). */
#define CONTENT_MAX_FILE	MDDOC_MAX_FILE

#endif
