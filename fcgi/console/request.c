/*
 * request: one request and what is done to it.
 *
 *   GET  /staff/request/REF          (PERM_CASE) its answers in the
 *        form's order with their labels, its personal answers masked,
 *        its dates, its history (the audit trail naming it), and the
 *        forms of what the role may do; the look is audited ("show",
 *        cases_show())
 *   POST /staff/request/REF/reveal   (PERM_REVEAL) reason (required, at
 *        most REASON_MAX characters) and the second factor again
 *        (console_confirm(), "reveal"): accepted, the look is audited
 *        "reveal" with the reason as its note and this one reply shows
 *        the answers unmasked; refused, the page again (422) with the
 *        message at the field
 *   POST /staff/request/REF/status   to and note (required, at most
 *        NOTE_MAX characters): the role must be allowed the move
 *        (role_may_move(): study for received, under-study and
 *        needs-info, decide for accepted and rejected), else 403 and
 *        nothing changes; cases_set_status() writes it with its audit
 *        entry (a decision names its policy revision in force that day),
 *        then 303 back to the request. The page offers only the moves
 *        the role may make.
 *
 * Which answers are masked: those of the fields that identify or reach
 * the person, by the form definition: the types national_id, mobile and
 * email, and the text fields whose autocomplete token names a person or
 * an address (name and its parts, nickname, street-address and its
 * lines, tel, email). Everything else (city, family size, the need)
 * is shown: the study needs it, and it does not name anyone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "console.h"
#include "datefmt.h"
#include "fieldcheck.h"
#include "policies.h"
#include "roles.h"
#include "statusmsg.h"
#include "workflow.h"

#define REASON_MAX	500	/* characters of a reveal's reason */
#define NOTE_MAX	1000	/* characters of a status change's note */

const char *const request_words[] = {
	"console_queue.error.reason",
	"console_queue.error.reason_long",
	"console_queue.error.note",
	"console_queue.error.note_long",
	"console_queue.error.move",
	"console_queue.revealed",
	"admin.consent_given",
	NULL
};

/* What a masked answer shows in its place: the same whatever its
 * length, so that it tells nothing. */
#define MASK	"••••••"

/* The autocomplete tokens that name a person or an address. */
static const char *const personal_tokens[] = {
	"name", "honorific-prefix", "given-name", "additional-name",
	"family-name", "honorific-suffix", "nickname", "street-address",
	"address-line1", "address-line2", "address-line3", "tel", "email",
	NULL
};

/* 1 when f's answers are masked (the rule above). */
int
request_field_personal(const struct formdef_field *f)
{
	const char	*p, *q;
	size_t		 i, n;

	if (f->type == FORMDEF_NATIONAL_ID || f->type == FORMDEF_MOBILE ||
	    f->type == FORMDEF_EMAIL)
		return 1;
	if ((f->type != FORMDEF_TEXT && f->type != FORMDEF_TEXTAREA) ||
	    f->autocomplete == NULL)
		return 0;
	for (p = f->autocomplete; *p != '\0'; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		n = (size_t)(q - p);
		for (i = 0; n > 0 && personal_tokens[i] != NULL; i++)
			if (strlen(personal_tokens[i]) == n &&
			    strncmp(personal_tokens[i], p, n) == 0)
				return 1;
	}
	return 0;
}

/* The reference at the start of cr->rest, followed by tail exactly
 * ("" for the page itself): 1 with ref, 0 when the path is another. */
static int
S_ref(const struct creq *cr, const char *tail, char ref[STORE_REF_LEN + 1])
{
	if (strlen(cr->rest) < STORE_REF_LEN ||
	    strcmp(cr->rest + STORE_REF_LEN, tail) != 0)
		return 0;
	memcpy(ref, cr->rest, STORE_REF_LEN);
	ref[STORE_REF_LEN] = '\0';
	return store_ref_valid(ref);
}

/* The answers in the definition's order, then any the definition no
 * longer has. */
