/*
 * accounts: the staff's accounts, for the admin (PERM_USERS).
 *
 *   GET  /staff/users               every account (name, role, state,
 *                                   created, last sign-in) and the form
 *                                   to add one
 *   POST /staff/users/add           users_add(): the page again with the
 *                                   one-time enrolment link, shown once
 *   GET  /staff/users/NAME          the account and its last sign-ins,
 *                                   refusals and sign-outs
 *   POST /staff/users/NAME/reset    users_reset(): a new link, shown once
 *   POST /staff/users/NAME/disable  users_disable(), once "confirm" is
 *                                   ticked; never the admin's own account
 *
 * The link's token is the only copy (users.h stores its SHA-256): it is
 * put into this one reply, sent no-store, and nowhere else, not even the
 * log. users.c writes every change into the trail in the admin's name.
 * The link's address is the one the request came to: https, unless the
 * Host is this machine (127.0.0.1, localhost, ::1: make run), then http.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "console.h"
#include "roles.h"
#include "users.h"

/* The sign-ins a page shows. */
#define SIGNINS_SHOWN	100

const char *const accounts_words[] = {
	"console_accounts.name_missing",
	"console_accounts.name_invalid",
	"console_accounts.name_taken",
	"console_accounts.role_missing",
	"console_accounts.added",
	"console_accounts.reset",
	"console_accounts.disabled",
	"console_accounts.confirm_missing",
	"console_accounts.disable_self",
	"console_accounts.already_disabled",
	"console_accounts.reason.disabled",
	"console_accounts.reason.not_enrolled",
	"console_accounts.reason.password",
	"console_accounts.reason.code",
	"console_accounts.reason.code_used",
	"console_accounts.reason.throttled",
	"console_accounts.reason.confirm",
	"console_accounts.reason.enrolment",
	NULL
};

/* The refusals' notes (users.c) the page says in its words; any other
 * is shown as written. */
static const struct {
	const char	*note;
	int		 prefix;
	const char	*key;
} reasons[] = {
	{ "account disabled", 0, "console_accounts.reason.disabled" },
	{ "account not enrolled", 0, "console_accounts.reason.not_enrolled" },
	{ "wrong password", 0, "console_accounts.reason.password" },
	{ "wrong code", 0, "console_accounts.reason.code" },
	{ "code already used", 0, "console_accounts.reason.code_used" },
	{ "throttled", 1, "console_accounts.reason.throttled" },
	{ "second factor for ", 1, "console_accounts.reason.confirm" },
	{ "enrolment refused", 1, "console_accounts.reason.enrolment" },
};

/* The role's label, as the menu says it. */
static json_t *
S_role_label(struct creq *cr, int role)
{
	struct buf	 key = BUF_INIT;
	json_t		*j;

	if (role_name(role) == NULL) {
		buf_free(&key);
		return json_string("?");
	}
	buf_printf(&key, "console.role.%s", role_name(role));
	j = console_text(cr, buf_cstr(&key), NULL);
	buf_free(&key);
	return j;
}

/* One account as the pages show it. */
static json_t *
S_account(struct creq *cr, const struct users_entry *e)
{
	return json_pack("{s:s,s:s?,s:o,s:b,s:b,s:b,s:b,s:o,s:o,s:b}",
	    "name", e->name, "role", role_name(e->role),
	    "role_label", S_role_label(cr, e->role),
	    "enrolled", !e->disabled && e->enrolled,
	    "enrolling", !e->disabled && !e->enrolled && e->enrolling,
	    "expired", !e->disabled && !e->enrolled && !e->enrolling,
	    "disabled", e->disabled,
	    "created", console_when(cr, e->created_at),
	    "last", console_when(cr, e->last_signin[0] ? e->last_signin :
	    NULL),
	    "self", strcmp(e->name, cr->sess.who.name) == 0);
}

/* The account name of l, or NULL. */
static const struct users_entry *
S_find(const struct users_list *l, const char *name)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* 1 when host (the Host header) is this machine: the link is http. */
static int
S_local(const char *host, size_t n)
{
	static const char *const names[] = { "127.0.0.1", "localhost",
	    "[::1]" };
	size_t	 i, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		k = strlen(names[i]);
		if (n == k && strncmp(host, names[i], k) == 0)
			return 1;
	}
	return 0;
}

/*
 * The enrolment link of token into out: the request's own origin (its
 * Host, when it is a plain host[:port]) + /staff/enrol?token=. Without a
 * usable Host, the console's --origin (or base_url); else the path alone.
 */
