/*
 * export: a form's rows for a spreadsheet (see export.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* ---- CSV ---- */

/* A cell that a spreadsheet would evaluate: the ASCII triggers, and
 * their full-width forms (U+FF1D =, U+FF0B +, U+FF0D -, U+FF20 @),
 * which some spreadsheets fold to ASCII. */
static int
S_formula(const char *s)
{
	static const char *const wide[] = {
		"\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0",
		NULL
	};
	int	 i;

	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		return 1;
	for (i = 0; wide[i] != NULL; i++)
		if (strncmp(s, wide[i], 3) == 0)
			return 1;
	return 0;
}

void
export_csv_cell(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	if (S_formula(s))
		buf_putc(out, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

/* One cell and its comma. */
static void
S_cell(struct buf *out, const char *s)
{
	export_csv_cell(out, s);
	buf_putc(out, ',');
}

static void
S_row_end(struct buf *out)
{
	out->len--;	/* the last comma */
	buf_puts(out, "\r\n");
}

/* A stored UTC time as Saudi local time "YYYY-MM-DD HH:MM" ("" when
 * NULL or malformed). */
static void
S_local_time(const char *utc, char out[17])
{
	time_t		 t;
	struct tm	 tm;

	out[0] = '\0';
	if (utc == NULL || wf_time_parse(utc, &t) == -1)
		return;
	t += 3 * 3600;	/* Asia/Riyadh: UTC+3, no daylight saving */
	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

int
export_csv(struct store *s, const struct formdef *fd, const char *lo,
    const char *hi, const struct export_words *w, struct buf *out,
    int *nrows, struct buf *err)
{
	const struct formdef_field	*f;
	const struct export_row		*r;
	struct export_rows		 rows;
	char				 t[17];
	const char			*v, *label;
	size_t				 i, k;
	int				 st;

	memset(&rows, 0, sizeof(rows));
	*nrows = 0;
	if (export_rows(s, formdef_id(fd), lo, hi, &rows, err) == -1)
		return -1;
	buf_puts(out, "\xef\xbb\xbf");	/* the BOM: Excel reads UTF-8 */
	S_cell(out, w->ref);
	S_cell(out, w->received);
	S_cell(out, w->status);
	S_cell(out, w->decided);
	for (i = 0; i < formdef_nfields(fd); i++)
		S_cell(out, formdef_field_at(fd, i)->label);
	S_row_end(out);
	for (k = 0; k < rows.n; k++) {
		r = &rows.v[k];
		S_cell(out, r->ref);
		S_local_time(r->received, t);
		S_cell(out, t);
		st = wf_status_index(r->status);
		label = st >= 0 && st < WF_NSTATUS ? w->status_label[st] :
		    NULL;
		S_cell(out, label ? label : r->status);
		S_local_time(r->decided, t);
		S_cell(out, t);
		for (i = 0; i < formdef_nfields(fd); i++) {
			f = formdef_field_at(fd, i);
			v = json_string_value(json_object_get(r->answers,
			    f->name));
			S_cell(out, v ? formdef_answer_text(f, v, 0,
			    w->consent_given) : "");
		}
		S_row_end(out);
	}
	*nrows = (int)rows.n;
	export_rows_free(&rows);
	return 0;
}
