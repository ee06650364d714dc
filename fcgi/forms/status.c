/*
 * status: the applicants' status lookup (forms.h).
 *
 *   GET  /forms/status              the lookup form
 *   POST /forms/status              the status of the request with that
 *                                   reference and national ID; a wrong
 *                                   pair is answered exactly as a
 *                                   missing one, and a client whose
 *                                   lookups keep failing is refused for
 *                                   a while (429; throttle.h)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "datefmt.h"
#include "fieldcheck.h"
#include "fieldmsg.h"
#include "forms.h"
#include "statusmsg.h"
#include "throttle.h"
#include "urlenc.h"
#include "workflow.h"

/*
 * The lookup form's fields, in the page's order, as a table like a form
 * definition's: each one's name and check. A check is given the answer
 * s[0..len) ("" when not posted), appends its normalised form to out
 * when valid, and otherwise its message for the applicant to msg.
 *
 * The national ID is checked as every form's national ID field is, by
 * fieldcheck (fc_field() with the app's status_id, fieldmsg_put()). The
 * reference is no field type of a form definition: it is one of
 * store.h's references, normalised as people type it, and its messages
 * say where to find it.
 */
struct lookup_field {
	const char	*name;
	void		 (*check)(const struct app *a, const char *s,
			    size_t len, struct buf *out, struct buf *msg);
};

/* The reference as people type it: digits in any script, lower case,
 * spaces and hyphens; appended in its stored form (which may still be
 * invalid: store_ref_valid() decides). */
static void
S_ref_normalize(const char *s, size_t len, struct buf *out)
{
	struct buf	 digits = BUF_INIT;
	size_t		 i;
	char		 c;

	fc_digits_normalize(s, len, &digits);
	for (i = 0; i < digits.len; i++) {
		c = digits.data[i];
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf_putc(out, c);
	}
	buf_free(&digits);
}

static void
S_check_ref(const struct app *a, const char *s, size_t len,
    struct buf *out, struct buf *msg)
{
	if (len <= 64)
		S_ref_normalize(s, len, out);
	if (out->len == 0)
		forms_put(a, "forms.status.ref_missing", NULL, msg);
	else if (!store_ref_valid(buf_cstr(out)))
		forms_put(a, "forms.status.ref_invalid", NULL, msg);
}

static void
S_check_id(const struct app *a, const char *s, size_t len,
    struct buf *out, struct buf *msg)
{
	int	 rc;

	if ((rc = fc_field(&a->status_id, s, len, out)) != FC_OK)
		fieldmsg_put(a->words, &a->status_id, rc, msg);
}

enum { LOOKUP_REF, LOOKUP_ID, LOOKUP_NFIELDS };

static const struct lookup_field lookup_fields[LOOKUP_NFIELDS] = {
	[LOOKUP_REF] = { "ref", S_check_ref },
	[LOOKUP_ID] = { "national_id", S_check_id },
};

/*
 * The status page's data: the lookup form (with the answers to show
 * again and their errors, both may be NULL) and what the lookup found.
 * Every key a template tests is present.
 */
static json_t *
S_page(const struct app *a, const json_t *refill, const json_t *errors,
    json_t *result, int not_found, int throttled)
{
	json_t		*form, *list = json_array(), *e, *title;
	const char	*name;
	size_t		 i;

	form = json_object();
	for (i = 0; i < LOOKUP_NFIELDS; i++) {
		char key[32];
		const char *n = lookup_fields[i].name;
		const json_t *v = refill ? json_object_get(refill, n) : NULL;

		json_object_set_new(form, n, json_string(
		    json_is_string(v) ? json_string_value(v) : ""));
		snprintf(key, sizeof(key), "%s_error", n);
		e = errors ? json_object_get(errors, n) : NULL;
		json_object_set(form, key, e ? e : json_false());
	}
	if (errors != NULL)
		json_object_foreach((json_t *)errors, name, e) {
			char anchor[64];

			snprintf(anchor, sizeof(anchor), "field-%s", name);
			json_array_append_new(list, json_pack("{s:s,s:O}",
			    "anchor", anchor, "message", e));
		}
	json_object_set_new(form, "has_errors", json_boolean(
	    json_array_size(list) > 0));
	json_object_set_new(form, "errors", list);
	title = forms_text(a, "forms.status.title", NULL);
	if (errors && json_object_size(errors) > 0) {
		json_t *p = json_pack("{s:o}", "title", title);

		title = forms_text(a, "forms.title_error", p);
		json_decref(p);
	}
	return json_pack("{s:o,s:s,s:o,s:o,s:b,s:b}",
	    "title", title, "kind", "status", "form", form,
	    "result", result ? result : json_false(),
	    "not_found", not_found, "throttled", throttled);
}

