/*
 * trail: the audit trail for management and the accounts' admin.
 *
 *   GET /staff/audit?actor=&action=&ref=&from=&to=&view=signins&page=N
 *       the entries, newest first, 50 a page (audit_search()): a part of
 *       the actor's name (any case), one action, one reference, a period
 *       of Saudi dates; view=signins is the preset of the sign-ins
 *       (signin, signin-refused, signout). Every criterion goes to SQL
 *       as a bound parameter.
 *
 * The trail holds no answer: references, actors and notes (a redacted
 * entry says so). Reading it is not itself audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "console.h"

#define PER_PAGE	50
#define PAGE_MAX	100000

/* The schema's actions (store.c), as the filter offers them; their
 * names are console_files.action.NAME ('-' as '_'). */
static const char *const actions[] = {
	"status", "show", "reveal", "export", "access", "erase", "purge",
	"request", "backup", "restore", "signin", "signin-refused", "signout",
	"user", NULL
};

const char *const trail_words[] = {
	"console_files.action.status",
	"console_files.action.show",
	"console_files.action.reveal",
	"console_files.action.export",
	"console_files.action.access",
	"console_files.action.erase",
	"console_files.action.purge",
	"console_files.action.request",
	"console_files.action.backup",
	"console_files.action.restore",
	"console_files.action.signin",
	"console_files.action.signin_refused",
	"console_files.action.signout",
	"console_files.action.user",
	"console_files.audit.ref",
	NULL
};

static json_t *
S_action_label(struct creq *cr, const char *action)
{
	struct buf	 k = BUF_INIT;
	json_t		*j;
	size_t		 i;

	for (i = 0; actions[i] != NULL; i++)
		if (strcmp(actions[i], action) == 0)
			break;
	if (actions[i] == NULL) {
		buf_free(&k);
		return json_string(action);
	}
	buf_puts(&k, "console_files.action.");
	for (; *action != '\0'; action++)
		buf_putc(&k, *action == '-' ? '_' : *action);
	j = console_text(cr, buf_cstr(&k), NULL);
	buf_free(&k);
	return j;
}

/* name=value&, percent-encoded, into b. */
static void
S_param(struct buf *b, const char *name, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s;

	if (v == NULL || *v == '\0')
		return;
	buf_printf(b, "%s=", name);
	for (s = (const unsigned char *)v; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.')
			buf_putc(b, (char)*s);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*s >> 4]);
			buf_putc(b, hex[*s & 15]);
		}
	buf_putc(b, '&');
}

/* A reference as typed: upper case, without spaces and hyphens; NULL
 * when empty. */
static const char *
S_ref(const char *v, char out[STORE_REF_LEN + 1], int *bad)
{
	size_t	 n = 0;

	if (v == NULL)
		return NULL;
	for (; *v != '\0'; v++) {
		if (*v == ' ' || *v == '-')
			continue;
		if (n == STORE_REF_LEN) {
			*bad = 1;
			return NULL;
		}
		out[n++] = *v >= 'a' && *v <= 'z' ? (char)(*v - 'a' + 'A') :
		    *v;
	}
	out[n] = '\0';
	if (n == 0)
		return NULL;
	if (n != STORE_REF_LEN)
		*bad = 1;
	return out;
}

