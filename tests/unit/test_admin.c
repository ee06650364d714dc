/*
 * test_admin: the pieces of the staff's workflow and the status page
 * that need no server: statuses and dates (workflow), CSV cells
 * (export), medians, periods and references (adm), the permission
 * check, the append-only audit trail (schema 2), the status lookup
 * (store_case_find) and the failed-lookup limit shared across processes
 * (throttle).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "adm.h"
#include "cases.h"
#include "check.h"
#include "cmd_export.h"
#include "db.h"
#include "person.h"
#include "report.h"
#include "store.h"
#include "throttle.h"
#include "workflow.h"

static char	 dir[] = "/tmp/wasl-test-admin-XXXXXX";

static void
S_workflow(void)
{
	struct date	 d, today;
	char		 t[WF_TIME_LEN + 1];
	time_t		 tt;
	int		 late;

	check(wf_status_index("needs-info") == 2 &&
	    wf_status_index("done") == -1 && wf_status_index(NULL) == -1,
	    "workflow: statuses", NULL);
	check(wf_status_decided("accepted") && wf_status_decided("rejected") &&
	    !wf_status_decided("under-study"), "workflow: decisions", NULL);
	check(wf_change_allowed(NULL, "received", "accepted") ==
	    WF_CHANGE_OK && wf_change_allowed(NULL, "accepted",
	    "under-study") == WF_CHANGE_OK, "workflow: a status may change, "
	    "a decision may be reopened", NULL);
	check(wf_change_allowed(NULL, "received", "done") ==
	    WF_CHANGE_NOT_STATUS && wf_change_allowed(NULL, "accepted",
	    "accepted") == WF_CHANGE_SAME, "workflow: not to a status that "
	    "is none, nor to the same one", NULL);
	check(wf_time_parse("2024-08-14T10:05:00Z", &tt) == 0 &&
	    tt == 1723629900, "workflow: stored times parse", NULL);
	check(wf_time_parse("2024-08-14 10:05:00Z", &tt) == -1 &&
	    wf_time_parse("2024-02-30T10:05:00Z", &tt) == -1 &&
	    wf_time_parse("2024-08-14T24:05:00Z", &tt) == -1 &&
	    wf_time_parse("", &tt) == -1,
	    "workflow: malformed stored times refused", NULL);
	/* 22:30 UTC is 01:30 the next day in Riyadh. */
	check(wf_local_date("2024-08-13T22:30:00Z", &d) == 0 &&
	    d.year == 2024 && d.month == 8 && d.day == 14,
	    "workflow: the Saudi date of a late-evening UTC time", NULL);
	check(wf_due_date("2024-08-13T22:30:00Z", 14, &d) == 0 &&
	    d.month == 8 && d.day == 28,
	    "workflow: due date is the Saudi date plus response_days", NULL);
	check(wf_due_date("2024-12-25T08:00:00Z", 14, &d) == 0 &&
	    d.year == 2025 && d.month == 1 && d.day == 8,
	    "workflow: due date across a year's end", NULL);
	d.year = 2024;
	d.month = 8;
	d.day = 14;
	check(wf_day_start(&d, t) == 0 && strcmp(t, "2024-08-13T21:00:00Z")
	    == 0, "workflow: a Saudi day starts at 21:00 UTC the day before",
	    t);
	today.year = 2024;
	today.month = 8;
	today.day = 29;
	check(cases_days_late("2024-08-13T22:30:00Z", 14, &today, &late) ==
	    0 && late == 1, "overdue: one day after the due date is late",
	    NULL);
	today.day = 28;
	check(cases_days_late("2024-08-13T22:30:00Z", 14, &today, &late) ==
	    0 && late == 0, "overdue: on the due date it is not late yet",
	    NULL);
}