/* Send the status page (page: taken) with status and extra. */
static void
S_send(struct app *a, struct http_req *r, int status, const char *extra,
    json_t *page)
{
	forms_page(a, r, "status", "/services/", page, status, extra,
	    FE_PAGE_FAILED);
	json_decref(page);
}

/* What the lookup found, for the template. */
static json_t *
S_result(struct app *a, const struct store_case *c,
    const char *ref)
{
	const struct formdef	*fd = formdef_dir_find(a->c.forms, c->form);
	json_t			*svc = json_object_get(a->by_form, c->form);
	json_int_t		 days = json_integer_value(json_object_get(
				    a->c.site, "response_days"));
	struct date		 received, due, decided;
	json_t			*r, *decision = json_false();
	int			 st = wf_status_index(c->status);

	if (wf_local_date(c->received_at, &received) == -1)
		return NULL;
	if (wf_status_decided(c->status) &&
	    wf_local_date(c->decided_at, &decided) == 0)
		decision = json_pack("{s:b,s:o,s:o}", "accepted",
		    strcmp(c->status, "accepted") == 0, "label",
		    forms_text(a, strcmp(c->status, "accepted") == 0 ?
		    "forms.status.accepted" : "forms.status.rejected", NULL),
		    "date", datefmt_short_json(a->words, &decided));
	r = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o}",
	    "ref", ref,
	    "service", svc ? json_string_value(json_object_get(svc,
	    "title")) : formdef_title(fd),
	    "status", c->status,
	    "status_label", statusmsg_label(a->words, st),
	    "explain", statusmsg_explain(a->words, st),
	    "received", datefmt_short_json(a->words, &received),
	    /* a date only when site.yaml states the response time */
	    "due", days > 0 && wf_due_date(c->received_at, (int)days,
	    &due) == 0 ? datefmt_short_json(a->words, &due) : json_false(),
	    "decided", json_is_object(decision),
	    "decision", decision);
	return r;
}

/* The lookup's answers to a post it cannot read: whatever the reason,
 * the lookup form again, to send once more. */
static const struct forms_refusal refusals[] = {
	[HTTP_POST_CROSS_SITE] = { 403, FE_CROSS_SITE_STATUS },
	[HTTP_POST_MEDIA_TYPE] = { 415, FE_MEDIA_TYPE },
	[HTTP_POST_NO_LENGTH] = { 400, FE_RESEND },
	[HTTP_POST_INCOMPLETE] = { 400, FE_RESEND },
	[HTTP_POST_TOO_LARGE] = { 413, FE_RESEND },
	[HTTP_POST_MALFORMED] = { 400, FE_RESEND },
};

