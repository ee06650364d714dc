/*
 * submit: a form's submission and its confirmation page (forms.h).
 *
 *   POST /forms/ID                  303 to its confirmation, or 422 with
 *                                   the form page and errors
 *   GET  /forms/ID/received/REF     the confirmation page
 *
 * Nothing is stored unless every answer is valid, and a reply of 303 is
 * sent only after the submission is committed.
 */
#include <sys/random.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldmsg.h"
#include "forms.h"
#include "formview.h"
#include "submission.h"
#include "throttle.h"
#include "urlenc.h"
#include "workflow.h"

/* The honeypot: a field people never see nor fill. */
#define HONEYPOT	"_website"

/*
 * The form page's token: nginx writes its $request_id into each form page
 * it serves (SSI), so each page shown is told apart from every other. It
 * is what the duplicate digest keys on: the same page sent twice (a
 * double click, a reload) is one submission, two people's identical
 * answers from two pages are two. Anything but 32 lowercase hexadecimal
 * digits (e.g. the directive's own text, from a site served without SSI)
 * counts as no token.
 */
#define TOKEN		"_token"
#define TOKEN_LEN	32
/* The digest of the definition the page was made from (formview.h). */
#define DEF		"_def"

static int
S_token_valid(const char *v, size_t len)
{
	size_t	 i;

	if (len != TOKEN_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'a' && v[i] <= 'f')))
			return 0;
	return 1;
}

/* ---- pages ---- */

/*
 * The form page again, with the answers and what is wrong with them, and
 * the page's token: the one it was posted with (valid, or NULL), so that
 * the corrected answers sent twice are still one submission; else a new
 * one of the same form (this reply passes no SSI).
 */
static void
S_form_again(struct app *a, struct http_req *r, const struct formdef *fd,
    json_t *svc, const json_t *refill, const json_t *errors,
    const char *token)
{
	json_t		*page = json_copy(svc), *form, *title;
	unsigned char	 rnd[TOKEN_LEN / 2];
	char		 fresh[TOKEN_LEN + 1];
	size_t		 i;

	form = formview_json(fd, refill, errors);
	if (token == NULL &&
	    getrandom(rnd, sizeof(rnd), 0) == (ssize_t)sizeof(rnd)) {
		for (i = 0; i < sizeof(rnd); i++)
			snprintf(fresh + 2 * i, 3, "%02x", rnd[i]);
		token = fresh;
	}
	if (token != NULL)
		json_object_set_new(form, "token", json_string(token));
	json_object_set_new(page, "form", form);
	/* The title tells screen-reader users at once (GOV.UK's pattern). */
	title = json_pack("{s:O}", "title", json_object_get(svc, "title"));
	json_object_set_new(page, "title", forms_text(a, "forms.title_error",
	    title));
	json_object_set_new(page, "kind", json_string("service"));
	forms_page(a, r, "service", "/services/", page, 422, NULL,
	    FE_FORM_FAILED);
	json_decref(page);
	json_decref(title);
}

/* Replace each "{{response_days}}" in s with the site's number. */
static json_t *
S_fill_days(const char *s, json_int_t days)
{
	static const char	 key[] = "{{response_days}}";
	struct buf		 b = BUF_INIT;
	const char		*p;
	json_t			*j;

	while ((p = strstr(s, key)) != NULL) {
		buf_put(&b, s, (size_t)(p - s));
		buf_printf(&b, "%" JSON_INTEGER_FORMAT, days);
		s = p + sizeof(key) - 1;
	}
	buf_puts(&b, s);
	j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j;
}

void
forms_received(struct app *a, struct http_req *r, const struct formdef *fd,
    json_t *svc, const char *ref)
{
	struct buf	 url = BUF_INIT;
	const json_t	*conf = json_object_get(formdef_json(fd),
			    "confirmation");
	json_int_t	 days = json_integer_value(json_object_get(a->c.site,
			    "response_days"));
	json_t		*page;

	buf_printf(&url, "/forms/%s/received/%s", formdef_id(fd), ref);
	page = json_pack("{s:O,s:o,s:s,s:s,s:s,s:O,s:O,s:b}",
	    "title", json_object_get(conf, "title"),
	    "body", S_fill_days(json_string_value(json_object_get(conf,
	    "body")), days),
	    "ref", ref, "url", buf_cstr(&url), "kind", "received",
	    "service", json_object_get(svc, "title"),
	    "service_url", json_object_get(svc, "url"),
	    "anonymous", formdef_anonymous(fd));
	/* The status page serves requests looked up by national ID. */
	json_object_set_new(page, "trackable", json_boolean(
	    wf_form_tracked(fd)));
	forms_page(a, r, "received", "/services/", page, 200, NULL,
	    FE_PAGE_FAILED);
	json_decref(page);
	buf_free(&url);
}

