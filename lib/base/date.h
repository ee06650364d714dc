/*
 * date: calendar dates, Gregorian and Umm al-Qura Hijri.
 *
 * wasl stores dates as ISO Gregorian ("YYYY-MM-DD") and shows the Umm
 * al-Qura Hijri date beside the Gregorian one (in the words of
 * lib/view/datefmt.h). The Hijri date comes from ICU's
 * "islamic-umalqura" calendar, never from arithmetic. A struct date
 * is plain data: year, month 1..12, day 1..31. Functions that take a date
 * reject (return -1 for) one that is not a real date in 1900..2199.
 */
#ifndef WASL_DATE_H
#define WASL_DATE_H

#include <stddef.h>
#include <time.h>

struct buf;

struct date {
	int	 year, month, day;	/* Gregorian unless said otherwise */
};

/* Parse a strict ISO date "YYYY-MM-DD" from s[0..len): exactly that
 * form (ASCII digits, zero-padded), year 1900..2199, a real calendar
 * date (leap years included). s need not be NUL-terminated. Returns 0
 * and fills *out, or -1 when malformed or impossible (*out untouched). */
int	 date_parse(const char *s, size_t len, struct date *out);
/* The value of n ASCII digits at s (n at most 9), or -1 when any is not
 * a digit. */
int	 date_digits(const char *s, size_t n);

/* Append "YYYY-MM-DD" to out. */
void	 date_iso(struct buf *out, const struct date *d);

/* Order two dates: <0, 0 or >0 as a is before, equal to or after b. */
int	 date_cmp(const struct date *a, const struct date *b);

/* *out = d plus n days (n may be negative). Returns 0, or -1 when d is
 * not a valid date or the result falls outside 1900..2199. out may be d. */
int	 date_add_days(const struct date *d, int n, struct date *out);

/* The date in Saudi Arabia (Asia/Riyadh: UTC+3, no daylight saving) at
 * time t; pass time(NULL) for today. */
void	 date_from_time(time_t t, struct date *out);

/* The Umm al-Qura Hijri date (year, month 1..12, day) of the Gregorian
 * date greg, from ICU's "@calendar=islamic-umalqura". Returns 0, or -1
 * when greg is invalid, ICU fails (or lacks the calendar), or the date
 * is past ICU's Umm al-Qura table (which ends with 1600 AH, on
 * 2174-11-25), where ICU would fall back to arithmetic. */
int	 date_hijri(const struct date *greg, struct date *hijri);

/* The Gregorian date of the Umm al-Qura date hijri (year, month 1..12,
 * day 1..30), from ICU as date_hijri(), of which it is the inverse.
 * Returns 0, or -1 when hijri is no day of ICU's Umm al-Qura table (a
 * 30th of a month of 29 days, a year outside it) or ICU fails. */
int	 date_from_hijri(const struct date *hijri, struct date *greg);
/* 1 when d is a real date in 1900..2199, else 0. */
int	 date_valid(const struct date *d);

/* Dates in words are the view's (lib/view/datefmt.h, the words in the
 * catalog templates/strings.yaml). */

#endif
