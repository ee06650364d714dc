/*
 * backup: a consistent copy of the database while wasl-forms keeps
 * writing to it, with SQLite's online backup API; and the way back,
 * putting such a copy in place of the database with the servers stopped.
 * Both audited in the name of the actor the front end gives (audit.h).
 */
#ifndef WASL_BACKUP_H
#define WASL_BACKUP_H

#include "buf.h"
#include "store.h"

/*
 * Copy the database of s, as it stood at one moment, into a temporary
 * file beside path (mode 0600), check the copy (PRAGMA
 * integrity_check), flush it to disk and rename it to path, so that
 * path is always either the previous backup or a complete new one; then
 * the "backup" audit entry. path may not be the database itself. The
 * pages copied into *npages. Returns 0, or -1 with err.
 */
int	backup_copy(struct store *s, const char *actor, const char *path,
	    int *npages, struct buf *err);

/* What a restore did: the database's full path, its submissions now;
 * where the one it replaced is kept (NULL when there was none) and its
 * submissions. Free with backup_restored_free(). */
struct backup_restored {
	char		*live, *kept;
	long long	 n, nold;
};
void	backup_restored_free(struct backup_restored *r);

/*
 * Put the backup src in place of the database at db_path (which the
 * caller has not opened: this opens what it needs).
 *  1. Refused while any process has the database open: every SQLite
 *     connection to a database in WAL mode holds a read lock on the
 *     database file's shared-lock bytes and on its -shm file's
 *     dead-man-switch byte for as long as it is open, which this tests
 *     with open file description locks (F_OFD_GETLK), and holds against
 *     newcomers (F_OFD_SETLK) while the files are swapped.
 *  2. src (and a -wal beside it) is copied into a temporary file in
 *     the database's folder, which must pass PRAGMA integrity_check and
 *     be a wasl database: a schema version from 1 to
 *     store_schema_version() (newer ones are refused), with the tables
 *     of that version. It is brought up to date (migrated) and its audit
 *     trail gets the restore: who, when, from which file, where the
 *     replaced database is kept.
 *  3. The database replaced, its WAL checkpointed into it first, stays
 *     beside it as NAME.before-restore-YYYYMMDDTHHMMSSZ (UTC; a -N is
 *     added rather than overwrite anything), mode 0600.
 *  4. The stale -wal and -shm are removed, the temporary file (flushed,
 *     with the owner and group of the database replaced, or of its
 *     folder when there was none, and mode 0600) renamed into place and
 *     the folder flushed.
 * Any refusal leaves the database and everything beside it as it was.
 * The database's mode is checked (db_check_mode()) when it exists; a
 * missing one is simply created from src. Returns 0 with *out filled,
 * or -1 with err.
 */
int	backup_restore(const char *db_path, const char *src,
	    const char *actor, struct backup_restored *out, struct buf *err);

#endif
