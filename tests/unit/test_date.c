/*
 * test_date: ISO parsing, day arithmetic, Riyadh "today", and the Umm
 * al-Qura Hijri dates of lib/base/date; the Saudi formats of
 * lib/view/datefmt with the shipped catalog.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "catalog.h"
#include "date.h"
#include "datefmt.h"

/* The shipped catalog (templates/strings.yaml), the dates' words. */
static struct catalog	*words;

static struct date
D(int y, int m, int d)
{
	struct date	 r = { y, m, d };

	return r;
}

static int
S_eq(const struct date *a, int y, int m, int d)
{
	return a->year == y && a->month == m && a->day == d;
}

static void
t_parse_ok(const char *s, int y, int m, int d)
{
	struct date	 got = { 0, 0, 0 };
	char		 name[96], detail[96];

	snprintf(name, sizeof(name), "parse valid %s", s);
	if (date_parse(s, strlen(s), &got) != 0) {
		check(0, name, "returned -1");
		return;
	}
	snprintf(detail, sizeof(detail), "got %d-%d-%d", got.year, got.month,
	    got.day);
	check(S_eq(&got, y, m, d), name, detail);
}

static void
t_parse_bad(const char *s, size_t len, const char *label)
{
	struct date	 got = { 7, 7, 7 };
	char		 name[96];

	snprintf(name, sizeof(name), "parse rejects %s", label);
	check(date_parse(s, len, &got) == -1 && S_eq(&got, 7, 7, 7), name,
	    "accepted or touched *out");
}

static void
t_parse(void)
{
	const char	*tail = "2024-08-14x";

	t_parse_ok("2024-08-14", 2024, 8, 14);
	t_parse_ok("2024-02-29", 2024, 2, 29);
	t_parse_ok("2000-02-29", 2000, 2, 29);
	t_parse_ok("1900-01-01", 1900, 1, 1);
	t_parse_ok("2199-12-31", 2199, 12, 31);
	t_parse_ok("2023-12-31", 2023, 12, 31);

	t_parse_bad("2023-02-29", 10, "2023-02-29 (not a leap year)");
	t_parse_bad("1900-02-29", 10, "1900-02-29 (century not leap)");
	t_parse_bad("2024-13-01", 10, "2024-13-01");
	t_parse_bad("2024-00-10", 10, "2024-00-10");
	t_parse_bad("2024-04-31", 10, "2024-04-31");
	t_parse_bad("2024-01-00", 10, "2024-01-00");
	t_parse_bad("2024-1-5", 8, "2024-1-5");
	t_parse_bad(tail, strlen(tail), "2024-08-14x");
	t_parse_bad("", 0, "empty string");
	t_parse_bad("1899-12-31", 10, "year 1899");
	t_parse_bad("2200-01-01", 10, "year 2200");
	t_parse_bad("2024/08/14", 10, "slashes");
	t_parse_bad("+024-08-14", 10, "sign in year");
	t_parse_bad("2024-08-1 ", 10, "trailing space");
	t_parse_bad(" 2024-08-1", 10, "leading space");
	t_parse_bad("2024-0a-14", 10, "letter in month");
	t_parse_bad("\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-08-14", 14,
	    "Arabic-Indic digits");
	/* The length bounds the parse: the first 10 bytes of a longer
	 * buffer are a date, the same bytes cut short are not. */
	{
		struct date	 got = { 0, 0, 0 };

		check(date_parse(tail, 10, &got) == 0 &&
		    S_eq(&got, 2024, 8, 14), "parse uses len, not NUL",
		    "prefix of 2024-08-14x with len 10 rejected");
	}
	t_parse_bad(tail, 9, "truncated by len");
}

static void
t_iso_cmp(void)
{
	struct buf	 b = BUF_INIT;
	struct date	 a = D(2024, 8, 14), c = D(2024, 8, 15);
	struct date	 e = D(2023, 12, 31), f = D(2024, 1, 1);

	date_iso(&b, &a);
	check_str(buf_cstr(&b), "2024-08-14", "iso 2024-08-14");
	buf_reset(&b);
	a = D(1900, 1, 2);
	date_iso(&b, &a);
	check_str(buf_cstr(&b), "1900-01-02", "iso pads month and day");
	buf_free(&b);

	a = D(2024, 8, 14);
	check(date_cmp(&a, &c) < 0, "cmp earlier day", NULL);
	check(date_cmp(&c, &a) > 0, "cmp later day", NULL);
	check(date_cmp(&a, &a) == 0, "cmp equal", NULL);
	check(date_cmp(&e, &f) < 0, "cmp across year", NULL);
	c = D(2024, 9, 1);
	check(date_cmp(&a, &c) < 0, "cmp month before day", NULL);
}

