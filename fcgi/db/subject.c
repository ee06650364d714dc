/*
 * subject: the data-subject requests (see subject.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "subject.h"

#define COLS	"id, kind, opened_at, opened_by, national_id, mobile," \
		" email, closed_at, closed_by, outcome, found"

void
subject_request_free(struct subject_request *r)
{
	free(r->kind);
	free(r->opened_at);
	free(r->opened_by);
	if (r->national_id != NULL)
		explicit_bzero(r->national_id, strlen(r->national_id));
	if (r->mobile != NULL)
		explicit_bzero(r->mobile, strlen(r->mobile));
	if (r->email != NULL)
		explicit_bzero(r->email, strlen(r->email));
	free(r->national_id);
	free(r->mobile);
	free(r->email);
	free(r->closed_at);
	free(r->closed_by);
	free(r->outcome);
	memset(r, 0, sizeof(*r));
}

void
subject_requests_free(struct subject_requests *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		subject_request_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
subject_kind_valid(const char *kind)
{
	return kind != NULL && (strcmp(kind, "access") == 0 ||
	    strcmp(kind, "erase") == 0);
}

int
subject_outcome_valid(const char *o)
{
	return o != NULL && (strcmp(o, "answered") == 0 ||
	    strcmp(o, "erased") == 0 || strcmp(o, "none") == 0 ||
	    strcmp(o, "withdrawn") == 0);
}

static void
S_bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

long long
subject_open(struct store *s, const char *actor, const char *kind,
    const struct person *p, struct buf *err)
{
	static const char what[] = "opening a data-subject request";
	sqlite3_stmt	*st = NULL;
	struct buf	 note = BUF_INIT;
	char		 now[WF_TIME_LEN + 1];
	long long	 id = -1;

	if (!subject_kind_valid(kind)) {
		buf_puts(err, "a data-subject request is of kind access or "
		    "erase");
		return -1;
	}
	if (p->national_id[0] == '\0' && p->mobile[0] == '\0' &&
	    p->email == NULL) {
		buf_puts(err, "a data-subject request names the person");
		return -1;
	}
	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "INSERT INTO privacy_request (kind, opened_at,"
	    " opened_by, national_id, mobile, email) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6)", &st, err, what) == -1)
		goto fail;
	wf_time_format(time(NULL), now);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	S_bind_opt(st, 4, p->national_id);
	S_bind_opt(st, 5, p->mobile);
	S_bind_opt(st, 6, p->email);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(s, err, what);
		goto fail;
	}
	id = sqlite3_last_insert_rowid(store_db(s));
	buf_printf(&note, "data-subject request %lld opened: %s", id, kind);
	if (audit_add(s, actor, "request", NULL, NULL, NULL, buf_cstr(&note),
	    err) == -1)
		goto fail;
	sqlite3_finalize(st);
	buf_free(&note);
	if (db_commit(s, err) == -1)
		return -1;
	return id;
fail:
	sqlite3_finalize(st);
	buf_free(&note);
	db_rollback(s);
	return -1;
}

/* The rows of st (COLS) into out. */
static int
S_rows(struct store *s, sqlite3_stmt *st, struct subject_requests *out,
    struct buf *err, const char *what)
{
	struct subject_request	*r;
	int			 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		r = &out->v[out->n++];
		r->id = sqlite3_column_int64(st, 0);
		r->kind = db_strdup(st, 1);
		r->opened_at = db_strdup(st, 2);
		r->opened_by = db_strdup(st, 3);
		r->national_id = db_strdup(st, 4);
		r->mobile = db_strdup(st, 5);
		r->email = db_strdup(st, 6);
		r->closed_at = db_strdup(st, 7);
		r->closed_by = db_strdup(st, 8);
		r->outcome = db_strdup(st, 9);
		r->found = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 10);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

int
subject_get(struct store *s, long long id, struct subject_request *out,
    struct buf *err)
{
	static const char what[] = "reading a data-subject request";
	struct subject_requests	 l;
	sqlite3_stmt		*st;

