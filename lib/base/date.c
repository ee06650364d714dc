/*
 * date: Gregorian dates and their Umm al-Qura Hijri equivalents (see
 * date.h). Gregorian arithmetic is done here (days since 1970-01-01, the
 * civil-from-days algorithm); Hijri dates come only from ICU.
 */
#include <string.h>
#include <time.h>

#include <unicode/ucal.h>
#include <unicode/utypes.h>

#include "buf.h"
#include "date.h"

#define DATE_MIN_YEAR	1900
#define DATE_MAX_YEAR	2199

/* The years of ICU's Umm al-Qura table (UMALQURA_YEAR_START/END). */
#define HIJRI_MIN_YEAR	1300
#define HIJRI_MAX_YEAR	1600

/* Saudi Arabia has kept UTC+3 without daylight saving since 1950. */
#define RIYADH_OFFSET	(3 * 3600)

static int
S_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
S_month_days(int y, int m)
{
	static const int days[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && S_leap(y) ? 29 : days[m - 1];
}

static int
S_valid(const struct date *d)
{
	return d != NULL &&
	    d->year >= DATE_MIN_YEAR && d->year <= DATE_MAX_YEAR &&
	    d->month >= 1 && d->month <= 12 &&
	    d->day >= 1 && d->day <= S_month_days(d->year, d->month);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), valid for any year that fits. */
static long long
S_days_from_civil(long long y, int m, int d)
{
	long long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of S_days_from_civil. */
static void
S_civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_digits(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse(const char *s, size_t len, struct date *out)
{
	struct date	 d;

	if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	d.year = date_digits(s, 4);
	d.month = date_digits(s + 5, 2);
	d.day = date_digits(s + 8, 2);
	if (d.year < 0 || d.month < 0 || d.day < 0 || !S_valid(&d))
		return -1;
	*out = d;
	return 0;
}

void
date_iso(struct buf *out, const struct date *d)
{
	buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

int
date_add_days(const struct date *d, int n, struct date *out)
{
	long long	 y;
	int		 m, day;
	struct date	 r;

	if (!S_valid(d))
		return -1;
	S_civil_from_days(S_days_from_civil(d->year, d->month, d->day) + n,
	    &y, &m, &day);
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return -1;
	r.year = (int)y;
	r.month = m;
	r.day = day;
	*out = r;
	return 0;
}

void
date_from_time(time_t t, struct date *out)
{
	long long	 days, rem, y;

	/* Split before adding the offset so that no value can overflow. */
	days = (long long)(t / 86400);
	rem = (long long)(t % 86400) + RIYADH_OFFSET;
	if (rem < 0)
		days--;
	else if (rem >= 86400)
		days++;
	S_civil_from_days(days, &y, &out->month, &out->day);
	out->year = (int)y;
}

/*
 * An ICU calendar in UTC, so that no zone rule can move an instant across
 * midnight: Umm al-Qura when hijri, else Gregorian. NULL when ICU fails,
 * or when it lacks Umm al-Qura data and would fall back to another
 * calendar.
 */
static UCalendar *
S_cal_open(int hijri)
{
	static const UChar	 utc[] = { 'U', 'T', 'C', 0 };
	UErrorCode		 st = U_ZERO_ERROR;
	UCalendar		*c;
	const char		*type;

	if (!hijri)
		c = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN,
		    &st);
	else {
		c = ucal_open(utc, -1, "ar_SA@calendar=islamic-umalqura",
		    UCAL_DEFAULT, &st);
		if (U_SUCCESS(st)) {
			type = ucal_getType(c, &st);
			if (U_SUCCESS(st) && (type == NULL ||
			    strcmp(type, "islamic-umalqura") != 0))
				st = U_UNSUPPORTED_ERROR;
		}
	}
	if (U_FAILURE(st)) {
		if (c != NULL)
			ucal_close(c);
		return NULL;
	}
	return c;
}

/*
 * The day in of one calendar (Umm al-Qura when from_hijri, else
 * Gregorian) as a day of the other: noon of it, the middle of the day,
 * which leaves room on both sides, read in the other's year, month and
 * day. Returns 0 and fills *out, or -1 when ICU fails. The result is not
 * checked against any range: that is the callers'.
 */
static int
S_convert(int from_hijri, const struct date *in, struct date *out)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCalendar	*from, *to;
	UDate		 when;
	int		 rc = -1;

	from = S_cal_open(from_hijri);
	to = S_cal_open(!from_hijri);
	if (from == NULL || to == NULL)
		goto out;
	ucal_clear(from);
	ucal_setDateTime(from, in->year, in->month - 1, in->day, 12, 0, 0,
	    &st);
	when = ucal_getMillis(from, &st);
	if (U_FAILURE(st))
		goto out;
	ucal_setMillis(to, when, &st);
	out->year = ucal_get(to, UCAL_YEAR, &st);
	out->month = ucal_get(to, UCAL_MONTH, &st) + 1;
	out->day = ucal_get(to, UCAL_DATE, &st);
	if (U_SUCCESS(st))
		rc = 0;
out:
	if (to != NULL)
		ucal_close(to);
	if (from != NULL)
		ucal_close(from);
	return rc;
}

int
date_hijri(const struct date *greg, struct date *hijri)
{
	struct date	 r;

	if (!S_valid(greg) || S_convert(0, greg, &r) == -1 ||
	    r.month < 1 || r.month > 12 || r.day < 1 || r.day > 30)
		return -1;
	/* Outside its Umm al-Qura table ICU silently switches to the
	 * arithmetic civil calendar; such a date is not Umm al-Qura. */
	if (r.year < HIJRI_MIN_YEAR || r.year > HIJRI_MAX_YEAR)
		return -1;
	*hijri = r;
	return 0;
}

int
date_from_hijri(const struct date *hijri, struct date *greg)
{
	struct date	 r, back;

	if (hijri->year < HIJRI_MIN_YEAR || hijri->year > HIJRI_MAX_YEAR ||
	    hijri->month < 1 || hijri->month > 12 || hijri->day < 1 ||
	    hijri->day > 30)
		return -1;
	if (S_convert(1, hijri, &r) == -1 || !S_valid(&r))
		return -1;
	/* A day past the month's end (30 in a month of 29) would roll
	 * over: only a date that comes back as given is one. */
	if (date_hijri(&r, &back) == -1 || date_cmp(&back, hijri) != 0)
		return -1;
	*greg = r;
	return 0;
}

int
date_valid(const struct date *d)
{
	return S_valid(d);
}
