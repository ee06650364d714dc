/*
 * test_words: the words of a field check's failures, of the statuses and
 * of dates come from the catalog (templates/strings.yaml): the shipped
 * catalog holds every text, the old functions' built-in words
 * (lib/view/legacy.c) are the same texts, and each failure on each type
 * of field, and dates across the years, say the same through either.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "compareview.h"
#include "contentview.h"
#include "date.h"
#include "datefmt.h"
#include "fieldcheck.h"
#include "fieldmsg.h"
#include "formdef.h"
#include "fsx.h"
#include "legacy.h"
#include "statusmsg.h"
#include "catalog.h"
#include "workflow.h"

#define CATALOG	"templates/strings.yaml"

/* The text at key in the shipped catalog and the built-in one. */
static void
S_same(const struct catalog *s, const char *key)
{
	char	 name[128];

	snprintf(name, sizeof(name), "built-in %s as shipped", key);
	check_str(catalog_get(legacy_strings(), key), catalog_get(s, key),
	    name);
}

/* Dates through the old functions and through datefmt with the shipped
 * catalog: every month of a few years, both calendars. */
static void
S_dates(const struct catalog *s)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT;
	struct date	 d;
	int		 y, m, bad = 0;
	char		 why[160] = "";

	for (y = 1990; y <= 2060; y += 7)
		for (m = 1; m <= 12; m++) {
			d.year = y;
			d.month = m;
			d.day = 1 + (y + m) % 28;
			buf_reset(&a);
			buf_reset(&b);
			date_format_saudi(&a, &d);
			date_format_long(&a, &d);
			date_format_hijri_long(&a, &d);
			datefmt_saudi(s, &b, &d);
			datefmt_long(s, &b, &d);
			datefmt_hijri_long(s, &b, &d);
			if (a.len == 0 || strcmp(buf_cstr(&a),
			    buf_cstr(&b)) != 0) {
				if (bad++ == 0)
					snprintf(why, sizeof(why), "%d-%d: "
					    "[%s] [%s]", y, m, buf_cstr(&a),
					    buf_cstr(&b));
			}
		}
	check(bad == 0, "dates: same words", why);
	d.year = 2024;
	d.month = 2;
	d.day = 30;
	buf_reset(&b);
	check(datefmt_long(s, &b, &d) == -1 && b.len == 0, "an impossible "
	    "date says nothing", NULL);
	buf_free(&a);
	buf_free(&b);
}

/* A comparison through compare_html() and compareview_html(). */
static void
S_compare(const struct catalog *s)
{
	static const char	 a[] = "## البند\n\nنص قديم هنا.\n\nفقرة حذفت.\n";
	static const char	 b[] = "## البند\n\nنص جديد هنا.\n";
	struct buf		 x = BUF_INIT, y = BUF_INIT;

	compare_html(a, sizeof(a) - 1, b, sizeof(b) - 1, &x, NULL);
	compareview_html(s, a, sizeof(a) - 1, b, sizeof(b) - 1, &y, NULL);
	check(strstr(buf_cstr(&x), "بداية الحذف: </span>") != NULL &&
	    strstr(buf_cstr(&x), "<span class=\"visually-hidden\"> نهاية "
	    "الإضافة</span></ins>") != NULL, "compare: the hidden words",
	    buf_cstr(&x));
	check_str(buf_cstr(&y), buf_cstr(&x), "compare: same words");
	buf_free(&x);
	buf_free(&y);
}

/* A form's require_one_of without a message, and a rating's labels. */
static void
S_forms(const struct catalog *s)
{
	static const char	 def[] =
	    "id: ask\ntitle: t\nretention_days: 30\n"
	    "privacy_notice_version: 1\nreference_prefix: AS\n"
	    "confirmation: {title: t, body: b}\n"
	    "require_one_of: [mobile, email]\nfields:\n"
	    "  - {name: mobile, label: رقم الجوال, type: mobile}\n"
	    "  - {name: email, label: البريد الإلكتروني, type: email}\n"
	    "  - {name: speed, label: السرعة, type: rating}\n";
	char			 dir[] = "/tmp/test_words.XXXXXX";
	struct formdef_words	 w;
	struct formdef		*fd = NULL;
	struct buf		 path = BUF_INIT, err = BUF_INIT, b = BUF_INIT;

	contentview_form_words(s, &w);
	if (mkdtemp(dir) == NULL)
		return;
	buf_printf(&path, "%s/ask.yaml", dir);
	if (fsx_write(path.data, def, sizeof(def) - 1) == 0)
		fd = formdef_load(path.data, &w, &err);
	if (check(fd != NULL, "forms: a definition loads", buf_cstr(&err))) {
		check(formdef_one_of_message(fd) == NULL &&
		    fieldmsg_one_of(s, fd, &b) == 0, "forms: require_one_of "
		    "without a message is said", NULL);
		check_str(buf_cstr(&b), "أدخل رقم الجوال أو البريد الإلكتروني",
		    "forms: the default require_one_of message");
		check_str(formdef_field_find(fd, "speed")->options[0].label,
		    "ممتاز", "forms: a rating's best answer");
		check_str(formdef_field_find(fd, "speed")->options[4].label,
		    "ضعيف", "forms: a rating's worst answer");
	}
	formdef_free(fd);
	unlink(path.data);
	rmdir(dir);
	buf_free(&path);
	buf_free(&err);
	buf_free(&b);
}

