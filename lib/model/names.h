/*
 * names: the names the software keeps for itself, in one place, so that
 * content can never take one of them.
 *
 * - Top-level addresses of the site (/policies/, /forms/, /feed.xml, ...):
 *   no page of the content may be named like one (lib/model/content.c).
 * - Element ids the page templates use themselves (id="main", ...): no
 *   heading's anchor may take one (lib/model/markdown.c).
 * - The hidden fields every form page posts beside the form's own fields
 *   (the honeypot, the page's token, the definition's digest): a form's
 *   own field names start with a letter a-z (lib/model/formdef.c), so they
 *   never clash with these, which start with '_'.
 *
 * - The address of wasl-forms' own page beside the forms', /forms/status:
 *   no form may take its id (lib/model/formdef.c).
 *
 * The lists are static and read-only.
 */
#ifndef WASL_NAMES_H
#define WASL_NAMES_H

/* The honeypot: a field people never see nor fill (templates/form.mustache). */
#define NAMES_FIELD_HONEYPOT	"_website"
/* The form page's token, written by nginx's SSI into each page it serves. */
#define NAMES_FIELD_TOKEN	"_token"
/* The digest of the definition the page was made from (lib/view/formview.h). */
#define NAMES_FIELD_DEF		"_def"

/* The form id wasl-forms keeps for the applicants' status page
 * (/forms/status). */
#define NAMES_FORM_STATUS	"status"

/* Top-level address segments the site itself uses ("policies", "404",
 * "feed.xml", ...), NULL-terminated. */
extern const char *const names_reserved_slugs[];
/* Element ids the page templates use themselves, NULL-terminated. */
extern const char *const names_reserved_ids[];

/* 1 when slug (NUL-terminated) is one of names_reserved_slugs, else 0. */
int	names_slug_reserved(const char *slug);
/* The starts of element ids the templates use for themselves: a form's
 * fields, hints and errors, and the staff console's own (every literal
 * id of a staff-* template has one of them), NULL-terminated. */
extern const char *const names_reserved_id_prefixes[];
/* 1 when id (NUL-terminated) is one of names_reserved_ids or starts
 * with one of names_reserved_id_prefixes, else 0. */
int	names_id_reserved(const char *id);
/* 1 when id starts with one of names_reserved_id_prefixes (a heading's
 * anchor then takes "h-" before it, as no suffix would free it). */
int	names_id_prefix_reserved(const char *id);

#endif
