/*
 * publishing: the board's secretary publishes a new revision of a
 * policy from the console, and a second person confirms (issue 18).
 *
 *   GET  /staff/policies              every policy: the revision in force,
 *                                     any revision approved ahead, the open
 *                                     draft; start a new revision; rollback
 *   POST /staff/policies/SLUG/new     draft revision N+1 from the latest
 *   POST /staff/policies/rollback     the publisher undoes the last
 *                                     publish for good (drafts.h: the
 *                                     revision withdrawn, an edited file
 *                                     given its text back)
 *   GET  /staff/drafts/ID             the draft: its text, the comparison
 *                                     with the revision it is based on
 *                                     (word by word, as the site's
 *                                     comparison pages), the approval
 *   GET  /staff/drafts/ID/preview     the draft as the site will show it:
 *                                     the site's own policy template
 *   POST /staff/drafts/ID             its title and text saved (button
 *                                     "preview": then shown as above)
 *   POST /staff/drafts/ID/approval    the board's approval recorded
 *   POST /staff/drafts/ID/ready       made ready for a second person
 *   POST /staff/drafts/ID/reject      abandoned
 *   POST /staff/drafts/ID/publish     confirmed by another person than
 *                                     the one who made it ready
 *
 * The console writes nothing of the content folder (it runs confined,
 * as the database's user): drafts live in the database (fcgi/db/drafts.h)
 * and the publisher, wasl-admin publish-pending, run beside the servers
 * as root (fcgi/ctl.sh), writes the file, builds, checks and swaps the
 * site in, and reports back. The rules of an approval are here, where
 * the content is known: its date, typed in either calendar, neither in
 * the future nor before the approval of the revision it follows; the
 * effective date not before it; and the approval paragraph of the text,
 * when it has one, agreeing with the record (revision.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "console.h"
#include "compareview.h"
#include "datefmt.h"
#include "date.h"
#include "drafts.h"
#include "keys.h"
#include "markdown.h"
#include "revision.h"
#include "roles.h"
#include "sha256.h"

const char *const publishing_words[] = {
	"console_publish.notice.started",
	"console_publish.notice.saved",
	"console_publish.notice.approved",
	"console_publish.notice.ready",
	"console_publish.notice.publishing",
	"console_publish.notice.rejected",
	"console_publish.notice.rollback",
	"console_publish.notice.rollback_busy",
	"console_publish.notice.rollback_nothing",
	"console_publish.notice.rollback_follows",
	"console_publish.status.draft",
	"console_publish.status.ready",
	"console_publish.status.publishing",
	"console_publish.status.published",
	"console_publish.status.rejected",
	"console_publish.status.withdrawn",
	"console_publish.error.open",
	"console_publish.error.state",
	"console_publish.error.same_person",
	"console_publish.error.no_approval",
	"console_publish.error.title",
	"console_publish.error.body",
	"console_publish.error.body_long",
	"console_publish.error.meeting",
	"console_publish.error.field_long",
	"console_publish.error.date_missing",
	"console_publish.error.date_malformed",
	"console_publish.error.date_future",
	"console_publish.error.date_before",
	"console_publish.error.effective_before",
	"console_publish.error.changes",
	"console_publish.error.text_meeting",
	"console_publish.error.text_hijri",
	"console_publish.error.text_gregorian",
	NULL
};

#define K	"console_publish."

/* ---- the content ---- */

