/*
 * export: a form's rows for a spreadsheet (see export.h).
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "export.h"

void
export_rows_free(struct export_rows *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].ref);
		free(r->v[i].received);
		free(r->v[i].status);
		free(r->v[i].decided);
		json_decref(r->v[i].answers);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int
export_rows(struct store *s, const char *form, const char *lo,
    const char *hi, struct export_rows *out, struct buf *err)
{
	sqlite3			*db = store_db(s);
	sqlite3_stmt		*st = NULL, *fst = NULL;
	struct export_row	*r;
	int			 rc, ret = -1;

	/* One snapshot for all rows, read without blocking the server. */
	if (db_read(s, "reading submissions", err) == -1)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT id, ref, received_at, status,"
	    " decided_at FROM submission WHERE form = ?1"
	    " AND received_at >= ?2 AND received_at < ?3"
	    " ORDER BY received_at, id", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT name, value FROM field"
	    " WHERE submission_id = ?1", -1, &fst, NULL) != SQLITE_OK) {
		db_error(s, err, "reading submissions");
		goto fail;
	}
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		r = &out->v[out->n++];
		r->ref = db_strdup(st, 1);
		r->received = db_strdup(st, 2);
		r->status = db_strdup(st, 3);
		r->decided = db_strdup(st, 4);
		r->answers = json_object();
		sqlite3_bind_int64(fst, 1, sqlite3_column_int64(st, 0));
		while ((rc = sqlite3_step(fst)) == SQLITE_ROW)
			json_object_set_new(r->answers, db_text(fst, 0),
			    json_string(db_text(fst, 1)));
		sqlite3_reset(fst);
		if (rc != SQLITE_DONE) {
			db_error(s, err, "reading answers");
			goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		db_error(s, err, "reading submissions");
		goto fail;
	}
	if (db_commit(s, err) == -1)
		goto out;
	ret = 0;
	goto out;
fail:
	db_rollback(s);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(fst);
	return ret;
}
