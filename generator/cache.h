/*
 * cache: what the last build of an output folder was made from, so that
 * a rebuild renders and writes only the pages whose own file changed.
 *
 * The record sits beside the output (.OUT.cache), as text, one document
 * a line (see cache.c). It holds a digest of
 * everything every page depends on (templates and assets, site.yaml,
 * forms, policies, published data, the list of files, the build date and
 * options) and, for each channel, service and page file, its size,
 * modification time and front matter. A rebuild whose digest matches
 * reuses the front matter of unchanged files without reading them; when
 * a changed file's front matter (title, order, ...) changed too, lists
 * and menus could change, so the whole site is built.
 */
#ifndef WASL_CACHE_H
#define WASL_CACHE_H

#include <jansson.h>

#include "buf.h"
#include "content.h"

/* The digest of what every page depends on, as hex into key. */
int	 cache_key(const char *content, const char *templates,
	    const char *today, int drafts, char key[65]);

/* The digest of the channel, service and page files' names, sizes and
 * modification times: when it is as recorded, nothing changed. */
int	 cache_files_key(const char *content, char key[65]);

/* 1 when the record at path has key and files key files (so a rebuild
 * has nothing to do), 0 otherwise. Reads only the record's first line. */
int	 cache_unchanged(const char *path, const char *key,
	    const char *files);

/* A record as read, for one rebuild. */
struct cache_rec;

/* The record at path if its key is key, else NULL. Free with
 * cache_rec_free() (accepts NULL). */
struct cache_rec *cache_load(const char *path, const char *key);
void	 cache_rec_free(struct cache_rec *r);

/* Its documents: "channels/x.md" -> {"size", "mtime", "doc"}, as
 * content_load_reuse() takes them. Borrowed, valid until
 * cache_rec_free(). */
const json_t *cache_rec_docs(const struct cache_rec *r);

/*
 * Record c's channels, services and pages under key and files (written
 * to a temporary file, then renamed over path). With old (may be NULL),
 * the record c was loaded from, a document taken from it unchanged
 * ("cached") keeps its line as it was, without being written out again.
 * 0 or -1.
 */
int	 cache_save(const char *path, const char *key, const char *files,
	    const struct content *c, const struct cache_rec *old);

/* A document as recorded: without the rendered text and file facts. */
json_t	*cache_doc(const json_t *doc);

#endif
