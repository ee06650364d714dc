/*
 * privacy: person, erase and purge (see privacy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "person.h"
#include "privacy.h"

/* One submission found for a person or past its retention. */
struct victim {
	long long	 id;
	char		 ref[STORE_REF_LEN + 1];
	char		 form[FORMDEF_MAX_NAME + 1];
	char		 status[16];
	char		 received[WF_TIME_LEN + 1];
	json_t		*found;		/* person: why, [ { identifier, field,
					   in } ]; else NULL */
};

struct victims {
	struct victim	*v;
	size_t		 n, cap;
};

static void
S_victims_free(struct victims *vs)
{
	size_t	 i;

	for (i = 0; i < vs->n; i++)
		json_decref(vs->v[i].found);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

static void
S_copy(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

/* Add the submission of row st (id, ref, form, status, received_at),
 * once; returns it. */
static struct victim *
S_victims_add(struct victims *vs, sqlite3_stmt *st)
{
	long long	 id = sqlite3_column_int64(st, 0);
	struct victim	*v;
	size_t		 i;

	for (i = vs->n; i > 0; i--)
		if (vs->v[i - 1].id == id)
			return &vs->v[i - 1];
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 8;
		vs->v = xrealloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	v->id = id;
	S_copy(v->ref, sizeof(v->ref), sqlite3_column_text(st, 1));
	S_copy(v->form, sizeof(v->form), sqlite3_column_text(st, 2));
	S_copy(v->status, sizeof(v->status), sqlite3_column_text(st, 3));
	S_copy(v->received, sizeof(v->received), sqlite3_column_text(st, 4));
	return v;
}

/* The type of the field name of a form: its definition's, else by its
 * name for the identifiers, else free text (whatever it holds is
 * looked at). */
static enum formdef_type
S_type(struct adm *a, const char *form, const char *name)
{
	const struct formdef		*fd = adm_form(a, form);
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

/* Every submission, of any form, with an answer that holds one of p's
 * identifiers (person.h), with where each was found. */
static int
S_find_person(struct adm *a, const struct person *p, struct victims *vs,
    struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	struct victim	*v;
	const char	*form, *name, *value;
	int		 rc, bits, bit, in_text;

	if (sqlite3_prepare_v2(a->db, "SELECT s.id, s.ref, s.form, s.status,"
	    " s.received_at, f.name, f.value FROM submission s JOIN field f"
	    " ON f.submission_id = s.id ORDER BY s.id, f.name", -1, &st,
	    NULL) != SQLITE_OK)
		return adm_dberr(a, err, "finding the person's submissions");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		form = (const char *)sqlite3_column_text(st, 2);
		name = (const char *)sqlite3_column_text(st, 5);
		value = (const char *)sqlite3_column_text(st, 6);
		if (form == NULL || name == NULL)
			continue;
		bits = person_match(p, S_type(a, form, name), value, &in_text);
		if (bits == 0)
			continue;
		v = S_victims_add(vs, st);
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
		return adm_dberr(a, err, "finding the person's submissions");
	return 0;
}

/* Run sql with text parameters (NULL-terminated) to completion. */
static int
S_run(struct adm *a, const char *sql, const char *const *params,
    struct buf *err, const char *what)
{
	sqlite3_stmt	*st = NULL;
	int		 i, rc;

	if (sqlite3_prepare_v2(a->db, sql, -1, &st, NULL) != SQLITE_OK)
		return adm_dberr(a, err, what);
	for (i = 0; params[i] != NULL; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return adm_dberr(a, err, what);
	return 0;
}

/* Destroy one submission, counting it in the tally under reason. Inside
 * the caller's transaction. */
static int
S_destroy(struct adm *a, const struct victim *v, const char *reason,
    struct buf *err)
{
	char		 month[8], id[32];
	const char	*tally[] = { v->form, month, v->status, reason, NULL };
	const char	*byid[] = { id, NULL };
	const char	*byref[] = { v->ref, NULL };

	if (adm_month(v->received, month) == -1)
		snprintf(month, sizeof(month), "0000-00");
	snprintf(id, sizeof(id), "%lld", v->id);
	if (S_run(a, "INSERT INTO tally (form, month, status, reason, n)"
	    " VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (form, month, status,"
	    " reason) DO UPDATE SET n = n + 1", tally, err,
	    "counting the submission") == -1)
		return -1;
	/* Its answers go with it (ON DELETE CASCADE). */
	if (S_run(a, "DELETE FROM submission WHERE id = ?1", byid, err,
	    "deleting the submission") == -1)
		return -1;
	/* Answers elsewhere that name it, e.g. the survey's request_ref. */
	if (S_run(a, "DELETE FROM field WHERE value = ?1", byref, err,
	    "deleting answers naming the submission") == -1)
		return -1;
	if (S_run(a, "UPDATE audit SET ref = NULL, note = NULL, redacted = 1"
	    " WHERE ref = ?1", byref, err, "redacting the audit trail") == -1)
		return -1;
	return 0;
}

/* ---- person ---- */

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
S_person_sub(struct adm *a, const struct victim *v, struct buf *err)
{
	const struct formdef		*fd = adm_form(a, v->form);
	const struct formdef_field	*f;
	sqlite3_stmt			*st = NULL;
	json_t				*sub = NULL, *answers, *history;
	const char			*name, *value;
	int				 rc;

	if (sqlite3_prepare_v2(a->db, "SELECT decided_at, consent_at,"
	    " notice_version FROM submission WHERE id = ?1", -1, &st, NULL)
	    != SQLITE_OK) {
		adm_dberr(a, err, "reading a submission");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, v->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		adm_dberr(a, err, "reading a submission");
		goto fail;
	}
	sub = json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s?,s:s?,s:o}",
	    "ref", v->ref, "form", v->form,
	    "form_title", fd ? formdef_title(fd) : NULL,
	    "received_at", v->received, "status", v->status,
	    "status_label", wf_status_label(v->status),
	    "decided_at", (const char *)sqlite3_column_text(st, 0),
	    "consent_at", sqlite3_column_type(st, 1) == SQLITE_NULL ?
	    json_null() : json_string((const char *)sqlite3_column_text(st,
	    1)));
	json_object_set_new(sub, "privacy_notice_version",
	    sqlite3_column_type(st, 2) == SQLITE_NULL ? json_null() :
	    json_integer(sqlite3_column_int(st, 2)));
	sqlite3_finalize(st);
	st = NULL;

	answers = json_array();
	json_object_set_new(sub, "answers", answers);
	if (sqlite3_prepare_v2(a->db, "SELECT name, value FROM field"
	    " WHERE submission_id = ?1", -1, &st, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading answers");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, v->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		value = (const char *)sqlite3_column_text(st, 1);
		f = fd ? formdef_field_find(fd, name) : NULL;
		json_array_append_new(answers, json_pack("{s:s,s:s?,s:s,s:s,"
		    "s:I}", "name", name, "label", f ? f->label : NULL,
		    "value", value, "text", adm_answer_text(f, value, 1),
		    "_order", (json_int_t)(fd ? (f ? formdef_field_index(fd,
		    name) : 1000) : 0)));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		adm_dberr(a, err, "reading answers");
		goto fail;
	}
	/* In the form's order, as the applicant filled it in. */
	S_sort_answers(answers);

	history = json_array();
	json_object_set_new(sub, "history", history);
	if (sqlite3_prepare_v2(a->db, "SELECT at, from_status, to_status, note"
	    " FROM audit WHERE ref = ?1 AND action = 'status' ORDER BY id", -1,
	    &st, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading the history");
		goto fail;
	}
	sqlite3_bind_text(st, 1, v->ref, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(history, json_pack("{s:s,s:s?,s:s?,s:s?}",
		    "at", (const char *)sqlite3_column_text(st, 0),
		    "from", (const char *)sqlite3_column_text(st, 1),
		    "to", (const char *)sqlite3_column_text(st, 2),
		    "note", (const char *)sqlite3_column_text(st, 3)));
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		adm_dberr(a, err, "reading the history");
		goto fail;
	}
	return sub;
fail:
	sqlite3_finalize(st);
	json_decref(sub);
	return NULL;
}

/* The person named by --national-id, --mobile and --email. */
static int
S_person(const struct adm_opts *o, struct person *p, struct buf *err)
{
	return person_parse(p, o->national_id, o->mobile, o->email, err);
}

/* The identifier given as the person JSON names it, or null. */
static json_t *
S_given(const char *v)
{
	return v != NULL && *v != '\0' ? json_string(v) : json_null();
}

int
privacy_person(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf	 safe = BUF_INIT;
	struct person	 p;
	struct victims	 vs;
	json_t		*doc = NULL, *subs, *sub;
	char		 now[WF_TIME_LEN + 1], *text = NULL;
	size_t		 i;
	int		 rc = -1;

	memset(&vs, 0, sizeof(vs));
	if (S_person(o, &p, err) == -1)
		goto out;
	wf_time_format(time(NULL), now);
	/* Read everything in one snapshot, then log, then hand it over. */
	if (sqlite3_exec(a->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		adm_dberr(a, err, "reading");
		goto out;
	}
	if (S_find_person(a, &p, &vs, err) == -1)
		goto fail;
	subs = json_array();
	doc = json_pack("{s:o,s:o,s:o,s:s,s:O,s:o}",
	    "national_id", S_given(p.national_id), "mobile",
	    S_given(p.mobile), "email", S_given(p.email), "exported_at", now,
	    "association", json_object_get(a->c.site, "name"),
	    "submissions", subs);
	for (i = 0; i < vs.n; i++) {
		if ((sub = S_person_sub(a, &vs.v[i], err)) == NULL)
			goto fail;
		json_object_set(sub, "found_by", vs.v[i].found);
		json_array_append_new(subs, sub);
	}
	if (adm_commit(a, err) == -1)
		goto out;
	if (adm_begin(a, err) == -1)
		goto out;
	for (i = 0; i < vs.n; i++)
		if (adm_audit(a, "access", vs.v[i].ref, NULL, NULL,
		    "data-subject access request: exported", err) == -1)
			goto fail;
	if (vs.n == 0 && adm_audit(a, "access", NULL, NULL, NULL,
	    "data-subject access request: no submission found", err) == -1)
		goto fail;
	if (adm_commit(a, err) == -1)
		goto out;
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL) {
		buf_puts(err, "out of memory");
		goto out;
	}
	/* The same JSON, with nothing in it that could drive a terminal. */
	adm_json_text(&safe, text);
	buf_putc(&safe, '\n');
	if (o->out != NULL) {
		if (adm_write_file(o->out, safe.data, safe.len, 0600, err) ==
		    -1)
			goto out;
		fprintf(a->out, "person: %zu submission%s to %s\n",
		    vs.n, vs.n == 1 ? "" : "s", o->out);
	} else
		fputs(buf_cstr(&safe), a->out);
	rc = 0;
	goto out;
fail:
	adm_rollback(a);
out:
	free(text);
	buf_free(&safe);
	json_decref(doc);
	S_victims_free(&vs);
	person_clear(&p);
	return rc;
}

/* ---- erase ---- */

/* What erasure will destroy: one line per submission, with why. */
static void
S_list(struct adm *a, const struct victims *vs)
{
	struct buf	 c1 = BUF_INIT, c2 = BUF_INIT, why = BUF_INIT;
	const json_t	*f;
	char		 local[17];
	size_t		 i, k;
	int		 bit;

	fprintf(a->out, "%zu submission%s hold%s the data given:\n", vs->n,
	    vs->n == 1 ? "" : "s", vs->n == 1 ? "s" : "");
	if (vs->n > 0)
		fprintf(a->out, "  %-8s  %-20s  %-16s  %s\n", "REF", "FORM",
		    "RECEIVED", "WHY");
	for (i = 0; i < vs->n; i++) {
		buf_reset(&why);
		json_array_foreach(vs->v[i].found, k, f) {
			const char *id = json_string_value(json_object_get(f,
			    "identifier"));

			for (bit = 1; bit < PERSON_EMAIL; bit <<= 1)
				if (strcmp(S_key(bit), id) == 0)
					break;
			buf_printf(&why, "%s%s in ", k ? "; " : "",
			    person_what(bit));
			if (strcmp(json_string_value(json_object_get(f, "in")),
			    "text") == 0)
				buf_puts(&why, "the text of ");
			adm_text(&why, json_string_value(json_object_get(f,
			    "field")), NULL);
		}
		adm_local_time(vs->v[i].received, local);
		fprintf(a->out, "  %-8s  %-20s  %-16s  %s\n",
		    adm_cell(&c1, vs->v[i].ref), adm_cell(&c2, vs->v[i].form),
		    local, buf_cstr(&why));
	}
	buf_free(&c1);
	buf_free(&c2);
	buf_free(&why);
}

/* 1 when the person at the terminal types "yes". */
static int
S_confirm(size_t n)
{
	char	 line[64];

	fprintf(stderr, "Erase these %zu submission%s for good? Type yes to "
	    "confirm: ", n, n == 1 ? "" : "s");
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0;
}

/* 1 when the two lists name the same submissions. */
static int
S_same(const struct victims *x, const struct victims *y)
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
privacy_erase(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf	 note = BUF_INIT, what = BUF_INIT;
	struct person	 p;
	struct victims	 vs, shown;
	size_t		 i;
	int		 rc = -1;

	memset(&vs, 0, sizeof(vs));
	memset(&shown, 0, sizeof(shown));
	if (S_person(o, &p, err) == -1)
		goto out;
	if (o->note != NULL && adm_note(o->note, &note, err) == -1)
		goto out;
	if (!o->yes) {
		/* Shown first, read in a snapshot: the writers are not held
		 * while someone reads the list. */
		if (sqlite3_exec(a->db, "BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			adm_dberr(a, err, "reading");
			goto out;
		}
		rc = S_find_person(a, &p, &shown, err);
		adm_rollback(a);
		if (rc == -1)
			goto out;
		rc = -1;
		S_list(a, &shown);
		fflush(a->out);
		if (shown.n > 0 && !isatty(STDIN_FILENO)) {
			buf_printf(err, "nothing erased: to erase %s %zu "
			    "submission%s, run the same command with --yes",
			    shown.n == 1 ? "this" : "these", shown.n,
			    shown.n == 1 ? "" : "s");
			goto out;
		}
		if (shown.n > 0 && !S_confirm(shown.n)) {
			buf_puts(err, "nothing erased (not confirmed)");
			goto out;
		}
	}
	if (adm_begin(a, err) == -1)
		goto out;
	if (S_find_person(a, &p, &vs, err) == -1)
		goto fail;
	if (o->yes)
		S_list(a, &vs);
	else if (!S_same(&vs, &shown)) {
		buf_puts(err, "the submissions changed since they were listed; "
		    "nothing erased: run the command again");
		goto fail;
	}
	for (i = 0; i < vs.n; i++)
		if (S_destroy(a, &vs.v[i], "erased", err) == -1)
			goto fail;
	/* The entry says what was done, never to whom. */
	buf_printf(&what, "data-subject erasure request: %zu submission%s "
	    "erased", vs.n, vs.n == 1 ? "" : "s");
	if (note.len > 0)
		buf_printf(&what, "; %s", buf_cstr(&note));
	if (adm_audit(a, "erase", NULL, NULL, NULL, buf_cstr(&what), err) ==
	    -1 || adm_commit(a, err) == -1)
		goto fail;
	if (vs.n > 0 && adm_wipe(a, err) == -1)
		goto out;
	fprintf(a->out, "%zu submission%s erased\n", vs.n,
	    vs.n == 1 ? "" : "s");
	rc = 0;
	goto out;
fail:
	adm_rollback(a);
out:
	S_victims_free(&vs);
	S_victims_free(&shown);
	person_clear(&p);
	buf_free(&note);
	buf_free(&what);
	return rc;
}

/* ---- purge ---- */

/* Forms present in the database that have no definition. */
static int
S_orphans(struct adm *a, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	struct buf	 cell = BUF_INIT;
	const char	*form;
	int		 rc;

	if (sqlite3_prepare_v2(a->db, "SELECT form, count(*) FROM submission"
	    " GROUP BY form ORDER BY form", -1, &st, NULL) != SQLITE_OK)
		return adm_dberr(a, err, "reading forms");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		form = (const char *)sqlite3_column_text(st, 0);
		if (adm_form(a, form) == NULL)
			fprintf(a->out, "%s: %d submission%s kept: no "
			    "definition in %s/forms, so no retention period\n",
			    adm_cell(&cell, form),
			    sqlite3_column_int(st, 1),
			    sqlite3_column_int(st, 1) == 1 ? "" : "s",
			    a->content_dir);
	}
	sqlite3_finalize(st);
	buf_free(&cell);
	return rc == SQLITE_DONE ? 0 : adm_dberr(a, err, "reading forms");
}

int
privacy_purge(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct formdef	*fd;
	sqlite3_stmt		*st = NULL;
	struct victims		 vs;
	struct buf		 note = BUF_INIT;
	struct date		 cut;
	char			 cutoff[WF_TIME_LEN + 1];
	size_t			 i, k, total = 0;
	int			 rc, ret = -1, days;

	memset(&vs, 0, sizeof(vs));
	if (S_orphans(a, err) == -1)
		return -1;
	if (!o->dry_run && adm_begin(a, err) == -1)
		return -1;
	for (i = 0; i < formdef_dir_count(a->c.forms); i++) {
		fd = formdef_dir_at(a->c.forms, i);
		days = formdef_retention_days(fd);
		if (formdef_anonymous(fd) || days <= 0) {
			fprintf(a->out, "%s: anonymous, kept\n",
			    formdef_id(fd));
			continue;
		}
		wf_time_format(time(NULL) - (time_t)days * 86400, cutoff);
		if (sqlite3_prepare_v2(a->db, "SELECT id, ref, form, status,"
		    " received_at FROM submission WHERE form = ?1"
		    " AND received_at < ?2 ORDER BY id", -1, &st, NULL) !=
		    SQLITE_OK) {
			adm_dberr(a, err, "finding old submissions");
			goto fail;
		}
		sqlite3_bind_text(st, 1, formdef_id(fd), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, cutoff, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			S_victims_add(&vs, st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			adm_dberr(a, err, "finding old submissions");
			goto fail;
		}
		wf_local_date(cutoff, &cut);
		fprintf(a->out, "%s: %zu submission%s received before "
		    "%04d-%02d-%02d (retention %d days) %s\n", formdef_id(fd),
		    vs.n, vs.n == 1 ? "" : "s", cut.year, cut.month, cut.day,
		    days, o->dry_run ? "would be deleted" : "deleted");
		if (!o->dry_run && vs.n > 0) {
			for (k = 0; k < vs.n; k++)
				if (S_destroy(a, &vs.v[k], "purged", err) == -1)
					goto fail;
			buf_reset(&note);
			buf_printf(&note, "retention: %s, %zu submission%s "
			    "received before %04d-%02d-%02d (%d days)",
			    formdef_id(fd), vs.n, vs.n == 1 ? "" : "s",
			    cut.year, cut.month, cut.day, days);
			if (adm_audit(a, "purge", NULL, NULL, NULL,
			    buf_cstr(&note), err) == -1)
				goto fail;
		}
		total += vs.n;
		vs.n = 0;
	}
	if (!o->dry_run) {
		if (adm_commit(a, err) == -1)
			goto out;
		if (total > 0 && adm_wipe(a, err) == -1)
			goto out;
	}
	ret = 0;
	goto out;
fail:
	sqlite3_finalize(st);
	adm_rollback(a);
out:
	S_victims_free(&vs);
	buf_free(&note);
	return ret;
}