/* ---- a submission ---- */

/* The privacy notice version consented to: only a form that asks for
 * consent records one (the anonymous survey asks for none). */
static int
S_consent_version(const struct formdef *fd)
{
	size_t	 i;

	for (i = 0; i < formdef_nfields(fd); i++)
		if (formdef_field_at(fd, i)->type == FORMDEF_CONSENT)
			return formdef_notice_version(fd);
	return 0;
}

/*
 * The names of a post's fields, for a log line: never their values, at
 * most 30 names of 40 bytes, each byte outside [a-z0-9_-] shown as '?'
 * (a name is the sender's to choose).
 */
static void
S_names(const struct urlenc_list *pairs, struct buf *out)
{
	size_t	 i, k;

	for (i = 0; i < pairs->n && i < 30; i++) {
		const char *n = pairs->pairs[i].name;

		if (i > 0)
			buf_puts(out, ", ");
		for (k = 0; n[k] != '\0' && k < 40; k++)
			buf_putc(out, (n[k] >= 'a' && n[k] <= 'z') ||
			    (n[k] >= '0' && n[k] <= '9') || n[k] == '_' ||
			    n[k] == '-' ? n[k] : '?');
		if (n[k] != '\0')
			buf_puts(out, "...");
	}
	if (pairs->n > 30)
		buf_printf(out, " and %zu more", pairs->n - 30);
}

#define STALE_HINT \
	"the page may be older than the definition: rebuild the site " \
	"(make publish) and reload wasl-forms (fcgi/ctl.sh reload, or " \
	"systemctl reload wasl-forms)"

/* A post that its form's definition refuses as not its own: logged with
 * the field names only, and what to do. */
static void
S_log_reject(const struct formdef *fd, const struct submission *sub,
    const struct urlenc_list *pairs, int stale)
{
	struct buf	 names = BUF_INIT, bad = BUF_INIT;
	struct urlenc_list one;
	struct urlenc_pair p;

	S_names(pairs, &names);
	memset(&p, 0, sizeof(p));
	memset(&one, 0, sizeof(one));
	p.name = sub->bad_name;
	one.pairs = &p;
	one.n = 1;
	S_names(&one, &bad);
	fprintf(stderr, "wasl-forms: form '%s': a post does not match its "
	    "definition (%s '%s'; fields posted: %s)%s; %s\n", formdef_id(fd),
	    sub->reason == SUBMISSION_REPEATED_FIELD ? "a field sent twice" :
	    "a field it does not have", buf_cstr(&bad), buf_cstr(&names),
	    stale ? ", from a page of another definition" : "",
	    STALE_HINT);
	buf_free(&names);
	buf_free(&bad);
}

/* A submission's answers to a post it cannot read. */
static const struct forms_refusal refusals[] = {
	[HTTP_POST_CROSS_SITE] = { 403, FE_CROSS_SITE_FORM },
	[HTTP_POST_MEDIA_TYPE] = { 415, FE_MEDIA_TYPE },
	[HTTP_POST_NO_LENGTH] = { 411, FE_INCOMPLETE },
	[HTTP_POST_INCOMPLETE] = { 400, FE_INCOMPLETE },
	[HTTP_POST_TOO_LARGE] = { 413, FE_TOO_LARGE },
	[HTTP_POST_MALFORMED] = { 400, FE_CORRUPT },
};