static const char *
S_str(const json_t *o, const char *k)
{
	const char	*s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/* A date object's ISO form, "" when none. */
static const char *
S_iso(const json_t *o, const char *k)
{
	return S_str(json_object_get(o, k), KEY_ISO);
}

static const char *
S_approved_iso(const json_t *rev)
{
	return S_iso(json_object_get(rev, KEY_APPROVED), KEY_DATE);
}

/* Today, Saudi, as "YYYY-MM-DD". */
static void
S_today(struct date *d, char iso[11])
{
	struct buf	 b = BUF_INIT;

	date_from_time(time(NULL), d);
	date_iso(&b, d);
	snprintf(iso, 11, "%s", buf_cstr(&b));
	buf_free(&b);
}

static json_t *
S_policy(const struct creq *cr, const char *slug)
{
	json_t		*p;
	size_t		 i;

	json_array_foreach(cr->app->c.policies, i, p)
		if (strcmp(S_str(p, KEY_SLUG), slug) == 0)
			return p;
	return NULL;
}

/* The revision numbered n of policy p, or NULL. */
static json_t *
S_revision(const json_t *p, int n)
{
	json_t		*r;
	size_t		 i;

	json_array_foreach(json_object_get(p, KEY_REVISIONS), i, r)
		if (json_integer_value(json_object_get(r, KEY_REVISION)) == n)
			return r;
	return NULL;
}

/* The revision in force today (the highest approved one whose effective
 * date has come), and the latest one; either may be NULL. */
static void
S_settle(const json_t *p, const char *today, json_t **cur, json_t **last)
{
	json_t		*r;
	size_t		 i;

	*cur = *last = NULL;
	json_array_foreach(json_object_get(p, KEY_REVISIONS), i, r) {
		if (!revision_approved(r))
			continue;
		*last = r;
		if (strcmp(S_iso(r, KEY_EFFECTIVE), today) <= 0)
			*cur = r;
	}
}

static json_t *
S_rev_json(const json_t *r)
{
	if (r == NULL)
		return json_null();
	return json_pack("{s:O,s:O*,s:O*,s:O*}", KEY_REVISION,
	    json_object_get(r, KEY_REVISION), KEY_URL, json_object_get(r,
	    KEY_URL), "date", json_object_get(json_object_get(r,
	    KEY_APPROVED), KEY_DATE), KEY_EFFECTIVE, json_object_get(r,
	    KEY_EFFECTIVE));
}

/* ---- words ---- */

static json_t *
S_say(const struct creq *cr, const char *key)
{
	struct buf	 k = BUF_INIT;
	json_t		*j;

	buf_printf(&k, K "%s", key);
	j = console_text(cr, buf_cstr(&k), NULL);
	buf_free(&k);
	return j;
}

static json_t *
S_status(const struct creq *cr, const char *status)
{
	struct buf	 k = BUF_INIT;
	json_t		*j;

	buf_printf(&k, "status.%s", status);
	j = S_say(cr, buf_cstr(&k));
	buf_free(&k);
	return j;
}

/* A date stored "YYYY-MM-DD" in both calendars, or null. */
static json_t *
S_date_json(const struct creq *cr, const char *iso)
{
	struct date	 d;

	if (iso == NULL || date_parse(iso, strlen(iso), &d) == -1)
		return json_null();
	return datefmt_json(cr->app->words, &d);
}

/* ---- the list ---- */

/* The rollback's part of the list: what it would undo (page.undo), a
 * job the publisher has still to do (page.busy), the last rollback when
 * it failed (page.rollback_failed, its log). 0, or -1 with err set. */
static int
S_rollback_json(struct creq *cr, json_t *page, struct buf *err)
{
	struct undoable		 u;
	struct publish_job	 j;
	struct buf		 log = BUF_INIT;
	json_t			*p, *undo;
	int			 rc, failed, n;

	if ((n = drafts_pending(cr->st, err)) == -1 ||
	    (rc = drafts_undoable(cr->st, &u, err)) == -1)
		return -1;
	if (n > 0)
		json_object_set_new(page, "busy", json_true());
	else if (rc == DRAFTS_OK) {
		undo = json_pack("{s:s,s:o}", "by", u.by, "when",
		    console_when(cr, u.done_at));
		if (u.draft != 0) {
			p = S_policy(cr, u.slug);
			json_object_set_new(undo, "revision", json_pack(
			    "{s:I,s:i,s:s,s:s}", "id", (json_int_t)u.draft,
			    KEY_REVISION, u.revision, KEY_SLUG, u.slug,
			    KEY_TITLE, p != NULL ? S_str(p, KEY_TITLE) :
			    u.slug));
		} else
			json_object_set_new(undo, "edit", json_pack(
			    "{s:I,s:s}", "id", (json_int_t)u.edit, "path",
			    u.path));
		json_object_set_new(page, "undo", undo);
	}
	if ((rc = drafts_last_done(cr->st, &j, &failed, &log, err)) == -1) {
		buf_free(&log);
		return -1;
	}
	if (rc == DRAFTS_OK && j.rollback && failed)
		json_object_set_new(page, "rollback_failed", json_pack(
		    "{s:s}", "log", buf_cstr(&log)));
	buf_free(&log);
	return 0;
}

/* What the list says after ?done=DONE: the page's field, its text. */
static const struct {
	const char	*done, *field, *key;
} list_done[] = {
	{ "rollback", "notice", "notice.rollback" },
	{ "busy", "rollback_error", "notice.rollback_busy" },
	{ "nothing", "rollback_error", "notice.rollback_nothing" },
	{ "follows", "rollback_error", "notice.rollback_follows" },
	{ "rejected", "notice", "notice.rejected" },
	{ "open", "error", "error.open" },
};

void
publishing_list(struct creq *cr)
{
	struct buf	 err = BUF_INIT;
	struct drafts	 l = { NULL, 0 };
	struct date	 td;
	char		 today[11];
	json_t		*page, *rows, *p, *cur, *last, *row, *closed;
	const char	*done;
	size_t		 i, j;

	if (drafts_list(cr->st, &l, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		buf_free(&err);
		console_error(cr, 500, "failed");
		return;
	}
	S_today(&td, today);
	rows = json_array();
	json_array_foreach(cr->app->c.policies, i, p) {
		S_settle(p, today, &cur, &last);
		row = json_pack("{s:s,s:s,s:O*,s:o,s:o}", KEY_SLUG, S_str(p,
		    KEY_SLUG), KEY_TITLE, S_str(p, KEY_TITLE), KEY_URL,
		    json_object_get(p, KEY_URL), "current", S_rev_json(cur),
		    "upcoming", last != NULL && last != cur ?
		    S_rev_json(last) : json_null());
		for (j = 0; j < l.n; j++)
			if (strcmp(l.v[j].slug, S_str(p, KEY_SLUG)) == 0 &&
			    (strcmp(l.v[j].status, "draft") == 0 ||
			    strcmp(l.v[j].status, "ready") == 0 ||
			    strcmp(l.v[j].status, "publishing") == 0)) {
				json_object_set_new(row, "draft", json_pack(
				    "{s:I,s:i,s:o}", "id",
				    (json_int_t)l.v[j].id, KEY_REVISION,
				    l.v[j].revision, "status_label",
				    S_status(cr, l.v[j].status)));
				break;
			}
		if (json_object_get(row, "draft") == NULL && last != NULL)
			json_object_set_new(row, "next",
			    json_integer(json_integer_value(json_object_get(
			    last, KEY_REVISION)) + 1));
		json_array_append_new(rows, row);
	}
	closed = json_array();
	for (j = 0; j < l.n; j++) {
		if (strcmp(l.v[j].status, "published") != 0 &&
		    strcmp(l.v[j].status, "rejected") != 0 &&
		    strcmp(l.v[j].status, "withdrawn") != 0)
			continue;
		json_array_append_new(closed, json_pack("{s:I,s:s,s:i,s:o,"
		    "s:s*,s:o}", "id", (json_int_t)l.v[j].id, KEY_SLUG,
		    l.v[j].slug, KEY_REVISION, l.v[j].revision, "status_label",
		    S_status(cr, l.v[j].status), "published_by",
		    l.v[j].published_by, "when", console_when(cr,
		    l.v[j].published_at != NULL ? l.v[j].published_at :
		    l.v[j].updated_at)));
	}
	page = json_pack("{s:o,s:o,s:o}", "policies", rows, "closed", closed,
	    "today", datefmt_json(cr->app->words, &td));
	if (S_rollback_json(cr, page, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		json_decref(page);
		drafts_free(&l);
		buf_free(&err);
		console_error(cr, 500, "failed");
		return;
	}
	done = console_query(cr, "done", 16, NULL);
	for (i = 0; done != NULL && i < sizeof(list_done) /
	    sizeof(list_done[0]); i++)
		if (strcmp(done, list_done[i].done) == 0) {
			json_object_set_new(page, list_done[i].field,
			    S_say(cr, list_done[i].key));
			break;
		}
	console_page(cr, "staff-policies", "policies", page, 200, NULL);
	drafts_free(&l);
	buf_free(&err);
}

/* POST /staff/policies/SLUG/new */
void
publishing_new(struct creq *cr)
{
	struct buf	 err = BUF_INIT, url = BUF_INIT;
	struct date	 td;
	char		 today[11], slug[96];
	const char	*end;
	json_t		*p, *cur, *last;
	long long	 id;
	int		 rc;

	end = strchr(cr->rest, '/');
	if (end == NULL || strcmp(end, "/new") != 0 ||
	    (size_t)(end - cr->rest) >= sizeof(slug)) {
		console_error(cr, 404, "not_found");
		return;
	}
	snprintf(slug, sizeof(slug), "%.*s", (int)(end - cr->rest),
	    cr->rest);
	S_today(&td, today);
	if ((p = S_policy(cr, slug)) == NULL) {
		console_error(cr, 404, "not_found");
		return;
	}
	S_settle(p, today, &cur, &last);
	if (last == NULL) {
		console_error(cr, 400, "bad_request");
		return;
	}
	rc = drafts_create(cr->st, cr->sess.who.name, slug,
	    (int)json_integer_value(json_object_get(last, KEY_REVISION)) + 1,
	    (int)json_integer_value(json_object_get(last, KEY_REVISION)),
	    S_str(last, KEY_TITLE), json_string_value(json_object_get(last,
	    KEY_SUMMARY)), S_str(last, KEY_MARKDOWN), &id, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == DRAFTS_OPEN)
		http_redirect(cr->r, "/staff/policies?done=open");
	else {
		buf_printf(&url, "/staff/drafts/%lld?done=started", id);
		http_redirect(cr->r, buf_cstr(&url));
	}
	buf_free(&url);
	buf_free(&err);
}

/* POST /staff/policies/rollback */
void
publishing_rollback(struct creq *cr)
{
	struct buf	 err = BUF_INIT;
	int		 rc;

	rc = drafts_rollback(cr->st, cr->sess.who.name, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == DRAFTS_STATE)
		http_redirect(cr->r, "/staff/policies?done=busy");
	else if (rc == DRAFTS_NOT_FOUND)
		http_redirect(cr->r, "/staff/policies?done=nothing");
	else if (rc == DRAFTS_OPEN)
		http_redirect(cr->r, "/staff/policies?done=follows");
	else
		http_redirect(cr->r, "/staff/policies?done=rollback");
	buf_free(&err);
}

/* ---- one draft ---- */

/* The draft the path names: rest is "ID" or "ID/WHAT" (*what: "" or
 * "WHAT"). 1 found; 0 answered (404, 500). */
static int
S_load(struct creq *cr, struct draft *d, const char **what)
{
	struct buf	 err = BUF_INIT;
	long long	 id;
	int		 rc;

	if (!console_rest_id(cr, &id, what)) {
		console_error(cr, 404, "not_found");
		return 0;
	}
	rc = drafts_get(cr->st, id, d, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == DRAFTS_NOT_FOUND)
		console_error(cr, 404, "not_found");
	buf_free(&err);
	return rc == DRAFTS_OK;
}

/* What the form of the approval shows: the values typed (form, when
 * given: after a refusal) or the record. */
static json_t *
S_approval_form(const struct creq *cr, const struct draft *d, int typed)
{
	json_t		*a;
	const char	*cal;

	if (typed) {
		cal = console_field(cr, "calendar", 16, NULL);
		a = json_pack("{s:s*,s:s*,s:s*,s:s*,s:s*,s:s*,s:b}",
		    "meeting", console_field(cr, "meeting", 400, NULL),
		    "decision", console_field(cr, "decision", 400, NULL),
		    "date", console_field(cr, "date", 40, NULL),
		    "signatory", console_field(cr, "signatory", 400, NULL),
		    "effective", console_field(cr, "effective", 40, NULL),
		    "changes", console_field(cr, "changes", 2000, NULL),
		    "hijri", cal != NULL && strcmp(cal, "hijri") == 0);
		return a;
	}
	return json_pack("{s:s*,s:s*,s:s*,s:s*,s:s*,s:s*,s:b}",
	    "meeting", d->meeting, "decision", d->decision, "date",
	    d->approved_on, "signatory", d->signatory, "effective",
	    d->effective != NULL && d->approved_on != NULL &&
	    strcmp(d->effective, d->approved_on) == 0 ? NULL : d->effective,
	    "changes", d->changes, "hijri", 0);
}

/*
 * The draft's page: its state, the comparison with the revision it is
 * based on, the forms the role may use. errors: { field: message }
 * (stolen; may be NULL) with the values typed kept; notice: a catalog
 * key under console_publish.notice, or NULL.
 */
static void
S_page(struct creq *cr, const struct draft *d, int status, json_t *errors,
    const char *notice, const char *typed_body)
{
	struct buf		 html = BUF_INIT, k = BUF_INIT;
	struct compare_stats	 stats = { 0, 0 };
	json_t			*page, *p, *base;
	const char		*old, *key, *title = d->title, *t;
	int			 mine, may_draft, may_publish;
	int			 editable;

	p = S_policy(cr, d->slug);
	base = p != NULL ? S_revision(p, d->based_on) : NULL;
	old = base != NULL ? S_str(base, KEY_MARKDOWN) : "";
	if (compareview_html(cr->app->words, old, strlen(old),
	    typed_body != NULL ? typed_body : d->body, strlen(typed_body !=
	    NULL ? typed_body : d->body), &html, &stats) == -1)
		buf_reset(&html);
	mine = d->ready_by != NULL && strcmp(d->ready_by,
	    cr->sess.who.name) == 0;
	may_draft = role_may(cr->sess.who.role, PERM_DRAFT);
	may_publish = role_may(cr->sess.who.role, PERM_PUBLISH);
	editable = strcmp(d->status, "draft") == 0 ||
	    strcmp(d->status, "ready") == 0;
	if (typed_body != NULL) {
		t = console_field(cr, "title", DRAFTS_FIELD_MAX, NULL);
		title = t != NULL ? t : "";
	}
	page = json_pack("{s:I,s:s,s:s,s:i,s:i,s:s,s:s,s:o,s:s*,s:s,s:o,"
	    "s:{s:I,s:I},s:b,s:s*,s:o,s:o,s:o}",
	    "id", (json_int_t)d->id, KEY_SLUG, d->slug, KEY_TITLE, title,
	    KEY_REVISION, d->revision, "based_on", d->based_on,
	    "body", typed_body != NULL ? typed_body : d->body,
	    "status", d->status, "status_label", S_status(cr, d->status),
	    "policy_title", p != NULL ? S_str(p, KEY_TITLE) : NULL,
	    "compare_html", buf_cstr(&html),
	    "base", S_rev_json(base),
	    "stats", "inserted", (json_int_t)stats.inserted, "deleted",
	    (json_int_t)stats.deleted,
	    "unchanged", stats.inserted == 0 && stats.deleted == 0,
	    "log", d->log,
	    "created", console_when(cr, d->created_at),
	    "approval", S_approval_form(cr, d, errors != NULL &&
	    typed_body == NULL && console_field(cr, "date", 40, NULL) !=
	    NULL),
	    "approval_dates", json_pack("{s:o,s:o}", "date",
	    S_date_json(cr, d->approved_on), KEY_EFFECTIVE,
	    S_date_json(cr, d->effective)));
	if (d->approved_on != NULL)
		json_object_set_new(page, "approved", json_pack(
		    "{s:s,s:s*,s:s*,s:s*}", "meeting", d->meeting, "decision",
		    d->decision, "signatory", d->signatory, "by",
		    d->approval_by));
	if (d->ready_by != NULL)
		json_object_set_new(page, "ready", json_pack("{s:s,s:o}",
		    "by", d->ready_by, "when", console_when(cr, d->ready_at)));
	json_object_set_new(page, "can", json_pack("{s:b,s:b,s:b,s:b,s:b,"
	    "s:b}", "edit", may_draft && editable,
	    "approve", may_draft && strcmp(d->status, "draft") == 0,
	    "ready", may_draft && strcmp(d->status, "draft") == 0 &&
	    d->approved_on != NULL,
	    "reject", may_draft && editable,
	    "publish", may_publish && strcmp(d->status, "ready") == 0 &&
	    !mine,
	    "mine", strcmp(d->status, "ready") == 0 && mine));
	if (errors != NULL) {
		json_object_set_new(page, "errors", errors);
		json_object_set_new(page, "has_errors", json_true());
	}
	if (notice != NULL) {
		buf_printf(&k, "notice.%s", notice);
		json_object_set_new(page, "notice", S_say(cr, buf_cstr(&k)));
	} else if ((key = console_query(cr, "done", 16, NULL)) != NULL) {
		static const char *const ok[] = { "started", "saved",
		    "approved", "ready", "publishing", NULL };
		size_t i;

		for (i = 0; ok[i] != NULL; i++)
			if (strcmp(key, ok[i]) == 0) {
				buf_printf(&k, "notice.%s", ok[i]);
				json_object_set_new(page, "notice",
				    S_say(cr, buf_cstr(&k)));
			}
	}
	console_page(cr, "staff-draft", "policies", page, status, NULL);
	buf_free(&html);
	buf_free(&k);
}

/* The draft as the site will show it: its revision page, from the
 * site's own template "policy" (the layout, the menu, the approval
 * record, the table of contents), marked as a draft. */
static void
S_preview(struct creq *cr, const struct draft *d)
{
	struct buf	 html = BUF_INIT, url = BUF_INIT;
	json_t		*p, *base, *page, *toc = json_array(), *ap;
	char		 hex[SHA256_HEX_LEN + 1];
	struct buf	 fp = BUF_INIT;
	size_t		 i;

	p = S_policy(cr, d->slug);
	base = p != NULL ? S_revision(p, d->based_on) : NULL;
	if (md_render(d->body, strlen(d->body), &html, toc) == -1) {
		json_decref(toc);
		buf_free(&html);
		console_error(cr, 500, "render");
		return;
	}
	if (sha256_hex(d->body, strlen(d->body), hex) == 0)
		for (i = 0; i < SHA256_HEX_LEN; i += 4)
			buf_printf(&fp, "%s%.4s", i ? " " : "", hex + i);
	buf_printf(&url, "%s%d/", p != NULL ? S_str(p, KEY_URL) : "/",
	    d->revision);
	page = json_pack("{s:s,s:i,s:s*,s:s,s:o,s:b,s:s,s:s,s:s,s:b,s:s*,"
	    "s:s,s:o}",
	    KEY_TITLE, d->title, KEY_REVISION, d->revision, KEY_SUMMARY,
	    d->summary, KEY_HTML, buf_cstr(&html), KEY_TOC, toc,
	    KEY_HAS_TOC, json_array_size(toc) > 1, KEY_URL, buf_cstr(&url),
	    "permalink", buf_cstr(&url), "kind", "policy", KEY_DRAFT, 1,
	    KEY_CHANGES, d->changes, "fingerprint", buf_cstr(&fp),
	    "policy", json_pack("{s:s,s:s,s:s}", KEY_TITLE, p != NULL ?
	    S_str(p, KEY_TITLE) : d->title, KEY_URL, p != NULL ? S_str(p,
	    KEY_URL) : "/", KEY_HISTORY_URL, p != NULL ? S_str(p,
	    KEY_HISTORY_URL) : "/"));
	if (d->approved_on != NULL) {
		ap = json_pack("{s:s*,s:s*,s:o,s:s*}", KEY_MEETING, d->meeting,
		    KEY_DECISION, d->decision, KEY_DATE, S_date_json(cr,
		    d->approved_on), KEY_SIGNATORY, d->signatory);
		json_object_set(ap, KEY_BY, json_object_get(json_object_get(
		    base, KEY_APPROVED), KEY_BY));
		json_object_set_new(page, KEY_APPROVED, ap);
		json_object_set_new(page, KEY_EFFECTIVE, S_date_json(cr,
		    d->effective));
	}
	if (base != NULL) {
		buf_reset(&url);
		buf_printf(&url, "%scompare/%d-%d/", S_str(p, KEY_URL),
		    d->based_on, d->revision);
		json_object_set_new(page, "previous_revision",
		    json_integer(d->based_on));
	}
	console_page(cr, "policy", NULL, page, 200, NULL);
	buf_free(&html);
	buf_free(&url);
	buf_free(&fp);
}

void
publishing_draft_get(struct creq *cr)
{
	struct draft	 d;
	const char	*what;

	if (!S_load(cr, &d, &what))
		return;
	if (*what == '\0')
		S_page(cr, &d, 200, NULL, NULL, NULL);
	else if (strcmp(what, "preview") == 0)
		S_preview(cr, &d);
	else
		console_error(cr, 404, "not_found");
	drafts_free_one(&d);
}

/* An error at field, for the page. */
static void
S_err(const struct creq *cr, json_t **errors, const char *field,
    const char *key)
{
	struct buf	 k = BUF_INIT;

	if (*errors == NULL)
		*errors = json_object();
	if (json_object_get(*errors, field) != NULL)
		return;
	buf_printf(&k, "error.%s", key);
	json_object_set_new(*errors, field, S_say(cr, buf_cstr(&k)));
	buf_free(&k);
}

/* The answer to a step of drafts.h: redirect with done, or say why. */
static void
S_after(struct creq *cr, struct draft *d, int rc, const char *done,
    const struct buf *err)
{
	struct buf	 url = BUF_INIT;
	json_t		*e = NULL;

	switch (rc) {
	case DRAFTS_OK:
		buf_printf(&url, "/staff/drafts/%lld?done=%s", d->id, done);
		http_redirect(cr->r, buf_cstr(&url));
		break;
	case DRAFTS_NOT_FOUND:
		console_error(cr, 404, "not_found");
		break;
	case DRAFTS_STATE:
		S_err(cr, &e, "form", "state");
		S_page(cr, d, 409, e, NULL, NULL);
		break;
	case DRAFTS_NO_APPROVAL:
		S_err(cr, &e, "form", "no_approval");
		S_page(cr, d, 422, e, NULL, NULL);
		break;
	case DRAFTS_SAME_PERSON:
		S_err(cr, &e, "form", "same_person");
		S_page(cr, d, 403, e, NULL, NULL);
		break;
	default:
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(err));
		console_error(cr, 500, "failed");
	}
	buf_free(&url);
}

/* A date typed in calendar cal ("hijri" or else Gregorian), ASCII or
 * Arabic-Indic digits, "YYYY-MM-DD" (or with /), as Gregorian: 0, or -1
 * when it is none. */
static int
S_typed_date(const char *s, const char *cal, struct date *out)
{
	char		 a[16];
	size_t		 n = 0;
	const unsigned char *u = (const unsigned char *)s;
	struct date	 d;

	while (*u != '\0' && n + 1 < sizeof(a)) {
		if (*u == ' ') {
			u++;
			continue;
		}
		if (u[0] == 0xd9 && u[1] >= 0xa0 && u[1] <= 0xa9) {
			a[n++] = (char)('0' + u[1] - 0xa0);
			u += 2;
		} else if (*u == '/') {
			a[n++] = '-';
			u++;
		} else
			a[n++] = (char)*u++;
	}
	if (*u != '\0')
		return -1;
	a[n] = '\0';
	if (n != 10 || a[4] != '-' || a[7] != '-')
		return -1;
	d.year = date_digits(a, 4);
	d.month = date_digits(a + 5, 2);
	d.day = date_digits(a + 8, 2);
	if (d.year < 0 || d.month < 0 || d.day < 0)
		return -1;
	if (cal != NULL && strcmp(cal, "hijri") == 0)
		return date_from_hijri(&d, out);
	return date_valid(&d) ? (*out = d, 0) : -1;
}

static void
S_approval(struct creq *cr, struct draft *d)
{
	struct buf	 err = BUF_INIT, iso = BUF_INIT, eff = BUF_INIT;
	json_t		*errors = NULL, *p, *base;
	const char	*meeting, *decision, *date, *signatory, *effective;
	const char	*changes, *cal;
	struct date	 ad, ed, td, prev;
	char		 today[11];
	int		 bad = 0, rc, have_date = 0;

	meeting = console_field(cr, "meeting", 40, &bad);
	if (bad)
		S_err(cr, &errors, "meeting", "field_long");
	else if (meeting == NULL || *meeting == '\0' || strchr(meeting, '\n'))
		S_err(cr, &errors, "meeting", "meeting");
	bad = 0;
	decision = console_field(cr, "decision", 40, &bad);
	if (bad || (decision != NULL && strchr(decision, '\n')))
		S_err(cr, &errors, "decision", "field_long");
	bad = 0;
	signatory = console_field(cr, "signatory", 200, &bad);
	if (bad || (signatory != NULL && strchr(signatory, '\n')))
		S_err(cr, &errors, "signatory", "field_long");
	bad = 0;
	changes = console_field(cr, "changes", 1000, &bad);
	if (bad)
		S_err(cr, &errors, "changes", "field_long");
	else if (changes == NULL || *changes == '\0')
		S_err(cr, &errors, "changes", "changes");
	cal = console_field(cr, "calendar", 16, NULL);
	date = console_field(cr, "date", 40, NULL);
	effective = console_field(cr, "effective", 40, NULL);
	S_today(&td, today);
	if (date == NULL || *date == '\0')
		S_err(cr, &errors, "date", "date_missing");
	else if (S_typed_date(date, cal, &ad) == -1)
		S_err(cr, &errors, "date", "date_malformed");
	else if (date_cmp(&ad, &td) > 0)
		S_err(cr, &errors, "date", "date_future");
	else
		have_date = 1;
	p = S_policy(cr, d->slug);
	base = p != NULL ? S_revision(p, d->based_on) : NULL;
	if (have_date && base != NULL && date_parse(S_approved_iso(base),
	    strlen(S_approved_iso(base)), &prev) == 0 &&
	    date_cmp(&ad, &prev) < 0) {
		S_err(cr, &errors, "date", "date_before");
		have_date = 0;
	}
	if (effective != NULL && *effective != '\0') {
		if (S_typed_date(effective, cal, &ed) == -1)
			S_err(cr, &errors, "effective", "date_malformed");
		else if (have_date && date_cmp(&ed, &ad) < 0)
			S_err(cr, &errors, "effective", "effective_before");
	} else if (have_date)
		ed = ad;
	if (have_date && meeting != NULL && errors == NULL) {
		switch (revision_approval_text(d->body, meeting, &ad)) {
		case REV_TEXT_OK:
			break;
		case REV_TEXT_MEETING:
			S_err(cr, &errors, "meeting", "text_meeting");
			break;
		case REV_TEXT_GREGORIAN:
			S_err(cr, &errors, "date", "text_gregorian");
			break;
		default:
			S_err(cr, &errors, "date", "text_hijri");
			break;
		}
	}
	if (errors != NULL) {
		S_page(cr, d, 422, errors, NULL, NULL);
		goto out;
	}
	date_iso(&iso, &ad);
	date_iso(&eff, &ed);
	rc = drafts_approve(cr->st, cr->sess.who.name, d->id, meeting,
	    decision, buf_cstr(&iso), signatory, buf_cstr(&eff), changes,
	    &err);
	S_after(cr, d, rc, "approved", &err);
out:
	buf_free(&err);
	buf_free(&iso);
	buf_free(&eff);
}

static void
S_save(struct creq *cr, struct draft *d)
{
	struct buf	 err = BUF_INIT, url = BUF_INIT;
	json_t		*errors = NULL;
	const char	*title, *body, *action;
	int		 bad = 0, rc;

	title = console_field(cr, "title", DRAFTS_FIELD_MAX, &bad);
	if (bad || title == NULL || *title == '\0' || strchr(title, '\n'))
		S_err(cr, &errors, "title", "title");
	bad = 0;
	body = console_field(cr, "body", DRAFTS_BODY_MAX, &bad);
	if (bad && (body = console_field(cr, "body", CONSOLE_LONG_POST,
	    NULL)) != NULL)
		/* only too long: said so, and shown back to be cut */
		S_err(cr, &errors, "body", "body_long");
	else if (bad || body == NULL || *body == '\0') {
		S_err(cr, &errors, "body", "body");
		body = NULL;
	}
	action = console_field(cr, "action", 16, NULL);
	if (errors != NULL) {
		S_page(cr, d, 422, errors, NULL, body != NULL ? body : "");
		goto out;
	}
	rc = drafts_save(cr->st, cr->sess.who.name, d->id, title, body, &err);
	if (rc == DRAFTS_OK && action != NULL &&
	    strcmp(action, "preview") == 0) {
		buf_printf(&url, "/staff/drafts/%lld/preview", d->id);
		http_redirect(cr->r, buf_cstr(&url));
	} else
		S_after(cr, d, rc, "saved", &err);
out:
	buf_free(&err);
	buf_free(&url);
}

/* Ready: the text must still agree with the approval recorded. */
static void
S_ready(struct creq *cr, struct draft *d)
{
	struct buf	 err = BUF_INIT;
	struct date	 ad;
	json_t		*errors = NULL;
	int		 rc;

	if (d->approved_on != NULL && date_parse(d->approved_on,
	    strlen(d->approved_on), &ad) == 0) {
		switch (revision_approval_text(d->body, d->meeting, &ad)) {
		case REV_TEXT_OK:
			break;
		case REV_TEXT_MEETING:
			S_err(cr, &errors, "form", "text_meeting");
			break;
		case REV_TEXT_GREGORIAN:
			S_err(cr, &errors, "form", "text_gregorian");
			break;
		default:
			S_err(cr, &errors, "form", "text_hijri");
			break;
		}
	}
	if (errors != NULL) {
		S_page(cr, d, 422, errors, NULL, NULL);
		buf_free(&err);
		return;
	}
	rc = drafts_ready(cr->st, cr->sess.who.name, d->id, &err);
	S_after(cr, d, rc, "ready", &err);
	buf_free(&err);
}

void
publishing_draft_post(struct creq *cr)
{
	struct buf	 err = BUF_INIT;
	struct draft	 d;
	const char	*what;
	int		 draft_step, rc;

	if (!S_load(cr, &d, &what))
		return;
	draft_step = strcmp(what, "publish") != 0;
	/* The route asks for publish (both roles read a draft); every
	 * step but publishing itself is the secretary's. */
	if (draft_step && !role_may(cr->sess.who.role, PERM_DRAFT)) {
		console_error(cr, 403, "forbidden");
		goto out;
	}
	if (*what == '\0')
		S_save(cr, &d);
	else if (strcmp(what, "approval") == 0)
		S_approval(cr, &d);
	else if (strcmp(what, "ready") == 0)
		S_ready(cr, &d);
	else if (strcmp(what, "reject") == 0) {
		rc = drafts_reject(cr->st, cr->sess.who.name, d.id, &err);
		if (rc == DRAFTS_OK)
			http_redirect(cr->r, "/staff/policies?done=rejected");
		else
			S_after(cr, &d, rc, "", &err);
	} else if (strcmp(what, "publish") == 0) {
		rc = drafts_publish(cr->st, cr->sess.who.name, d.id, &err);
		S_after(cr, &d, rc, "publishing", &err);
	} else
		console_error(cr, 404, "not_found");
out:
	drafts_free_one(&d);
	buf_free(&err);
}
