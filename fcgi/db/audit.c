/*
 * audit: the audit trail (see audit.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "workflow.h"

static void
S_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
audit_add(struct store *s, const char *actor, const char *action,
    const char *ref, const char *from, const char *to, const char *note,
    struct buf *err)
{
	return audit_add_revision(s, actor, action, ref, from, to, note, NULL,
	    err);
}

int
audit_add_revision(struct store *s, const char *actor, const char *action,
    const char *ref, const char *from, const char *to, const char *note,
    const char *revision, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	char		 now[WF_TIME_LEN + 1];
	int		 rc;

	wf_time_format(time(NULL), now);
	if (sqlite3_prepare_v2(store_db(s), "INSERT INTO audit (at, actor,"
	    " action, ref, from_status, to_status, note, revision) VALUES (?1,"
	    " ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "writing the audit trail");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
	S_bind_opt(st, 4, ref);
	S_bind_opt(st, 5, from);
	S_bind_opt(st, 6, to);
	S_bind_opt(st, 7, note);
	S_bind_opt(st, 8, revision);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "writing the audit trail");
	return 0;
}

void
audit_entries_free(struct audit_entries *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].at);
		free(l->v[i].actor);
		free(l->v[i].action);
		free(l->v[i].ref);
		free(l->v[i].from);
		free(l->v[i].to);
		free(l->v[i].note);
		free(l->v[i].revision);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The rows of st (at, actor, action, ref, from, to, note, redacted,
 * revision) into out. */
static int
S_rows(struct store *s, sqlite3_stmt *st, struct audit_entries *out,
    struct buf *err, const char *what)
{
	struct audit_entry	*e;
	int			 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		e = &out->v[out->n++];
		e->at = db_strdup(st, 0);
		e->actor = db_strdup(st, 1);
		e->action = db_strdup(st, 2);
		e->ref = db_strdup(st, 3);
		e->from = db_strdup(st, 4);
		e->to = db_strdup(st, 5);
		e->note = db_strdup(st, 6);
		e->redacted = sqlite3_column_int(st, 7);
		e->revision = db_strdup(st, 8);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

int
audit_list(struct store *s, const char *ref, const char *lo,
    const char *hi, struct audit_entries *out, struct buf *err)
{
	static const char what[] = "reading the audit trail";
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(store_db(s), "SELECT at, actor, action, ref,"
	    " from_status, to_status, note, redacted, revision FROM audit"
	    " WHERE (?1 IS NULL OR ref = ?1) AND at >= ?2 AND at < ?3"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	if (ref != NULL)
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
	return S_rows(s, st, out, err, what);
}

int
audit_history(struct store *s, const char *ref, struct audit_entries *out,
    struct buf *err)
{
	static const char what[] = "reading the history";
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(store_db(s), "SELECT at, actor, action, ref,"
	    " from_status, to_status, note, redacted, revision FROM audit"
	    " WHERE ref = ?1 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	return S_rows(s, st, out, err, what);
}

/* s as a LIKE pattern matching any text that holds it: %s% with the
 * pattern's own characters (% _ and the escape \) escaped. */
static void
S_like(struct buf *out, const char *s)
{
	buf_putc(out, '%');
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
	buf_putc(out, '%');
}

int
audit_search(struct store *s, const struct audit_query *q, size_t offset,
    size_t limit, struct audit_entries *out, int *more, struct buf *err)
{
	static const char what[] = "searching the audit trail";
	sqlite3_stmt	*st = NULL;
	struct buf	 like = BUF_INIT;
	size_t		 n0 = out->n;
	int		 rc;

	*more = 0;
	if (db_prepare(s, "SELECT at, actor, action, ref, from_status,"
	    " to_status, note, redacted, revision FROM audit"
	    " WHERE (?1 IS NULL OR actor LIKE ?1 ESCAPE '\\')"
	    " AND (?2 IS NULL OR action = ?2)"
	    " AND (?3 IS NULL OR ref = ?3)"
	    " AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)"
	    " AND (?6 = 0 OR action IN ('signin', 'signin-refused',"
	    " 'signout'))"
	    " ORDER BY at DESC, id DESC LIMIT ?7 OFFSET ?8", &st, err,
	    what) == -1)
		return -1;
	if (q->actor != NULL && *q->actor != '\0') {
		S_like(&like, q->actor);
		sqlite3_bind_text(st, 1, buf_cstr(&like), -1, SQLITE_STATIC);
	}
	if (q->action != NULL && *q->action != '\0')
		sqlite3_bind_text(st, 2, q->action, -1, SQLITE_STATIC);
	if (q->ref != NULL && *q->ref != '\0')
		sqlite3_bind_text(st, 3, q->ref, -1, SQLITE_STATIC);
	if (q->lo != NULL)
		sqlite3_bind_text(st, 4, q->lo, -1, SQLITE_STATIC);
	if (q->hi != NULL)
		sqlite3_bind_text(st, 5, q->hi, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, q->signins != 0);
	/* One more than asked: whether there are more. */
	sqlite3_bind_int64(st, 7, (sqlite3_int64)limit + 1);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)offset);
	rc = S_rows(s, st, out, err, what);
	buf_free(&like);
	if (rc == -1)
		return -1;
	if (out->n - n0 > limit) {
		out->n--;
		free(out->v[out->n].at);
		free(out->v[out->n].actor);
		free(out->v[out->n].action);
		free(out->v[out->n].ref);
		free(out->v[out->n].from);
		free(out->v[out->n].to);
		free(out->v[out->n].note);
		free(out->v[out->n].revision);
		*more = 1;
	}
	return 0;
}

int
audit_signins(struct store *s, const char *name, int limit,
    struct audit_entries *out, struct buf *err)
{
	static const char what[] = "reading the sign-ins";
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(store_db(s), "SELECT at, actor, action, ref,"
	    " from_status, to_status, note, redacted, revision FROM audit"
	    " WHERE actor = ?1 AND action IN ('signin', 'signin-refused',"
	    " 'signout') ORDER BY id DESC LIMIT ?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(s, err, what);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	return S_rows(s, st, out, err, what);
}
