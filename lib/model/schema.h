/*
 * schema: the tables of keys a content file may hold (site.yaml, a policy
 * revision's or a page's front matter), and the check that walks them.
 *
 * A table lists each key with its type, whether it is required and a hint
 * of what to write; the check reports an unknown key (a typo) like a
 * missing one, as "FILE:LINE: ..." through lib/base/diag.h, and
 * normalises the object in place: numbers kept as text become strings,
 * dates become date objects (schema_date_json()), a
 * "phone" gets "phone_tel" (digits and '+', for tel: links).
 */
#ifndef WASL_SCHEMA_H
#define WASL_SCHEMA_H

#include <jansson.h>

#include "date.h"
#include "diag.h"

enum schema_type {
	SCHEMA_STR,	/* a string */
	SCHEMA_TEXT,	/* a string or a whole number, kept as a string */
	SCHEMA_INT,	/* a whole number */
	SCHEMA_DATE,	/* an ISO date, made a date object {iso} */
	SCHEMA_URL,	/* an http(s) address */
	SCHEMA_EMAIL,
	SCHEMA_MAP,	/* a mapping with its own table */
	SCHEMA_LIST	/* a list of mappings with their own table */
};

/* One key of a table; a table ends with an entry whose key is NULL. */
struct schema_key {
	const char		*key;
	enum schema_type	 type;
	int			 required;
	const struct schema_key	*sub;	/* for SCHEMA_MAP and SCHEMA_LIST */
	const char		*hint;	/* what to write, for errors */
};

/* Check obj against keys, in place, reporting through x. path is the
 * dotted prefix of obj's keys for positions ("" at the top). */
void	 schema_check(struct diag *x, json_t *obj, const char *path,
	    const struct schema_key *keys);

/* A date as the model keeps it: {"iso": "YYYY-MM-DD"}; its forms in
 * words are the view's (lib/view/datefmt.h). New reference. */
json_t	*schema_date_json(const struct date *d);

/* Call fn(date, arg) on every date object of obj, checked against keys
 * (its SCHEMA_DATE keys, within its maps and lists too). A date object
 * shared by two keys is visited twice. */
typedef void (*schema_date_fn)(json_t *date, void *arg);
void	 schema_each_date(json_t *obj, const struct schema_key *keys,
	    schema_date_fn fn, void *arg);
/* 1 when keys (or a map or list within) has a SCHEMA_DATE key, else 0:
 * whether schema_each_date() can find anything. */
int	 schema_has_dates(const struct schema_key *keys);

#endif
