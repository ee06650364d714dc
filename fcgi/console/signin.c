/*
 * signin: signing in and out of the console, and enrolment.
 *
 *   GET  /staff/            the first page the role may use, or sign-in
 *   GET  /staff/signin      the form: name, password, the app's code
 *   POST /staff/signin      users_signin(); a new session (sessions.h)
 *                           and its cookie, 303 to /staff/; refused:
 *                           the form again, 422, one message whatever
 *                           was wrong (429 while throttled)
 *   POST /staff/signout     the session ended, the cookie cleared
 *   GET  /staff/enrol?token=T   the enrolment page: the QR code of the
 *                           app's secret (and the secret as text), the
 *                           form to set the password and confirm a code
 *   POST /staff/enrol       users_enrol(); 303 to the sign-in, or the
 *                           form again with the error at its field
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "console.h"
#include "roles.h"
#include "users.h"

const char *const signin_words[] = {
	"console.signin.refused",
	"console.signin.throttled",
	"console.signin.enrolled",
	"console.signin.signed_out",
	"console.enrol.password_short",
	"console.enrol.password_long",
	"console.enrol.password_common",
	"console.enrol.password_invalid",
	"console.enrol.password_differs",
	"console.enrol.code",
	"console.enrol.issuer",
	"console.confirm.missing",
	"console.confirm.refused",
	NULL
};

/* The longest password read (bytes): AUTH_PW_MAX characters of up to 4
 * bytes, so that one too long is told so, not refused as malformed. */
#define PW_BYTES	(AUTH_PW_MAX * 4 + 4)

/* The first page of each permission, in the menu's order. */
static const struct {
	int		 perm;
	const char	*url;
} homes[] = {
	{ PERM_QUEUE, "/staff/queue" },
	{ PERM_PRIVACY, "/staff/privacy" },
	{ PERM_USERS, "/staff/users" },
	{ PERM_AUDIT, "/staff/audit" },
	{ PERM_PUBLISH, "/staff/policies" },
};

void
signin_home(struct creq *cr)
{
	size_t		 i;

	if (!cr->signed_in) {
		http_redirect(cr->r, "/staff/signin");
		return;
	}
	for (i = 0; i < sizeof(homes) / sizeof(homes[0]); i++)
		if (role_may(cr->sess.who.role, homes[i].perm)) {
			http_redirect(cr->r, homes[i].url);
			return;
		}
	console_error(cr, 403, "forbidden");
}

/* The sign-in form, with message (stolen; may be NULL) and the name as
 * typed (may be NULL). */
static void
S_form(struct creq *cr, int status, json_t *message, const char *name)
{
	json_t		*page = json_object();
	const char	*note;

	if (message != NULL)
		json_object_set_new(page, "error", message);
	if (name != NULL)
		json_object_set_new(page, "name", json_string(name));
	note = console_query(cr, "done", 16, NULL);
	if (status == 200 && note != NULL && strcmp(note, "enrolled") == 0)
		json_object_set_new(page, "notice", console_text(cr,
		    "console.signin.enrolled", NULL));
	else if (status == 200 && note != NULL && strcmp(note, "out") == 0)
		json_object_set_new(page, "notice", console_text(cr,
		    "console.signin.signed_out", NULL));
	console_page(cr, "staff-signin", "signin", page, status, NULL);
}

void
signin_get(struct creq *cr)
{
	if (cr->signed_in) {
		signin_home(cr);
		return;
	}
	S_form(cr, 200, NULL, NULL);
}

