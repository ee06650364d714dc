/*
 * files: what management takes out of the console: a form's submissions
 * as the CSV for Excel, and the satisfaction report.
 *
 *   GET  /staff/export        the form: which form, the period (Saudi
 *                             dates, optional), the app's code
 *   POST /staff/export        the code asked again (console_confirm(),
 *                             "export"); the CSV of export_csv() (the
 *                             very file of `wasl-admin export`) as a
 *                             download, audited "export" in the
 *                             account's name before a byte leaves;
 *                             refused: the form again, 422, the message
 *                             at its field
 *   GET  /staff/report        the report's page with its charts
 *                             (reportview.h and the partials of
 *                             report.mustache), for a period
 *   GET  /staff/report/file?format=html|json&from=&to=
 *                             the same report as the file `wasl-admin
 *                             report --html` writes (chart_html()), or
 *                             its JSON (--json)
 *
 * The report holds aggregates only (survey.h hides the small groups),
 * so reading it is not audited; an export holds personal data and is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "chart.h"
#include "console.h"
#include "export.h"
#include "report.h"
#include "reportview.h"
#include "statusmsg.h"

const char *const files_words[] = {
	"console_files.export.form",
	"console_files.period.date",
	"console_files.period.order",
	"admin.export.ref",
	"admin.export.received",
	"admin.export.status",
	"admin.export.decided",
	"admin.consent_given",
	"admin.report.overall",
	NULL
};

/* ---- what the parts share ---- */