static void
S_lookup(struct app *a, struct store *st, struct http_req *r)
{
	struct buf		 body = BUF_INIT, err = BUF_INIT;
	struct buf		 val[LOOKUP_NFIELDS], tmp = BUF_INIT;
	struct buf		 msg = BUF_INIT;
	struct urlenc_list	 pairs;
	struct store_case	 c;
	const struct urlenc_pair *given[LOOKUP_NFIELDS] = { NULL };
	json_t			*refill = json_object(), *errors = json_object();
	json_t			*result;
	char			 retry[64];
	int			 rc;
	size_t			 i, k;

	memset(val, 0, sizeof(val));	/* each BUF_INIT */
	if ((rc = http_form_read(r, json_string_value(json_object_get(
	    a->c.site, "base_url")), HTTP_MAX_BODY, &body,
	    &pairs)) != HTTP_POST_OK) {
		forms_error(a, r, refusals[rc].status, NULL,
		    refusals[rc].page);
		goto out;
	}
	/* Each field once; names starting with '_' are skipped, as a
	 * form's are (submission.h); any other name is not this form's. */
	for (i = 0; i < pairs.n; i++) {
		const struct urlenc_pair *p = &pairs.pairs[i];

		for (k = 0; k < LOOKUP_NFIELDS; k++)
			if (strcmp(p->name, lookup_fields[k].name) == 0)
				break;
		if (k == LOOKUP_NFIELDS && p->name[0] == '_')
			continue;
		if (k == LOOKUP_NFIELDS || given[k] != NULL) {
			forms_error(a, r, 400, NULL, FE_NOT_THIS_FORM);
			goto out;
		}
		given[k] = p;
	}

	/* The answers: each checked, shown again with its error. */
	for (k = 0; k < LOOKUP_NFIELDS; k++) {
		const struct urlenc_pair *p = given[k];
		const char *n = lookup_fields[k].name;

		if (p != NULL) {
			fc_refill(p->value, p->value_len, 0, &tmp);
			json_object_set_new(refill, n,
			    json_string(buf_cstr(&tmp)));
			buf_reset(&tmp);
		}
		buf_reset(&msg);
		lookup_fields[k].check(a, p ? p->value : "",
		    p ? p->value_len : 0, &val[k], &msg);
		if (msg.len > 0)
			json_object_set_new(errors, n,
			    json_string(buf_cstr(&msg)));
	}
	if (json_object_size(errors) > 0) {
		S_send(a, r, 422, NULL, S_page(a, refill, errors, NULL, 0, 0));
		goto out;
	}

	/* A client that keeps failing learns nothing more for a while,
	 * not even whether its next guess is right. */
	if (throttle_blocked(a->throttle, r->client, time(NULL))) {
		snprintf(retry, sizeof(retry), "Retry-After: %d\r\n",
		    THROTTLE_WINDOW);
		S_send(a, r, 429, retry, S_page(a, NULL, NULL, NULL, 0, 1));
		goto out;
	}
	rc = store_case_find(st, a->c.forms, buf_cstr(&val[LOOKUP_REF]),
	    buf_cstr(&val[LOOKUP_ID]), &c, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		forms_error(a, r, 500, NULL, FE_LOOKUP_FAILED);
		goto out;
	}
	result = rc == 1 ? S_result(a, &c, buf_cstr(&val[LOOKUP_REF])) :
	    NULL;
	if (result == NULL) {
		/* Nothing of what was typed goes back: a wrong pair and a
		 * missing one get the very same page. */
		throttle_fail(a->throttle, r->client, time(NULL));
		S_send(a, r, 200, NULL, S_page(a, NULL, NULL, NULL, 1, 0));
	} else
		S_send(a, r, 200, NULL, S_page(a, NULL, NULL, result, 0, 0));
out:
	json_decref(refill);
	json_decref(errors);
	urlenc_free(&pairs);
	for (k = 0; k < LOOKUP_NFIELDS; k++) {
		if (val[k].data != NULL)
			explicit_bzero(val[k].data, val[k].len);
		buf_free(&val[k]);
	}
	buf_free(&body);
	buf_free(&err);
	buf_free(&tmp);
	buf_free(&msg);
}

void
forms_status(struct app *a, struct store *st, struct http_req *r)
{
	if (r->post)
		S_lookup(a, st, r);
	else if (r->get)
		S_send(a, r, 200, NULL, S_page(a, NULL, NULL, NULL, 0, 0));
	else
		forms_error(a, r, 405, "Allow: GET, HEAD, POST\r\n",
		    FE_METHOD_STATUS);
}
