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
 * finds the changed files from the recorded sizes and times, and takes
 * the front matter of unchanged ones from the record, parsing a line only
 * when its document is needed; when a changed file's front matter
 * (title, order, ...) changed too, lists and menus could change, so the
 * whole site is built.
 */
#ifndef WASL_CACHE_H
#define WASL_CACHE_H

#include <jansson.h>

#include "buf.h"
#include "content.h"

/* The record's path for the output folder out: .OUT.cache beside it,
 * appended to b. */
void	 cache_path(struct buf *b, const char *out);

/* The digest of what every page depends on, as hex into key: 0, or -1
 * without a digest, with "FILE: ..." appended to err when a file it reads
 * is refused (a symbolic link leading out of its folder: fsx.h), which
 * the build must then refuse too. Files read inside their own folder. */
int	 cache_key(const char *content, const char *templates,
	    const char *today, int drafts, char key[65], struct buf *err);

/* The digest of the channel, service and page files' names, sizes and
 * modification times: when it is as recorded, nothing changed. */
int	 cache_files_key(const char *content, char key[65]);

/* 1 when the record at path has key and files key files (so a rebuild
 * has nothing to do), 0 otherwise. Reads only the record's first line. */
int	 cache_unchanged(const char *path, const char *key,
	    const char *files);

/* A record as read, for one rebuild. */
struct cache_rec;

/* The record at path if its key is key and each of its lines is a
 * document's, else NULL. Only each line's facts are read; a document is
 * parsed when asked for. Free with cache_rec_free() (accepts NULL). */
struct cache_rec *cache_load(const char *path, const char *key);
void	 cache_rec_free(struct cache_rec *r);

/* How many documents it holds, in the content's order. */
size_t	 cache_rec_count(const struct cache_rec *r);

/* Document i's source key ("channels/x.md"), len bytes, not terminated;
 * borrowed. */
const char *cache_rec_key(const struct cache_rec *r, size_t i, size_t *len);

/* The size and modification time (ns) its file had. */
void	 cache_rec_facts(const struct cache_rec *r, size_t i,
	    long long *size, long long *mtime);

/* Document i as recorded (front matter and derived keys, no "html"),
 * with "source_key", "source_size" and "source_mtime": a new reference,
 * or NULL when its line does not parse (a damaged record). */
json_t	*cache_rec_doc(const struct cache_rec *r, size_t i);

/* Record doc (loaded again from its file) in place of document i.
 * 0, or -1 when doc cannot be recorded. */
int	 cache_rec_replace(struct cache_rec *r, size_t i, const json_t *doc);

/* Write r, with its replaced lines, under key and files: as a record
 * cache_save() writes for the same content. 0 or -1. */
int	 cache_rec_save(const struct cache_rec *r, const char *path,
	    const char *key, const char *files);

/* Record c's channels, services and pages under key and files (written
 * to a temporary file, then renamed over path). 0 or -1. */
int	 cache_save(const char *path, const char *key, const char *files,
	    const struct content *c);

/* A document as recorded: without the rendered text and file facts. */
json_t	*cache_doc(const json_t *doc);

#endif
