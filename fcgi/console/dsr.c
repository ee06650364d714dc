/*
 * dsr: the data-subject requests under the Personal Data Protection Law
 * (subject.h keeps them, privacy.h answers them), for management.
 *
 *   GET  /staff/privacy            the open requests, the most urgent
 *                                  first, each with the law's due date
 *                                  (30 days: both calendars, days left,
 *                                  overdue marked); the form to open
 *                                  one; the last 50 closed, without
 *                                  identifiers
 *   POST /staff/privacy/open       kind and the person's identifiers
 *                                  (person_parse(); errors at their
 *                                  fields): subject_open(), audited
 *                                  "request"; 303 to the request
 *   GET  /staff/privacy/N          the request and the person's
 *                                  submissions found (privacy_find(),
 *                                  audited "request"), with why
 *   POST /staff/privacy/N/export   access: the code asked again
 *                                  ("export"), privacy_access()'s JSON
 *                                  as a download (audited "access" by
 *                                  it), the request closed "answered"
 *   POST /staff/privacy/N/erase    erasure: a confirmation box, the code
 *                                  ("erase") and the references shown;
 *                                  privacy_erase() refuses unless they
 *                                  are still the person's; closed
 *                                  "erased"
 *   POST /staff/privacy/N/close    closed without action ("withdrawn"
 *                                  or "none") with a note
 *
 * Every close clears the identifiers (subject_close()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "console.h"
#include "datefmt.h"
#include "privacy.h"
#include "statusmsg.h"
#include "subject.h"

#define NOTE_MAX	(1000 * 4)	/* bytes: 1,000 characters */
#define CLOSED_SHOWN	50

const char *const dsr_words[] = {
	"console_files.privacy.kind",
	"console_files.privacy.none",
	"console_files.privacy.national_id",
	"console_files.privacy.mobile",
	"console_files.privacy.email",
	"console_files.privacy.confirm",
	"console_files.privacy.changed",
	"console_files.privacy.outcome",
	"console_files.privacy.note",
	"console_files.privacy.closed",
	"console_files.privacy.erased",
	"console_files.privacy.opened",
	"console_files.kind.access",
	"console_files.kind.erase",
	"console_files.outcome.answered",
	"console_files.outcome.erased",
	"console_files.outcome.none",
	"console_files.outcome.withdrawn",
	"console_files.identifier.national_id",
	"console_files.identifier.mobile",
	"console_files.identifier.email",
	NULL
};

static void
S_fail(struct creq *cr, const struct buf *err)
{
	fprintf(stderr, "wasl-console: privacy: %s\n", buf_cstr(err));
	console_error(cr, 500, "failed");
}

static json_t *
S_word(struct creq *cr, const char *group, const char *name)
{
	struct buf	 k = BUF_INIT;
	json_t		*j;

	/* A value the table should not hold is said as the least. */
	if (name == NULL || strspn(name, "abcdefghijklmnopqrstuvwxyz_") !=
	    strlen(name))
		name = strcmp(group, "identifier") == 0 ? "email" : "none";
	buf_printf(&k, "console_files.%s.%s", group, name);
	j = console_text(cr, buf_cstr(&k), NULL);
	buf_free(&k);
	return j;
}

/* Today's Saudi date. */
static void
S_today(struct date *d)
{
	char	 now[WF_TIME_LEN + 1];

	wf_time_format(time(NULL), now);
	wf_local_date(now, d);
}

