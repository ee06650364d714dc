/*
 * privacy: access, erasure and purge (see privacy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "cases.h"
#include "db.h"
#include "privacy.h"

void
privacy_subs_free(struct privacy_subs *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		json_decref(l->v[i].found);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void
S_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* Add the submission of row st (id, ref, form, status, received_at),
 * once; returns it. */
static struct privacy_sub *
S_add(struct privacy_subs *l, sqlite3_stmt *st)
{
	long long		 id = sqlite3_column_int64(st, 0);
	struct privacy_sub	*v;
	size_t			 i;

	for (i = l->n; i > 0; i--)
		if (l->v[i - 1].id == id)
			return &l->v[i - 1];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	v = &l->v[l->n++];
	memset(v, 0, sizeof(*v));
	v->id = id;
	S_copy(v->ref, sizeof(v->ref), db_text(st, 1));
	S_copy(v->form, sizeof(v->form), db_text(st, 2));
	S_copy(v->status, sizeof(v->status), db_text(st, 3));
	S_copy(v->received, sizeof(v->received), db_text(st, 4));
	return v;
}

static const struct formdef *
S_form(const struct formdef_dir *forms, const char *id)
{
	return forms != NULL && id != NULL ? formdef_dir_find(forms, id) :
	    NULL;
}

/* The type of the field name of a form: its definition's, else by its
 * name for the identifiers, else free text (whatever it holds is
 * looked at). */
static enum formdef_type
S_type(const struct formdef_dir *forms, const char *form, const char *name)
{
	const struct formdef		*fd = S_form(forms, form);
	const struct formdef_field	*f = fd ? formdef_field_find(fd, name) :
					    NULL;

	if (f != NULL)
		return f->type;
	if (strcmp(name, "national_id") == 0)
		return FORMDEF_NATIONAL_ID;
	if (strcmp(name, "mobile") == 0)
		return FORMDEF_MOBILE;
	if (strcmp(name, "email") == 0)
		return FORMDEF_EMAIL;
	return FORMDEF_TEXT;
}

static const char *
S_key(int bit)
{
	return bit == PERSON_NATIONAL_ID ? "national_id" :
	    bit == PERSON_MOBILE ? "mobile" : "email";
}

int
privacy_identifier_bit(const char *identifier)
{
	int	 bit;

	for (bit = 1; bit < PERSON_EMAIL; bit <<= 1)
		if (identifier != NULL && strcmp(S_key(bit), identifier) == 0)
			break;
	return bit;
}

/* Every submission, of any form, with an answer that holds one of p's
 * identifiers (person.h), with where each was found. Inside the
 * caller's transaction. */
static int
S_find(struct store *s, const struct formdef_dir *forms,
    const struct person *p, struct privacy_subs *out, struct buf *err)
{
	sqlite3_stmt		*st = NULL;
	struct privacy_sub	*v;
	const char		*form, *name, *value;
	int			 rc, bits, bit, in_text;

	if (sqlite3_prepare_v2(store_db(s), "SELECT s.id, s.ref, s.form,"
	    " s.status, s.received_at, f.name, f.value FROM submission s"
	    " JOIN field f ON f.submission_id = s.id ORDER BY s.id, f.name",
	    -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "finding the person's submissions");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		form = db_text(st, 2);
		name = db_text(st, 5);
		value = db_text(st, 6);
		if (form == NULL || name == NULL)
			continue;
		bits = person_match(p, S_type(forms, form, name), value,
		    &in_text);
		if (bits == 0)
			continue;
		v = S_add(out, st);
		if (v->found == NULL)
			v->found = json_array();
		for (bit = 1; bit <= PERSON_EMAIL; bit <<= 1)
			if (bits & bit)
				json_array_append_new(v->found, json_pack(
				    "{s:s,s:s,s:s}", "identifier", S_key(bit),
				    "field", name, "in", in_text ? "text" :
				    "answer"));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "finding the person's submissions");
	return 0;
}

