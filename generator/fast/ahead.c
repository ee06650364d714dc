/*
 * ahead: Markdown rendered ahead of the loader (see ahead.h).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content.h"
#include "frontmatter.h"
#include "fsx.h"
#include "markdown.h"
#include "pagelist.h"
#include "ahead.h"

static int
S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void *
S_run(void *arg)
{
	struct ahead	*ah = arg;
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	struct fm_split	 fm;
	struct dirent	*e;
	DIR		*d;
	char		**v;
	size_t		 k, n, i, len;
	int		 met = 0;

	/* content_read's order is channels, services, pages, each by
	 * name: this goes the other way */
	for (k = CONTENT_NKINDS; k-- > 0 && !met;) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", ah->content, content_kinds[k].dir);
		if ((d = fsx_opendir_in(ah->content, path.data)) == NULL)
			continue;	/* content_read() says why */
		v = NULL;
		n = 0;
		while ((e = readdir(d)) != NULL) {
			len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len <= 3 ||
			    strcmp(e->d_name + len - 3, ".md") != 0)
				continue;
			if ((n & (n - 1)) == 0)
				v = xrealloc(v, (n ? 2 * n : 1) * sizeof(*v));
			v[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (n > 0)
			qsort(v, n, sizeof(*v), S_cmp_str);
		for (i = n; i-- > 0; ) {
			if (!met && !atomic_load(&ah->stop)) {
				buf_reset(&path);
				buf_printf(&path, "%s/%s/%s", ah->content,
				    content_kinds[k].dir, v[i]);
				buf_reset(&src);
				if (fsx_read_in(ah->content, path.data,
				    CONTENT_MAX_FILE, &src) == 0 &&
				    fm_split(buf_cstr(&src), src.len,
				    &fm) == 0 && md_ahead_render(src.data +
				    fm.body_off, src.len - fm.body_off) == 1)
					met = 1;
			}
			free(v[i]);
		}
		free(v);
		if (atomic_load(&ah->stop))
			break;
	}
	buf_free(&path);
	buf_free(&src);
	return NULL;
}

void
ahead_start(struct ahead *ah, const char *content)
{
	memset(ah, 0, sizeof(*ah));
	ah->content = content;
	atomic_store(&ah->stop, 0);
	md_ahead_begin();
	ah->started = pthread_create(&ah->tid, NULL, S_run, ah) == 0;
}

void
ahead_stop(struct ahead *ah)
{
	if (ah->started) {
		atomic_store(&ah->stop, 1);
		pthread_join(ah->tid, NULL);
		ah->started = 0;
	}
	md_ahead_end();
}