void
files_today(char out[11])
{
	struct date	 d;
	char		 now[WF_TIME_LEN + 1];

	wf_time_format(time(NULL), now);
	if (wf_local_date(now, &d) == -1)
		d.year = 1970, d.month = 1, d.day = 1;
	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* A date field as typed: NULL when empty or absent. */
static const char *
S_date_field(const char *v)
{
	return v != NULL && *v != '\0' ? v : NULL;
}

int
files_period(const struct creq *cr, const char *from, const char *to,
    struct files_period *p, json_t *errors)
{
	struct date	 f, t, next;
	int		 rc = 0;

	snprintf(p->lo, sizeof(p->lo), "0000-00-00T00:00:00Z");
	snprintf(p->hi, sizeof(p->hi), "9999-12-31T23:59:59Z");
	snprintf(p->lo_month, sizeof(p->lo_month), "0000-00");
	snprintf(p->hi_month, sizeof(p->hi_month), "9999-99");
	p->has_from = p->has_to = 0;
	from = S_date_field(from);
	to = S_date_field(to);
	if (from != NULL) {
		if (date_parse(from, strlen(from), &f) == -1 ||
		    wf_day_start(&f, p->lo) == -1) {
			json_object_set_new(errors, "from", console_text(cr,
			    "console_files.period.date", NULL));
			rc = -1;
		} else {
			snprintf(p->lo_month, sizeof(p->lo_month), "%.7s",
			    from);
			p->from = f;
			p->has_from = 1;
		}
	}
	if (to != NULL) {
		if (date_parse(to, strlen(to), &t) == -1 ||
		    date_add_days(&t, 1, &next) == -1 ||
		    wf_day_start(&next, p->hi) == -1) {
			json_object_set_new(errors, "to", console_text(cr,
			    "console_files.period.date", NULL));
			rc = -1;
		} else {
			snprintf(p->hi_month, sizeof(p->hi_month), "%.7s", to);
			p->to = t;
			p->has_to = 1;
		}
	}
	if (rc == 0 && p->has_from && p->has_to && date_cmp(&f, &t) > 0) {
		json_object_set_new(errors, "to", console_text(cr,
		    "console_files.period.order", NULL));
		rc = -1;
	}
	return rc;
}

/* ---- export ---- */

/* The export form with what was typed and errors (stolen). */
static void
S_export_page(struct creq *cr, int status, const char *form,
    const char *from, const char *to, json_t *errors)
{
	json_t		*page = json_object(), *forms = json_array(), *f;
	size_t		 i;

	json_array_foreach(cr->app->forms, i, f) {
		json_t *c = json_deep_copy(f);

		if (form != NULL && strcmp(form, json_string_value(
		    json_object_get(f, "id"))) == 0)
			json_object_set_new(c, "selected", json_true());
		json_array_append_new(forms, c);
	}
	json_object_set_new(page, "forms", forms);
	json_object_set_new(page, "from", json_string(from ? from : ""));
	json_object_set_new(page, "to", json_string(to ? to : ""));
	json_object_set_new(page, "has_errors",
	    json_boolean(json_object_size(errors) > 0));
	json_object_set_new(page, "errors", errors);
	console_page(cr, "staff-export", "export", page, status, NULL);
}

void
export_get(struct creq *cr)
{
	S_export_page(cr, 200, console_query(cr, "form", 64, NULL), NULL, NULL,
	    json_object());
}

void
export_post(struct creq *cr)
{
	const struct formdef	*fd = NULL;
	struct export_words	 w;
	struct files_period	 p;
	struct buf		 csv = BUF_INIT, note = BUF_INIT, err = BUF_INIT;
	struct buf		 h = BUF_INIT;
	json_t			*errors = json_object(), *msg;
	const char		*form, *from, *to;
	char			 today[11];
	int			 bad = 0, n, st, rc;

	form = console_field(cr, "form", 64, &bad);
	from = console_field(cr, "from", 16, &bad);
	to = console_field(cr, "to", 16, &bad);
	if (form != NULL && cr->app->c.forms != NULL)
		fd = formdef_dir_find(cr->app->c.forms, form);
	if (fd == NULL)
		json_object_set_new(errors, "form", console_text(cr,
		    "console_files.export.form", NULL));
	files_period(cr, from, to, &p, errors);
	if (json_object_size(errors) > 0) {
		S_export_page(cr, 422, form, from, to, errors);
		goto out;
	}
	/* The second factor again, for every export. */
	if ((rc = console_confirm(cr, "export", &msg)) == -1)
		goto out;
	if (rc == 0) {
		json_object_set_new(errors, "code", msg);
		S_export_page(cr, 422, form, from, to, errors);
		goto out;
	}
	w.ref = catalog_get(cr->app->words, "admin.export.ref");
	w.received = catalog_get(cr->app->words, "admin.export.received");
	w.status = catalog_get(cr->app->words, "admin.export.status");
	w.decided = catalog_get(cr->app->words, "admin.export.decided");
	w.consent_given = catalog_get(cr->app->words, "admin.consent_given");
	for (st = 0; st < WF_NSTATUS; st++)
		w.status_label[st] = statusmsg_label(cr->app->words, st);
	if (export_csv(cr->st, fd, p.lo, p.hi, &w, &csv, &n, &err) == -1)
		goto failed;
	/* In the trail before anything leaves, as wasl-admin's. */
	buf_printf(&note, "%s: %d row%s, %s to %s, to the console",
	    formdef_id(fd), n, n == 1 ? "" : "s", p.has_from ? from :
	    "the first", p.has_to ? to : "the last");
	if (audit_add(cr->st, cr->sess.who.name, "export", NULL, NULL, NULL,
	    buf_cstr(&note), &err) == -1)
		goto failed;
	files_today(today);
	buf_puts(&h, CONSOLE_HEADERS);
	buf_printf(&h, "Content-Disposition: attachment; filename=\"%s-%s.csv\""
	    "\r\n", formdef_id(fd), today);
	http_send_as(cr->r, 200, "text/csv; charset=utf-8", buf_cstr(&h),
	    &csv);
	json_decref(errors);
	goto out;
failed:
	fprintf(stderr, "wasl-console: export: %s\n", buf_cstr(&err));
	json_decref(errors);
	console_error(cr, 500, "failed");
out:
	if (csv.data != NULL)
		explicit_bzero(csv.data, csv.len);
	buf_free(&csv);
	buf_free(&note);
	buf_free(&err);
	buf_free(&h);
}

/* ---- the report ---- */

/* The report over p, as `wasl-admin report` makes it (cmd_report.c):
 * reportview_json() of report_counts(), dated today. NULL with err. */
static json_t *
S_report(struct creq *cr, const struct files_period *p, struct buf *err)
{
	struct survey_counts	 c;
	struct reportview_opts	 o;
	struct date		 today;
	json_t			*r;

	if (report_counts(cr->st, cr->app->c.forms, cr->app->response_days,
	    p->lo, p->hi, p->lo_month, p->hi_month, &c, err) == -1) {
		survey_counts_free(&c);
		return NULL;
	}
	date_from_time(time(NULL), &today);
	memset(&o, 0, sizeof(o));
	o.words = cr->app->words;
	o.association = json_object_get(cr->app->c.site, "name");
	o.overall = catalog_get(cr->app->words, "admin.report.overall");
	o.response_days = cr->app->response_days;
	o.generated = &today;
	if (p->has_from)
		o.from = &p->from;
	if (p->has_to)
		o.to = &p->to;
	r = reportview_json(&c, &o);
	survey_counts_free(&c);
	return r;
}

/* The period of the query (from, to) into p; errors into errors. */
static int
S_query_period(struct creq *cr, struct files_period *p, json_t *errors,
    const char **from, const char **to)
{
	int	 bad = 0;

	*from = console_query(cr, "from", 16, &bad);
	*to = console_query(cr, "to", 16, &bad);
	if (bad) {
		*from = *to = NULL;
		json_object_set_new(errors, "from", console_text(cr,
		    "console_files.period.date", NULL));
	}
	return files_period(cr, *from, *to, p, errors) == -1 || bad ? -1 : 0;
}

void
report_get(struct creq *cr)
{
	struct files_period	 p;
	struct buf		 err = BUF_INIT, q = BUF_INIT;
	json_t			*page = json_object(), *errors = json_object();
	json_t			*r;
	const char		*from, *to;
	int			 status = 200;

	if (S_query_period(cr, &p, errors, &from, &to) == -1) {
		status = 422;
		files_period(cr, NULL, NULL, &p, errors);
	}
	if ((r = S_report(cr, &p, &err)) == NULL) {
		fprintf(stderr, "wasl-console: report: %s\n", buf_cstr(&err));
		json_decref(page);
		json_decref(errors);
		buf_free(&err);
		console_error(cr, 500, "failed");
		return;
	}
	reportview_charts(r);
	if (status == 200) {
		/* The files of the same period. */
		buf_printf(&q, "from=%s&to=%s", p.has_from ? from : "",
		    p.has_to ? to : "");
		json_object_set_new(page, "period_query",
		    json_string(buf_cstr(&q)));
	} else
		json_object_set_new(page, "period_query", json_string(""));
	json_object_set_new(page, "report", r);
	json_object_set_new(page, "from", json_string(from ? from : ""));
	json_object_set_new(page, "to", json_string(to ? to : ""));
	json_object_set_new(page, "has_errors",
	    json_boolean(json_object_size(errors) > 0));
	json_object_set_new(page, "errors", errors);
	console_page(cr, "staff-report", "report", page, status, NULL);
	buf_free(&err);
	buf_free(&q);
}

void
report_file(struct creq *cr)
{
	struct files_period	 p;
	struct buf		 err = BUF_INIT, out = BUF_INIT, h = BUF_INIT;
	json_t			*errors = json_object(), *r = NULL;
	const char		*format, *from, *to, *type;
	char			 today[11], *text = NULL;
	int			 html;

	format = console_query(cr, "format", 8, NULL);
	if (format == NULL || (strcmp(format, "html") != 0 &&
	    strcmp(format, "json") != 0) ||
	    S_query_period(cr, &p, errors, &from, &to) == -1) {
		json_decref(errors);
		console_error(cr, 400, "bad_request");
		return;
	}
	json_decref(errors);
	html = strcmp(format, "html") == 0;
	if ((r = S_report(cr, &p, &err)) == NULL)
		goto failed;
	if (html) {
		/* The renderer of `wasl-admin report --html`. */
		if (chart_html(cr->app->templates, r, &out, &err) == -1)
			goto failed;
		type = "text/html; charset=utf-8";
	} else {
		text = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(10));
		if (text == NULL) {
			buf_puts(&err, "out of memory");
			goto failed;
		}
		buf_printf(&out, "%s\n", text);
		type = "application/json";
	}
	files_today(today);
	buf_puts(&h, CONSOLE_HEADERS);
	buf_printf(&h, "Content-Disposition: attachment; filename=\"report-%s"
	    ".%s\"\r\n", today, html ? "html" : "json");
	http_send_as(cr->r, 200, type, buf_cstr(&h), &out);
	goto out;
failed:
	fprintf(stderr, "wasl-console: report: %s\n", buf_cstr(&err));
	console_error(cr, 500, "failed");
out:
	free(text);
	json_decref(r);
	buf_free(&err);
	buf_free(&out);
	buf_free(&h);
}