int
privacy_find(struct store *s, const struct formdef_dir *forms,
    const struct person *p, struct privacy_subs *out, struct buf *err)
{
	int	 rc;

	/* A snapshot: the writers are not held while someone reads the
	 * list. */
	if (db_read(s, "reading", err) == -1)
		return -1;
	rc = S_find(s, forms, p, out, err);
	db_rollback(s);
	return rc;
}

/* Run sql with text parameters (NULL-terminated) to completion. */
static int
S_run(struct store *s, const char *sql, const char *const *params,
    struct buf *err, const char *what)
{
	sqlite3_stmt	*st = NULL;
	int		 i, rc;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	for (i = 0; params[i] != NULL; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, what);
	return 0;
}

/* Destroy one submission, counting it in the tally under reason. Inside
 * the caller's transaction. */
static int
S_destroy(struct store *s, const struct privacy_sub *v, const char *reason,
    struct buf *err)
{
	char		 month[8], id[32];
	const char	*tally[] = { v->form, month, v->status, reason, NULL };
	const char	*byid[] = { id, NULL };
	const char	*byref[] = { v->ref, NULL };

	if (db_month(v->received, month) == -1)
		snprintf(month, sizeof(month), "0000-00");
	snprintf(id, sizeof(id), "%lld", v->id);
	if (S_run(s, "INSERT INTO tally (form, month, status, reason, n)"
	    " VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (form, month, status,"
	    " reason) DO UPDATE SET n = n + 1", tally, err,
	    "counting the submission") == -1)
		return -1;
	/* Its answers go with it (ON DELETE CASCADE). */
	if (S_run(s, "DELETE FROM submission WHERE id = ?1", byid, err,
	    "deleting the submission") == -1)
		return -1;
	/* Answers elsewhere that name it, e.g. the survey's request_ref. */
	if (S_run(s, "DELETE FROM field WHERE value = ?1", byref, err,
	    "deleting answers naming the submission") == -1)
		return -1;
	if (S_run(s, "UPDATE audit SET ref = NULL, note = NULL, redacted = 1"
	    " WHERE ref = ?1", byref, err, "redacting the audit trail") == -1)
		return -1;
	return 0;
}

