/*
 * cmd_report: satisfaction and request figures (see cmd_report.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "cmd_report.h"
#include "report.h"
#include "reportview.h"

/*
 * The report over p as reportview_json() makes it, dated now; the
 * period's ends as Saudi days (p->hi is the day after the last).
 */
json_t *
cmd_report_json(struct adm *a, const struct adm_period *p, time_t now,
    struct buf *err)
{
	struct survey_counts	 c;
	struct reportview_opts	 o;
	struct date		 today, from, to;
	json_t			*r;
	int			 rdays = adm_response_days(a);

	if (report_counts(a->store, a->c.forms, rdays, p->lo, p->hi,
	    p->lo_month, p->hi_month, &c, err) == -1) {
		survey_counts_free(&c);
		return NULL;
	}
	date_from_time(now, &today);
	memset(&o, 0, sizeof(o));
	o.words = a->strings;
	o.association = json_object_get(a->c.site, "name");
	o.overall = adm_word(a, ADM_S_REPORT_OVERALL);
	o.response_days = rdays;
	o.generated = &today;
	if (p->lo[0] != '0' && wf_local_date(p->lo, &from) == 0)
		o.from = &from;
	if (p->hi[0] != '9' && wf_local_date(p->hi, &to) == 0 &&
	    date_add_days(&to, -1, &to) == 0)
		o.to = &to;
	r = reportview_json(&c, &o);
	survey_counts_free(&c);
	if (r == NULL)
		buf_puts(err, "out of memory");
	return r;
}

/* The report's date: SOURCE_DATE_EPOCH when set, else now. */
static int
S_now(time_t *now, struct buf *err)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 v;

	*now = time(NULL);
	if (e == NULL || *e == '\0')
		return 0;
	errno = 0;
	v = strtoll(e, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0) {
		buf_printf(err, "SOURCE_DATE_EPOCH=%s: not a number of "
		    "seconds", e);
		return -1;
	}
	*now = (time_t)v;
	return 0;
}

int
cmd_report(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct adm_period	 p;
	struct buf		 html = BUF_INIT;
	json_t			*r = NULL;
	char			*text = NULL;
	time_t			 now;
	int			 rc = -1;

	if (adm_period(o->from, o->to, &p, err) == -1 || S_now(&now, err) ==
	    -1)
		return -1;
	if ((r = cmd_report_json(a, &p, now, err)) == NULL)
		return -1;
	text = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10));
	if (text == NULL) {
		buf_puts(err, "out of memory");
		goto out;
	}
	if (o->json != NULL) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s\n", text);
		rc = adm_write_file(o->json, b.data, b.len, 0644, err);
		buf_free(&b);
		if (rc == -1)
			goto out;
		rc = -1;
	}
	if (o->html != NULL) {
		/* The templates folder given (--templates), as the
		 * catalog's. */
		if (chart_html(a->templates_dir ? a->templates_dir :
		    "templates", r, &html, err) == -1)
			goto out;
		if (adm_write_file(o->html, html.data, html.len, 0644, err) ==
		    -1)
			goto out;
	}
	if (o->json == NULL && o->html == NULL) {
		/* on a terminal, an Arabic value never on its key's line */
		buf_reset(&html);
		adm_json_lines(&html, text);
		fprintf(a->out, "%s\n", buf_cstr(&html));
	}
	rc = 0;
out:
	free(text);
	json_decref(r);
	buf_free(&html);
	return rc;
}