static void
t_add_one(struct date d, int n, int y, int m, int day, const char *name)
{
	struct date	 got = { 0, 0, 0 };
	char		 detail[96];
	int		 rc;

	rc = date_add_days(&d, n, &got);
	snprintf(detail, sizeof(detail), "rc %d, got %04d-%02d-%02d", rc,
	    got.year, got.month, got.day);
	check(rc == 0 && S_eq(&got, y, m, day), name, detail);
}

static void
t_add(void)
{
	struct date	 d, out = { 0, 0, 0 };
	int		 ok, i;

	t_add_one(D(2024, 8, 14), 0, 2024, 8, 14, "add 0");
	t_add_one(D(2024, 8, 14), 1, 2024, 8, 15, "add 1");
	t_add_one(D(2024, 1, 31), 1, 2024, 2, 1, "add across month end");
	t_add_one(D(2024, 2, 28), 1, 2024, 2, 29, "add into leap day");
	t_add_one(D(2024, 2, 29), 1, 2024, 3, 1, "add out of leap day");
	t_add_one(D(2023, 2, 28), 1, 2023, 3, 1, "add Feb 28 no leap");
	t_add_one(D(2023, 12, 31), 1, 2024, 1, 1, "add across year end");
	t_add_one(D(2024, 1, 1), -1, 2023, 12, 31, "subtract across year");
	t_add_one(D(2024, 3, 1), -1, 2024, 2, 29, "subtract into leap day");
	t_add_one(D(2024, 8, 14), 14, 2024, 8, 28, "add two weeks");
	t_add_one(D(2024, 12, 20), 20, 2025, 1, 9, "add 20 across year");
	t_add_one(D(2024, 1, 1), 366, 2025, 1, 1, "add a leap year");
	t_add_one(D(2023, 1, 1), 365, 2024, 1, 1, "add a common year");
	t_add_one(D(1970, 1, 1), 19949, 2024, 8, 14, "add 19949 from epoch");
	t_add_one(D(2000, 3, 1), -36525, 1900, 3, 1, "subtract a century");

	d = D(2199, 12, 31);
	check(date_add_days(&d, 1, &out) == -1, "add past 2199 fails", NULL);
	d = D(1900, 1, 1);
	check(date_add_days(&d, -1, &out) == -1, "subtract before 1900 fails",
	    NULL);
	d = D(2023, 2, 29);
	check(date_add_days(&d, 1, &out) == -1, "add to invalid date fails",
	    NULL);
	d = D(2024, 8, 14);
	check(date_add_days(&d, 2147483647, &out) == -1 &&
	    date_add_days(&d, -2147483647 - 1, &out) == -1,
	    "add INT_MAX and INT_MIN fail cleanly", NULL);
	d = D(2024, 8, 14);
	check(date_add_days(&d, 3, &d) == 0 && S_eq(&d, 2024, 8, 17),
	    "add in place", NULL);

	/* Every day of the range: +1 then -1 round-trips and +1 is the
	 * next calendar day. */
	ok = 1;
	d = D(1900, 1, 1);
	for (i = 0; i < 109572; i++) {
		struct date	 n, back;

		if (date_add_days(&d, 1, &n) != 0 ||
		    date_add_days(&n, -1, &back) != 0 ||
		    date_cmp(&back, &d) != 0 || date_cmp(&n, &d) <= 0) {
			ok = 0;
			break;
		}
		d = n;
	}
	check(ok && S_eq(&d, 2199, 12, 31), "add walks 1900..2199 day by day",
	    NULL);
}

