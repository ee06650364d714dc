/*
 * folder: listing, slugs and order of the content's folders (see
 * folder.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "folder.h"
#include "fsx.h"
#include "keys.h"

/* File name rules: slugs become addresses. */
int
folder_slug_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 64 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

static int
S_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
folder_list(const char *root, const char *dir, size_t *n, struct buf *err,
    int *nerr)
{
	DIR		*d;
	struct dirent	*e;
	char		**v = NULL;

	*n = 0;
	if ((d = fsx_opendir_in(root, dir)) == NULL) {
		if (errno != ENOENT) {
			buf_printf(err, "%s: cannot read the folder: %s\n",
			    dir, fsx_strerror(errno));
			(*nerr)++;
		}
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), S_cmp_names);
	return v;
}

void
folder_list_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
S_cmp_order(const void *a, const void *b)
{
	json_t		*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t	 ox = 1000, oy = 1000;

	if (json_is_integer(json_object_get(x, KEY_ORDER)))
		ox = json_integer_value(json_object_get(x, KEY_ORDER));
	if (json_is_integer(json_object_get(y, KEY_ORDER)))
		oy = json_integer_value(json_object_get(y, KEY_ORDER));
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, KEY_SLUG)),
	    json_string_value(json_object_get(y, KEY_SLUG)));
}

void
folder_sort(json_t *arr)
{
	size_t	 n = json_array_size(arr), i;
	json_t	**v;

	if (n < 2)
		return;
	v = xmalloc(n * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), S_cmp_order);
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}