void
signin_post(struct creq *cr)
{
	struct buf		 err = BUF_INIT, cookie = BUF_INIT;
	struct users_who	 who;
	char			 token[AUTH_TOKEN_LEN + 1];
	char			 csrf[AUTH_TOKEN_LEN + 1];
	const char		*name, *pw, *code;
	int			 bad = 0, rc;

	name = console_field(cr, "name", USERS_NAME_MAX * 4, &bad);
	pw = console_field(cr, "password", PW_BYTES, &bad);
	code = console_field(cr, "code", 16, &bad);
	/* Anything unreadable is a refusal like any other: the same page,
	 * at the cost of a check, so that nothing tells it apart. */
	rc = users_signin(cr->st, name ? name : "", pw ? pw : "",
	    code ? code : "", cr->r->client, &who, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
		goto out;
	}
	if (rc != USERS_SIGNIN_OK || bad) {
		S_form(cr, rc == USERS_SIGNIN_THROTTLED ? 429 : 422,
		    console_text(cr, rc == USERS_SIGNIN_THROTTLED ?
		    "console.signin.throttled" : "console.signin.refused",
		    NULL), name);
		goto out;
	}
	/* A new session, never the one the client held before. */
	if (sessions_create(cr->st, &who, cr->token[0] != '\0' ? cr->token :
	    NULL, token, csrf, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
		goto out;
	}
	buf_printf(&cookie, "Set-Cookie: " CONSOLE_COOKIE "=%s; Path=/; Secure;"
	    " HttpOnly; SameSite=Strict\r\n", token);
	http_redirect_with(cr->r, "/staff/", buf_cstr(&cookie));
out:
	sodium_memzero(token, sizeof(token));
	sodium_memzero(csrf, sizeof(csrf));
	sodium_memzero(&who, sizeof(who));
	if (cookie.data != NULL)
		sodium_memzero(cookie.data, cookie.len);
	buf_free(&cookie);
	buf_free(&err);
}

void
signout_post(struct creq *cr)
{
	struct buf	 err = BUF_INIT;

	if (sessions_end(cr->st, cr->token, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else
		http_redirect_with(cr->r, "/staff/signin?done=out",
		    "Set-Cookie: " CONSOLE_COOKIE "=; Path=/; Secure; HttpOnly;"
		    " SameSite=Strict; Max-Age=0\r\n");
	buf_free(&err);
}

/* ---- enrolment ---- */

/* The enrolment page of token for e, with errors (an object: field ->
 * message; stolen, may be NULL). */
static void
S_enrol_page(struct creq *cr, const char *token,
    const struct users_enrolment *e, json_t *errors, int status)
{
	struct buf	 uri = BUF_INIT, path = BUF_INIT, grouped = BUF_INIT;
	struct auth_qr	 qr;
	json_t		*page = json_object(), *issuer;
	size_t		 i;

	issuer = console_text(cr, "console.enrol.issuer", json_pack("{s:O}",
	    "site", json_object_get(cr->app->c.site, "name")));
	auth_otpauth_uri(&uri, json_string_value(issuer), e->name, e->secret);
	json_decref(issuer);
	if (auth_qr_make(buf_cstr(&uri), &qr) == 0) {
		auth_qr_svg_path(&qr, &path);
		json_object_set_new(page, "qr", json_pack("{s:s,s:i}",
		    "path", buf_cstr(&path), "size", qr.width + 8));
		auth_qr_free(&qr);
	}
	/* The secret in groups of four, for typing it into an app. */
	for (i = 0; e->secret[i] != '\0'; i++) {
		if (i > 0 && i % 4 == 0)
			buf_putc(&grouped, ' ');
		buf_putc(&grouped, e->secret[i]);
	}
	json_object_set_new(page, "token", json_string(token));
	json_object_set_new(page, "account", json_string(e->name));
	json_object_set_new(page, "secret", json_string(buf_cstr(&grouped)));
	json_object_set_new(page, "errors", errors ? errors : json_object());
	json_object_set_new(page, "has_errors", json_boolean(errors != NULL));
	console_page(cr, "staff-enrol", "enrol", page, status, NULL);
	sodium_memzero(uri.data, uri.len);
	sodium_memzero(grouped.data, grouped.len);
	buf_free(&uri);
	buf_free(&path);
	buf_free(&grouped);
}

/* The enrolment of token, or an answer sent (the link is not, or no
 * longer, valid). Returns 1 with *e, 0 when answered. */
static int
S_enrolment(struct creq *cr, const char *token, struct users_enrolment *e)
{
	struct buf	 err = BUF_INIT;
	int		 rc = 0;

	if (token != NULL && strlen(token) == AUTH_TOKEN_LEN)
		rc = users_enrolment(cr->st, token, e, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == 0)
		console_page(cr, "staff-enrol", "enrol", json_pack("{s:b}",
		    "expired", 1), 404, NULL);
	buf_free(&err);
	return rc == 1;
}

void
enrol_get(struct creq *cr)
{
	struct users_enrolment	 e;
	const char		*token;

	token = console_query(cr, "token", AUTH_TOKEN_LEN, NULL);
	if (S_enrolment(cr, token, &e))
		S_enrol_page(cr, token, &e, NULL, 200);
	sodium_memzero(&e, sizeof(e));
}

void
enrol_post(struct creq *cr)
{
	static const char *const pw_keys[] = {
		[AUTH_PW_SHORT] = "console.enrol.password_short",
		[AUTH_PW_LONG] = "console.enrol.password_long",
		[AUTH_PW_COMMON] = "console.enrol.password_common",
		[AUTH_PW_INVALID] = "console.enrol.password_invalid",
	};
	struct users_enrolment	 e;
	struct buf		 err = BUF_INIT;
	const char		*token, *pw, *pw2, *code;
	enum auth_pw		 why = AUTH_PW_OK;
	json_t			*errors;
	int			 bad = 0, rc;

	token = console_field(cr, "token", AUTH_TOKEN_LEN, NULL);
	if (!S_enrolment(cr, token, &e))
		goto out;
	pw = console_field(cr, "password", PW_BYTES, &bad);
	pw2 = console_field(cr, "password2", PW_BYTES, &bad);
	code = console_field(cr, "code", 16, &bad);
	errors = json_object();
	if (pw == NULL)
		why = bad ? AUTH_PW_INVALID : AUTH_PW_SHORT;
	else
		why = auth_password_check(cr->app->common, pw);
	if (why != AUTH_PW_OK)
		json_object_set_new(errors, "password", console_text(cr,
		    pw_keys[why], json_pack("{s:i,s:i}", "min", AUTH_PW_MIN,
		    "max", AUTH_PW_MAX)));
	else if (pw2 == NULL || strcmp(pw, pw2) != 0)
		json_object_set_new(errors, "password2", console_text(cr,
		    "console.enrol.password_differs", NULL));
	if (json_object_size(errors) > 0) {
		S_enrol_page(cr, token, &e, errors, 422);
		goto out;
	}
	rc = users_enrol(cr->st, cr->app->common, token, pw, code ? code : "",
	    &why, &err);
	if (rc == -1) {
		json_decref(errors);
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == USERS_ENROLLED) {
		json_decref(errors);
		http_redirect_with(cr->r, "/staff/signin?done=enrolled", NULL);
	} else if (rc == USERS_ENROL_TOKEN) {
		json_decref(errors);
		console_page(cr, "staff-enrol", "enrol", json_pack("{s:b}",
		    "expired", 1), 404, NULL);
	} else {
		if (rc == USERS_ENROL_PASSWORD)
			json_object_set_new(errors, "password",
			    console_text(cr, pw_keys[why], json_pack(
			    "{s:i,s:i}", "min", AUTH_PW_MIN, "max",
			    AUTH_PW_MAX)));
		else
			json_object_set_new(errors, "code", console_text(cr,
			    "console.enrol.code", NULL));
		S_enrol_page(cr, token, &e, errors, 422);
	}
out:
	sodium_memzero(&e, sizeof(e));
	buf_free(&err);
}
