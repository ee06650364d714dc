/*
 * backup: the online backup (see backup.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"

/* 1 when the two paths name the same existing file. */
static int
S_same_file(const char *p, const char *q)
{
	struct stat	 a, b;

	return stat(p, &a) == 0 && stat(q, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
}

int
backup_cmd(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const char	*path = o->pos[0];
	struct buf	 tmp = BUF_INIT, note = BUF_INIT;
	sqlite3		*dst = NULL;
	sqlite3_backup	*bk = NULL;
	sqlite3_stmt	*st = NULL;
	int		 fd = -1, rc = -1, step, pages = 0;
	const char	*check;

	if (S_same_file(path, a->db_path)) {
		buf_printf(err, "%s is the database itself; name another file",
		    path);
		return -1;
	}
	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp.data)) == -1) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) == -1) {
		buf_printf(err, "%s: %s", tmp.data, strerror(errno));
		goto out;
	}
	if (sqlite3_open_v2(tmp.data, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		buf_printf(err, "%s: %s", tmp.data, dst ? sqlite3_errmsg(dst) :
		    "cannot open");
		goto out;
	}
	/* All pages in one step: one read transaction, one snapshot; the
	 * server's writers go on meanwhile (WAL). */
	if ((bk = sqlite3_backup_init(dst, "main", a->db, "main")) == NULL) {
		buf_printf(err, "starting the backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	do {
		step = sqlite3_backup_step(bk, -1);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			sqlite3_sleep(100);
	} while (step == SQLITE_OK || step == SQLITE_BUSY ||
	    step == SQLITE_LOCKED);
	pages = sqlite3_backup_pagecount(bk);
	if (sqlite3_backup_finish(bk) != SQLITE_OK || step != SQLITE_DONE) {
		bk = NULL;
		buf_printf(err, "copying: %s", sqlite3_errmsg(dst));
		goto out;
	}
	bk = NULL;
	if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW ||
	    (check = (const char *)sqlite3_column_text(st, 0)) == NULL ||
	    strcmp(check, "ok") != 0) {
		buf_printf(err, "the copy fails its integrity check: %s",
		    sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_close(dst) != SQLITE_OK) {
		buf_printf(err, "closing the copy: %s", sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (fsync(fd) == -1 || rename(tmp.data, path) == -1) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	buf_printf(&note, "to %s (%d pages)", path, pages);
	if (adm_audit(a, "backup", NULL, NULL, NULL, buf_cstr(&note), err) ==
	    -1)
		goto out;
	fprintf(a->out, "backup: %s (%d pages), integrity ok\n", path, pages);
	rc = 0;
out:
	sqlite3_finalize(st);
	if (bk != NULL)
		sqlite3_backup_finish(bk);
	if (dst != NULL)
		sqlite3_close(dst);
	if (fd != -1)
		close(fd);
	if (rc != 0 && tmp.data != NULL && fd != -1)
		unlink(tmp.data);
	buf_free(&tmp);
	buf_free(&note);
	return rc;
}