	memset(out, 0, sizeof(*out));
	memset(&l, 0, sizeof(l));
	if (db_prepare(s, "SELECT " COLS " FROM privacy_request WHERE id = ?1",
	    &st, err, what) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (S_rows(s, st, &l, err, what) == -1) {
		subject_requests_free(&l);
		return -1;
	}
	if (l.n == 0) {
		subject_requests_free(&l);
		return 0;
	}
	*out = l.v[0];
	l.n = 0;
	subject_requests_free(&l);
	return 1;
}

int
subject_open_list(struct store *s, struct subject_requests *out,
    struct buf *err)
{
	static const char what[] = "reading the data-subject requests";
	sqlite3_stmt	*st;

	if (db_prepare(s, "SELECT " COLS " FROM privacy_request"
	    " WHERE closed_at IS NULL ORDER BY opened_at, id", &st, err,
	    what) == -1)
		return -1;
	return S_rows(s, st, out, err, what);
}

int
subject_closed_list(struct store *s, int limit, struct subject_requests *out,
    struct buf *err)
{
	static const char what[] = "reading the data-subject requests";
	sqlite3_stmt	*st;

	if (db_prepare(s, "SELECT " COLS " FROM privacy_request"
	    " WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC"
	    " LIMIT ?1", &st, err, what) == -1)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	return S_rows(s, st, out, err, what);
}

int
subject_person(const struct subject_request *r, struct person *p,
    struct buf *err)
{
	if (r->national_id == NULL && r->mobile == NULL && r->email == NULL) {
		memset(p, 0, sizeof(*p));
		buf_printf(err, "data-subject request %lld names no one: it is "
		    "closed", r->id);
		return -1;
	}
	return person_parse(p, r->national_id, r->mobile, r->email, err);
}

int
subject_close(struct store *s, long long id, const char *actor,
    const char *outcome, int found, const char *note, struct buf *err)
{
	static const char what[] = "closing a data-subject request";
	sqlite3_stmt	*st = NULL;
	struct buf	 an = BUF_INIT;
	char		 now[WF_TIME_LEN + 1];
	int		 rc = -1;

	if (!subject_outcome_valid(outcome)) {
		buf_printf(err, "%s: not an outcome of a data-subject request",
		    outcome ? outcome : "(none)");
		return -1;
	}
	if (db_begin(s, err) == -1)
		return -1;
	if (db_prepare(s, "UPDATE privacy_request SET closed_at = ?2,"
	    " closed_by = ?3, outcome = ?4, found = ?5, national_id = NULL,"
	    " mobile = NULL, email = NULL WHERE id = ?1 AND closed_at IS NULL",
	    &st, err, what) == -1)
		goto fail;
	wf_time_format(time(NULL), now);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, outcome, -1, SQLITE_STATIC);
	if (found >= 0)
		sqlite3_bind_int(st, 5, found);
	else
		sqlite3_bind_null(st, 5);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(s, err, what);
		goto fail;
	}
	if (sqlite3_changes(store_db(s)) == 0) {
		sqlite3_finalize(st);
		db_rollback(s);
		return 0;
	}
	buf_printf(&an, "data-subject request %lld closed: %s", id, outcome);
	if (found >= 0)
		buf_printf(&an, ", %d submission%s", found,
		    found == 1 ? "" : "s");
	if (note != NULL && *note != '\0')
		buf_printf(&an, "; %s", note);
	if (audit_add(s, actor, "request", NULL, NULL, NULL, buf_cstr(&an),
	    err) == -1)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if (db_commit(s, err) == -1)
		goto out;
	rc = 1;
	goto out;
fail:
	sqlite3_finalize(st);
	db_rollback(s);
out:
	buf_free(&an);
	return rc;
}

int
subject_due(const struct subject_request *r, struct date *out)
{
	return wf_due_date(r->opened_at, SUBJECT_DAYS, out);
}