static void
t_from_time(void)
{
	struct date	 d;

	date_from_time(0, &d);
	check(S_eq(&d, 1970, 1, 1), "from_time 0 is 1970-01-01", NULL);
	date_from_time(75599, &d);
	check(S_eq(&d, 1970, 1, 1), "from_time 20:59:59 UTC same day", NULL);
	date_from_time(75600, &d);
	check(S_eq(&d, 1970, 1, 2), "from_time 21:00 UTC is next day", NULL);
	/* 2024-08-13 21:00:00 UTC = 2024-08-14 00:00 in Riyadh */
	date_from_time(1723582800, &d);
	check(S_eq(&d, 2024, 8, 14), "from_time Riyadh midnight", NULL);
	date_from_time(1723582799, &d);
	check(S_eq(&d, 2024, 8, 13), "from_time one second before", NULL);
	date_from_time(-10800, &d);
	check(S_eq(&d, 1970, 1, 1), "from_time -3h is Riyadh midnight", NULL);
	date_from_time(-10801, &d);
	check(S_eq(&d, 1969, 12, 31), "from_time negative time", NULL);
	/* Must not overflow (UBSan) at the ends of time_t. */
	date_from_time((time_t)9223372036854775807LL, &d);
	date_from_time((time_t)(-9223372036854775807LL - 1), &d);
	check(1, "from_time extremes do not overflow", NULL);
}

static void
t_hijri_one(int y, int m, int d, int hy, int hm, int hd)
{
	struct date	 g = D(y, m, d), h = { 0, 0, 0 };
	char		 name[96], detail[96];
	int		 rc;

	rc = date_hijri(&g, &h);
	snprintf(name, sizeof(name), "hijri %04d-%02d-%02d = %02d/%02d/%d",
	    y, m, d, hd, hm, hy);
	snprintf(detail, sizeof(detail), "rc %d, got %02d/%02d/%d", rc,
	    h.day, h.month, h.year);
	check(rc == 0 && S_eq(&h, hy, hm, hd), name, detail);
}

/*
 * Every day of 1440..1450 AH: its Gregorian date converts back to it,
 * days 1 to 29 of each month are days, the 30th is one only when the
 * next month's 1st falls the day after the 29th's or 30th's Gregorian
 * date (months follow each other with no gap), and each year has 354
 * or 355 days.
 */
static void
t_hijri_round_trip(void)
{
	struct date	 h, g, back, next = { 0, 0, 0 };
	int		 y, m, d, ok = 1, ydays, have_next = 0;
	char		 detail[128];

	detail[0] = '\0';
	for (y = 1440; ok && y <= 1450; y++) {
		ydays = 0;
		for (m = 1; ok && m <= 12; m++) {
			for (d = 1; ok && d <= 30; d++) {
				h = D(y, m, d);
				if (date_from_hijri(&h, &g) == -1) {
					if (d < 30) {
						ok = 0;
						snprintf(detail, sizeof(detail),
						    "%d/%d/%d: none", d, m, y);
					}
					continue;
				}
				if (have_next && date_cmp(&g, &next) != 0) {
					ok = 0;
					snprintf(detail, sizeof(detail),
					    "%d/%d/%d is %04d-%02d-%02d, not "
					    "the day after the one before", d,
					    m, y, g.year, g.month, g.day);
					break;
				}
				if (date_hijri(&g, &back) == -1 ||
				    date_cmp(&back, &h) != 0) {
					ok = 0;
					snprintf(detail, sizeof(detail),
					    "%d/%d/%d -> %04d-%02d-%02d -> "
					    "%d/%d/%d", d, m, y, g.year,
					    g.month, g.day, back.day,
					    back.month, back.year);
					break;
				}
				date_add_days(&g, 1, &next);
				have_next = 1;
				ydays++;
			}
		}
		if (ok && ydays != 354 && ydays != 355) {
			ok = 0;
			snprintf(detail, sizeof(detail), "%d has %d days", y,
			    ydays);
		}
	}
	check(ok, "hijri -> gregorian -> hijri over every day of 1440..1450",
	    detail);

	/* Fixed pairs, both ways: 1 Muharram 1440, 1 Shawwal 1445, the
	 * last day of 1450. */
	h = D(1440, 1, 1);
	check(date_from_hijri(&h, &g) == 0 && S_eq(&g, 2018, 9, 11),
	    "from hijri 1 Muharram 1440 is 2018-09-11", NULL);
	h = D(1445, 10, 1);
	check(date_from_hijri(&h, &g) == 0 && S_eq(&g, 2024, 4, 10),
	    "from hijri 1 Shawwal 1445 is 2024-04-10", NULL);
	t_hijri_one(2018, 9, 11, 1440, 1, 1);
	t_hijri_one(2024, 4, 10, 1445, 10, 1);
}

