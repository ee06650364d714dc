/*
 * folder: what the content's folders share: listing a folder (sorted,
 * without hidden files), the rule for a file's slug (it becomes an
 * address), and the order of a listing (by "order", then "slug").
 */
#ifndef WASL_FOLDER_H
#define WASL_FOLDER_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * The names in dir (inside the content folder root), sorted, without
 * hidden files. *n gets the count; a missing folder is an empty list, one
 * that cannot be read is reported to err ("DIR: cannot read the folder:
 * ...") and counted in *nerr. Caller frees with folder_list_free().
 */
char	**folder_list(const char *root, const char *dir, size_t *n,
	    struct buf *err, int *nerr);
/* Free folder_list()'s result of n names; accepts NULL. */
void	  folder_list_free(char **v, size_t n);

/* 1 when s[0..len) is a valid slug: 1 to 64 of a-z, 0-9 and single
 * hyphens, neither first nor last; else 0. */
int	  folder_slug_ok(const char *s, size_t len);

/* Sort the documents of arr in place by their "order" (1000 when absent),
 * then by "slug". */
void	  folder_sort(json_t *arr);

#endif
