/*
 * queue: the list of requests (GET /staff/queue, PERM_QUEUE).
 *
 * Filters from the query string, each checked and, when wrong, told at
 * its field (the page answers 422 with the list unfiltered by it):
 *   form=ID        one of the content's forms
 *   status=S       one of workflow.h's statuses
 *   from=, to=     received from / to these Saudi dates (YYYY-MM-DD),
 *                  both included, as `wasl-admin list --from --to`
 *   overdue=1      only the tracked requests past their due date
 *   page=N         the page, QUEUE_PAGE rows each, oldest first
 * With them: how many requests each status holds under the other
 * filters (the choices of the status filter), the page's rows (the
 * reference linking to /staff/request/REF, the form's title, the
 * status's words, the received date and, for tracked requests, the due
 * date in both calendars with the days left or late), and links to the
 * previous and next pages keeping the filters. Only one page is read
 * (cases_page(), cases_counts()): the page is as quick with 100,000
 * requests as with 1,000 (bench/console.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "console.h"
#include "datefmt.h"
#include "statusmsg.h"
#include "workflow.h"

#define QUEUE_PAGE	50

const char *const queue_words[] = {
	"console_queue.error.form",
	"console_queue.error.status",
	"console_queue.error.date",
	"console_queue.error.range",
	"console_queue.error.page",
	"console_queue.due.today",
	"console_queue.due.left_1",
	"console_queue.due.left_2",
	"console_queue.due.left_few",
	"console_queue.due.left_many",
	"console_queue.due.left_hundreds",
	"console_queue.due.late_1",
	"console_queue.due.late_2",
	"console_queue.due.late_few",
	"console_queue.due.late_many",
	"console_queue.due.late_hundreds",
	NULL
};

/* The words of n days left (n >= 0) or late (n < 0). An Arabic count
 * takes its noun's number from its last two digits: 1 and 2 their own
 * words, 3..10 the plural (أيام), 11..99 the accusative singular
 * (يومًا), and a hundred and more ending in 00, 01 or 02 the genitive
 * singular (يوم). */
json_t *
queue_days(const struct creq *cr, int left)
{
	int		 n = left < 0 ? -left : left, m = n % 100;
	const char	*form;
	char		 key[48];

	if (left == 0)
		return console_text(cr, "console_queue.due.today", NULL);
	if (n == 1 || n == 2)
		form = n == 1 ? "1" : "2";
	else if (m >= 3 && m <= 10)
		form = "few";
	else if (m > 10)
		form = "many";
	else
		form = "hundreds";
	snprintf(key, sizeof(key), "console_queue.due.%s_%s", left > 0 ?
	    "left" : "late", form);
	return console_text(cr, key, json_pack("{s:i}", "n", n));
}

/* The title of form id, or id itself. */
static const char *
S_form_title(const struct creq *cr, const char *id)
{
	json_t		*f;
	size_t		 i;

	json_array_foreach(cr->app->forms, i, f)
		if (id != NULL && strcmp(json_string_value(json_object_get(f,
		    "id")), id) == 0)
			return json_string_value(json_object_get(f, "title"));
	return id;
}

/* A Saudi date typed as YYYY-MM-DD into *d: 1, or 0 when it is not
 * one. */
static int
S_date(const char *s, struct date *d)
{
	return s != NULL && strlen(s) == 10 && date_parse(s, 10, d) == 0 &&
	    date_valid(d);
}

/* The filters' part of a link (each value checked, so plain). */
static void
S_link(struct buf *b, const struct cases_filter *f, const char *from,
    const char *to, long page)
{
	buf_puts(b, "/staff/queue?");
	if (f->form != NULL)
		buf_printf(b, "form=%s&", f->form);
	if (f->status != NULL)
		buf_printf(b, "status=%s&", f->status);
	if (from != NULL)
		buf_printf(b, "from=%s&", from);
	if (to != NULL)
		buf_printf(b, "to=%s&", to);
	if (f->only_overdue)
		buf_puts(b, "overdue=1&");
	buf_printf(b, "page=%ld", page);
}