void
forms_submit(struct app *a, struct store *st, struct http_req *r,
    const struct formdef *fd, json_t *svc)
{
	struct buf		 body = BUF_INIT, err = BUF_INIT;
	struct buf		 loc = BUF_INIT;
	struct urlenc_list	 pairs;
	struct submission	 sub;
	char			 ref[STORE_REF_LEN + 1];
	char			 client[THROTTLE_CLIENT_MAX];
	char			 token[TOKEN_LEN + 1] = "";
	char			 key[THROTTLE_CLIENT_MAX + TOKEN_LEN + 16];
	const char		*keyp = NULL, *cur;
	const char		*def = NULL;	/* the page's _def, */
	size_t			 def_len = 0;	/* borrowed from pairs */
	int			 rc, dup, trapped = 0, ntokens = 0, stale = 0;
	size_t			 i, k;

	memset(&sub, 0, sizeof(sub));
	if ((rc = http_form_read(r, json_string_value(json_object_get(
	    a->c.site, "base_url")), HTTP_MAX_BODY, &body,
	    &pairs)) != HTTP_POST_OK) {
		forms_error(a, r, refusals[rc].status, NULL,
		    refusals[rc].page);
		goto out;
	}

	/* The honeypot and the token are not part of the form: take them
	 * out, note a filled honeypot, keep a valid token (one only). */
	for (i = k = 0; i < pairs.n; i++) {
		const struct urlenc_pair *p = &pairs.pairs[i];

		if (strcmp(p->name, HONEYPOT) == 0) {
			if (p->value_len > 0)
				trapped = 1;
			continue;
		}
		if (strcmp(p->name, DEF) == 0) {
			/* its value, not the pair: the pairs are moved
			 * down over the ones taken out */
			def = p->value;
			def_len = p->value_len;
			continue;
		}
		if (strcmp(p->name, TOKEN) == 0) {
			ntokens++;
			if (S_token_valid(p->value, p->value_len)) {
				memcpy(token, p->value, TOKEN_LEN);
				token[TOKEN_LEN] = '\0';
			}
			continue;
		}
		pairs.pairs[k++] = pairs.pairs[i];
	}
	pairs.n = k;
	if (ntokens != 1)
		token[0] = '\0';

	/* A page made from another definition than the one loaded: said,
	 * then judged by the one loaded. */
	cur = json_string_value(json_object_get(a->defs, formdef_id(fd)));
	if (def != NULL && cur != NULL && (def_len != strlen(cur) ||
	    memcmp(def, cur, def_len) != 0))
		stale = 1;
	rc = submission_validate(fd, &pairs, &sub);
	fieldmsg_errors(a->words, fd, &sub);
	if (rc == SUBMISSION_REJECT)
		S_log_reject(fd, &sub, &pairs, stale);
	else if (stale) {
		struct buf names = BUF_INIT;

		S_names(&pairs, &names);
		fprintf(stderr, "wasl-forms: form '%s': a post from a page of "
		    "another definition than the one loaded (fields posted: "
		    "%s), judged by the one loaded; %s\n", formdef_id(fd),
		    buf_cstr(&names), STALE_HINT);
		buf_free(&names);
	}
	if (rc == SUBMISSION_REJECT) {
		forms_error(a, r, 400, NULL, FE_NOT_THIS_FORM);
		goto out;
	}
	if (rc == SUBMISSION_INVALID) {
		S_form_again(a, r, fd, svc, sub.refill, sub.errors,
		    token[0] != '\0' ? token : NULL);
		goto out;
	}
	if (trapped) {
		/* A robot: an ordinary-looking answer, nothing stored. */
		if (getrandom(ref, STORE_REF_LEN, 0) != STORE_REF_LEN)
			memset(ref, 0, STORE_REF_LEN);
		for (i = 0; i < STORE_REF_LEN; i++)
			ref[i] = STORE_REF_ALPHABET[(unsigned char)ref[i] %
			    (sizeof(STORE_REF_ALPHABET) - 1)];
		ref[STORE_REF_LEN] = '\0';
	} else {
		/*
		 * What tells apart two senders of the same answers, in the
		 * duplicate digest only (ten minutes, never stored): the
		 * page's token; without one (a page cached before tokens),
		 * the client (an IPv6 /64 is one: throttle.h), except on
		 * an anonymous form, whose most common answers come from
		 * many people at one address (a kiosk, a carrier's):
		 * never merged there.
		 */
		if (token[0] != '\0') {
			snprintf(key, sizeof(key), "token %s", token);
			keyp = key;
		} else if (!formdef_anonymous(fd)) {
			throttle_client(r->client, client);
			snprintf(key, sizeof(key), "client %s", client);
			keyp = key;
		}
		if (store_submit(st, formdef_id(fd), sub.values,
		    S_consent_version(fd), keyp, ref,
		    &dup, &err) == -1) {
			fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
			forms_error(a, r, 500, NULL, FE_NOT_SAVED);
			goto out;
		}
	}
	buf_printf(&loc, "/forms/%s/received/%s", formdef_id(fd), ref);
	http_redirect(r, loc.data);
out:
	submission_free(&sub);
	urlenc_free(&pairs);
	buf_free(&body);
	buf_free(&err);
	buf_free(&loc);
}