static void
S_link(struct creq *cr, const char *token, struct buf *out)
{
	/* nginx's $http_host (port included), else the Host header: as
	 * http_form_read() checks a post's Origin against. */
	const char	*host = http_param(cr->r, "WASL_HOST");
	const char	*o = cr->app->origin;
	size_t		 i, n = 0, name;
	int		 ok;

	if (host == NULL)
		host = http_param(cr->r, "HTTP_HOST");
	ok = host != NULL && *host != '\0';

	for (i = 0; ok && host[i] != '\0'; i++)
		if (!((host[i] >= 'a' && host[i] <= 'z') ||
		    (host[i] >= 'A' && host[i] <= 'Z') ||
		    (host[i] >= '0' && host[i] <= '9') || host[i] == '.' ||
		    host[i] == '-' || host[i] == ':' || host[i] == '[' ||
		    host[i] == ']') || i >= 255)
			ok = 0;
	if (ok) {
		n = strlen(host);
		/* The name without its port (an IPv6 literal keeps its
		 * brackets). */
		name = n;
		if (host[0] == '[') {
			const char *close = strchr(host, ']');

			name = close != NULL ? (size_t)(close - host) + 1 : n;
		} else if (strchr(host, ':') != NULL)
			name = (size_t)(strchr(host, ':') - host);
		buf_printf(out, "%s://%s", S_local(host, name) ? "http" :
		    "https", host);
	} else if (o != NULL && (strncmp(o, "https://", 8) == 0 ||
	    strncmp(o, "http://", 7) == 0)) {
		buf_puts(out, o);
		while (out->len > 0 && out->data[out->len - 1] == '/')
			out->len--;
		out->data[out->len] = '\0';
	}
	buf_printf(out, "/staff/enrol?token=%s", token);
}

/* The list of accounts with the add form: errors (field -> message,
 * stolen, NULL for none), form (what was typed, stolen, NULL), link
 * (the reply's one-time link, stolen, NULL), notice (stolen, NULL). */
