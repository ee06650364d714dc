/*
 * cache: what the last build of an output folder was made from, so that
 * a rebuild renders and writes only the pages whose own file changed.
 *
 * The record sits beside the output (.OUT.cache). It holds a digest of
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

/* The documents recorded at path if its key is key; else NULL. New
 * reference. */
json_t	*cache_load(const char *path, const char *key);

/* Record c's channels, services and pages under key and files. 0 or -1. */
int	 cache_save(const char *path, const char *key, const char *files,
	    const struct content *c);

/* A document as recorded: without the rendered text and file facts. */
json_t	*cache_doc(const json_t *doc);

#endif
