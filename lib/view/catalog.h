/*
 * catalog: the software's own user-facing words, kept out of C.
 *
 * A catalog is one YAML file (templates/strings.yaml): a mapping whose
 * values are texts or further mappings, so that each text has a dotted
 * key such as "field.required". A text is a Mustache template of plain
 * text ({{x}} is not HTML-escaped: the page that shows the text escapes
 * it), rendered against a JSON object of parameters, for example
 * "اختر {{label}}" with {"label": "..."}.
 *
 * The association's facts (its name, contact details, periods) are not
 * words of the software and belong in content/, not here.
 *
 * A module that needs texts lists their keys in one table and asks
 * catalog_require() for them when the program starts, so a missing text
 * is an error at start, never a blank in front of an applicant.
 *
 * Ownership: a catalog owns its texts; every pointer it returns is valid
 * until catalog_free(). After loading a catalog is only read.
 */
#ifndef WASL_CATALOG_H
#define WASL_CATALOG_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

#define CATALOG_MAX_INPUT	(256 * 1024)	/* bytes of catalog */

struct catalog;	/* opaque */

/* Load the catalog at path. Returns it, or NULL with the problems
 * appended to err as "PATH:LINE: message" lines. */
struct catalog	*catalog_load(const char *path, struct buf *err);
/* The same from src[0..len), which name stands for in messages. */
struct catalog	*catalog_parse(const char *src, size_t len, const char *name,
		    struct buf *err);
/* Free a catalog; accepts NULL. */
void		 catalog_free(struct catalog *s);

/* Check that keys[0..n) are all texts of the catalog (a NULL entry is
 * skipped). Returns 0, or -1 with a line naming each missing key appended
 * to err. */
int		 catalog_require(const struct catalog *s,
		    const char *const *keys, size_t n, struct buf *err);

/* The text at key as it is written (borrowed), or NULL when absent. */
const char	*catalog_get(const struct catalog *s, const char *key);

/* Render the text at key against params (a JSON object, or NULL for
 * none) and append it to out. Returns 0, or -1 when key is absent or
 * the text does not render, with out left as it was. */
int		 catalog_put(const struct catalog *s, const char *key,
		    const json_t *params, struct buf *out);

#endif