void
trail_get(struct creq *cr)
{
	struct audit_entries	 l;
	struct audit_query	 q;
	struct files_period	 p;
	struct buf		 err = BUF_INIT, base = BUF_INIT, link = BUF_INIT;
	json_t			*page, *errors = json_object(), *entries, *acts;
	const char		*actor, *action, *ref, *from, *to, *view, *pg;
	char			 refn[STORE_REF_LEN + 1];
	long			 n = 1;
	size_t			 i;
	int			 bad = 0, badref = 0, more = 0, status = 200;

	memset(&l, 0, sizeof(l));
	memset(&q, 0, sizeof(q));
	actor = console_query(cr, "actor", 256, &bad);
	action = console_query(cr, "action", 32, &bad);
	ref = console_query(cr, "ref", 32, &bad);
	from = console_query(cr, "from", 16, &bad);
	to = console_query(cr, "to", 16, &bad);
	view = console_query(cr, "view", 16, &bad);
	pg = console_query(cr, "page", 8, &bad);
	if (bad) {
		json_decref(errors);
		console_error(cr, 400, "bad_request");
		return;
	}
	if (pg != NULL && *pg != '\0') {
		char *end;

		n = strtol(pg, &end, 10);
		if (*end != '\0' || n < 1 || n > PAGE_MAX)
			n = 1;
	}
	if (action != NULL && *action != '\0') {
		for (i = 0; actions[i] != NULL; i++)
			if (strcmp(actions[i], action) == 0)
				break;
		if (actions[i] == NULL)
			action = NULL;
	}
	q.actor = actor;
	q.action = action;
	q.ref = S_ref(ref, refn, &badref);
	if (badref)
		json_object_set_new(errors, "ref", console_text(cr,
		    "console_files.audit.ref", NULL));
	q.signins = view != NULL && strcmp(view, "signins") == 0;
	if (files_period(cr, from, to, &p, errors) == 0) {
		q.lo = p.lo;
		q.hi = p.hi;
	}
	if (json_object_size(errors) > 0) {
		status = 422;
		q.ref = NULL;		/* what was valid still filters */
	}
	if (audit_search(cr->st, &q, (size_t)(n - 1) * PER_PAGE, PER_PAGE, &l,
	    &more, &err) == -1) {
		fprintf(stderr, "wasl-console: audit: %s\n", buf_cstr(&err));
		json_decref(errors);
		buf_free(&err);
		console_error(cr, 500, "failed");
		return;
	}
	entries = json_array();
	for (i = 0; i < l.n; i++) {
		const struct audit_entry *e = &l.v[i];
		json_t *j = json_pack("{s:o,s:s,s:s,s:o,s:b}", "when",
		    console_when(cr, e->at), "actor", e->actor ? e->actor : "",
		    "action", e->action ? e->action : "", "action_label",
		    S_action_label(cr, e->action ? e->action : ""),
		    "redacted", e->redacted);

		/* null, not absent: a section must not find the page's
		 * own "from" and "to" further up. */
		json_object_set_new(j, "ref", e->ref ? json_string(e->ref) :
		    json_null());
		json_object_set_new(j, "from", e->from ? json_string(e->from) :
		    json_null());
		json_object_set_new(j, "to", e->to ? json_string(e->to) :
		    json_null());
		json_object_set_new(j, "note", e->note ? json_string(e->note) :
		    json_null());
		json_array_append_new(entries, j);
	}
	acts = json_array();
	for (i = 0; actions[i] != NULL; i++)
		json_array_append_new(acts, json_pack("{s:s,s:o,s:b}", "name",
		    actions[i], "label", S_action_label(cr, actions[i]),
		    "selected", action != NULL && strcmp(action, actions[i]) ==
		    0));
	/* The same search, another page. */
	S_param(&base, "actor", actor);
	S_param(&base, "action", action);
	S_param(&base, "ref", ref);
	S_param(&base, "from", from);
	S_param(&base, "to", to);
	if (q.signins)
		S_param(&base, "view", "signins");
	page = json_pack("{s:o,s:b,s:o,s:s,s:s,s:s,s:s,s:b,s:i,s:o,s:b}",
	    "entries", entries, "has_entries", l.n > 0, "actions", acts,
	    "actor", actor ? actor : "", "ref", ref ? ref : "",
	    "from", from ? from : "", "to", to ? to : "",
	    "signins", q.signins, "page", (int)n, "errors", errors,
	    "has_errors", json_object_size(errors) > 0);
	if (n > 1) {
		buf_printf(&link, "/staff/audit?%spage=%ld", buf_cstr(&base),
		    n - 1);
		json_object_set_new(page, "prev", json_string(buf_cstr(&link)));
	}
	if (more) {
		buf_reset(&link);
		buf_printf(&link, "/staff/audit?%spage=%ld", buf_cstr(&base),
		    n + 1);
		json_object_set_new(page, "next", json_string(buf_cstr(&link)));
	}
	console_page(cr, "staff-audit", "audit", page, status, NULL);
	audit_entries_free(&l);
	buf_free(&err);
	buf_free(&base);
	buf_free(&link);
}