int
main(void)
{
	struct buf		 err = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct catalog		*s;
	struct formdef_field	 f;
	char			 name[128];
	int			 i, t, code;

	if ((s = catalog_load(CATALOG, &err)) == NULL) {
		check(0, "the shipped catalog loads", buf_cstr(&err));
		return check_exit();
	}
	check(legacy_strings() != NULL, "the built-in words parse", NULL);
	check(fieldmsg_require(s, &err) == 0, "catalog: every field message",
	    buf_cstr(&err));
	check(statusmsg_require(s, &err) == 0, "catalog: every status",
	    buf_cstr(&err));
	for (i = 0; i < FCM_NMSGS; i++)
		if (fc_msg_keys[i] != NULL)
			S_same(s, fc_msg_keys[i]);
	for (i = 0; i < WF_NSTATUS; i++) {
		S_same(s, wf_status_label_key(i));
		S_same(s, wf_status_explain_key(i));
	}
	check(datefmt_require(s, &err) == 0, "catalog: every date text",
	    buf_cstr(&err));
	S_same(s, "date.saudi");
	S_same(s, "date.long");
	S_same(s, "date.hijri_long");
	for (i = 1; i <= 12; i++) {
		snprintf(name, sizeof(name), "date.months.%d", i);
		S_same(s, name);
		snprintf(name, sizeof(name), "date.hijri_months.%d", i);
		S_same(s, name);
	}
	S_dates(s);
	S_same(s, "compare.del_start");
	S_same(s, "compare.del_end");
	S_same(s, "compare.ins_start");
	S_same(s, "compare.ins_end");
	S_same(s, "policy.approved_by");
	check(contentview_require(s, &err) == 0, "catalog: every content "
	    "text", buf_cstr(&err));
	check(compareview_require(s, &err) == 0, "catalog: every compare "
	    "text", buf_cstr(&err));
	S_compare(s);
	S_same(s, "fieldcheck.one_of");
	for (i = 1; i <= FORMDEF_RATINGS; i++) {
		snprintf(name, sizeof(name), "rating.%d", i);
		S_same(s, name);
	}
	S_forms(s);

	memset(&f, 0, sizeof(f));
	f.name = "field";
	f.label = "الاسم الكامل";
	f.min = 1;
	f.max = 100;
	for (t = 0; t < FORMDEF_NTYPES; t++)
		for (code = FC_OK; code <= FC_NERRORS; code++) {
			f.type = (enum formdef_type)t;
			buf_reset(&a);
			buf_reset(&b);
			fc_message(&f, code, &a);
			fieldmsg_put(s, &f, code, &b);
			snprintf(name, sizeof(name), "%s on %s: same words",
			    fc_error_name(code), formdef_type_name(f.type));
			check_str(buf_cstr(&a), buf_cstr(&b), name);
		}
	f.label = NULL;
	f.type = FORMDEF_CHOICE;
	buf_reset(&b);
	fieldmsg_put(s, &f, FC_EMPTY, &b);
	check_str(buf_cstr(&b), "اختر field", "no label: the field's name");

	for (i = 0; i < WF_NSTATUS; i++) {
		snprintf(name, sizeof(name), "status %s", wf_status_name(i));
		check(wf_status_label(wf_status_name(i)) != NULL &&
		    strcmp(wf_status_label(wf_status_name(i)),
		    statusmsg_label(s, i)) == 0 &&
		    strcmp(wf_status_explain(wf_status_name(i)),
		    statusmsg_explain(s, i)) == 0, name, NULL);
	}
	check(wf_status_label("done") == NULL && statusmsg_label(s, 9) ==
	    NULL, "not a status", NULL);

	catalog_free(s);
	buf_free(&err);
	buf_free(&a);
	buf_free(&b);
	return check_exit();
}