static void
S_cells(void)
{
	static const struct {
		const char *in, *want, *name;
	} cases[] = {
		{ "عبدالله", "\"عبدالله\"", "csv: Arabic kept as is" },
		{ "=1+2", "\"'=1+2\"", "csv: = neutralised" },
		{ "+966500000000", "\"'+966500000000\"",
		    "csv: + neutralised (and the mobile stays text)" },
		{ "-2+3", "\"'-2+3\"", "csv: - neutralised" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"", "csv: @ neutralised" },
		{ "\tx", "\"'\tx\"", "csv: tab neutralised" },
		{ "\xef\xbc\x9d" "1+1", "\"'\xef\xbc\x9d" "1+1\"",
		    "csv: full-width = neutralised" },
		{ "say \"hi\",\nok", "\"say \"\"hi\"\",\nok\"",
		    "csv: quotes doubled, commas and newlines quoted" },
		{ "a=1", "\"a=1\"", "csv: = inside a cell is harmless" },
		{ "", "\"\"", "csv: empty cell" },
	};
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		csv_cell(&b, cases[i].in);
		check_str(buf_cstr(&b), cases[i].want, cases[i].name);
	}
	buf_free(&b);
}

static void
S_adm(void)
{
	struct adm_period	 p;
	struct buf		 err = BUF_INIT;
	char			 ref[STORE_REF_LEN + 1];
	double			 v1[] = { 20, 3, 9.5, 7, 10 };
	double			 v2[] = { 4, 1, 3, 2 };

	check(survey_median(v1, 5) == 9.5 && survey_median(v2, 4) == 2.5 &&
	    survey_median(v2, 0) == 0, "report: medians, odd and even", NULL);
	check(adm_period("2024-08-01", "2024-08-31", &p, &err) == 0 &&
	    strcmp(p.lo, "2024-07-31T21:00:00Z") == 0 &&
	    strcmp(p.hi, "2024-08-31T21:00:00Z") == 0 &&
	    strcmp(p.lo_month, "2024-08") == 0 &&
	    strcmp(p.hi_month, "2024-08") == 0,
	    "period: Saudi days as UTC bounds, inclusive", p.lo);
	check(adm_period(NULL, NULL, &p, &err) == 0 && p.lo[0] == '0' &&
	    p.hi[0] == '9', "period: unbounded", NULL);
	buf_reset(&err);
	check(adm_period("2024-8-1", NULL, &p, &err) == -1 &&
	    strstr(buf_cstr(&err), "YYYY-MM-DD") != NULL,
	    "period: a malformed date says how to write it", buf_cstr(&err));
	buf_reset(&err);
	check(adm_period("2024-08-02", "2024-08-01", &p, &err) == -1,
	    "period: from after to refused", NULL);
	check(adm_ref("acde-3467", ref, &err) == 0 &&
	    strcmp(ref, "ACDE3467") == 0, "ref: typed lower case with a "
	    "hyphen", ref);
	buf_reset(&err);
	check(adm_ref("ACDE346", ref, &err) == -1 &&
	    adm_ref("ACDE34670", ref, &err) == -1 &&
	    adm_ref("ACDE3460", ref, &err) == -1, "ref: wrong length or "
	    "alphabet refused", NULL);
	buf_free(&err);
}

