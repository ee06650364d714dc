/*
 * db: shared by the modules of the database (see db.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "workflow.h"

int
db_check_mode(const char *path, struct buf *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm", NULL };
	struct stat	 st;
	char		 p[PATH_MAX];
	int		 i;

	for (i = 0; sfx[i] != NULL; i++) {
		if ((size_t)snprintf(p, sizeof(p), "%s%s", path, sfx[i]) >=
		    sizeof(p)) {
			buf_printf(err, "%s: path too long", path);
			return -1;
		}
		if (stat(p, &st) == -1) {
			if (errno == ENOENT && i > 0)
				continue;
			if (errno == ENOENT)
				buf_printf(err, "%s: no database there; give "
				    "--db PATH (wasl-forms creates it when it "
				    "first starts)", p);
			else
				buf_printf(err, "%s: %s", p, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			buf_printf(err, "%s: not a regular file", p);
			return -1;
		}
		if ((st.st_mode & 07177) != 0) {
			buf_printf(err, "%s: permissions %04o are looser than "
			    "0600; the database holds personal data and only "
			    "its owner may read it: chmod 600 %s",
			    p, (unsigned)(st.st_mode & 07777), p);
			return -1;
		}
	}
	return 0;
}

int
db_one_row(struct store *s, sqlite3_stmt *st,
    void (*fill)(sqlite3_stmt *, void *), void *arg, const char *what,
    struct buf *err)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		fill(st, arg);
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_error(s, err, what);
	sqlite3_finalize(st);
	return rc;
}

int
db_error(struct store *s, struct buf *err, const char *what)
{
	sqlite3	*db = s ? store_db(s) : NULL;

	buf_printf(err, "%s: %s", what, db ? sqlite3_errmsg(db) :
	    "no database");
	return -1;
}

int
db_begin(struct store *s, struct buf *err)
{
	if (sqlite3_exec(store_db(s), "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_error(s, err, "starting a transaction");
	return 0;
}

int
db_read(struct store *s, const char *what, struct buf *err)
{
	if (sqlite3_exec(store_db(s), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	return 0;
}

int
db_commit(struct store *s, struct buf *err)
{
	if (sqlite3_exec(store_db(s), "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		db_error(s, err, "committing");
		db_rollback(s);
		return -1;
	}
	return 0;
}

void
db_rollback(struct store *s)
{
	sqlite3	*db = s ? store_db(s) : NULL;

	if (db != NULL && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

const char *
db_text(sqlite3_stmt *st, int i)
{
	const unsigned char	*v = sqlite3_column_text(st, i);

	return v ? (const char *)v : NULL;
}

char *
db_strdup(sqlite3_stmt *st, int i)
{
	const char	*v = db_text(st, i);

	return v ? xstrdup(v) : NULL;
}

int
db_month(const char *utc, char out[8])
{
	struct date	 d;

	if (wf_local_date(utc, &d) == -1)
		return -1;
	snprintf(out, 8, "%04u-%02u", (unsigned)d.year % 10000u,
	    (unsigned)d.month % 100u);
	return 0;
}

int
db_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
    struct buf *err, const char *what)
{
	if (sqlite3_prepare_v2(store_db(s), sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_error(s, err, what);
	}
	return 0;
}