static void
t_hijri(void)
{
	struct date	 g, h, prev;
	int		 ok, i;
	char		 detail[128];

	t_hijri_one(2024, 8, 14, 1446, 2, 10);	/* seed 004's approval */
	t_hijri_one(2023, 3, 23, 1444, 9, 1);	/* 1 Ramadan 1444 */
	t_hijri_one(2025, 3, 1, 1446, 9, 1);	/* 1 Ramadan 1446 */
	t_hijri_one(2024, 7, 7, 1446, 1, 1);	/* 1 Muharram 1446 */

	g = D(2023, 2, 29);
	check(date_hijri(&g, &h) == -1, "hijri rejects invalid date", NULL);

	/* And back: the Gregorian date of a Hijri one. */
	h = D(1446, 2, 10);
	check(date_from_hijri(&h, &g) == 0 && g.year == 2024 &&
	    g.month == 8 && g.day == 14, "from hijri 1446-02-10", NULL);
	h = D(1446, 9, 1);
	check(date_from_hijri(&h, &g) == 0 && g.year == 2025 &&
	    g.month == 3 && g.day == 1, "from hijri 1 Ramadan 1446", NULL);
	ok = 1;
	for (i = 0; i < 400; i += 7) {
		struct date a = D(2024, 1, 1), hh, bb;

		date_add_days(&a, i, &a);
		if (date_hijri(&a, &hh) == -1 || date_from_hijri(&hh, &bb) ==
		    -1 || date_cmp(&a, &bb) != 0)
			ok = 0;
	}
	check(ok, "from hijri: the inverse of hijri over a year", NULL);
	h = D(1446, 13, 1);
	check(date_from_hijri(&h, &g) == -1, "from hijri: no month 13",
	    NULL);
	h = D(1446, 1, 31);
	check(date_from_hijri(&h, &g) == -1, "from hijri: no day 31", NULL);
	/* 1446-02 has 29 days in Umm al-Qura: its 30th is none. */
	h = D(1446, 2, 30);
	{
		struct date n1 = D(1446, 3, 1), g1;

		check(date_from_hijri(&n1, &g1) == 0 &&
		    (date_from_hijri(&h, &g) == -1 || date_cmp(&g, &g1) < 0),
		    "from hijri: a 30th only when the month has one", NULL);
	}

	/* The ends of ICU's Umm al-Qura table (1300..1600 AH): inside it
	 * real dates, past it -1 rather than ICU's arithmetic fallback. */
	g = D(1900, 1, 1);
	check(date_hijri(&g, &h) == 0 && h.year == 1317,
	    "hijri 1900-01-01 is in 1317", NULL);
	g = D(2174, 11, 25);
	check(date_hijri(&g, &h) == 0 && h.year == 1600 && h.month == 12 &&
	    h.day >= 29, "hijri 2174-11-25 ends 1600", NULL);
	g = D(2174, 11, 26);
	check(date_hijri(&g, &h) == -1, "hijri past the table fails", NULL);
	g = D(2199, 12, 31);
	check(date_hijri(&g, &h) == -1, "hijri 2199-12-31 fails", NULL);
	{
		struct buf	 b = BUF_INIT;

		check(datefmt_saudi(words, &b, &g) == -1 && b.len == 0,
		    "saudi format past the table fails", NULL);
		buf_free(&b);
	}

	/* The day before 1 Muharram 1446 ends 1445. */
	g = D(2024, 7, 6);
	check(date_hijri(&g, &h) == 0 && h.year == 1445 && h.month == 12 &&
	    h.day >= 29, "hijri 2024-07-06 is the last day of 1445", NULL);

	/* Cross-check over 1950..2077 (1369..1500 AH, inside ICU's Umm
	 * al-Qura table): Hijri days advance one at a time and months
	 * last 29 or 30 days. */
	ok = 1;
	detail[0] = '\0';
	g = D(1950, 1, 1);
	if (date_hijri(&g, &prev) != 0)
		ok = 0;
	for (i = 0; ok && i < 46750; i++) {
		if (date_add_days(&g, 1, &g) != 0 || date_hijri(&g, &h) != 0) {
			ok = 0;
			break;
		}
		if (h.day == prev.day + 1 && h.month == prev.month &&
		    h.year == prev.year) {
			prev = h;
			continue;
		}
		if (h.day != 1 || prev.day < 29 || prev.day > 30 ||
		    !((h.month == prev.month + 1 && h.year == prev.year) ||
		    (h.month == 1 && prev.month == 12 &&
		    h.year == prev.year + 1))) {
			snprintf(detail, sizeof(detail),
			    "%04d-%02d-%02d: %d/%d/%d after %d/%d/%d",
			    g.year, g.month, g.day, h.day, h.month, h.year,
			    prev.day, prev.month, prev.year);
			ok = 0;
			break;
		}
		prev = h;
	}
	check(ok, "hijri advances day by day over 1950..2077",
	    detail);
	t_hijri_round_trip();
}