/* Stored text as the tool prints it (adm_text, adm_json_text). */
static void
S_escapes(void)
{
	static const struct {
		const char *in, *cont, *want, *name;
	} cases[] = {
		{ "عبدالله", NULL, "عبدالله", "text: Arabic kept as is" },
		{ "a\nb", NULL, "a\\nb", "text: a line break on one line" },
		{ "a\nb\nc", "  | ", "a\n  | b\n  | c",
		    "text: further lines behind the marker" },
		{ "x\ry\tz", NULL, "x\\ry\\tz", "text: CR and tab" },
		{ "\x1b[2Jz\x7f", NULL, "\\x1B[2Jz\\x7F",
		    "text: ESC and DEL" },
		{ "\xc2\x9b" "2J", NULL, "\\u009B2J", "text: a C1 control" },
		{ "\xe2\x80\xae" "abc\xe2\x81\xa6", NULL, "\\u202Eabc\\u2066",
		    "text: bidi override and isolate" },
		{ "\xe2\x80\x8f\xd8\xa7\xe2\x80\x8c\xef\xbb\xbf", NULL,
		    "\\u200F\xd8\xa7\xe2\x80\x8c\\uFEFF",
		    "text: RLM and BOM escaped, ZWNJ kept" },
		{ "\xe2\x80\xa8", NULL, "\\u2028", "text: line separator" },
		{ "\xf3\xa0\x80\x81", NULL, "\\U000E0001",
		    "text: a format character beyond U+FFFF" },
		{ "a\\nb", NULL, "a\\\\nb", "text: a backslash doubled" },
		{ "\xff\xc3(", NULL, "\\xFF\\xC3(", "text: bytes not UTF-8" },
	};
	struct buf	 b = BUF_INIT;
	json_t		*j, *back;
	char		*dump;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		adm_text(&b, cases[i].in, cases[i].cont);
		check_str(buf_cstr(&b), cases[i].want, cases[i].name);
	}
	check(adm_multiline("a\nb") && !adm_multiline("a\rb") &&
	    !adm_multiline(NULL), "text: multi-line is a line break", NULL);
	j = json_pack("{s:s}", "v", "\xe2\x80\xae\xc2\x9b\x7f\xf3\xa0\x80"
	    "\x81\xd8\xa7\n");
	dump = json_dumps(j, 0);
	buf_reset(&b);
	adm_json_text(&b, dump);
	back = json_loads(buf_cstr(&b), 0, NULL);
	check_str(buf_cstr(&b), "{\"v\": \"\\u202E\\u009B\\u007F"
	    "\\uDB40\\uDC01\xd8\xa7\\n\"}", "json: controls and bidi "
	    "escaped");
	check(back != NULL && json_equal(j, back), "json: the same value",
	    buf_cstr(&b));
	json_decref(back);
	json_decref(j);
	free(dump);
	buf_free(&b);
}

