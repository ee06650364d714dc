/*
 * datefmt: dates in words, as Saudi documents write them, in the words of
 * the catalog (lib/view/catalog.h, group "date"): the double date
 * "10/02/1446هـ الموافق 14/08/2024م", the Gregorian date with its month's
 * name "14 أغسطس 2024", the Hijri one "10 صفر 1446هـ". The dates and
 * their Hijri equivalents are lib/base/date.h's. Also a span of days in
 * words (group "period").
 */
#ifndef WASL_DATEFMT_H
#define WASL_DATEFMT_H

#include <jansson.h>

#include "buf.h"
#include "date.h"
#include "catalog.h"

/* Check that s holds every text datefmt says. Returns 0, or -1 with each
 * missing key appended to err. */
int	 datefmt_require(const struct catalog *s, struct buf *err);

/* Append the Saudi double date of greg (two-digit day and month, ASCII
 * digits). Returns 0, or -1 (nothing appended) when greg is invalid, the
 * Hijri conversion fails or s lacks the text. */
int	 datefmt_saudi(const struct catalog *s, struct buf *out,
	    const struct date *greg);
/* Append the Gregorian date in words. Returns 0, or -1 (nothing
 * appended) as datefmt_saudi(). */
int	 datefmt_long(const struct catalog *s, struct buf *out,
	    const struct date *greg);
/* Append the Hijri date of greg in words. Returns 0, or -1 (nothing
 * appended) as datefmt_saudi(). */
int	 datefmt_hijri_long(const struct catalog *s, struct buf *out,
	    const struct date *greg);

/* Append a span of days in words, in the genitive that follows «مدة» or
 * «خلال» (group "period"): in years when they are whole years (365 days
 * each), else in days, the noun agreeing with its number as Arabic
 * wants it (يوم واحد، يومين، 7 أيام، 14 يومًا، 100 يوم، 5 سنوات).
 * Returns 0, or -1 (nothing appended) when days < 1 or s lacks the
 * text. */
int	 datefmt_period(const struct catalog *s, struct buf *out, long days);

/* Complete date, a date object of the content model ({"iso"}, keys.h),
 * with its forms for the templates: "saudi", "long", "hijri_long" (each
 * absent should it fail). One already complete is left as it is. */
void	 datefmt_expand(const struct catalog *s, json_t *date);
/* A new date object of d, complete: {"iso", "saudi", "long",
 * "hijri_long"}. New reference. */
json_t	*datefmt_json(const struct catalog *s, const struct date *d);
/* A date as the status page and the reports show it: {"iso", "saudi"},
 * the Saudi form being the ISO one should it fail. New reference. */
json_t	*datefmt_short_json(const struct catalog *s, const struct date *d);

#endif
