/*
 * backup: the online backup and the restore (see backup.h).
 */
#define _GNU_SOURCE	/* F_OFD_GETLK, F_OFD_SETLK */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "backup.h"
#include "db.h"

/*
 * SQLite's lock bytes (os_unix.c), where its connections hold POSIX
 * locks: in the database file, the pending, reserved and shared bytes
 * from 1 GiB on (a connection to a database in WAL mode holds a shared
 * lock there for as long as it is open); in the -shm file, the locks of
 * the WAL index at 120, then at 128 the dead-man switch that every open
 * connection holds shared.
 */
#define DB_LOCK_START	0x40000000
#define DB_LOCK_LEN	512
#define SHM_LOCK_START	120
#define SHM_LOCK_LEN	9

/* 1 when the two paths name the same existing file. */
static int
S_same_file(const char *p, const char *q)
{
	struct stat	 a, b;

	return stat(p, &a) == 0 && stat(q, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
}

int
backup_copy(struct store *s, const char *actor, const char *path,
    int *npages, struct buf *err)
{
	struct buf	 tmp = BUF_INIT, note = BUF_INIT;
	sqlite3		*dst = NULL;
	sqlite3_backup	*bk = NULL;
	sqlite3_stmt	*st = NULL;
	int		 fd = -1, rc = -1, step, pages = 0;
	const char	*check;

	*npages = 0;
	if (S_same_file(path, store_path(s))) {
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
	if ((bk = sqlite3_backup_init(dst, "main", store_db(s), "main")) ==
	    NULL) {
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
	if (audit_add(s, actor, "backup", NULL, NULL, NULL, buf_cstr(&note),
	    err) == -1)
		goto out;
	*npages = pages;
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

/* ---- restore ---- */

/* fcntl(fd, cmd) (F_OFD_GETLK or F_OFD_SETLK) for a write lock on
 * [start, start + len), described in *fl. */
static int
S_wrlock(int fd, int cmd, off_t start, off_t len, struct flock *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = F_WRLCK;
	fl->l_whence = SEEK_SET;
	fl->l_start = start;
	fl->l_len = len;
	return fcntl(fd, cmd, fl);
}

/* 1 when a process holds a lock on [start, start + len) of the file at
 * path that a write lock would conflict with, ours included (an open
 * file description lock conflicts with every other lock); 0 when none,
 * or no file; -1 with err. */
static int
S_locked(const char *path, off_t start, off_t len, struct buf *err)
{
	struct flock	 fl;
	int		 fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = S_wrlock(fd, F_OFD_GETLK, start, len, &fl);
	if (rc == -1)
		buf_printf(err, "%s: testing its locks: %s", path,
		    strerror(errno));
	close(fd);
	return rc == -1 ? -1 : fl.l_type != F_UNLCK;
}

static void
S_busy(struct buf *err, const char *live)
{
	buf_printf(err, "%s is open in another process (wasl-forms, or a "
	    "sqlite3 shell): stop the servers (make stop; on a server "
	    "systemctl stop wasl-forms) and close any program using it, then "
	    "run restore again; nothing was changed", live);
}

/* 0 when no process has the database live open, else -1 with err. */
static int
S_idle(const char *live, struct buf *err)
{
	struct buf	 shm = BUF_INIT;
	int		 a, b;

	buf_printf(&shm, "%s-shm", live);
	a = S_locked(live, DB_LOCK_START, DB_LOCK_LEN, err);
	b = a == -1 ? -1 : S_locked(shm.data, SHM_LOCK_START, SHM_LOCK_LEN,
	    err);
	buf_free(&shm);
	if (a == -1 || b == -1)
		return -1;
	if (a || b) {
		S_busy(err, live);
		return -1;
	}
	return 0;
}

/* Take a write lock on the database file's lock bytes, which any
 * connection needs to read it, so that none opens meanwhile: the
 * descriptor holding it into *fd (close it to let go). 0, or -1 with
 * err. */
static int
S_hold(const char *live, int *fd, struct buf *err)
{
	struct buf	 shm = BUF_INIT;
	struct flock	 fl;
	int		 held;

	if ((*fd = open(live, O_RDWR | O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: %s", live, strerror(errno));
		return -1;
	}
	if (S_wrlock(*fd, F_OFD_SETLK, DB_LOCK_START, DB_LOCK_LEN,
	    &fl) == -1) {
		if (errno == EAGAIN || errno == EACCES)
			S_busy(err, live);
		else
			buf_printf(err, "%s: locking: %s", live,
			    strerror(errno));
		return -1;
	}
	/* Our own lock would answer a test of those bytes: only the -shm
	 * is left to look at. */
	buf_printf(&shm, "%s-shm", live);
	held = S_locked(shm.data, SHM_LOCK_START, SHM_LOCK_LEN, err);
	buf_free(&shm);
	if (held == 1)
		S_busy(err, live);
	return held == 0 ? 0 : -1;
}

/* Copy the file src into the open descriptor fd. 0, or -1 with err. */
static int
S_copy_into(const char *src, int fd, struct buf *err)
{
	char	 b[65536];
	ssize_t	 n, w, off;
	int	 in;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: %s", src, strerror(errno));
		return -1;
	}
	while ((n = read(in, b, sizeof(b))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		for (off = 0; off < n; off += w)
			if ((w = write(fd, b + off, (size_t)(n - off))) == -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				goto fail;
			}
	}
	close(in);
	return 0;
fail:
	buf_printf(err, "copying %s: %s", src, strerror(errno));
	close(in);
	return -1;
}

/* fsync the file or folder at path. 0, or -1 with err. */
static int
S_sync_path(const char *path, int folder, struct buf *err)
{
	int	 fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
	if (fd == -1 || fsync(fd) == -1) {
		buf_printf(err, "flushing %s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	rc = close(fd);
	return rc;
}

/* The first column of the first row of sql on db as a number, or -1. */
static long long
S_number(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st = NULL;
	long long	 n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * The copy at path of the backup name: sound (PRAGMA integrity_check)
 * and a wasl database: a schema version this program can bring up to
 * date, with that version's tables. Its version and submissions into
 * *version and *n. 0, or -1 with err.
 */
static int
S_check_copy(const char *path, const char *name, int *version,
    long long *n, struct buf *err)
{
	/* The tables each schema version has (store.c's migrations). */
	static const struct {
		const char	*table;
		int		 since;
	} tables[] = {
		{ "submission", 1 }, { "field", 1 }, { "audit", 2 },
		{ "tally", 2 }, { NULL, 0 }
	};
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL;
	const char	*row;
	int		 i, rc = -1, step;
	char		 sql[160];

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		buf_printf(err, "%s: %s", name, db ? sqlite3_errmsg(db) :
		    "cannot open");
		goto out;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK || (step = sqlite3_step(st)) != SQLITE_ROW) {
		if (sqlite3_errcode(db) == SQLITE_NOTADB)
			buf_printf(err, "%s is not a SQLite database: name a "
			    "file made by wasl-admin backup", name);
		else
			buf_printf(err, "%s fails SQLite's integrity check "
			    "(%s): it cannot be restored; use another backup",
			    name, sqlite3_errmsg(db));
		goto out;
	}
	row = (const char *)sqlite3_column_text(st, 0);
	if (row == NULL || strcmp(row, "ok") != 0 ||
	    sqlite3_step(st) != SQLITE_DONE) {
		buf_printf(err, "%s fails SQLite's integrity check (", name);
		/* Its first problem, on the message's one line. */
		for (i = 0; row != NULL && row[i] != '\0' && i < 200; i++)
			if (row[i] == '\n')
				buf_puts(err, "; ");
			else if ((unsigned char)row[i] >= 0x20)
				buf_putc(err, row[i]);
		buf_puts(err, "): it cannot be restored; use another backup");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	*version = (int)S_number(db, "PRAGMA user_version");
	if (*version > store_schema_version()) {
		buf_printf(err, "%s has schema version %d, newer than this "
		    "program's %d: restore it with the wasl that wrote it, "
		    "or upgrade this one", name, *version,
		    store_schema_version());
		goto out;
	}
	if (*version < 1) {
		buf_printf(err, "%s is not a wasl database (it has no schema "
		    "version): name a file made by wasl-admin backup", name);
		goto out;
	}
	for (i = 0; tables[i].table != NULL; i++) {
		if (*version < tables[i].since)
			continue;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_schema"
		    " WHERE type = 'table' AND name = '%s'", tables[i].table);
		if (S_number(db, sql) != 1) {
			buf_printf(err, "%s is not a wasl database (it has no "
			    "table %s): name a file made by wasl-admin backup",
			    name, tables[i].table);
			goto out;
		}
	}
	*n = S_number(db, "SELECT count(*) FROM submission");
	rc = 0;
out:
	sqlite3_finalize(st);
	if (db != NULL && sqlite3_close(db) != SQLITE_OK && rc == 0) {
		buf_printf(err, "closing the copy of %s", name);
		rc = -1;
	}
	return rc;
}

/*
 * Copy the write-ahead log of the database live into it and empty it,
 * as the last connection closing does; its submissions into *n. 0, or
 * -1 with err (nothing changed).
 */
static int
S_checkpoint(const char *live, long long *n, struct buf *err)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL;
	struct buf	 wal = BUF_INIT;
	struct stat	 ws;
	int		 rc = -1, busy = 1;

	if (sqlite3_open_v2(live, &db, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint("
	    "TRUNCATE)", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) ==
	    SQLITE_ROW)
		busy = sqlite3_column_int(st, 0);
	else {
		buf_printf(err, "%s: its write-ahead log cannot be copied "
		    "into it (%s); nothing was changed. If the file is "
		    "damaged, move it and its -wal aside yourself and run "
		    "restore again", live, db ? sqlite3_errmsg(db) :
		    "cannot open");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (busy) {
		S_busy(err, live);
		goto out;
	}
	*n = S_number(db, "SELECT count(*) FROM submission");
	if (sqlite3_close(db) != SQLITE_OK) {
		buf_printf(err, "%s: closing: %s", live, sqlite3_errmsg(db));
		goto out;
	}
	db = NULL;
	/* The last connection gone, nothing is left in the log. */
	buf_printf(&wal, "%s-wal", live);
	if (stat(wal.data, &ws) == 0 && ws.st_size > 0) {
		S_busy(err, live);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	if (db != NULL)
		sqlite3_close(db);
	buf_free(&wal);
	return rc;
}

/* A name beside live that no file has: live.before-restore-STAMP, or
 * with -2, -3 ... when taken. 0, or -1 with err. */
static int
S_kept_name(const char *live, struct buf *kept, struct buf *err)
{
	struct stat	 st;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 stamp[32];
	int		 i;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (i = 1; i < 1000; i++) {
		buf_reset(kept);
		buf_printf(kept, "%s.before-restore-%s", live, stamp);
		if (i > 1)
			buf_printf(kept, "-%d", i);
		if (lstat(kept->data, &st) == -1 && errno == ENOENT)
			return 0;
	}
	buf_printf(err, "%s: no free name to keep it under", live);
	return -1;
}

/* Remove path; a missing one is fine. 0, or -1 with err. */
static int
S_remove(const char *path, struct buf *err)
{
	if (unlink(path) == -1 && errno != ENOENT) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void
backup_restored_free(struct backup_restored *r)
{
	free(r->live);
	free(r->kept);
	memset(r, 0, sizeof(*r));
}

/* Open the database at path as a store (its mode checked first). */
static struct store *
S_open(const char *path, struct buf *err)
{
	/* Nothing is stored that needs the duplicate salt. */
	static const unsigned char salt[32];

	if (db_check_mode(path, err) == -1)
		return NULL;
	return store_open(path, salt, err);
}

int
backup_restore(const char *db_path, const char *src, const char *actor,
    struct backup_restored *out, struct buf *err)
{
	struct buf	 live = BUF_INIT, tmp = BUF_INIT, kept = BUF_INIT;
	struct buf	 p = BUF_INIT, note = BUF_INIT;
	struct stat	 st, owner;
	struct store	*t = NULL;
	char		*srcabs = NULL, *copy = NULL, *dir = NULL;
	long long	 n = -1, nold = -1;
	int		 tmpfd = -1, lockfd = -1, have_live, version = 0;
	int		 made = 0, linked = 0, rc = -1, i;

	memset(out, 0, sizeof(*out));
	/* The backup. */
	if (stat(src, &st) == -1) {
		if (errno == ENOENT)
			buf_printf(err, "%s: no such file: name the backup to "
			    "restore (a file made by wasl-admin backup)", src);
		else
			buf_printf(err, "%s: %s", src, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		buf_printf(err, "%s: not a regular file", src);
		goto out;
	}
	if (S_same_file(src, db_path)) {
		buf_printf(err, "%s is the database itself; name a backup",
		    src);
		goto out;
	}
	srcabs = realpath(src, NULL);
	/* The database, by its full name: the folder as it really is. */
	copy = xstrdup(db_path);
	if ((dir = realpath(dirname(copy), NULL)) == NULL) {
		buf_printf(err, "%s: its folder: %s", db_path,
		    strerror(errno));
		goto out;
	}
	free(copy);
	copy = xstrdup(db_path);
	buf_printf(&live, "%s/%s", dir, basename(copy));
	have_live = lstat(live.data, &owner) == 0;
	if (!have_live && errno != ENOENT) {
		buf_printf(err, "%s: %s", live.data, strerror(errno));
		goto out;
	}
	if (have_live && S_ISLNK(owner.st_mode)) {
		buf_printf(err, "%s is a symbolic link: give --db the file it "
		    "names", live.data);
		goto out;
	}
	if (have_live && db_check_mode(live.data, err) == -1)
		goto out;
	if (!have_live) {
		buf_printf(&p, "%s-wal", live.data);
		if (lstat(p.data, &st) == 0) {
			buf_printf(err, "%s is there without its database: "
			    "move it away (it cannot be read alone), then run "
			    "restore again", p.data);
			goto out;
		}
		if (stat(dir, &owner) == -1) {
			buf_printf(err, "%s: %s", dir, strerror(errno));
			goto out;
		}
	}
	/* 1. Nobody has it open. */
	if (S_idle(live.data, err) == -1)
		goto out;

	/* 2. The backup copied beside it, checked, brought up to date,
	 * the restore in its audit trail. */
	buf_printf(&tmp, "%s.restore-XXXXXX", live.data);
	if ((tmpfd = mkstemp(tmp.data)) == -1) {
		buf_printf(err, "%s: %s", dir, strerror(errno));
		goto out;
	}
	made = 1;
	if (fchmod(tmpfd, 0600) == -1 || S_copy_into(src, tmpfd, err) == -1) {
		if (err->len == 0)
			buf_printf(err, "%s: %s", tmp.data, strerror(errno));
		goto out;
	}
	/* A log or journal beside the backup is part of it: SQLite reads
	 * the one and rolls the other back. */
	for (i = 0; i < 2; i++) {
		const char	*sfx = i == 0 ? "-wal" : "-journal";
		struct buf	 w = BUF_INIT;
		int		 wfd;

		buf_reset(&p);
		buf_printf(&p, "%s%s", src, sfx);
		if (stat(p.data, &st) == -1 || st.st_size == 0)
			continue;
		buf_printf(&w, "%s%s", tmp.data, sfx);
		wfd = open(w.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (wfd == -1)
			buf_printf(err, "%s: %s", w.data, strerror(errno));
		buf_free(&w);
		if (wfd == -1)
			goto out;
		if (S_copy_into(p.data, wfd, err) == -1) {
			close(wfd);
			goto out;
		}
		close(wfd);
	}
	if (S_check_copy(tmp.data, src, &version, &n, err) == -1)
		goto out;
	if (have_live && S_kept_name(live.data, &kept, err) == -1)
		goto out;
	buf_printf(&note, "restored from %s (%lld submission%s, schema "
	    "version %d); ", srcabs ? srcabs : src, n, n == 1 ? "" : "s",
	    version);
	if (have_live)
		buf_printf(&note, "the database it replaced is kept as %s",
		    kept.data);
	else
		buf_puts(&note, "there was no database to replace");
	if ((t = S_open(tmp.data, err)) == NULL || audit_add(t, actor,
	    "restore", NULL, NULL, NULL, buf_cstr(&note), err) == -1)
		goto out;
	store_close(t);
	t = NULL;
	/* Its connection closed, its log is in it and gone. */
	buf_reset(&p);
	buf_printf(&p, "%s-wal", tmp.data);
	if (stat(p.data, &st) == 0 && st.st_size > 0) {
		buf_printf(err, "%s: its write-ahead log is still there",
		    tmp.data);
		goto out;
	}
	if (S_remove(p.data, err) == -1)
		goto out;
	buf_reset(&p);
	buf_printf(&p, "%s-shm", tmp.data);
	if (S_remove(p.data, err) == -1)
		goto out;
	/* The owner of what it replaces (or of the folder), 0600, on
	 * disk. */
	if (fstat(tmpfd, &st) == -1 || ((st.st_uid != owner.st_uid ||
	    st.st_gid != owner.st_gid) && fchown(tmpfd, owner.st_uid,
	    owner.st_gid) == -1)) {
		buf_printf(err, "%s cannot be given the owner of %s (uid %lu, "
		    "gid %lu): %s; run restore as that user or as root",
		    tmp.data, have_live ? live.data : dir,
		    (unsigned long)owner.st_uid, (unsigned long)owner.st_gid,
		    strerror(errno));
		goto out;
	}
	if (fchmod(tmpfd, 0600) == -1 || fsync(tmpfd) == -1) {
		buf_printf(err, "%s: %s", tmp.data, strerror(errno));
		goto out;
	}

	/* 3. The database replaced: its log copied into it, held against
	 * newcomers, kept under its new name as well. */
	if (have_live) {
		if (S_checkpoint(live.data, &nold, err) == -1 ||
		    S_hold(live.data, &lockfd, err) == -1)
			goto out;
		if (link(live.data, kept.data) == -1) {
			buf_printf(err, "keeping %s as %s: %s; nothing was "
			    "changed", live.data, kept.data, strerror(errno));
			goto out;
		}
		linked = 1;
		if (chmod(kept.data, 0600) == -1 ||
		    S_sync_path(kept.data, 0, err) == -1) {
			if (err->len == 0)
				buf_printf(err, "%s: %s", kept.data,
				    strerror(errno));
			goto out;
		}
	}

	/* 4. The stale log and index out of the way, the backup in. */
	buf_reset(&p);
	buf_printf(&p, "%s-wal", live.data);
	if (S_remove(p.data, err) == -1)
		goto out;
	buf_reset(&p);
	buf_printf(&p, "%s-shm", live.data);
	if (S_remove(p.data, err) == -1)
		goto out;
	if (rename(tmp.data, live.data) == -1) {
		buf_printf(err, "%s: %s", live.data, strerror(errno));
		goto out;
	}
	made = 0;
	linked = 0;
	if (S_sync_path(dir, 1, err) == -1)
		goto out;
	out->live = xstrdup(live.data);
	out->n = n;
	if (have_live) {
		out->kept = xstrdup(kept.data);
		out->nold = nold;
	}
	rc = 0;
out:
	store_close(t);
	if (linked)
		unlink(kept.data);	/* the database itself is still there */
	if (lockfd != -1)
		close(lockfd);
	if (tmpfd != -1)
		close(tmpfd);
	if (made) {
		unlink(tmp.data);
		for (i = 0; i < 3; i++) {
			buf_reset(&p);
			buf_printf(&p, "%s%s", tmp.data, i == 0 ? "-wal" :
			    i == 1 ? "-shm" : "-journal");
			unlink(p.data);
		}
	}
	free(srcabs);
	free(copy);
	free(dir);
	buf_free(&live);
	buf_free(&tmp);
	buf_free(&kept);
	buf_free(&p);
	buf_free(&note);
	return rc;
}