/* A person's identifiers, and the answers that hold them (person.h). */
static void
S_person(void)
{
	static const struct {
		int type;
		const char *value;
		int want, in_text;
		const char *name;
	} cases[] = {
		{ FORMDEF_NATIONAL_ID, "1234567897", PERSON_NATIONAL_ID, 0,
		    "person: the ID in its field" },
		{ FORMDEF_NATIONAL_ID, "1234567898", 0, 0,
		    "person: another ID in its field" },
		{ FORMDEF_INTEGER, "1234567897", 0, 0,
		    "person: the digits as a number are nobody" },
		{ FORMDEF_MOBILE, "+966554443322", PERSON_MOBILE, 0,
		    "person: the mobile in its field" },
		{ FORMDEF_EMAIL, "Nora.Q@example.com", PERSON_EMAIL, 0,
		    "person: the e-mail in its field, in another case" },
		{ FORMDEF_TEXTAREA, "هويتي ١٢٣٤ ٥٦٧ ٨٩٧ شكرًا",
		    PERSON_NATIONAL_ID, 1,
		    "person: the ID in Arabic-Indic digits, in groups" },
		{ FORMDEF_TEXT, "1234-567-897", PERSON_NATIONAL_ID, 1,
		    "person: the ID with hyphens" },
		{ FORMDEF_TEXT, "\xdb\xb1\xdb\xb2\xdb\xb3\xdb\xb4\xdb\xb5"
		    "\xdb\xb6\xdb\xb7\xdb\xb8\xdb\xb9\xdb\xb7",
		    PERSON_NATIONAL_ID, 1, "person: the ID in Persian digits" },
		{ FORMDEF_TEXT, "\xe2\x80\x8f" "1234567897\xe2\x80\x8f.",
		    PERSON_NATIONAL_ID, 1,
		    "person: the ID between direction marks" },
		{ FORMDEF_TEXT, "11234567897", 0, 0,
		    "person: not inside a longer number (before)" },
		{ FORMDEF_TEXT, "12345678970", 0, 0,
		    "person: not inside a longer number (after)" },
		{ FORMDEF_TEXT, "1234567898", 0, 0,
		    "person: not an ID one digit away" },
		{ FORMDEF_TEXT, "1234    567897", 0, 0,
		    "person: groups too far apart are two numbers" },
		{ FORMDEF_TEXTAREA, "0554443322 1234567897",
		    PERSON_NATIONAL_ID | PERSON_MOBILE, 1,
		    "person: a mobile and an ID side by side" },
		{ FORMDEF_TEXT, "+966 55 444 3322", PERSON_MOBILE, 1,
		    "person: the mobile in international form, grouped" },
		{ FORMDEF_TEXT, "00966554443322", PERSON_MOBILE, 1,
		    "person: the mobile with 00966" },
		{ FORMDEF_TEXT, "رقمي 554443322", PERSON_MOBILE, 1,
		    "person: the mobile without its 0" },
		{ FORMDEF_TEXT, "(055) 444-3322", PERSON_MOBILE, 1,
		    "person: the mobile with parentheses" },
		{ FORMDEF_TEXT, "٠٥٥٤٤٤٣٣٢٢", PERSON_MOBILE, 1,
		    "person: the mobile in Arabic-Indic digits" },
		{ FORMDEF_TEXT, "00554443322", 0, 0,
		    "person: not a mobile inside a longer number" },
		{ FORMDEF_TEXT, "0554443323", 0, 0,
		    "person: not a mobile one digit away" },
		{ FORMDEF_TEXT, "راسلوني على NORA.Q@Example.COM.",
		    PERSON_EMAIL, 1, "person: the e-mail in text, any case" },
		{ FORMDEF_TEXT, "xnora.q@example.com", 0, 0,
		    "person: not inside a longer address (before)" },
		{ FORMDEF_TEXT, "nora.q@example.com.sa", 0, 0,
		    "person: not inside a longer address (after)" },
		{ FORMDEF_CHOICE, "nora.q@example.com", 0, 0,
		    "person: choices hold nobody" },
	};
	struct person	 p;
	struct buf	 err = BUF_INIT;
	size_t		 i;
	int		 got, in_text;
	char		 detail[64];

	check(person_parse(&p, NULL, NULL, NULL, &err) == -1 &&
	    strstr(buf_cstr(&err), "--mobile") != NULL,
	    "person: nothing given says what to give", buf_cstr(&err));
	person_clear(&p);
	buf_reset(&err);
	check(person_parse(&p, NULL, "0312345678", NULL, &err) == -1 &&
	    strstr(buf_cstr(&err), "--mobile: not a Saudi mobile") != NULL,
	    "person: a landline refused", buf_cstr(&err));
	person_clear(&p);
	buf_reset(&err);
	check(person_parse(&p, "۱۲۳۴ ۵۶۷ ۸۹۷", "٠٠٩٦٦٥٥٤٤٤٣٣٢٢",
	    "Nora.Q@EXAMPLE.com", &err) == 0 &&
	    strcmp(p.national_id, "1234567897") == 0 &&
	    strcmp(p.mobile, "+966554443322") == 0 &&
	    strcmp(p.email, "nora.q@example.com") == 0,
	    "person: values normalised as the forms do", buf_cstr(&err));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = person_match(&p, (enum formdef_type)cases[i].type,
		    cases[i].value, &in_text);
		snprintf(detail, sizeof(detail), "got %d (in text %d)", got,
		    in_text);
		check(got == cases[i].want && in_text == cases[i].in_text,
		    cases[i].name, detail);
	}
	person_clear(&p);
	check(p.email == NULL && p.national_id[0] == '\0',
	    "person: cleared", NULL);
	buf_free(&err);
}