static void
S_list_page(struct creq *cr, int status, json_t *errors, json_t *form,
    json_t *link, json_t *notice)
{
	struct users_list	 l = { NULL, 0 };
	struct buf		 err = BUF_INIT;
	json_t			*page, *list, *roles;
	const char		*want = NULL, *marked = NULL;
	json_t			*acc;
	size_t			 i;

	if (users_list(cr->st, &l, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		json_decref(errors);
		json_decref(form);
		json_decref(link);
		json_decref(notice);
		buf_free(&err);
		console_error(cr, 500, "failed");
		return;
	}
	/* A disable without its box ticked: the message at that box. */
	if (errors != NULL)
		marked = json_string_value(json_object_get(errors, "disable"));
	list = json_array();
	for (i = 0; i < l.n; i++) {
		acc = S_account(cr, &l.v[i]);
		if (marked != NULL && strcmp(marked, l.v[i].name) == 0)
			json_object_set(acc, "confirm_error",
			    json_object_get(errors, "confirm"));
		json_array_append_new(list, acc);
	}
	if (form != NULL)
		want = json_string_value(json_object_get(form, "role"));
	roles = json_array();
	for (i = 0; i < ROLE__MAX; i++)
		json_array_append_new(roles, json_pack("{s:s,s:o,s:b}",
		    "value", role_name((int)i), "label",
		    S_role_label(cr, (int)i), "selected", want != NULL &&
		    strcmp(want, role_name((int)i)) == 0));
	page = json_pack("{s:o,s:i,s:b,s:o,s:o,s:b,s:o}", "accounts", list,
	    "count", (int)l.n, "has_accounts", l.n > 0, "roles", roles,
	    "errors", errors ? errors : json_object(),
	    "has_errors", errors != NULL && json_object_size(errors) > 0,
	    "form", form ? form : json_object());
	if (link != NULL)
		json_object_set_new(page, "link", link);
	if (notice != NULL)
		json_object_set_new(page, "notice", notice);
	users_list_free(&l);
	buf_free(&err);
	console_page(cr, "staff-users", "users", page, status, NULL);
}

/* The one-time link for name, for the reply page (stolen). */
static json_t *
S_link_json(struct creq *cr, const char *name, const char *token,
    const char *kind)
{
	struct buf	 url = BUF_INIT;
	json_t		*j;

	S_link(cr, token, &url);
	j = json_pack("{s:s,s:s,s:b}", "url", buf_cstr(&url), "name", name,
	    kind, 1);
	sodium_memzero(url.data, url.len);
	buf_free(&url);
	return j;
}

void
accounts_get(struct creq *cr)
{
	S_list_page(cr, 200, NULL, NULL, NULL, NULL);
}

/* POST /staff/users/add */
static void
S_add(struct creq *cr)
{
	struct users_list	 l = { NULL, 0 };
	struct buf		 err = BUF_INIT;
	char			 token[AUTH_TOKEN_LEN + 1];
	const char		*name, *role;
	json_t			*errors = json_object(), *form;
	int			 bad = 0, rbad = 0, r = -1;

	name = console_field(cr, "name", USERS_NAME_MAX * 4, &bad);
	role = console_field(cr, "role", 16, &rbad);
	form = json_pack("{s:s,s:s}", "name", name ? name : "", "role",
	    role ? role : "");
	if (!bad && (name == NULL || *name == '\0'))
		json_object_set_new(errors, "name", console_text(cr,
		    "console_accounts.name_missing", NULL));
	else if (bad || !users_name_valid(name))
		json_object_set_new(errors, "name", console_text(cr,
		    "console_accounts.name_invalid", json_pack("{s:i}", "max",
		    USERS_NAME_MAX)));
	if (rbad || role == NULL || (r = role_index(role)) == -1)
		json_object_set_new(errors, "role", console_text(cr,
		    "console_accounts.role_missing", NULL));
	if (json_object_size(errors) == 0) {
		if (users_list(cr->st, &l, &err) == -1)
			goto failed;
		if (S_find(&l, name) != NULL)
			json_object_set_new(errors, "name", console_text(cr,
			    "console_accounts.name_taken", NULL));
		users_list_free(&l);
	}
	if (json_object_size(errors) > 0) {
		S_list_page(cr, 422, errors, form, NULL, NULL);
		goto out;
	}
	if (users_add(cr->st, cr->sess.who.name, name, r, token, &err) == -1)
		goto failed;
	json_decref(form);
	json_decref(errors);
	S_list_page(cr, 200, NULL, NULL, S_link_json(cr, name, token,
	    "added"), console_text(cr, "console_accounts.added",
	    json_pack("{s:s}", "name", name)));
	goto out;
failed:
	fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
	json_decref(form);
	json_decref(errors);
	console_error(cr, 500, "failed");
out:
	sodium_memzero(token, sizeof(token));
	buf_free(&err);
}

/* POST /staff/users/NAME/reset */
static void
S_reset(struct creq *cr, const struct users_entry *e)
{
	struct buf	 err = BUF_INIT;
	char		 token[AUTH_TOKEN_LEN + 1];

	if (e->disabled) {
		S_list_page(cr, 409, NULL, NULL, NULL, console_text(cr,
		    "console_accounts.already_disabled", json_pack("{s:s}",
		    "name", e->name)));
		return;
	}
	if (users_reset(cr->st, cr->sess.who.name, e->name, token, &err) ==
	    -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else
		S_list_page(cr, 200, NULL, NULL, S_link_json(cr, e->name,
		    token, "reset"), console_text(cr, "console_accounts.reset",
		    json_pack("{s:s}", "name", e->name)));
	sodium_memzero(token, sizeof(token));
	buf_free(&err);
}

/* POST /staff/users/NAME/disable */
static void
S_disable(struct creq *cr, const struct users_entry *e)
{
	struct buf	 err = BUF_INIT;
	const char	*confirm;
	json_t		*errors;

	if (strcmp(e->name, cr->sess.who.name) == 0) {
		S_list_page(cr, 403, NULL, NULL, NULL, console_text(cr,
		    "console_accounts.disable_self", NULL));
		return;
	}
	if (e->disabled) {
		S_list_page(cr, 409, NULL, NULL, NULL, console_text(cr,
		    "console_accounts.already_disabled", json_pack("{s:s}",
		    "name", e->name)));
		return;
	}
	confirm = console_field(cr, "confirm", 8, NULL);
	if (confirm == NULL || strcmp(confirm, "yes") != 0) {
		/* The message at that account's box. */
		errors = json_pack("{s:s,s:o}", "disable", e->name,
		    "confirm", console_text(cr,
		    "console_accounts.confirm_missing", NULL));
		S_list_page(cr, 422, errors, NULL, NULL, NULL);
		return;
	}
	if (users_disable(cr->st, cr->sess.who.name, e->name, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else
		S_list_page(cr, 200, NULL, NULL, NULL, console_text(cr,
		    "console_accounts.disabled", json_pack("{s:s}", "name",
		    e->name)));
	buf_free(&err);
}

/*
 * The account named by rest ("NAME" or "NAME/ACTION"), looked up into
 * *l: its entry, or NULL when answered (404, 500). *action: what follows
 * the name ("" when nothing).
 */
static const struct users_entry *
S_target(struct creq *cr, struct users_list *l, char name[USERS_NAME_MAX + 1],
    const char **action)
{
	struct buf	 err = BUF_INIT;
	const char	*slash = strchr(cr->rest, '/');
	size_t		 n = slash ? (size_t)(slash - cr->rest) :
			    strlen(cr->rest);
	const struct users_entry *e;

	*action = slash ? slash + 1 : "";
	if (n == 0 || n > USERS_NAME_MAX) {
		console_error(cr, 404, "not_found");
		return NULL;
	}
	memcpy(name, cr->rest, n);
	name[n] = '\0';
	if (!users_name_valid(name)) {
		console_error(cr, 404, "not_found");
		return NULL;
	}
	if (users_list(cr->st, l, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		buf_free(&err);
		console_error(cr, 500, "failed");
		return NULL;
	}
	buf_free(&err);
	if ((e = S_find(l, name)) == NULL)
		console_error(cr, 404, "not_found");
	return e;
}

/* The words of a refusal's note, or the note itself. */
static json_t *
S_reason(struct creq *cr, const char *note)
{
	size_t	 i, k;

	if (note == NULL)
		return json_null();
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		k = strlen(reasons[i].note);
		if (reasons[i].prefix ? strncmp(note, reasons[i].note, k) == 0 :
		    strcmp(note, reasons[i].note) == 0)
			return json_pack("{s:o}", "text", console_text(cr,
			    reasons[i].key, NULL));
	}
	return json_pack("{s:s}", "raw", note);
}

/* GET /staff/users/NAME */
void
account_get(struct creq *cr)
{
	struct users_list	 l = { NULL, 0 };
	struct audit_entries	 ent = { NULL, 0, 0 };
	struct buf		 err = BUF_INIT;
	char			 name[USERS_NAME_MAX + 1];
	const struct users_entry *e;
	const char		*action;
	json_t			*page, *list;
	size_t			 i;

	if ((e = S_target(cr, &l, name, &action)) == NULL)
		goto out;
	if (*action != '\0') {
		console_error(cr, 404, "not_found");
		goto out;
	}
	if (audit_signins(cr->st, e->name, SIGNINS_SHOWN, &ent, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
		goto out;
	}
	list = json_array();
	for (i = 0; i < ent.n; i++) {
		const char *a = ent.v[i].action;

		json_array_append_new(list, json_pack("{s:o,s:b,s:b,s:b,s:o}",
		    "when", console_when(cr, ent.v[i].at),
		    "signin", strcmp(a, "signin") == 0,
		    "refused", strcmp(a, "signin-refused") == 0,
		    "signout", strcmp(a, "signout") == 0,
		    "reason", strcmp(a, "signin-refused") == 0 ?
		    S_reason(cr, ent.v[i].note) : json_null()));
	}
	page = json_pack("{s:o,s:o,s:i,s:b,s:i}", "account", S_account(cr, e),
	    "signins", list, "count", (int)ent.n, "has_signins", ent.n > 0,
	    "max", SIGNINS_SHOWN);
	console_page(cr, "staff-user", "users", page, 200, NULL);
out:
	audit_entries_free(&ent);
	users_list_free(&l);
	buf_free(&err);
}

/* POST /staff/users/add, /staff/users/NAME/reset, .../disable */
void
account_post(struct creq *cr)
{
	struct users_list	 l = { NULL, 0 };
	char			 name[USERS_NAME_MAX + 1];
	const struct users_entry *e;
	const char		*action;

	if (strcmp(cr->rest, "add") == 0) {
		S_add(cr);
		return;
	}
	if ((e = S_target(cr, &l, name, &action)) == NULL)
		goto out;
	if (strcmp(action, "reset") == 0)
		S_reset(cr, e);
	else if (strcmp(action, "disable") == 0)
		S_disable(cr, e);
	else
		console_error(cr, 404, "not_found");
out:
	users_list_free(&l);
}
