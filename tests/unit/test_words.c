/*
 * test_words: the words of a field check's failures, of the statuses, of
 * dates, of a comparison and of the form definitions come from the
 * catalog (templates/strings.yaml): the shipped catalog holds every
 * text, and what they say is tests/golden/words/said.txt byte for byte
 * (the words the programs said from C before the catalog existed):
 * each failure on each type of field, dates across the years, spans of
 * days in words, every
 * status, the words around a change, a rating's answers and a form's
 * require_one_of without a message of its own.
 *
 * After a deliberate change of words: bin/tests/test_words --print >
 * tests/golden/words/said.txt, and review the diff.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "catalog.h"
#include "check.h"
#include "compareview.h"
#include "contentview.h"
#include "date.h"
#include "datefmt.h"
#include "fieldcheck.h"
#include "fieldmsg.h"
#include "formdef.h"
#include "fsx.h"
#include "statusmsg.h"
#include "workflow.h"

#define CATALOG	"templates/strings.yaml"
#define SAID	"tests/golden/words/said.txt"

/* Every field check's failure on every type of field, one a line. */
static void
S_messages(const struct catalog *s, struct buf *out)
{
	struct formdef_field	 f;
	int			 t, code;

	memset(&f, 0, sizeof(f));
	f.name = "field";
	f.label = "الاسم الكامل";
	f.min = 1;
	f.max = 100;
	for (t = 0; t < FORMDEF_NTYPES; t++)
		for (code = FC_OK; code <= FC_NERRORS; code++) {
			f.type = (enum formdef_type)t;
			buf_printf(out, "%s on %s: ", fc_error_name(code),
			    formdef_type_name(f.type));
			if (fieldmsg_put(s, &f, code, out) == -1)
				buf_puts(out, "(no text)");
			buf_putc(out, '\n');
		}
	f.label = NULL;
	f.type = FORMDEF_CHOICE;
	buf_puts(out, "no label: ");
	fieldmsg_put(s, &f, FC_EMPTY, out);
	buf_putc(out, '\n');
}

/* Dates in their three forms: every month of a few years. */
static void
S_dates(const struct catalog *s, struct buf *out)
{
	struct date	 d;
	int		 y, m;

	for (y = 1990; y <= 2060; y += 7)
		for (m = 1; m <= 12; m++) {
			d.year = y;
			d.month = m;
			d.day = 1 + (y + m) % 28;
			buf_printf(out, "%04d-%02d-%02d: ", y, m, d.day);
			datefmt_saudi(s, out, &d);
			buf_puts(out, " | ");
			datefmt_long(s, out, &d);
			buf_puts(out, " | ");
			datefmt_hijri_long(s, out, &d);
			buf_putc(out, '\n');
		}
}

/* Spans of days in words (a retention period, a response time): the
 * noun agreeing with every kind of number. */
static void
S_periods(const struct catalog *s, struct buf *out)
{
	static const long	 days[] = { 1, 2, 3, 7, 10, 11, 14, 30, 99,
		100, 101, 102, 103, 110, 111, 200, 250, 365, 730, 1095, 1825,
		3650, 4015 };
	size_t			 i;

	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		buf_printf(out, "%ld days: ", days[i]);
		if (datefmt_period(s, out, days[i]) == -1)
			buf_puts(out, "(no text)");
		buf_putc(out, '\n');
	}
}

/* Every status: its name and what it tells the applicant. */
static void
S_statuses(const struct catalog *s, struct buf *out)
{
	int	 i;

	for (i = 0; i < WF_NSTATUS; i++)
		buf_printf(out, "%s: %s | %s\n", wf_status_name(i),
		    statusmsg_label(s, i), statusmsg_explain(s, i));
}

/* A comparison, with the hidden words around each change. */
static void
S_compare(const struct catalog *s, struct buf *out)
{
	static const char	 a[] = "## البند\n\nنص قديم هنا.\n\nفقرة حذفت.\n";
	static const char	 b[] = "## البند\n\nنص جديد هنا.\n";

	compareview_html(s, a, sizeof(a) - 1, b, sizeof(b) - 1, out, NULL);
}

/* A form's require_one_of without a message, and a rating's answers. */
static void
S_forms(const struct catalog *s, struct buf *out)
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
	if (fd == NULL)
		buf_printf(out, "does not load: %s", buf_cstr(&err));
	else {
		const struct formdef_field *r = formdef_field_find(fd, "speed");
		size_t i;

		if (formdef_one_of_message(fd) != NULL ||
		    fieldmsg_one_of(s, fd, &b) == -1)
			buf_puts(&b, "(not said)");
		buf_printf(out, "require_one_of: %s\n", buf_cstr(&b));
		for (i = 0; i < r->noptions; i++)
			buf_printf(out, "rating %s: %s\n", r->options[i].value,
			    r->options[i].label);
	}
	formdef_free(fd);
	unlink(path.data);
	rmdir(dir);
	buf_free(&path);
	buf_free(&err);
	buf_free(&b);
}

int
main(int argc, char *argv[])
{
	struct buf	 err = BUF_INIT, said = BUF_INIT, want = BUF_INIT;
	struct catalog	*s;

	if ((s = catalog_load(CATALOG, &err)) == NULL) {
		check(0, "the shipped catalog loads", buf_cstr(&err));
		return check_exit();
	}
	buf_puts(&said, "# messages\n");
	S_messages(s, &said);
	buf_puts(&said, "# dates\n");
	S_dates(s, &said);
	buf_puts(&said, "# periods\n");
	S_periods(s, &said);
	buf_puts(&said, "# statuses\n");
	S_statuses(s, &said);
	buf_puts(&said, "# compare\n");
	S_compare(s, &said);
	buf_puts(&said, "\n# forms\n");
	S_forms(s, &said);
	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		fputs(buf_cstr(&said), stdout);
		goto out;
	}
	check(fieldmsg_require(s, &err) == 0, "catalog: every field message",
	    buf_cstr(&err));
	check(statusmsg_require(s, &err) == 0, "catalog: every status",
	    buf_cstr(&err));
	check(datefmt_require(s, &err) == 0, "catalog: every date text",
	    buf_cstr(&err));
	check(contentview_require(s, &err) == 0, "catalog: every content "
	    "text", buf_cstr(&err));
	check(compareview_require(s, &err) == 0, "catalog: every compare "
	    "text", buf_cstr(&err));
	if (check(fsx_read(SAID, 1 << 20, &want) == 0, "the golden words "
	    "read", SAID))
		check_str(buf_cstr(&said), buf_cstr(&want), "the words said "
		    "are " SAID);
	{
		struct date	 d = { 2024, 2, 30 };
		struct buf	 b = BUF_INIT;

		check(datefmt_long(s, &b, &d) == -1 && b.len == 0, "an "
		    "impossible date says nothing", NULL);
		buf_free(&b);
	}
	check(statusmsg_label(s, 9) == NULL && statusmsg_label(s, -1) ==
	    NULL, "not a status", NULL);
out:
	catalog_free(s);
	buf_free(&err);
	buf_free(&said);
	buf_free(&want);
	return check_exit();
}
