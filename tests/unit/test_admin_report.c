/*
 * test_admin_report: wasl-admin's report on a known data set
 * (tests/golden/admin/fixture.sql), every figure computed by hand below;
 * the HTML report; and templates/results.mustache rendering the same
 * figures for the public.
 *
 * The survey (reception, clarity, speed, overall):
 *   June    (1,1,1,1) (2,2,2,2) (5,5,5,5)                 3: hidden
 *   July    (5,4,3,5) (4,4,2,4) (5,5,5,5) (3,2,1,3) (4,5,4,4)
 *   August  (5,5,4,5) (5,4,4,5) (2,3,3,2) (4,4,5,4) (5,5,5,5) (1,2,2,1)
 * Overall reception: 14 answers, sum 51, mean 3.64; 5:6 4:3 3:1 2:2 1:2;
 * satisfaction 9/14 = 64.3%. Speed: sum 46, mean 3.29, 7/14 = 50%.
 * All questions pooled: 199/56 = 3.55, 34/56 = 60.7%.
 * July reception 21/5 = 4.2, 4/5 = 80%; July speed 15/5 = 3, 2/5 = 40%;
 * July pooled 77/20 = 3.85, 14/20 = 70%. August pooled 16/24 = 66.7%.
 * Requests: received 1, under-study 1, needs-info 0, accepted 3,
 * rejected 2 stored + 1 erased = 3; total 8; decided in 7, 9.48, 3, 20
 * and 10 days: median 9.5; decided by the due date (14 days): 4 of 5.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adm.h"
#include "chart.h"
#include "check.h"
#include "fsx.h"
#include "pages.h"
#include "report.h"

static char	 dir[] = "/tmp/wasl-test-report-XXXXXX";

/* The value at a path of keys and indexes, e.g. "surveys.0.overall". */
static const json_t *
S_at(const json_t *j, const char *path)
{
	char	 key[64];
	size_t	 n;

	while (j != NULL && *path != '\0') {
		n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		if (json_is_array(j))
			j = json_array_get(j, (size_t)atoi(key));
		else
			j = json_object_get(j, key);
		path += n;
		if (*path == '.')
			path++;
	}
	return j;
}

static void
S_num(const json_t *r, const char *path, double want)
{
	const json_t	*v = S_at(r, path);
	char		 name[160], got[64];

	snprintf(name, sizeof(name), "report: %s = %g", path, want);
	snprintf(got, sizeof(got), "%g", json_number_value(v));
	check(json_is_number(v) && json_number_value(v) == want, name, got);
}

static void
S_str(const json_t *r, const char *path, const char *want)
{
	char	 name[160];

	snprintf(name, sizeof(name), "report: %s = %s", path, want);
	check_str(json_string_value(S_at(r, path)), want, name);
}

static void
S_null(const json_t *r, const char *path)
{
	char	 name[160];

	snprintf(name, sizeof(name), "report: %s hidden", path);
	check(json_is_null(S_at(r, path)), name, NULL);
}