int
privacy_wipe(struct store *s, struct buf *err)
{
	sqlite3	*db = store_db(s);
	int	 i, rc, log = 0, done = 0;

	/* VACUUM writes every page afresh, interior pages and indexes too,
	 * whose keys may hold copies of erased values that secure_delete
	 * alone would leave; its scratch copy stays in memory. */
	if (sqlite3_exec(db, "PRAGMA temp_store = MEMORY; VACUUM;", NULL,
	    NULL, NULL) != SQLITE_OK)
		return db_error(s, err, "rebuilding the database (VACUUM)");
	/* The write-ahead log holds old page images until a checkpoint:
	 * copy it into the file and truncate it, waiting for the
	 * server's workers to finish what they are doing. */
	for (i = 0; i < 50; i++) {
		rc = sqlite3_wal_checkpoint_v2(db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
		if (rc == SQLITE_OK && log == 0)
			return 0;
		usleep(100 * 1000);
	}
	buf_printf(err, "the write-ahead log %s-wal could not be cleared "
	    "(the server is busy): what was removed is committed, but old "
	    "copies stay in that file until the next checkpoint; run "
	    "`wasl-admin purge` again later", store_path(s));
	return -1;
}

/* ---- access ---- */

static int
S_order_cmp(const void *x, const void *y)
{
	json_int_t	 a = json_integer_value(json_object_get(
			    *(json_t *const *)x, "_order"));
	json_int_t	 b = json_integer_value(json_object_get(
			    *(json_t *const *)y, "_order"));

	return a < b ? -1 : a > b;
}

/* Sort the answers by their "_order" (stable for equal ones: they come
 * sorted by name), then drop the key. */
static void
S_sort_answers(json_t *answers)
{
	size_t	 i, n = json_array_size(answers);
	json_t	**v = xcalloc(n ? n : 1, sizeof(*v));

	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(answers, i));
	/* insertion sort: stable, and forms have at most 40 fields */
	for (i = 1; i < n; i++) {
		json_t *t = v[i];
		size_t k;

		for (k = i; k > 0 && S_order_cmp(&v[k - 1], &t) > 0; k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
	json_array_clear(answers);
	for (i = 0; i < n; i++) {
		json_object_del(v[i], "_order");
		json_array_append_new(answers, v[i]);
	}
	free(v);
}

static json_t *
S_access_sub(struct store *s, const struct formdef_dir *forms,
    const struct privacy_sub *v, const struct privacy_words *words,
    struct buf *err)
{
	sqlite3				*db = store_db(s);
	const struct formdef		*fd = S_form(forms, v->form);
	const struct formdef_field	*f;
	sqlite3_stmt			*st = NULL;
	json_t				*sub = NULL, *answers, *history;
	const char			*name, *value;
	int				 rc, stat;

	if (sqlite3_prepare_v2(db, "SELECT decided_at, consent_at,"
	    " notice_version FROM submission WHERE id = ?1", -1, &st, NULL)
	    != SQLITE_OK) {
		db_error(s, err, "reading a submission");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, v->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_error(s, err, "reading a submission");
		goto fail;
	}
	stat = wf_status_index(v->status);
	sub = json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s?,s:s?,s:o}",
	    "ref", v->ref, "form", v->form,
	    "form_title", fd ? formdef_title(fd) : NULL,
	    "received_at", v->received, "status", v->status,
	    "status_label", stat < 0 ? NULL : words->status[stat],
	    "decided_at", db_text(st, 0),
	    "consent_at", sqlite3_column_type(st, 1) == SQLITE_NULL ?
	    json_null() : json_string(db_text(st, 1)));
	json_object_set_new(sub, "privacy_notice_version",
	    sqlite3_column_type(st, 2) == SQLITE_NULL ? json_null() :
	    json_integer(sqlite3_column_int(st, 2)));
	sqlite3_finalize(st);
	st = NULL;

	answers = json_array();
	json_object_set_new(sub, "answers", answers);
	if (sqlite3_prepare_v2(db, "SELECT name, value FROM field"
	    " WHERE submission_id = ?1", -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "reading answers");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, v->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = db_text(st, 0);
		value = db_text(st, 1);
		f = fd ? formdef_field_find(fd, name) : NULL;
		json_array_append_new(answers, json_pack("{s:s,s:s?,s:s,s:s,"
		    "s:I}", "name", name, "label", f ? f->label : NULL,
		    "value", value, "text", formdef_answer_text(f, value, 1,
		    words->consent_given),
		    "_order", (json_int_t)(fd ? (f ? formdef_field_index(fd,
		    name) : 1000) : 0)));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		db_error(s, err, "reading answers");
		goto fail;
	}
	/* In the form's order, as the applicant filled it in. */
	S_sort_answers(answers);

	history = json_array();
	json_object_set_new(sub, "history", history);
	if (sqlite3_prepare_v2(db, "SELECT at, from_status, to_status, note"
	    " FROM audit WHERE ref = ?1 AND action = 'status' ORDER BY id", -1,
	    &st, NULL) != SQLITE_OK) {
		db_error(s, err, "reading the history");
		goto fail;
	}
	sqlite3_bind_text(st, 1, v->ref, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(history, json_pack("{s:s,s:s?,s:s?,s:s?}",
		    "at", db_text(st, 0), "from", db_text(st, 1),
		    "to", db_text(st, 2), "note", db_text(st, 3)));
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		db_error(s, err, "reading the history");
		goto fail;
	}
	return sub;
fail:
	sqlite3_finalize(st);
	json_decref(sub);
	return NULL;
}