/* Days from a to b (b - a). */
static long
S_days(const struct date *a, const struct date *b)
{
	struct tm	 ta, tb;

	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	ta.tm_year = a->year - 1900, ta.tm_mon = a->month - 1;
	ta.tm_mday = a->day, ta.tm_hour = 12;
	tb.tm_year = b->year - 1900, tb.tm_mon = b->month - 1;
	tb.tm_mday = b->day, tb.tm_hour = 12;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

/* A request as the pages show it; identifiers only when with_ids. */
static json_t *
S_request(struct creq *cr, const struct subject_request *r, int with_ids)
{
	struct date	 due, today;
	json_t		*j;
	long		 left;

	j = json_pack("{s:I,s:s,s:o,s:o,s:s,s:b}", "id", (json_int_t)r->id,
	    "kind", r->kind, "kind_label", S_word(cr, "kind", r->kind),
	    "opened", console_when(cr, r->opened_at), "opened_by",
	    r->opened_by, "is_erase", strcmp(r->kind, "erase") == 0);
	if (r->closed_at != NULL) {
		json_object_set_new(j, "closed", console_when(cr,
		    r->closed_at));
		json_object_set_new(j, "closed_by", json_string(r->closed_by));
		json_object_set_new(j, "outcome_label", S_word(cr, "outcome",
		    r->outcome));
		if (r->found >= 0) {
			json_object_set_new(j, "found",
			    json_integer(r->found));
			json_object_set_new(j, "has_found", json_true());
		}
	} else {
		json_object_set_new(j, "open", json_true());
		if (subject_due(r, &due) == 0) {
			S_today(&today);
			left = S_days(&today, &due);
			json_object_set_new(j, "due", datefmt_json(
			    cr->app->words, &due));
			json_object_set_new(j, "days_left", json_integer(left));
			json_object_set_new(j, "days_over",
			    json_integer(-left));
			json_object_set_new(j, "overdue",
			    json_boolean(left < 0));
			json_object_set_new(j, "due_today",
			    json_boolean(left == 0));
		}
	}
	if (with_ids) {
		if (r->national_id != NULL)
			json_object_set_new(j, "national_id",
			    json_string(r->national_id));
		if (r->mobile != NULL)
			json_object_set_new(j, "mobile",
			    json_string(r->mobile));
		if (r->email != NULL)
			json_object_set_new(j, "email", json_string(r->email));
	}
	return j;
}

/* ---- the list, and opening one ---- */

static void
S_list_page(struct creq *cr, int status, json_t *typed, json_t *errors)
{
	struct subject_requests	 open, closed;
	struct buf		 err = BUF_INIT;
	json_t			*page, *lo = json_array(), *lc = json_array();
	const char		*done;
	size_t			 i;

	memset(&open, 0, sizeof(open));
	memset(&closed, 0, sizeof(closed));
	if (subject_open_list(cr->st, &open, &err) == -1 ||
	    subject_closed_list(cr->st, CLOSED_SHOWN, &closed, &err) == -1) {
		json_decref(typed);
		json_decref(errors);
		json_decref(lo);
		json_decref(lc);
		S_fail(cr, &err);
		goto out;
	}
	for (i = 0; i < open.n; i++)
		json_array_append_new(lo, S_request(cr, &open.v[i], 0));
	for (i = 0; i < closed.n; i++)
		json_array_append_new(lc, S_request(cr, &closed.v[i], 0));
	page = json_pack("{s:o,s:o,s:b,s:b,s:o,s:o,s:b}", "open", lo,
	    "closed", lc, "has_open", open.n > 0, "has_closed", closed.n > 0,
	    "typed", typed, "errors", errors, "has_errors",
	    json_object_size(errors) > 0);
	done = console_query(cr, "done", 16, NULL);
	if (status == 200 && done != NULL && strcmp(done, "closed") == 0)
		json_object_set_new(page, "notice", console_text(cr,
		    "console_files.privacy.closed", NULL));
	console_page(cr, "staff-privacy", "privacy", page, status, NULL);
out:
	subject_requests_free(&open);
	subject_requests_free(&closed);
	buf_free(&err);
}

void
dsr_list(struct creq *cr)
{
	S_list_page(cr, 200, json_object(), json_object());
}

/* An identifier as typed: NULL when empty. */
static const char *
S_given(const char *v)
{
	return v != NULL && *v != '\0' ? v : NULL;
}

void
dsr_open(struct creq *cr)
{
	struct person	 p, one;
	struct buf	 err = BUF_INIT, loc = BUF_INIT;
	json_t		*errors = json_object(), *typed;
	const char	*kind, *nid, *mob, *mail;
	long long	 id;
	int		 bad = 0;

	memset(&p, 0, sizeof(p));
	memset(&one, 0, sizeof(one));
	kind = console_field(cr, "kind", 8, &bad);
	nid = S_given(console_field(cr, "national_id", 64, &bad));
	mob = S_given(console_field(cr, "mobile", 64, &bad));
	mail = S_given(console_field(cr, "email", 320, &bad));
	typed = json_pack("{s:s,s:s,s:s,s:s}", "national_id", nid ? nid : "",
	    "mobile", mob ? mob : "", "email", mail ? mail : "",
	    "kind", kind ? kind : "");
	if (kind != NULL && subject_kind_valid(kind))
		json_object_set_new(typed, strcmp(kind, "access") == 0 ?
		    "kind_access" : "kind_erase", json_true());
	else
		json_object_set_new(errors, "kind", console_text(cr,
		    "console_files.privacy.kind", NULL));
	/* Each identifier on its own, for its field's message. */
	if (nid != NULL && person_parse(&one, nid, NULL, NULL, &err) == -1)
		json_object_set_new(errors, "national_id", console_text(cr,
		    "console_files.privacy.national_id", NULL));
	person_clear(&one);
	if (mob != NULL && person_parse(&one, NULL, mob, NULL, &err) == -1)
		json_object_set_new(errors, "mobile", console_text(cr,
		    "console_files.privacy.mobile", NULL));
	person_clear(&one);
	if (mail != NULL && person_parse(&one, NULL, NULL, mail, &err) == -1)
		json_object_set_new(errors, "email", console_text(cr,
		    "console_files.privacy.email", NULL));
	person_clear(&one);
	if (nid == NULL && mob == NULL && mail == NULL)
		json_object_set_new(errors, "national_id", console_text(cr,
		    "console_files.privacy.none", NULL));
	if (bad && json_object_size(errors) == 0)
		json_object_set_new(errors, "national_id", console_text(cr,
		    "console_files.privacy.none", NULL));
	if (json_object_size(errors) > 0) {
		S_list_page(cr, 422, typed, errors);
		goto out;
	}
	json_decref(typed);
	json_decref(errors);
	buf_reset(&err);
	if (person_parse(&p, nid, mob, mail, &err) == -1 ||
	    (id = subject_open(cr->st, cr->sess.who.name, kind, &p, &err)) ==
	    -1) {
		S_fail(cr, &err);
		goto out;
	}
	buf_printf(&loc, "/staff/privacy/%lld?done=opened", id);
	http_redirect(cr->r, buf_cstr(&loc));
out:
	person_clear(&p);
	buf_free(&err);
	buf_free(&loc);
}

/* ---- one request ---- */

/* The request N of cr->rest ("N" or "N/ACTION"), with *action the rest
 * after the slash ("" when none). 1 with *r; 0 when answered (404). */
static int
S_load(struct creq *cr, struct subject_request *r, const char **action)
{
	struct buf	 err = BUF_INIT;
	long long	 id;
	int		 rc;

	memset(r, 0, sizeof(*r));
	if (!console_rest_id(cr, &id, action))
		goto none;
	if ((rc = subject_get(cr->st, id, r, &err)) == -1) {
		S_fail(cr, &err);
		buf_free(&err);
		return 0;
	}
	buf_free(&err);
	if (rc == 1)
		return 1;
none:
	console_error(cr, 404, "not_found");
	return 0;
}

/* The submissions found for the person of r, as the page lists them,
 * and their references "REF,REF,..." into refs. */
static json_t *
S_found_json(struct creq *cr, const struct privacy_subs *vs, struct buf *refs)
{
	const struct formdef		*fd;
	const struct formdef_field	*f;
	json_t				*l = json_array(), *why, *w;
	const json_t			*e;
	const char			*field, *in;
	size_t				 i, k;

	for (i = 0; i < vs->n; i++) {
		fd = cr->app->c.forms ? formdef_dir_find(cr->app->c.forms,
		    vs->v[i].form) : NULL;
		why = json_array();
		json_array_foreach(vs->v[i].found, k, e) {
			field = json_string_value(json_object_get(e, "field"));
			in = json_string_value(json_object_get(e, "in"));
			f = fd && field ? formdef_field_find(fd, field) : NULL;
			w = json_pack("{s:o,s:s,s:b}", "identifier", S_word(cr,
			    "identifier", json_string_value(json_object_get(e,
			    "identifier"))), "field", f ? f->label : field ?
			    field : "", "in_text", in && strcmp(in, "text") ==
			    0);
			json_array_append_new(why, w);
		}
		json_array_append_new(l, json_pack("{s:s,s:s,s:o,s:o}", "ref",
		    vs->v[i].ref, "form", fd ? formdef_title(fd) :
		    vs->v[i].form, "received", console_when(cr,
		    vs->v[i].received), "why", why));
		if (refs != NULL)
			buf_printf(refs, "%s%s", i ? "," : "", vs->v[i].ref);
	}
	return l;
}

/* The request's page: r, the submissions found now (open only; audited),
 * errors (stolen; may be NULL), a notice key (may be NULL). */
static void
S_request_page(struct creq *cr, const struct subject_request *r, int status,
    json_t *errors, const char *notice)
{
	struct privacy_subs	 vs;
	struct person		 p;
	struct buf		 err = BUF_INIT, refs = BUF_INIT;
	struct buf		 note = BUF_INIT;
	json_t			*page;

	memset(&vs, 0, sizeof(vs));
	memset(&p, 0, sizeof(p));
	page = json_pack("{s:o}", "request", S_request(cr, r, 1));
	if (r->closed_at == NULL) {
		if (subject_person(r, &p, &err) == -1 ||
		    privacy_find(cr->st, cr->app->c.forms, &p, &vs, &err) ==
		    -1)
			goto failed;
		/* Whose submissions these are is personal data. */
		buf_printf(&note, "data-subject request %lld: %zu "
		    "submission%s found", r->id, vs.n, vs.n == 1 ? "" : "s");
		if (audit_add(cr->st, cr->sess.who.name, "request", NULL, NULL,
		    NULL, buf_cstr(&note), &err) == -1)
			goto failed;
		json_object_set_new(page, "subs", S_found_json(cr, &vs,
		    &refs));
		json_object_set_new(page, "nsubs", json_integer((json_int_t)
		    vs.n));
		json_object_set_new(page, "has_subs", json_boolean(vs.n > 0));
		json_object_set_new(page, "shown", json_string(buf_cstr(
		    &refs)));
	}
	if (errors == NULL)
		errors = json_object();
	json_object_set_new(page, "has_errors",
	    json_boolean(json_object_size(errors) > 0));
	json_object_set_new(page, "errors", errors);
	if (notice != NULL)
		json_object_set_new(page, "notice", console_text(cr, notice,
		    NULL));
	console_page(cr, "staff-privacy-request", "privacy", page, status,
	    NULL);
	goto out;
failed:
	json_decref(page);
	json_decref(errors);
	S_fail(cr, &err);
out:
	privacy_subs_free(&vs);
	person_clear(&p);
	buf_free(&err);
	buf_free(&refs);
	buf_free(&note);
}

void
dsr_get(struct creq *cr)
{
	struct subject_request	 r;
	const char		*action, *done;

	if (!S_load(cr, &r, &action))
		return;
	if (*action != '\0') {
		subject_request_free(&r);
		console_error(cr, 404, "not_found");
		return;
	}
	done = console_query(cr, "done", 16, NULL);
	S_request_page(cr, &r, 200, NULL, done && strcmp(done, "erased") == 0 ?
	    "console_files.privacy.erased" : done && strcmp(done, "opened") ==
	    0 ? "console_files.privacy.opened" : NULL);
	subject_request_free(&r);
}

/* Access: the person's document as a download, the request closed. */
static void
S_export(struct creq *cr, const struct subject_request *r)
{
	struct privacy_words	 words;
	struct person		 p;
	struct buf		 err = BUF_INIT, out = BUF_INIT, h = BUF_INIT;
	json_t			*doc = NULL, *msg;
	char			*text = NULL, today[11];
	size_t			 n;
	int			 st, rc;

	memset(&p, 0, sizeof(p));
	if ((rc = console_confirm(cr, "export", &msg)) == -1)
		goto out;
	if (rc == 0) {
		S_request_page(cr, r, 422, json_pack("{s:o}", "code", msg),
		    NULL);
		goto out;
	}
	words.consent_given = catalog_get(cr->app->words,
	    "admin.consent_given");
	for (st = 0; st < WF_NSTATUS; st++)
		words.status[st] = statusmsg_label(cr->app->words, st);
	if (subject_person(r, &p, &err) == -1 ||
	    (doc = privacy_access(cr->st, cr->app->c.forms, cr->sess.who.name,
	    &p, json_object_get(cr->app->c.site, "name"), &words, &err)) ==
	    NULL)
		goto failed;
	n = json_array_size(json_object_get(doc, "submissions"));
	if ((text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL) {
		buf_puts(&err, "out of memory");
		goto failed;
	}
	if (subject_close(cr->st, r->id, cr->sess.who.name, "answered", (int)n,
	    NULL, &err) == -1)
		goto failed;
	buf_printf(&out, "%s\n", text);
	files_today(today);
	buf_puts(&h, CONSOLE_HEADERS);
	buf_printf(&h, "Content-Disposition: attachment; filename=\"access-"
	    "%lld-%s.json\"\r\n", r->id, today);
	http_send_as(cr->r, 200, "application/json", buf_cstr(&h), &out);
	goto out;
failed:
	S_fail(cr, &err);
out:
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	free(text);
	if (out.data != NULL)
		explicit_bzero(out.data, out.len);
	json_decref(doc);
	person_clear(&p);
	buf_free(&err);
	buf_free(&out);
	buf_free(&h);
}

/* The references of vs "REF,REF,...", as the page gave them. */
static int
S_same_refs(const struct privacy_subs *vs, const char *shown)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 same;

	for (i = 0; i < vs->n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", vs->v[i].ref);
	same = strcmp(buf_cstr(&b), shown) == 0;
	buf_free(&b);
	return same;
}

/* Erasure: the submissions shown destroyed, the request closed. */
static void
S_erase(struct creq *cr, const struct subject_request *r)
{
	struct privacy_subs	 now, found;
	struct person		 p;
	struct buf		 err = BUF_INIT, loc = BUF_INIT;
	json_t			*errors = json_object(), *msg;
	const char		*shown, *confirm, *note;
	int			 bad = 0, listed = 0, rc;

	memset(&p, 0, sizeof(p));
	memset(&now, 0, sizeof(now));
	memset(&found, 0, sizeof(found));
	shown = console_field(cr, "shown", 64 * 1024, &bad);
	confirm = console_field(cr, "confirm", 8, &bad);
	note = console_field(cr, "note", NOTE_MAX, &bad);
	if (shown == NULL || bad) {
		json_decref(errors);
		console_error(cr, 400, "bad_request");
		goto out;
	}
	if (confirm == NULL || strcmp(confirm, "yes") != 0)
		json_object_set_new(errors, "confirm", console_text(cr,
		    "console_files.privacy.confirm", NULL));
	if (json_object_size(errors) > 0) {
		S_request_page(cr, r, 422, errors, NULL);
		goto out;
	}
	if ((rc = console_confirm(cr, "erase", &msg)) == -1) {
		json_decref(errors);
		goto out;
	}
	if (rc == 0) {
		json_object_set_new(errors, "code", msg);
		S_request_page(cr, r, 422, errors, NULL);
		goto out;
	}
	if (subject_person(r, &p, &err) == -1 ||
	    privacy_find(cr->st, cr->app->c.forms, &p, &now, &err) == -1) {
		json_decref(errors);
		S_fail(cr, &err);
		goto out;
	}
	/* Only what the page listed: the same references now, and the
	 * same submissions inside the erasure's transaction. */
	if (!S_same_refs(&now, shown)) {
		json_object_set_new(errors, "list", console_text(cr,
		    "console_files.privacy.changed", NULL));
		S_request_page(cr, r, 409, errors, NULL);
		goto out;
	}
	rc = privacy_erase(cr->st, cr->app->c.forms, cr->sess.who.name, &p,
	    &now, note, &found, &listed, &err);
	if (rc == -1 && listed && !S_same_refs(&found, shown)) {
		json_object_set_new(errors, "list", console_text(cr,
		    "console_files.privacy.changed", NULL));
		S_request_page(cr, r, 409, errors, NULL);
		goto out;
	}
	json_decref(errors);
	if (rc == -1) {
		S_fail(cr, &err);
		goto out;
	}
	if (subject_close(cr->st, r->id, cr->sess.who.name, "erased",
	    (int)found.n, note, &err) == -1) {
		S_fail(cr, &err);
		goto out;
	}
	buf_printf(&loc, "/staff/privacy/%lld?done=erased", r->id);
	http_redirect(cr->r, buf_cstr(&loc));
out:
	privacy_subs_free(&now);
	privacy_subs_free(&found);
	person_clear(&p);
	buf_free(&err);
	buf_free(&loc);
}

/* Closed without action: withdrawn, or nothing to do. */
static void
S_close(struct creq *cr, const struct subject_request *r)
{
	struct buf	 err = BUF_INIT;
	json_t		*errors = json_object();
	const char	*outcome, *note;
	int		 bad = 0, rc;

	outcome = console_field(cr, "outcome", 16, &bad);
	note = console_field(cr, "note", NOTE_MAX, &bad);
	if (outcome == NULL || (strcmp(outcome, "withdrawn") != 0 &&
	    strcmp(outcome, "none") != 0))
		json_object_set_new(errors, "outcome", console_text(cr,
		    "console_files.privacy.outcome", NULL));
	if (bad)
		json_object_set_new(errors, "note", console_text(cr,
		    "console_files.privacy.note", NULL));
	if (json_object_size(errors) > 0) {
		S_request_page(cr, r, 422, errors, NULL);
		goto out;
	}
	json_decref(errors);
	rc = subject_close(cr->st, r->id, cr->sess.who.name, outcome, -1, note,
	    &err);
	if (rc == -1)
		S_fail(cr, &err);
	else
		http_redirect(cr->r, "/staff/privacy?done=closed");
out:
	buf_free(&err);
}

void
dsr_post(struct creq *cr)
{
	struct subject_request	 r;
	const char		*action;

	if (!S_load(cr, &r, &action))
		return;
	if (r.closed_at != NULL && (strcmp(action, "export") == 0 ||
	    strcmp(action, "erase") == 0 || strcmp(action, "close") == 0))
		/* Closed: its page says so, with nothing to do. */
		S_request_page(cr, &r, 409, NULL, NULL);
	else if (strcmp(action, "export") == 0 && strcmp(r.kind, "access") ==
	    0)
		S_export(cr, &r);
	else if (strcmp(action, "erase") == 0 && strcmp(r.kind, "erase") == 0)
		S_erase(cr, &r);
	else if (strcmp(action, "close") == 0)
		S_close(cr, &r);
	else
		console_error(cr, 404, "not_found");
	subject_request_free(&r);
}