int
main(void)
{
	static const char *const tpls[] = { "results", NULL };
	unsigned char	 salt[32] = { 0 };
	struct adm	 a;
	struct adm_period p;
	struct buf	 err = BUF_INIT, sql = BUF_INIT, html = BUF_INIT;
	struct buf	 page = BUF_INIT;
	struct store	*s;
	struct pages	*pg = NULL;
	json_t		*r = NULL, *pj;
	char		 path[300];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/wasl.db", dir);
	memset(&a, 0, sizeof(a));
	a.db_path = path;
	a.content_dir = "content";
	a.out = stdout;
	s = store_open(path, salt, &err);
	store_close(s);
	if (!check(adm_open(&a, &err) == 0 && adm_content(&a, &err) == 0 &&
	    fsx_read("tests/golden/admin/fixture.sql", 1 << 20, &sql) == 0 &&
	    sqlite3_exec(a.db, sql.data, NULL, NULL, NULL) == SQLITE_OK,
	    "report: the known data set loads", buf_cstr(&err)))
		goto out;
	adm_period(NULL, NULL, &p, &err);
	r = report_build(&a, &p, 1723593600, &err);	/* 2024-08-14 */
	if (!check(r != NULL, "report: built", buf_cstr(&err)))
		goto out;

	S_str(r, "generated.iso", "2024-08-14");
	S_str(r, "surveys.0.form", "satisfaction-survey");
	S_num(r, "surveys.0.overall.answers", 14);
	S_num(r, "surveys.0.overall.mean", 3.55);
	S_num(r, "surveys.0.overall.satisfaction", 60.7);
	S_str(r, "surveys.0.overall.satisfaction_text", "60.7%");
	S_str(r, "surveys.0.overall.questions.0.name", "reception");
	S_num(r, "surveys.0.overall.questions.0.count", 14);
	S_num(r, "surveys.0.overall.questions.0.mean", 3.64);
	S_str(r, "surveys.0.overall.questions.0.mean_text", "3.64");
	S_num(r, "surveys.0.overall.questions.0.satisfaction", 64.3);
	S_num(r, "surveys.0.overall.questions.0.distribution.0.rating", 5);
	S_num(r, "surveys.0.overall.questions.0.distribution.0.count", 6);
	S_num(r, "surveys.0.overall.questions.0.distribution.1.count", 3);
	S_num(r, "surveys.0.overall.questions.0.distribution.2.count", 1);
	S_num(r, "surveys.0.overall.questions.0.distribution.3.count", 2);
	S_num(r, "surveys.0.overall.questions.0.distribution.4.count", 2);
	S_num(r, "surveys.0.overall.questions.0.distribution.4.rating", 1);
	S_str(r, "surveys.0.overall.questions.0.distribution.0.label",
	    "ممتاز");
	S_num(r, "surveys.0.overall.questions.0.distribution.0.percent", 42.9);
	S_num(r, "surveys.0.overall.questions.2.mean", 3.29);
	S_num(r, "surveys.0.overall.questions.2.satisfaction", 50);
	S_str(r, "surveys.0.overall.questions.2.satisfaction_text", "50%");

	S_str(r, "surveys.0.months.0.month", "2024-06");
	check(json_is_false(S_at(r, "surveys.0.months.0.shown")),
	    "report: a month of 3 answers is hidden", NULL);
	S_null(r, "surveys.0.months.0.answers");
	S_null(r, "surveys.0.months.0.satisfaction");
	check(json_array_size(S_at(r, "surveys.0.months.0.questions")) == 0,
	    "report: a hidden month has no questions", NULL);
	S_str(r, "surveys.0.months.1.label", "يوليو 2024");
	S_num(r, "surveys.0.months.1.answers", 5);
	S_num(r, "surveys.0.months.1.questions.0.mean", 4.2);
	S_num(r, "surveys.0.months.1.questions.0.satisfaction", 80);
	S_num(r, "surveys.0.months.1.questions.2.mean", 3);
	S_num(r, "surveys.0.months.1.questions.2.satisfaction", 40);
	S_num(r, "surveys.0.months.1.mean", 3.85);
	S_num(r, "surveys.0.months.1.satisfaction", 70);
	S_num(r, "surveys.0.months.2.answers", 6);
	S_num(r, "surveys.0.months.2.satisfaction", 66.7);
	check(json_array_size(S_at(r, "surveys.0.trend.bars")) == 2,
	    "report: the trend has a bar per shown month", NULL);
	S_str(r, "surveys.0.trend.bars.0.label", "07/2024");
	S_str(r, "surveys.0.trend.bars.0.x", "416");
	S_str(r, "surveys.0.trend.bars.0.height", "123.2");
	S_str(r, "surveys.0.trend.bars.1.x", "136");

	S_str(r, "requests.0.form", "support-request");
	S_num(r, "requests.0.total", 8);
	S_num(r, "requests.0.statuses.0.count", 1);
	S_num(r, "requests.0.statuses.1.count", 1);
	S_num(r, "requests.0.statuses.2.count", 0);
	S_num(r, "requests.0.statuses.3.count", 3);
	S_str(r, "requests.0.statuses.4.status", "rejected");
	S_num(r, "requests.0.statuses.4.count", 3);
	S_num(r, "requests.0.decided", 5);
	S_num(r, "requests.0.median_days", 9.5);
	S_num(r, "requests.0.on_time", 80);
	check(json_array_size(S_at(r, "requests")) == 1,
	    "report: only tracked forms have request figures", NULL);

	/* A period with 3 survey answers and 2 requests hides everything. */
	json_decref(r);
	adm_period("2024-06-01", "2024-06-30", &p, &err);
	r = report_build(&a, &p, 1723593600, &err);
	check(r != NULL && json_is_false(S_at(r, "surveys.0.overall.shown")) &&
	    json_is_false(S_at(r, "requests.0.shown")) &&
	    json_array_size(S_at(r, "requests.0.statuses")) == 0,
	    "report: groups under 5 are hidden whole", NULL);
	S_str(r, "period.from.iso", "2024-06-01");
	S_str(r, "period.to.iso", "2024-06-30");
	json_decref(r);
	adm_period(NULL, NULL, &p, &err);
	r = report_build(&a, &p, 1723593600, &err);

	/* Nothing about anyone. */
	{
		char *text = json_dumps(r, 0);

		check(text != NULL && strstr(text, "ACDE") == NULL &&
		    strstr(text, "1000000008") == NULL &&
		    strstr(text, "عبدالله") == NULL &&
		    strstr(text, "خدمة ممتازة") == NULL &&
		    strstr(text, "2024-07-01") == NULL,
		    "report: no reference, ID, name, comment or date of a "
		    "submission", NULL);
		free(text);
	}

	chart_html(r, &html);
	check(strstr(html.data, "<html lang=\"ar\" dir=\"rtl\">") != NULL &&
	    strstr(html.data, "<svg") != NULL &&
	    strstr(html.data, "<script") == NULL &&
	    strstr(html.data, " src=") == NULL &&
	    strstr(html.data, " href=") == NULL,
	    "html report: SVG charts, no scripts or outside resources", NULL);
	check(strstr(html.data, "<rect x=\"416\" y=\"76.8\" width=\"48\" "
	    "height=\"123.2\"") != NULL, "html report: the trend bar of July",
	    NULL);
	check(strstr(html.data, "أقل من 5 إجابات: لا تُعرض") != NULL,
	    "html report: the hidden month says why", NULL);

	pg = pages_new(&a.c, "templates", tpls, 0, &err);
	if (check(pg != NULL, "results template: compiles", buf_cstr(&err))) {
		pj = json_pack("{s:s,s:s,s:O}", "title", "نتائج قياس الرضا",
		    "kind", "results", "report", r);
		check(pages_render(pg, "results", "", pj, &page, &err) == 0,
		    "results template: renders", buf_cstr(&err));
		json_decref(pj);
		check(strstr(page.data, "<rect x=\"416\" y=\"76.8\" "
		    "width=\"48\" height=\"123.2\"") != NULL,
		    "results template: the same trend bar as the program's",
		    NULL);
		check(strstr(page.data, "<bdi dir=\"ltr\">60.7%</bdi>") !=
		    NULL && strstr(page.data, "<bdi dir=\"ltr\">9.5</bdi>") !=
		    NULL, "results template: the figures", NULL);
		check(strstr(page.data, "كيف تقيّم سرعة إنجاز خدمتك؟") !=
		    NULL && strstr(page.data, "<text x=\"456\" y=\"18\" "
		    "fill=\"#1b1f23\">ممتاز (5)</text>") != NULL,
		    "results template: the distribution charts", NULL);
		check(strstr(page.data, "<script") == NULL &&
		    strstr(page.data, "{{") == NULL,
		    "results template: no scripts, nothing left unrendered",
		    NULL);
	}
out:
	pages_free(pg);
	json_decref(r);
	adm_close(&a);
	buf_free(&err);
	buf_free(&sql);
	buf_free(&html);
	buf_free(&page);
	unlink(path);
	{
		char q[310];

		snprintf(q, sizeof(q), "%s-wal", path);
		unlink(q);
		snprintf(q, sizeof(q), "%s-shm", path);
		unlink(q);
	}
	rmdir(dir);
	return check_exit();
}