/* The identifier given as the document names it, or null. */
static json_t *
S_given(const char *v)
{
	return v != NULL && *v != '\0' ? json_string(v) : json_null();
}

json_t *
privacy_access(struct store *s, const struct formdef_dir *forms,
    const char *actor, const struct person *p, const json_t *association,
    const struct privacy_words *words, struct buf *err)
{
	struct privacy_subs	 vs;
	json_t			*doc = NULL, *subs, *sub;
	char			 now[WF_TIME_LEN + 1];
	size_t			 i;

	memset(&vs, 0, sizeof(vs));
	wf_time_format(time(NULL), now);
	/* Read everything in one snapshot, then log, then hand it over. */
	if (db_read(s, "reading", err) == -1)
		goto out;
	if (S_find(s, forms, p, &vs, err) == -1)
		goto fail;
	subs = json_array();
	doc = json_pack("{s:o,s:o,s:o,s:s,s:O,s:o}",
	    "national_id", S_given(p->national_id), "mobile",
	    S_given(p->mobile), "email", S_given(p->email), "exported_at", now,
	    "association", association, "submissions", subs);
	for (i = 0; i < vs.n; i++) {
		if ((sub = S_access_sub(s, forms, &vs.v[i], words, err)) == NULL)
			goto fail;
		json_object_set(sub, "found_by", vs.v[i].found);
		json_array_append_new(subs, sub);
	}
	if (db_commit(s, err) == -1 || db_begin(s, err) == -1)
		goto drop;
	for (i = 0; i < vs.n; i++)
		if (audit_add(s, actor, "access", vs.v[i].ref, NULL, NULL,
		    "data-subject access request: exported", err) == -1)
			goto fail;
	if (vs.n == 0 && audit_add(s, actor, "access", NULL, NULL, NULL,
	    "data-subject access request: no submission found", err) == -1)
		goto fail;
	if (db_commit(s, err) == -1)
		goto drop;
	goto out;
fail:
	db_rollback(s);
drop:
	json_decref(doc);
	doc = NULL;
out:
	privacy_subs_free(&vs);
	return doc;
}

/* ---- erase ---- */

/* 1 when the two lists name the same submissions. */
static int
S_same(const struct privacy_subs *x, const struct privacy_subs *y)
{
	size_t	 i;

	if (x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++)
		if (x->v[i].id != y->v[i].id)
			return 0;
	return 1;
}

int
privacy_erase(struct store *s, const struct formdef_dir *forms,
    const char *actor, const struct person *p,
    const struct privacy_subs *shown, const char *note,
    struct privacy_subs *found, int *listed, struct buf *err)
{
	struct buf	 what = BUF_INIT;
	size_t		 i;
	int		 rc = -1;

	*listed = 0;
	if (db_begin(s, err) == -1)
		goto out;
	if (S_find(s, forms, p, found, err) == -1)
		goto fail;
	*listed = 1;
	if (shown != NULL && !S_same(found, shown)) {
		buf_puts(err, "the submissions changed since they were listed; "
		    "nothing erased: run the command again");
		goto fail;
	}
	for (i = 0; i < found->n; i++)
		if (S_destroy(s, &found->v[i], "erased", err) == -1)
			goto fail;
	/* The entry says what was done, never to whom. */
	buf_printf(&what, "data-subject erasure request: %zu submission%s "
	    "erased", found->n, found->n == 1 ? "" : "s");
	if (note != NULL && *note != '\0')
		buf_printf(&what, "; %s", note);
	if (audit_add(s, actor, "erase", NULL, NULL, NULL, buf_cstr(&what),
	    err) == -1 || db_commit(s, err) == -1)
		goto fail;
	if (found->n > 0 && privacy_wipe(s, err) == -1)
		goto out;
	rc = 0;
	goto out;
fail:
	db_rollback(s);
out:
	buf_free(&what);
	return rc;
}

/* ---- purge ---- */

