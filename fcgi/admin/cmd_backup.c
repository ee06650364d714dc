/*
 * cmd_backup: backup and restore (see cmd_backup.h).
 */
#include <stdio.h>

#include "backup.h"
#include "cmd_backup.h"

int
cmd_backup(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	int	 pages;

	if (backup_copy(a->store, adm_actor(a), o->pos[0], &pages, err) == -1)
		return -1;
	fprintf(a->out, "backup: %s (%d pages), integrity ok\n", o->pos[0],
	    pages);
	return 0;
}

int
cmd_restore(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct backup_restored	 r;
	const char		*src = o->pos[0];
	long long		 n, nold;

	if (backup_restore(a->db_path, src, adm_actor(a), &r, err) == -1)
		return -1;
	n = r.n;
	nold = r.nold;
	fprintf(a->out, "restore: %s (%lld submission%s, integrity ok) is now "
	    "%s\n", src, n, n == 1 ? "" : "s", r.live);
	if (r.kept != NULL)
		fprintf(a->out, "restore: the database it replaced (%lld "
		    "submission%s) is kept as %s\n", nold, nold == 1 ? "" :
		    "s", r.kept);
	else
		fprintf(a->out, "restore: there was no database to replace\n");
	backup_restored_free(&r);
	return 0;
}