static json_t *
S_answers(const struct creq *cr, const struct cases_record *c,
    const struct formdef *fd, int reveal, int *nmasked)
{
	const struct formdef_field	*f;
	json_t				*vals = json_object(), *out, *v;
	const char			*name, *given;
	size_t				 i;
	int				 masked;

	given = catalog_get(cr->app->words, "admin.consent_given");
	out = json_array();
	for (i = 0; i < c->nanswers; i++)
		json_object_set_new(vals, c->answers[i].name,
		    json_string(c->answers[i].value));
	for (i = 0; fd != NULL && i < formdef_nfields(fd); i++) {
		f = formdef_field_at(fd, i);
		if ((v = json_object_get(vals, f->name)) == NULL)
			continue;
		masked = request_field_personal(f) && !reveal;
		if (request_field_personal(f))
			(*nmasked)++;
		json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:b,s:b,"
		    "s:b,s:b}", "name", f->name, "label", f->label, "value",
		    masked ? MASK : formdef_answer_text(f,
		    json_string_value(v), 1, given), "masked", masked,
		    "revealed", request_field_personal(f) && reveal,
		    "ltr", f->type == FORMDEF_NATIONAL_ID || f->type ==
		    FORMDEF_MOBILE || f->type == FORMDEF_EMAIL,
		    "multiline", f->type == FORMDEF_TEXTAREA));
		json_object_del(vals, f->name);
	}
	/* No definition says whether these are personal: masked. */
	json_object_foreach(vals, name, v) {
		if (!reveal)
			(*nmasked)++;
		json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:b,s:b,"
		    "s:b,s:b}", "name", name, "label", name, "value", reveal ?
		    json_string_value(v) : MASK, "masked", !reveal, "revealed",
		    reveal, "ltr", 0, "multiline", 0));
	}
	json_decref(vals);
	return out;
}

/* A status's words, or the stored name. */
static json_t *
S_status(const struct creq *cr, const char *name)
{
	int	 st = name ? wf_status_index(name) : -1;

	return json_string(st >= 0 ? statusmsg_label(cr->app->words, st) :
	    name ? name : "");
}

/* A history entry. */
static json_t *
S_entry(const struct creq *cr, const struct audit_entry *e)
{
	json_t		*o;
	const json_t	*pol;
	const char	*slash;
	char		 action[40], slug[FORMDEF_MAX_NAME + 1];
	size_t		 n;

	o = json_pack("{s:o,s:s?,s:s?,s:s?}", "at", console_when(cr, e->at),
	    "actor", e->actor, "action", e->action, "note", e->note);
	snprintf(action, sizeof(action), "action_%s", e->action ? e->action :
	    "");
	json_object_set_new(o, action, json_true());
	if (e->from != NULL)
		json_object_set_new(o, "from", S_status(cr, e->from));
	if (e->to != NULL)
		json_object_set_new(o, "to", S_status(cr, e->to));
	/* The policy revision a decision was made under: its title and
	 * number. */
	if (e->revision != NULL && (slash = strrchr(e->revision, '/')) !=
	    NULL && (n = (size_t)(slash - e->revision)) < sizeof(slug)) {
		memcpy(slug, e->revision, n);
		slug[n] = '\0';
		pol = policies_find(cr->app->c.policies, slug);
		json_object_set_new(o, "revision", json_pack("{s:s,s:s,s:s}",
		    "slug", slug, "number", slash + 1, "title", pol != NULL &&
		    json_is_string(json_object_get(pol, "title")) ?
		    json_string_value(json_object_get(pol, "title")) : slug));
	}
	return o;
}

/*
 * The page of request ref, its look audited as action (with note);
 * reveal: its personal answers unmasked. errors (stolen; may be NULL)
 * and the fields as typed (form: may be NULL) go back to the forms.
 */