static void
t_format(void)
{
	struct buf	 b = BUF_INIT;
	struct date	 g;

	g = D(2024, 8, 14);
	check(datefmt_saudi(words, &b, &g) == 0, "saudi format returns 0",
	    NULL);
	check_str(buf_cstr(&b),
	    "10/02/1446\xd9\x87\xd9\x80 \xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8"
	    "\xa7\xd9\x81\xd9\x82 14/08/2024\xd9\x85",
	    "saudi format byte-exact (seed 004)");
	check_str(buf_cstr(&b), "10/02/1446هـ الموافق 14/08/2024م",
	    "saudi format 2024-08-14");

	buf_reset(&b);
	g = D(2023, 3, 23);
	datefmt_saudi(words, &b, &g);
	check_str(buf_cstr(&b), "01/09/1444هـ الموافق 23/03/2023م",
	    "saudi format 2023-03-23");
	buf_reset(&b);
	g = D(2025, 3, 1);
	datefmt_saudi(words, &b, &g);
	check_str(buf_cstr(&b), "01/09/1446هـ الموافق 01/03/2025م",
	    "saudi format 2025-03-01");
	buf_reset(&b);
	g = D(2024, 7, 7);
	datefmt_saudi(words, &b, &g);
	check_str(buf_cstr(&b), "01/01/1446هـ الموافق 07/07/2024م",
	    "saudi format 2024-07-07");

	/* Appends: earlier contents stay. */
	buf_reset(&b);
	buf_puts(&b, "x ");
	g = D(2024, 8, 14);
	datefmt_long(words, &b, &g);
	check_str(buf_cstr(&b), "x 14 أغسطس 2024", "long format appends");

	buf_reset(&b);
	g = D(2025, 3, 1);
	datefmt_long(words, &b, &g);
	check_str(buf_cstr(&b), "1 مارس 2025", "long format no zero pad");
	buf_reset(&b);
	g = D(2024, 1, 5);
	datefmt_long(words, &b, &g);
	check_str(buf_cstr(&b), "5 يناير 2024", "long format January");
	buf_reset(&b);
	g = D(2024, 12, 31);
	datefmt_long(words, &b, &g);
	check_str(buf_cstr(&b), "31 ديسمبر 2024", "long format December");

	buf_reset(&b);
	g = D(2024, 8, 14);
	check(datefmt_hijri_long(words, &b, &g) == 0, "hijri long returns 0",
	    NULL);
	check_str(buf_cstr(&b), "10 صفر 1446هـ", "hijri long 2024-08-14");
	buf_reset(&b);
	g = D(2023, 3, 23);
	datefmt_hijri_long(words, &b, &g);
	check_str(buf_cstr(&b), "1 رمضان 1444هـ", "hijri long Ramadan");
	buf_reset(&b);
	g = D(2024, 7, 7);
	datefmt_hijri_long(words, &b, &g);
	check_str(buf_cstr(&b), "1 محرم 1446هـ", "hijri long Muharram");

	/* Invalid input appends nothing. */
	buf_reset(&b);
	g = D(2023, 2, 29);
	check(datefmt_saudi(words, &b, &g) == -1 &&
	    datefmt_long(words, &b, &g) == -1 &&
	    datefmt_hijri_long(words, &b, &g) == -1 && b.len == 0,
	    "formats reject invalid date", NULL);
	buf_free(&b);
}

int
main(void)
{
	struct buf	 err = BUF_INIT;

	words = catalog_load("templates/strings.yaml", &err);
	if (!check(words != NULL, "the shipped catalog loads",
	    buf_cstr(&err)))
		return check_exit();
	buf_free(&err);
	t_parse();
	t_iso_cmp();
	t_add();
	t_from_time();
	t_hijri();
	t_format();
	catalog_free(words);
	return check_exit();
}
