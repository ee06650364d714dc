/*
 * formdef: the definition of one web form (content/forms/<id>.yaml), the
 * one source that both the site generator (which renders the form page)
 * and wasl-forms (which validates submissions and re-renders the page with
 * errors) read.
 *
 * A definition is loaded and checked once; afterwards it is read-only and
 * can be shared. Every string it hands out is borrowed from it and valid
 * until formdef_free().
 *
 * The file's keys (unknown keys are errors):
 *   id                      [a-z0-9-]+, equal to the file name without .yaml
 *   title                   required text
 *   intro                   optional text (one paragraph)
 *   retention_days          required integer: 0 when anonymous, 1..3650
 *                           otherwise
 *   anonymous               boolean, default false; an anonymous form may
 *                           have no national_id, mobile or email field
 *   privacy_notice_version  required integer >= 1
 *   reference_prefix        required, 1..4 letters A-Z
 *   confirmation            required: title, body (text; body may hold
 *                           {{response_days}}, left for the renderer,
 *                           when site.yaml states response_days)
 *   require_one_of          optional list of 2+ distinct optional fields,
 *                           at least one of which must be answered
 *   require_one_of_message  optional text shown when none is answered
 *                           (without it, the catalog's words say which,
 *                           lib/view/fieldmsg.h)
 *   policy                  optional: the slug of the policy (policies/
 *                           <slug>/) the form's decisions are made under;
 *                           a decision names its revision in force that
 *                           day (lib/model/content.h checks the slug)
 *   fields                  required list of 1..FORMDEF_MAX_FIELDS fields
 * Each field:
 *   name          [a-z][a-z0-9_]*, at most FORMDEF_MAX_NAME bytes, unique
 *   label         required text; written so that it reads after "أدخل"
 *                 (text fields), "اختر" (choice) or "يجب الموافقة على"
 *                 (consent), since error messages are built from it; a
 *                 rating's label is its question
 *   type          text, textarea, integer, choice, rating, national_id,
 *                 mobile, email or consent
 *   required      boolean, default false
 *   help          optional text
 *   max           text/textarea/email: most characters, 1..10000 (email
 *                 at most 254); defaults 200, 2000 and 254. integer: the
 *                 largest value, required. Not allowed on other types.
 *   min           integer only: the smallest value, default 0, <= max;
 *                 both within +-FORMDEF_MAX_INT
 *   options       choice only, required: 1..50 of {value, label}, values
 *                 unique [a-z0-9_-]+ of at most FORMDEF_MAX_NAME bytes
 *   autocomplete  optional HTML autocomplete token(s) ([a-z0-9 -]);
 *                 not on choice, rating or consent
 *   statement     consent only, required: the sentence the applicant
 *                 ticks
 * A rating is always "1".."5"; its options, best first, are labelled
 * with the words the loader gives (struct formdef_words: the catalog's,
 * lib/view/contentview.h) and appear in formdef_json().
 */
#ifndef WASL_FORMDEF_H
#define WASL_FORMDEF_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

#define FORMDEF_MAX_FIELDS	40
#define FORMDEF_MAX_OPTIONS	50
#define FORMDEF_MAX_NAME	40		/* field names, ids, values */
#define FORMDEF_MAX_CHARS	10000		/* text max */
#define FORMDEF_MAX_EMAIL	254
#define FORMDEF_MAX_INT		999999999999LL	/* |min| and |max| */
#define FORMDEF_MAX_FORMS	100		/* per folder */

enum formdef_type {
	FORMDEF_TEXT,
	FORMDEF_TEXTAREA,
	FORMDEF_INTEGER,
	FORMDEF_CHOICE,
	FORMDEF_RATING,
	FORMDEF_NATIONAL_ID,
	FORMDEF_MOBILE,
	FORMDEF_EMAIL,
	FORMDEF_CONSENT,
	FORMDEF_NTYPES
};

struct formdef_option {
	const char	*value;		/* ASCII */
	const char	*label;
};

/* One field, read-only; all pointers borrowed from the formdef. */
struct formdef_field {
	const char			*name;
	const char			*label;
	enum formdef_type		 type;
	int				 required;	/* 0 or 1 */
	const char			*help;		/* NULL when none */
	/* text, textarea, email: max characters (min 0); integer: the
	 * value range; other types: both 0. */
	long long			 min, max;
	const struct formdef_option	*options;	/* choice and rating */
	size_t				 noptions;
	const char			*autocomplete;	/* NULL when none */
	const char			*statement;	/* consent; else NULL */
};

/* The software's words a definition holds, given by whoever loads it
 * (from the catalog, lib/view/contentview.h): the label of each answer
 * to a rating, by value - 1 (rating[4] labels "5", e.g. "ممتاز"); NULL
 * leaves the digit. Copied: the words need not outlive the load. */
#define FORMDEF_RATINGS	5
struct formdef_words {
	const char	*rating[FORMDEF_RATINGS];
};

struct formdef;		/* opaque */
struct formdef_dir;	/* opaque: a folder of definitions */