static void
S_page(struct creq *cr, const char *ref, const char *action,
    const char *note, int reveal, json_t *errors, int status)
{
	struct cases_record	 c;
	struct buf		 err = BUF_INIT, url = BUF_INIT;
	const struct formdef	*fd;
	struct date		 today, due;
	json_t			*page, *moves, *hist;
	size_t			 i;
	int			 nmasked = 0, st, left;
	int			 role = cr->sess.who.role;

	if (cases_show_as(cr->st, cr->sess.who.name, action, note, ref, &c,
	    &err) == -1) {
		if (strncmp(buf_cstr(&err), "no submission", 13) == 0)
			console_error(cr, 404, "not_found");
		else {
			fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
			console_error(cr, 500, "failed");
		}
		json_decref(errors);
		goto out;
	}
	fd = c.form != NULL ? formdef_dir_find(cr->app->c.forms, c.form) :
	    NULL;
	date_from_time(time(NULL), &today);
	page = json_pack("{s:s,s:s?,s:s?,s:o,s:o,s:o,s:o}", "ref", ref,
	    "form", c.form, "form_title", fd ? formdef_title(fd) : c.form,
	    "status", S_status(cr, c.status), "received", console_when(cr,
	    c.received), "decided", console_when(cr, c.decided), "answers",
	    S_answers(cr, &c, fd, reveal, &nmasked));
	json_object_set_new(page, "status_name", json_string(c.status));
	if (wf_form_tracked(fd) && wf_due_date(c.received,
	    cr->app->response_days, &due) == 0) {
		json_object_set_new(page, "due", datefmt_json(cr->app->words,
		    &due));
		if (!wf_status_decided(c.status) && cases_days_late(c.received,
		    cr->app->response_days, &today, &left) == 0)
			json_object_set_new(page, "days", queue_days(cr,
			    -left));
	}
	json_object_set_new(page, "revealed", json_boolean(reveal));
	if (reveal)
		json_object_set_new(page, "notice", console_text(cr,
		    "console_queue.revealed", NULL));
	json_object_set_new(page, "may_reveal", json_boolean(!reveal &&
	    nmasked > 0 && role_may(role, PERM_REVEAL)));
	/* The moves this role may make from here. */
	moves = json_array();
	for (st = 0; st < WF_NSTATUS; st++)
		if (role_may_move(role, wf_status_name(st)) &&
		    wf_change_allowed(fd, c.status, wf_status_name(st)) ==
		    WF_CHANGE_OK)
			json_array_append_new(moves, json_pack("{s:s,s:s,s:b}",
			    "name", wf_status_name(st), "label",
			    statusmsg_label(cr->app->words, st), "selected",
			    cr->r->post && console_field(cr, "to", 16, NULL) !=
			    NULL && strcmp(console_field(cr, "to", 16, NULL),
			    wf_status_name(st)) == 0));
	json_object_set_new(page, "has_moves",
	    json_boolean(json_array_size(moves) > 0));
	json_object_set_new(page, "moves", moves);
	hist = json_array();
	for (i = 0; i < c.history.n; i++)
		json_array_append_new(hist, S_entry(cr, &c.history.v[i]));
	json_object_set_new(page, "history", hist);
	buf_printf(&url, "/staff/request/%s", ref);
	json_object_set_new(page, "url", json_string(buf_cstr(&url)));
	if (cr->r->post) {
		const char *v;

		if ((v = console_field(cr, "reason", REASON_MAX * 4, NULL)) !=
		    NULL)
			json_object_set_new(page, "reason", json_string(v));
		if ((v = console_field(cr, "note", NOTE_MAX * 4, NULL)) !=
		    NULL)
			json_object_set_new(page, "note", json_string(v));
	}
	json_object_set_new(page, "has_errors", json_boolean(errors != NULL));
	json_object_set_new(page, "errors", errors ? errors : json_object());
	console_page(cr, "staff-request", "queue", page, status, NULL);
out:
	cases_record_free(&c);
	buf_free(&err);
	buf_free(&url);
}

void
request_get(struct creq *cr)
{
	char	 ref[STORE_REF_LEN + 1];

	if (!S_ref(cr, "", ref)) {
		console_error(cr, 404, "not_found");
		return;
	}
	S_page(cr, ref, "show", NULL, 0, NULL, 200);
}

