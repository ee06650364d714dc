/*
 * publish: the new site in the output's place, and back (see publish.h).
 */
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "fsx.h"
#include "output.h"
#include "publish.h"

int
publish_stage(struct stage *s, const char *out, struct buf *err)
{
	const char	*slash = strrchr(out, '/');

	/* Beside the output, on its file system, so that the final swap is
	 * a rename. */
	if (slash == NULL)
		buf_printf(&s->path, ".%s.tmp-%ld", out, (long)getpid());
	else
		buf_printf(&s->path, "%.*s/.%s.tmp-%ld", (int)(slash - out),
		    out, slash + 1, (long)getpid());
	if ((s->fd = output_tmp(s->path.data, err)) == -1)
		return -1;
	s->made = 1;
	(void)fsx_spread_dir(s->fd);
	return 0;
}

int
publish_swap(struct stage *s, const char *out, int keep,
    struct ledger *seal, int *replaced, struct buf *err)
{
	switch (output_replace(s->path.data, out, keep, err)) {
	case -1:
		return -1;
	case -2:
		*replaced = 1;
		s->made = 0;	/* it holds what was replaced */
		return -1;
	}
	*replaced = 1;
	s->made = 0;
	if (seal != NULL && ledger_save(seal, err) == -1) {
		buf_printf(err, "%s: the new site is published, but the approved "
		    "texts it published first are not sealed yet: run the "
		    "publish again\n", out);
		return -1;
	}
	return 0;
}

void
publish_stage_free(struct stage *s)
{
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	if (s->made)
		fsx_remove_tree(s->path.data);
	s->made = 0;
	buf_free(&s->path);
}

int
publish_rollback(const char *out, struct buf *err)
{
	struct buf	 rec = BUF_INIT;

	if (output_rollback(out, err) == -1)
		return -1;
	/* the record describes the site that just went */
	cache_path(&rec, out);
	unlink(rec.data);
	buf_free(&rec);
	return 0;
}