void
privacy_purge_free(struct privacy_purge *r)
{
	size_t	 i;

	for (i = 0; i < r->norphans; i++)
		free(r->orphans[i].form);
	free(r->orphans);
	free(r->forms);
	memset(r, 0, sizeof(*r));
}

/* Forms present in the database that have no definition. */
static int
S_orphans(struct store *s, const struct formdef_dir *forms,
    struct privacy_purge *out, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	const char	*form;
	int		 rc;

	if (sqlite3_prepare_v2(store_db(s), "SELECT form, count(*)"
	    " FROM submission GROUP BY form ORDER BY form", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(s, err, "reading forms");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		form = db_text(st, 0);
		if (S_form(forms, form) != NULL)
			continue;
		out->orphans = xrealloc(out->orphans, (out->norphans + 1) *
		    sizeof(*out->orphans));
		out->orphans[out->norphans].form = xstrdup(form ? form : "");
		out->orphans[out->norphans].n = sqlite3_column_int(st, 1);
		out->norphans++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, err, "reading forms");
}

int
privacy_purge(struct store *s, const struct formdef_dir *forms,
    const char *actor, int dry_run, struct privacy_purge *out,
    struct buf *err)
{
	const struct formdef	*fd;
	sqlite3_stmt		*st = NULL;
	struct privacy_subs	 vs;
	struct privacy_purged	*pf;
	struct buf		 note = BUF_INIT;
	char			 cutoff[WF_TIME_LEN + 1];
	size_t			 i, k, nforms, total = 0;
	int			 rc, ret = -1, days;

	memset(&vs, 0, sizeof(vs));
	if (S_orphans(s, forms, out, err) == -1)
		return -1;
	if (!dry_run && db_begin(s, err) == -1)
		return -1;
	nforms = forms ? formdef_dir_count(forms) : 0;
	out->forms = xcalloc(nforms ? nforms : 1, sizeof(*out->forms));
	for (i = 0; i < nforms; i++) {
		fd = formdef_dir_at(forms, i);
		days = formdef_retention_days(fd);
		pf = &out->forms[out->nforms++];
		pf->form = formdef_id(fd);
		pf->days = days;
		if (formdef_anonymous(fd) || days <= 0) {
			pf->kept = 1;
			continue;
		}
		wf_time_format(time(NULL) - (time_t)days * 86400, cutoff);
		if (sqlite3_prepare_v2(store_db(s), "SELECT id, ref, form,"
		    " status, received_at FROM submission WHERE form = ?1"
		    " AND received_at < ?2 ORDER BY id", -1, &st, NULL) !=
		    SQLITE_OK) {
			out->nforms--;
			db_error(s, err, "finding old submissions");
			goto fail;
		}
		sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, cutoff, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			S_add(&vs, st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			out->nforms--;
			db_error(s, err, "finding old submissions");
			goto fail;
		}
		wf_local_date(cutoff, &pf->cut);
		pf->n = vs.n;
		if (!dry_run && vs.n > 0) {
			for (k = 0; k < vs.n; k++)
				if (S_destroy(s, &vs.v[k], "purged", err) == -1)
					goto fail;
			buf_reset(&note);
			buf_printf(&note, "retention: %s, %zu submission%s "
			    "received before %04d-%02d-%02d (%d days)",
			    formdef_id(fd), vs.n, vs.n == 1 ? "" : "s",
			    pf->cut.year, pf->cut.month, pf->cut.day, days);
			if (audit_add(s, actor, "purge", NULL, NULL, NULL,
			    buf_cstr(&note), err) == -1)
				goto fail;
		}
		total += vs.n;
		vs.n = 0;
	}
	if (!dry_run) {
		if (db_commit(s, err) == -1)
			goto out;
		if (total > 0 && privacy_wipe(s, err) == -1)
			goto out;
	}
	ret = 0;
	goto out;
fail:
	sqlite3_finalize(st);
	db_rollback(s);
out:
	privacy_subs_free(&vs);
	buf_free(&note);
	return ret;
}
