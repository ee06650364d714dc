/*
 * datefmt: dates in the catalog's words (see datefmt.h).
 */
#include <stdio.h>

#include "datefmt.h"
#include "keys.h"
#include "schema.h"

#define K_SAUDI		"date.saudi"
#define K_LONG		"date.long"
#define K_HIJRI_LONG	"date.hijri_long"

/* The catalog key of month m (1..12) of the Gregorian or Hijri year. */
static void
S_month_key(char *key, size_t size, int hijri, int m)
{
	snprintf(key, size, "date.%s.%d", hijri ? "hijri_months" : "months",
	    m);
}

/* A span of days in words, by unit and by the form of the noun. */
static const char *const period_keys[] = {
	"period.years.one", "period.years.two", "period.years.few",
	"period.years.many", "period.years.hundreds",
	"period.days.one", "period.days.two", "period.days.few",
	"period.days.many", "period.days.hundreds"
};

int
datefmt_require(const struct catalog *s, struct buf *err)
{
	char		 keys[24][32];
	const char	*v[27];
	int		 i, n = 0;

	v[n++] = K_SAUDI;
	v[n++] = K_LONG;
	v[n++] = K_HIJRI_LONG;
	for (i = 0; i < 24; i++) {
		S_month_key(keys[i], sizeof(keys[i]), i >= 12, i % 12 + 1);
		v[n++] = keys[i];
	}
	if (catalog_require(s, v, (size_t)n, err) == -1)
		return -1;
	return catalog_require(s, period_keys, sizeof(period_keys) /
	    sizeof(period_keys[0]), err);
}

/* The form a count's noun takes after the number n >= 1 in Arabic: one
 * and two have words of their own; 3 to 10 take a plural, 11 to 99 a
 * singular in the accusative; a round hundred (and 101, 102) a singular
 * in the genitive; above, the last two digits decide. */
static const char *
S_count_form(long n)
{
	long	 t = n % 100;

	if (n == 1)
		return "one";
	if (n == 2)
		return "two";
	if (n >= 100 && (t == 0 || t == 1 || t == 2))
		return "hundreds";
	if (t >= 3 && t <= 10)
		return "few";
	return "many";
}

int
datefmt_period(const struct catalog *s, struct buf *out, long days)
{
	char	 key[32];
	json_t	*p;
	long	 n;
	int	 rc;

	if (days < 1)
		return -1;
	n = days % 365 == 0 ? days / 365 : days;
	snprintf(key, sizeof(key), "period.%s.%s", days % 365 == 0 ?
	    "years" : "days", S_count_form(n));
	p = json_pack("{s:I}", "n", (json_int_t)n);
	rc = catalog_put(s, key, p, out);
	json_decref(p);
	return rc;
}

/* Render key with a date's parameters: day, month, year as texts
 * (month: its name when name is not NULL; zero-padded with pad), and the
 * Hijri ones when h is not NULL. */
static int
S_put(const struct catalog *s, const char *key, const struct date *g,
    const struct date *h, const char *name, int pad, struct buf *out)
{
	char	 day[16], month[16], year[16];
	char	 hday[16], hmonth[16], hyear[16];
	json_t	*p;
	int	 rc;

	snprintf(day, sizeof(day), pad ? "%02d" : "%d", g->day);
	snprintf(month, sizeof(month), "%02d", g->month);
	snprintf(year, sizeof(year), "%d", g->year);
	p = json_pack("{s:s,s:s,s:s}", "day", day, "month",
	    name != NULL ? name : month, "year", year);
	if (p == NULL)
		return -1;
	if (h != NULL) {
		snprintf(hday, sizeof(hday), "%02d", h->day);
		snprintf(hmonth, sizeof(hmonth), "%02d", h->month);
		snprintf(hyear, sizeof(hyear), "%d", h->year);
		json_object_set_new(p, "hday", json_string(hday));
		json_object_set_new(p, "hmonth", json_string(hmonth));
		json_object_set_new(p, "hyear", json_string(hyear));
	}
	rc = catalog_put(s, key, p, out);
	json_decref(p);
	return rc;
}

int
datefmt_saudi(const struct catalog *s, struct buf *out,
    const struct date *greg)
{
	struct date	 h;

	if (date_hijri(greg, &h) == -1)
		return -1;
	return S_put(s, K_SAUDI, greg, &h, NULL, 1, out);
}

int
datefmt_long(const struct catalog *s, struct buf *out,
    const struct date *greg)
{
	const char	*name;
	char		 key[32];

	if (!date_valid(greg))
		return -1;
	S_month_key(key, sizeof(key), 0, greg->month);
	if ((name = catalog_get(s, key)) == NULL)
		return -1;
	return S_put(s, K_LONG, greg, NULL, name, 0, out);
}

int
datefmt_hijri_long(const struct catalog *s, struct buf *out,
    const struct date *greg)
{
	struct date	 h;
	const char	*name;
	char		 key[32];

	if (date_hijri(greg, &h) == -1)
		return -1;
	S_month_key(key, sizeof(key), 1, h.month);
	if ((name = catalog_get(s, key)) == NULL)
		return -1;
	return S_put(s, K_HIJRI_LONG, &h, NULL, name, 0, out);
}

void
datefmt_expand(const struct catalog *s, json_t *date)
{
	struct buf	 b = BUF_INIT;
	struct date	 d;
	const char	*iso;

	iso = json_string_value(json_object_get(date, KEY_ISO));
	if (iso == NULL || json_object_size(date) > 1 ||
	    date_parse(iso, json_string_length(json_object_get(date,
	    KEY_ISO)), &d) == -1)
		return;
	if (datefmt_saudi(s, &b, &d) == 0)
		json_object_set_new(date, KEY_SAUDI,
		    json_string(buf_cstr(&b)));
	buf_reset(&b);
	if (datefmt_long(s, &b, &d) == 0)
		json_object_set_new(date, KEY_LONG, json_string(buf_cstr(&b)));
	buf_reset(&b);
	if (datefmt_hijri_long(s, &b, &d) == 0)
		json_object_set_new(date, KEY_HIJRI_LONG,
		    json_string(buf_cstr(&b)));
	buf_free(&b);
}

json_t *
datefmt_json(const struct catalog *s, const struct date *d)
{
	json_t	*o = schema_date_json(d);

	datefmt_expand(s, o);
	return o;
}

json_t *
datefmt_short_json(const struct catalog *s, const struct date *d)
{
	struct buf	 iso = BUF_INIT, saudi = BUF_INIT;
	json_t		*j;

	date_iso(&iso, d);
	if (datefmt_saudi(s, &saudi, d) == -1)
		buf_puts(&saudi, buf_cstr(&iso));
	j = json_pack("{s:s,s:s}", KEY_ISO, buf_cstr(&iso), KEY_SAUDI,
	    buf_cstr(&saudi));
	buf_free(&iso);
	buf_free(&saudi);
	return j;
}