static void
S_modes(void)
{
	struct buf	 err = BUF_INIT;
	char		 p[300], wal[310];
	int		 fd;

	snprintf(p, sizeof(p), "%s/mode.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", p);
	buf_reset(&err);
	check(db_check_mode(p, &err) == -1 && strstr(buf_cstr(&err),
	    "no database") != NULL, "permissions: a missing database is "
	    "named", buf_cstr(&err));
	fd = open(p, O_CREAT | O_WRONLY, 0600);
	close(fd);
	buf_reset(&err);
	check(db_check_mode(p, &err) == 0, "permissions: 0600 accepted",
	    buf_cstr(&err));
	chmod(p, 0400);
	check(db_check_mode(p, &err) == 0, "permissions: 0400 accepted",
	    buf_cstr(&err));
	chmod(p, 0640);
	buf_reset(&err);
	check(db_check_mode(p, &err) == -1 && strstr(buf_cstr(&err),
	    "chmod 600") != NULL, "permissions: 0640 refused with the fix",
	    buf_cstr(&err));
	chmod(p, 0604);
	check(db_check_mode(p, &err) == -1, "permissions: 0604 refused",
	    NULL);
	chmod(p, 0600);
	fd = open(wal, O_CREAT | O_WRONLY, 0644);
	close(fd);
	chmod(wal, 0644);
	buf_reset(&err);
	check(db_check_mode(p, &err) == -1 && strstr(buf_cstr(&err), "-wal")
	    != NULL, "permissions: a readable write-ahead log refused",
	    buf_cstr(&err));
	unlink(wal);
	unlink(p);
	buf_free(&err);
}

static int
S_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static void
S_audit_and_lookup(void)
{
	unsigned char		 salt[32] = { 7 };
	struct buf		 err = BUF_INIT;
	struct formdef_dir	*forms;
	struct store		*s;
	struct store_case	 c;
	sqlite3			*db;
	sqlite3_stmt		*st;
	json_t			*f, *g;
	char			 p[300], ref[STORE_REF_LEN + 1];
	char			 sref[STORE_REF_LEN + 1];
	int			 dup, v = 0;

	snprintf(p, sizeof(p), "%s/audit.db", dir);
	forms = formdef_dir_load(NULL, "content/forms", NULL, &err);
	s = store_open(p, salt, &err);
	if (!check(s != NULL && forms != NULL, "store: opens with the form "
	    "definitions", buf_cstr(&err)))
		return;
	check(wf_change_allowed(formdef_dir_find(forms, "satisfaction-survey"),
	    "received", "accepted") == WF_CHANGE_NO_WORKFLOW &&
	    wf_change_allowed(formdef_dir_find(forms, "support-request"),
	    "received", "accepted") == WF_CHANGE_OK,
	    "workflow: an anonymous form's answers have no workflow", NULL);
	db = store_db(s);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	check(v == 7, "schema: version 7", NULL);
	check(S_exec(db, "INSERT INTO audit (at, actor, action, ref,"
	    " from_status, to_status, note) VALUES ('2024-08-14T10:00:00Z',"
	    " 'alice', 'status', 'ACDE3467', 'received', 'under-study',"
	    " 'n')") == 0, "audit: an entry is added", sqlite3_errmsg(db));
	check(S_exec(db, "UPDATE audit SET note = 'rewritten'") == -1 &&
	    strstr(sqlite3_errmsg(db), "append-only") != NULL,
	    "audit: a note cannot be rewritten", sqlite3_errmsg(db));
	check(S_exec(db, "UPDATE audit SET to_status = 'accepted'") == -1,
	    "audit: a change cannot be rewritten", NULL);
	check(S_exec(db, "UPDATE audit SET actor = 'bob'") == -1,
	    "audit: who did it cannot be rewritten", NULL);
	check(S_exec(db, "DELETE FROM audit") == -1 &&
	    strstr(sqlite3_errmsg(db), "never deleted") != NULL,
	    "audit: entries cannot be deleted", sqlite3_errmsg(db));
	check(S_exec(db, "UPDATE audit SET ref = NULL, note = NULL,"
	    " redacted = 1") == 0, "audit: an erasure may redact reference "
	    "and note", sqlite3_errmsg(db));
	check(S_exec(db, "INSERT INTO audit (at, actor, action) VALUES"
	    " ('2024-08-14T10:00:00Z', 'alice', 'delete-all')") == -1,
	    "audit: unknown actions refused", NULL);

	f = json_pack("{s:s,s:s,s:s,s:s}", "full_name", "عبدالله",
	    "national_id", "1000000008", "mobile", "+966500000000",
	    "monthly_income", "2000000006");
	g = json_pack("{s:s,s:s}", "overall", "5", "request_ref",
	    "1000000016");
	store_submit(s, "support-request", f, 1, "", ref, &dup, &err);
	store_submit(s, "satisfaction-survey", g, 0, "", sref, &dup, &err);
	check(store_case_find(s, forms, ref, "1000000008", &c, &err) == 1 &&
	    strcmp(c.form, "support-request") == 0 &&
	    strcmp(c.status, "received") == 0 && c.decided_at[0] == '\0' &&
	    strlen(c.received_at) == WF_TIME_LEN,
	    "lookup: reference and national ID find the request", ref);
	check(store_case_find(s, forms, ref, "1000000016", &c, &err) == 0 &&
	    c.form[0] == '\0', "lookup: a wrong national ID finds nothing",
	    NULL);
	check(store_case_find(s, forms, "ACDE3467", "1000000008", &c, &err)
	    == 0, "lookup: an unknown reference finds nothing", NULL);
	check(store_case_find(s, forms, ref, "2000000006", &c, &err) == 0,
	    "lookup: the digits in another field do not count", NULL);
	check(store_case_find(s, forms, sref, "1000000016", &c, &err) == 0,
	    "lookup: anonymous forms are never found", NULL);
	check(store_case_find(s, forms, "'; --", "1000000008", &c, &err) == 0,
	    "lookup: a malformed reference finds nothing", NULL);
	json_decref(f);
	json_decref(g);
	store_close(s);
	formdef_dir_free(forms);
	unlink(p);
	{
		char q[310];

		snprintf(q, sizeof(q), "%s-wal", p);
		unlink(q);
		snprintf(q, sizeof(q), "%s-shm", p);
		unlink(q);
	}
	buf_free(&err);
}

