/*
 * db: what the modules of the database (fcgi/db) share beyond store.h:
 * the permissions a database file must have, transactions on a store's
 * connection, SQLite's error as a message, and copies of column text.
 *
 * The staff's modules (audit, cases, export, privacy, report, backup)
 * use a store's connection one call at a time: call them from one
 * thread, not beside store_submit() on the same store. Every function
 * returns 0, or -1 with a message (one line, no trailing newline)
 * appended to err; none prints or exits.
 */
#ifndef WASL_DB_H
#define WASL_DB_H

#include "buf.h"
#include "store.h"

struct sqlite3_stmt;

/*
 * Refuse a database file (and its -wal and -shm beside it, when present)
 * whose permissions are looser than 0600 or that is not a regular file;
 * a missing database is refused too. Returns 0, or -1 with the reason
 * and the fix appended to err.
 */
int	 db_check_mode(const char *path, struct buf *err);

/* Transactions on s: BEGIN IMMEDIATE (db_begin: to write), BEGIN
 * (db_read: one snapshot to read in, holding no writer), COMMIT (rolled
 * back when it fails), ROLLBACK (never fails; nothing when none is
 * open). what names the work in the message of a failed BEGIN. */
int	 db_begin(struct store *s, struct buf *err);
int	 db_read(struct store *s, const char *what, struct buf *err);
int	 db_commit(struct store *s, struct buf *err);
void	 db_rollback(struct store *s);

/* Append to err "what: SQLite's message" and return -1. */
int	 db_error(struct store *s, struct buf *err, const char *what);
/* Prepare sql on s's connection into *st. Returns 0, or -1 with *st NULL
 * and db_error()'s message for what. */
int	 db_prepare(struct store *s, const char *sql, struct sqlite3_stmt **st,
	    struct buf *err, const char *what);

/*
 * Step st, a query of one row at most, and finalize it. When a row is
 * there, fill(st, arg) reads it first. Returns 1 (a row), 0 (none), or
 * -1 with db_error()'s message for what.
 */
int	 db_one_row(struct store *s, struct sqlite3_stmt *st,
	    void (*fill)(struct sqlite3_stmt *, void *), void *arg,
	    const char *what, struct buf *err);

/* The Saudi month "YYYY-MM" of a stored UTC time into out; -1 when
 * malformed. */
int	 db_month(const char *utc, char out[8]);

/* Column i of st as text, borrowed until the next step (NULL when
 * NULL); and as a copy (caller frees; NULL when NULL). */
const char *db_text(struct sqlite3_stmt *st, int i);
char	*db_strdup(struct sqlite3_stmt *st, int i);

#endif