/*
 * Load and check the definition at path (a YAML file named <id>.yaml),
 * read as it is named (formdef_dir_load() reads inside a folder), with
 * words (may be NULL: the ratings' digits). Returns the definition,
 * which the caller frees with formdef_free(), or
 * NULL with one line per problem, "PATH:LINE: what is wrong; how to fix",
 * appended to err (all problems found, not only the first).
 */
struct formdef	*formdef_load(const char *path,
		    const struct formdef_words *words, struct buf *err);

/* Free a definition; accepts NULL. */
void		 formdef_free(struct formdef *fd);

/* Form-level properties; strings borrowed, intro NULL when absent. */
const char	*formdef_id(const struct formdef *fd);
const char	*formdef_title(const struct formdef *fd);
const char	*formdef_intro(const struct formdef *fd);
int		 formdef_retention_days(const struct formdef *fd);
int		 formdef_anonymous(const struct formdef *fd);
int		 formdef_notice_version(const struct formdef *fd);
const char	*formdef_reference_prefix(const struct formdef *fd);
/* The slug of the policy its decisions are made under, or NULL. */
const char	*formdef_policy(const struct formdef *fd);

/* The fields, in the order of the file. */
size_t		 formdef_nfields(const struct formdef *fd);
/* The i-th field, or NULL when i >= formdef_nfields(). Borrowed. */
const struct formdef_field *formdef_field_at(const struct formdef *fd,
		    size_t i);
/* The field named name, or NULL. Borrowed. */
const struct formdef_field *formdef_field_find(const struct formdef *fd,
		    const char *name);
/* The index of the field named name, or -1. */
long		 formdef_field_index(const struct formdef *fd,
		    const char *name);

/* An answer to f as people read it: a choice's option label (a rating's
 * too when label is set: "ممتاز" for "5"; else the digit), given (the
 * caller's word, e.g. "نعم" from the catalog) for a consent given, else
 * the value itself; the value when f is NULL (no definition). Borrowed
 * from f, value or given. */
const char	*formdef_answer_text(const struct formdef_field *f,
		    const char *value, int label, const char *given);

/* require_one_of: the number of names (0 when the form has none); the
 * i-th name; the form's own message (borrowed; NULL when it gives none:
 * lib/view/fieldmsg.h words one). */
size_t		 formdef_one_of_count(const struct formdef *fd);
const char	*formdef_one_of_name(const struct formdef *fd, size_t i);
const char	*formdef_one_of_message(const struct formdef *fd);

/* The lower-case name of a type ("national_id"), for messages. */
const char	*formdef_type_name(enum formdef_type t);

/*
 * The definition as JSON for templates, borrowed (valid until
 * formdef_free(); do not modify it, json_deep_copy() it to add state):
 *   { id, title, intro?, retention_days, anonymous, privacy_notice_version,
 *     reference_prefix, confirmation: {title, body},
 *     require_one_of: [names]?, require_one_of_message?,
 *     fields: [ { name, label, type, "type_<type>": true, required,
 *       optional (= !required), help?, max?, min?, options?: [{value,
 *       label, checked: false}], autocomplete?, statement?, input_type?
 *       ("text", "tel" or "email"; single-line inputs only), inputmode?
 *       ("numeric", "tel" or "email"), ltr (numbers, e-mail: render with
 *       dir="ltr"), checked: false, index, first } ] }
 * Keys marked ? are absent when they do not apply. Every boolean a
 * template may test is present (true or false), so that Mustache never
 * looks it up in an outer context; a template testing an absent key
 * (e.g. {{#help}}) must make sure no outer context has one.
 */
const json_t	*formdef_json(const struct formdef *fd);

/*
 * Load every *.yaml file of the folder dir (content/forms), at most
 * FORMDEF_MAX_FORMS, sorted by file name; other files are ignored except
 * *.yml, which is an error (rename it). Besides each file's own checks,
 * reference prefixes must be unique. A missing folder is an error: a
 * caller for which forms are optional checks fsx_is_dir() first. Every
 * file is read inside the folder root (the content folder; NULL: dir
 * itself), its symbolic links staying there (fsx_read_in). Each holds
 * words as formdef_load() says. Returns the set (free with
 * formdef_dir_free()) or NULL with problems appended to err as
 * formdef_load() does.
 */
struct formdef_dir *formdef_dir_load(const char *root, const char *dir,
		    const struct formdef_words *words, struct buf *err);
void		 formdef_dir_free(struct formdef_dir *d);	/* accepts NULL */
size_t		 formdef_dir_count(const struct formdef_dir *d);
/* The i-th definition (sorted by id) or NULL; borrowed from d. */
const struct formdef *formdef_dir_at(const struct formdef_dir *d, size_t i);
/* The definition with this id, or NULL; borrowed from d. */
const struct formdef *formdef_dir_find(const struct formdef_dir *d,
		    const char *id);
/* A JSON object mapping each id to its formdef_json(); borrowed, valid
 * until formdef_dir_free(). */
const json_t	*formdef_dir_json(const struct formdef_dir *d);

#endif