static void
S_throttle(void)
{
	struct throttle	*t = throttle_new(3, 60);
	pid_t		 pid;
	int		 i, status;

	if (!check(t != NULL, "throttle: made", NULL))
		return;
	for (i = 0; i < 2; i++)
		throttle_fail(t, "192.0.2.1", 1000);
	check(!throttle_blocked(t, "192.0.2.1", 1000), "throttle: under the "
	    "limit, lookups go on", NULL);
	throttle_fail(t, "192.0.2.1", 1001);
	check(throttle_blocked(t, "192.0.2.1", 1002), "throttle: at the "
	    "limit, the client is refused", NULL);
	check(!throttle_blocked(t, "192.0.2.2", 1002), "throttle: other "
	    "clients are not", NULL);
	check(!throttle_blocked(t, "192.0.2.1", 1060), "throttle: the window "
	    "ends, the client may try again", NULL);
	/* The workers are processes: a failure counted in one is seen by
	 * all. */
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < 3; i++)
			throttle_fail(t, "198.51.100.7", 2000);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	check(throttle_blocked(t, "198.51.100.7", 2001), "throttle: shared "
	    "by the worker processes", NULL);
	/* A full table gives way to new clients. */
	for (i = 0; i < 20000; i++) {
		char c[32];

		snprintf(c, sizeof(c), "10.0.%d.%d", i / 256, i % 256);
		throttle_fail(t, c, 2002);
	}
	throttle_fail(t, "203.0.113.9", 2003);
	check(!throttle_blocked(t, "203.0.113.9", 2003), "throttle: a full "
	    "table still counts newcomers from zero", NULL);
	check(!throttle_blocked(NULL, "x", 0), "throttle: none, never "
	    "refused", NULL);
	throttle_free(t);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	S_workflow();
	S_cells();
	S_adm();
	S_escapes();
	S_person();
	S_modes();
	S_audit_and_lookup();
	S_throttle();
	rmdir(dir);
	return check_exit();
}