/* A required text field (a reason, a note) checked as wasl-admin's
 * notes: into out, or a message for its field into errors. */
static void
S_text(struct creq *cr, const char *name, long long max, const char *empty,
    const char *toolong, struct buf *out, json_t *errors)
{
	const char	*v;
	int		 bad = 0, rc;

	v = console_field(cr, name, (size_t)max * 4, &bad);
	if (bad) {
		json_object_set_new(errors, name, console_text(cr, toolong,
		    json_pack("{s:I}", "max", (json_int_t)max)));
		return;
	}
	rc = fc_text(v ? v : "", v ? strlen(v) : 0, 1, max, out);
	if (rc == FC_OK)
		return;
	json_object_set_new(errors, name, rc == FC_TOO_LONG ?
	    console_text(cr, toolong, json_pack("{s:I}", "max",
	    (json_int_t)max)) : console_text(cr, empty, NULL));
}

static void
S_reveal(struct creq *cr, const char *ref)
{
	struct buf	 reason = BUF_INIT;
	json_t		*errors = json_object(), *msg;
	int		 rc;

	if (!role_may(cr->sess.who.role, PERM_REVEAL)) {
		console_error(cr, 403, "forbidden");
		goto out;
	}
	S_text(cr, "reason", REASON_MAX, "console_queue.error.reason",
	    "console_queue.error.reason_long", &reason, errors);
	/* The code is spent only with a reason that stands. */
	if (json_object_size(errors) == 0) {
		rc = console_confirm(cr, "reveal", &msg);
		if (rc == -1)
			goto out;
		if (rc == 0)
			json_object_set_new(errors, "code", msg);
	} else if (console_field(cr, "code", 16, NULL) == NULL ||
	    *console_field(cr, "code", 16, NULL) == '\0')
		json_object_set_new(errors, "code", console_text(cr,
		    "console.confirm.missing", NULL));
	if (json_object_size(errors) > 0) {
		S_page(cr, ref, "show", NULL, 0, errors, 422);
		errors = NULL;
		goto out;
	}
	S_page(cr, ref, "reveal", buf_cstr(&reason), 1, NULL, 200);
out:
	json_decref(errors);
	buf_free(&reason);
}

static void
S_move(struct creq *cr, const char *ref)
{
	struct buf	 note = BUF_INIT, err = BUF_INIT, url = BUF_INIT;
	json_t		*errors = json_object();
	const char	*to;
	char		 from[16];

	to = console_field(cr, "to", 16, NULL);
	/* A move the role may not make changes nothing. */
	if (to == NULL || !role_may_move(cr->sess.who.role, to)) {
		console_error(cr, 403, "forbidden");
		goto out;
	}
	S_text(cr, "note", NOTE_MAX, "console_queue.error.note",
	    "console_queue.error.note_long", &note, errors);
	if (json_object_size(errors) > 0) {
		S_page(cr, ref, "show", NULL, 0, errors, 422);
		errors = NULL;
		goto out;
	}
	if (cases_set_status(cr->st, cr->app->c.forms, cr->app->c.policies,
	    cr->sess.who.name, ref, to, buf_cstr(&note), from, &err) == -1) {
		/* Refused by the workflow (already so, no workflow, no such
		 * request) or a failure: said at the field, nothing
		 * changed. */
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		json_object_set_new(errors, "to", console_text(cr,
		    "console_queue.error.move", NULL));
		S_page(cr, ref, "show", NULL, 0, errors, 422);
		errors = NULL;
		goto out;
	}
	buf_printf(&url, "/staff/request/%s", ref);
	http_redirect(cr->r, buf_cstr(&url));
out:
	json_decref(errors);
	buf_free(&note);
	buf_free(&err);
	buf_free(&url);
}

void
request_post(struct creq *cr)
{
	char	 ref[STORE_REF_LEN + 1];

	if (S_ref(cr, "/reveal", ref))
		S_reveal(cr, ref);
	else if (S_ref(cr, "/status", ref))
		S_move(cr, ref);
	else
		console_error(cr, 404, "not_found");
}