static json_t *
S_row(const struct creq *cr, const struct cases_row *r,
    const struct date *today)
{
	struct buf	 url = BUF_INIT;
	json_t		*o;
	int		 st = wf_status_index(r->status), left;

	buf_printf(&url, "/staff/request/%s", r->ref);
	o = json_pack("{s:s,s:s,s:s?,s:s,s:s?,s:o,s:b,s:b}", "ref", r->ref,
	    "url", buf_cstr(&url), "form", r->form, "form_title",
	    S_form_title(cr, r->form), "status", r->status,
	    "received", console_when(cr, r->received), "overdue", r->overdue,
	    "has_due", r->has_due);
	json_object_set_new(o, "status_label", json_string(st >= 0 ?
	    statusmsg_label(cr->app->words, st) : r->status));
	if (r->has_due) {
		json_object_set_new(o, "due", datefmt_json(cr->app->words,
		    &r->due));
		/* Days left, or late, while it waits for a decision. */
		if (!wf_status_decided(r->status)) {
			cases_days_late(r->received, cr->app->response_days,
			    today, &left);
			json_object_set_new(o, "days", queue_days(cr, -left));
		}
	}
	buf_free(&url);
	return o;
}

void
queue_get(struct creq *cr)
{
	struct cases_filter	 f;
	struct cases_rows	 rows;
	struct buf		 err = BUF_INIT, link = BUF_INIT;
	struct date		 today, dfrom, dto, dnext;
	char			 lo[WF_TIME_LEN + 1], hi[WF_TIME_LEN + 1];
	const char		*form, *status, *from, *to, *overdue, *pg;
	long long		 counts[WF_NSTATUS], total = 0;
	long			 page = 1, pages = 1;
	json_t			*page_j, *errors, *forms, *statuses, *list, *fo;
	size_t			 i;
	int			 bad, rc, has_from = 0, has_to = 0;
	char			*end;

	memset(&f, 0, sizeof(f));
	memset(&rows, 0, sizeof(rows));
	errors = json_object();
	date_from_time(time(NULL), &today);

	bad = 0;
	form = console_query(cr, "form", FORMDEF_MAX_NAME, &bad);
	if (form != NULL && *form == '\0')
		form = NULL;
	if (bad || (form != NULL && formdef_dir_find(cr->app->c.forms,
	    form) == NULL)) {
		json_object_set_new(errors, "form", console_text(cr,
		    "console_queue.error.form", NULL));
		form = NULL;
	}
	bad = 0;
	status = console_query(cr, "status", 16, &bad);
	if (status != NULL && *status == '\0')
		status = NULL;
	if (bad || (status != NULL && wf_status_index(status) < 0)) {
		json_object_set_new(errors, "status", console_text(cr,
		    "console_queue.error.status", NULL));
		status = NULL;
	}
	bad = 0;
	from = console_query(cr, "from", 10, &bad);
	if (from != NULL && *from == '\0')
		from = NULL;
	if (bad || (from != NULL && !(has_from = S_date(from, &dfrom)))) {
		json_object_set_new(errors, "from", console_text(cr,
		    "console_queue.error.date", NULL));
		from = NULL;
	}
	bad = 0;
	to = console_query(cr, "to", 10, &bad);
	if (to != NULL && *to == '\0')
		to = NULL;
	if (bad || (to != NULL && !(has_to = S_date(to, &dto)))) {
		json_object_set_new(errors, "to", console_text(cr,
		    "console_queue.error.date", NULL));
		to = NULL;
	}
	if (has_from && has_to && date_cmp(&dfrom, &dto) > 0) {
		json_object_set_new(errors, "to", console_text(cr,
		    "console_queue.error.range", NULL));
		to = NULL;
		has_to = 0;
	}
	overdue = console_query(cr, "overdue", 1, NULL);
	bad = 0;
	pg = console_query(cr, "page", 9, &bad);
	if (pg != NULL && *pg != '\0') {
		page = strtol(pg, &end, 10);
		if (bad || *end != '\0' || page < 1 || pg[0] < '0' ||
		    pg[0] > '9') {
			json_object_set_new(errors, "page", console_text(cr,
			    "console_queue.error.page", NULL));
			page = 1;
		}
	} else if (bad) {
		json_object_set_new(errors, "page", console_text(cr,
		    "console_queue.error.page", NULL));
	}

	f.form = form;
	f.status = status;
	f.only_overdue = overdue != NULL && strcmp(overdue, "1") == 0;
	if (has_from && wf_day_start(&dfrom, lo) == 0)
		f.lo = lo;
	if (has_to && date_add_days(&dto, 1, &dnext) == 0 &&
	    wf_day_start(&dnext, hi) == 0)
		f.hi = hi;
	if (!has_from)
		from = NULL;
	if (!has_to)
		to = NULL;

	rc = cases_counts(cr->st, cr->app->c.forms, cr->app->response_days,
	    &today, &f, counts, &err);
	if (rc == 0) {
		for (i = 0; i < WF_NSTATUS; i++)
			if (status == NULL || (int)i == wf_status_index(status))
				total += counts[i];
		pages = total == 0 ? 1 : (long)((total + QUEUE_PAGE - 1) /
		    QUEUE_PAGE);
		if (page > pages)
			page = pages;
		rc = cases_page(cr->st, cr->app->c.forms,
		    cr->app->response_days, &today, &f,
		    (size_t)(page - 1) * QUEUE_PAGE, QUEUE_PAGE, &rows, &err);
	}
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		json_decref(errors);
		buf_free(&err);
		cases_rows_free(&rows);
		console_error(cr, 500, "failed");
		return;
	}

	forms = json_array();
	json_array_foreach(cr->app->forms, i, fo)
		json_array_append_new(forms, json_pack("{s:O,s:O,s:b}", "id",
		    json_object_get(fo, "id"), "title", json_object_get(fo,
		    "title"), "selected", form != NULL && strcmp(form,
		    json_string_value(json_object_get(fo, "id"))) == 0));
	statuses = json_array();
	for (i = 0; i < WF_NSTATUS; i++)
		json_array_append_new(statuses, json_pack("{s:s,s:s,s:I,s:b}",
		    "name", wf_status_name((int)i), "label",
		    statusmsg_label(cr->app->words, (int)i), "count",
		    (json_int_t)counts[i], "selected", status != NULL &&
		    (int)i == wf_status_index(status)));
	list = json_array();
	for (i = 0; i < rows.n; i++)
		json_array_append_new(list, S_row(cr, &rows.v[i], &today));

	page_j = json_pack("{s:o,s:o,s:o,s:I,s:i,s:i,s:i,s:i}", "forms",
	    forms, "statuses", statuses, "rows", list, "total",
	    (json_int_t)total, "page", (int)page, "pages", (int)pages,
	    "first", rows.n > 0 ? (int)((page - 1) * QUEUE_PAGE + 1) : 0,
	    "last", (int)((page - 1) * QUEUE_PAGE + (long)rows.n));
	json_object_set_new(page_j, "filter", json_pack("{s:s?,s:s?,s:s?,"
	    "s:s?,s:b}", "form", form, "status", status, "from", from, "to",
	    to, "overdue", f.only_overdue));
	json_object_set_new(page_j, "has_rows", json_boolean(rows.n > 0));
	json_object_set_new(page_j, "has_pages", json_boolean(pages > 1));
	if (page > 1) {
		S_link(&link, &f, from, to, page - 1);
		json_object_set_new(page_j, "prev_url",
		    json_string(buf_cstr(&link)));
	}
	if (page < pages) {
		buf_reset(&link);
		S_link(&link, &f, from, to, page + 1);
		json_object_set_new(page_j, "next_url",
		    json_string(buf_cstr(&link)));
	}
	json_object_set_new(page_j, "has_errors",
	    json_boolean(json_object_size(errors) > 0));
	json_object_set_new(page_j, "errors", errors);
	console_page(cr, "staff-queue", "queue", page_j,
	    json_object_get(page_j, "has_errors") == json_true() ? 422 : 200,
	    NULL);
	cases_rows_free(&rows);
	buf_free(&err);
	buf_free(&link);
}
