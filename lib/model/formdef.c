/*
 * formdef: load and check form definitions (see formdef.h).
 *
 * The parsed YAML tree is kept for the life of the definition: every
 * string a struct formdef_field points at is a jansson string inside it,
 * which nothing modifies after loading.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "formdef.h"
#include "fsx.h"
#include "keys.h"
#include "names.h"
#include "yamljson.h"

struct formdef {
	json_t			*src;		/* the YAML root, owned */
	json_t			*json;		/* for templates, owned */
	const char		*id, *title, *intro, *prefix, *policy;
	int			 retention_days, anonymous, notice_version;
	struct formdef_field	*fields;	/* owned array */
	size_t			 nfields;
	struct formdef_option	*options;	/* owned; all choice options */
	const char		**one_of;	/* owned array, names borrowed */
	size_t			 none_of;
	char			*one_of_msg;	/* owned; NULL when not given */
	/* A rating's answers, best first, and their labels (owned). */
	struct formdef_option	 ratings[FORMDEF_RATINGS];
	char			*rating_labels[FORMDEF_RATINGS];
};

struct formdef_dir {
	struct formdef		**forms;	/* owned, sorted by id */
	size_t			 n;
	json_t			*json;		/* owned: id -> form json */
};

/* A rating is always 1..5: its answers' values, best first. */
static const char *const rating_values[FORMDEF_RATINGS] = {
	"5", "4", "3", "2", "1"
};

/* The keys a field may hold beyond the common ones, by type. */
#define K_MAX		0x01
#define K_MIN		0x02
#define K_OPTIONS	0x04
#define K_STATEMENT	0x08
#define K_AUTOCOMPLETE	0x10

/* Each type: its name in a definition, the keys it allows, and whether it
 * asks who the applicant is (an anonymous form may not). */
static const struct {
	const char	*name;
	unsigned	 keys;
	int		 personal;
} types[FORMDEF_NTYPES] = {
	[FORMDEF_TEXT] = { "text", K_MAX | K_AUTOCOMPLETE, 0 },
	[FORMDEF_TEXTAREA] = { "textarea", K_MAX | K_AUTOCOMPLETE, 0 },
	[FORMDEF_INTEGER] = { "integer", K_MAX | K_MIN | K_AUTOCOMPLETE, 0 },
	[FORMDEF_CHOICE] = { "choice", K_OPTIONS, 0 },
	[FORMDEF_RATING] = { "rating", 0, 0 },
	[FORMDEF_NATIONAL_ID] = { "national_id", K_AUTOCOMPLETE, 1 },
	[FORMDEF_MOBILE] = { "mobile", K_AUTOCOMPLETE, 1 },
	[FORMDEF_EMAIL] = { "email", K_MAX | K_AUTOCOMPLETE, 1 },
	[FORMDEF_CONSENT] = { "consent", K_STATEMENT, 0 },
};

/* A definition's own key, no document's (the generator's pages name
 * "policy" otherwise: keys.h): the slug of the policy its decisions are
 * made under. */
#define FD_POLICY	"policy"

static const char *const top_keys[] = {
	KEY_ID, KEY_TITLE, KEY_INTRO, KEY_RETENTION_DAYS, KEY_ANONYMOUS,
	KEY_PRIVACY_NOTICE_VERSION, KEY_REFERENCE_PREFIX, KEY_CONFIRMATION,
	KEY_REQUIRE_ONE_OF, KEY_REQUIRE_ONE_OF_MESSAGE, KEY_FIELDS, FD_POLICY,
	NULL
};
static const char *const field_keys[] = {
	KEY_NAME, KEY_LABEL, KEY_TYPE, KEY_REQUIRED, KEY_HELP, KEY_MAX,
	KEY_MIN, KEY_OPTIONS, KEY_AUTOCOMPLETE, KEY_STATEMENT, NULL
};
static const char *const confirmation_keys[] = {
	KEY_TITLE, KEY_BODY, NULL
};
static const char *const option_keys[] = { KEY_VALUE, KEY_LABEL, NULL };


/* Is s made only of bytes from set (ASCII), 1..max bytes long? */
static int
S_token(const char *s, const char *set, size_t max)
{
	size_t	 n = strlen(s);

	return n > 0 && n <= max && strspn(s, set) == n;
}

#define LOWER_DIGITS	"abcdefghijklmnopqrstuvwxyz0123456789"

static int
S_field_name_ok(const char *s)
{
	return s[0] >= 'a' && s[0] <= 'z' &&
	    S_token(s, LOWER_DIGITS "_", FORMDEF_MAX_NAME);
}

/* Report every key of obj (at dotted path at) not in known. */
static void
S_known(struct diag *x, json_t *obj, const char *at,
    const char *const *known)
{
	struct buf	 list = BUF_INIT, key = BUF_INIT;
	const char	*k;
	json_t		*v;
	size_t		 i;

	for (i = 0; known[i] != NULL; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", known[i]);
	json_object_foreach(obj, k, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(k, known[i]) == 0)
				break;
		if (known[i] != NULL)
			continue;
		buf_reset(&key);
		buf_printf(&key, "%s%s%s", at, *at ? "." : "", k);
		if (*at)
			diag_at(x, key.data, "unknown key '%s' in %s; the "
			    "known keys there are: %s", k, at, list.data);
		else
			diag_at(x, key.data, "unknown key '%s'; the known "
			    "keys are: %s", k, list.data);
	}
	buf_free(&list);
	buf_free(&key);
}

/* A text value at at.key: NULL when absent (reported when required) or
 * not a non-empty string (reported). */
static const char *
S_text(struct diag *x, json_t *obj, const char *at, const char *key,
    int required)
{
	json_t		*v = json_object_get(obj, key);
	char		 path[128];
	const char	*s;

	snprintf(path, sizeof(path), "%s%s%s", at, *at ? "." : "", key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			diag_at(x, path, "'%s' is missing; add '%s: ...'",
			    path, key);
		return NULL;
	}
	if (!json_is_string(v)) {
		diag_at(x, path, "'%s' must be text; put it in quotes",
		    path);
		return NULL;
	}
	s = json_string_value(v);
	if (s[strspn(s, " \t\n")] == '\0') {
		diag_at(x, path, "'%s' is empty; write its text or remove "
		    "the key", path);
		return NULL;
	}
	return s;
}

/* A boolean at at.key, def when absent; -1 after reporting a bad one. */
static int
S_bool(struct diag *x, json_t *obj, const char *at, const char *key, int def)
{
	json_t	*v = json_object_get(obj, key);
	char	 path[128];

	if (v == NULL || json_is_null(v))
		return def;
	if (json_is_boolean(v))
		return json_is_true(v);
	snprintf(path, sizeof(path), "%s%s%s", at, *at ? "." : "", key);
	diag_at(x, path, "'%s' must be true or false", path);
	return -1;
}

/* An integer at at.key within lo..hi into *out. Returns 1 when present
 * and good, 0 when absent (reported when required), -1 when bad
 * (reported). */
static int
S_int(struct diag *x, json_t *obj, const char *at, const char *key,
    int required, long long lo, long long hi, long long *out)
{
	json_t	*v = json_object_get(obj, key);
	char	 path[128];

	snprintf(path, sizeof(path), "%s%s%s", at, *at ? "." : "", key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			diag_at(x, path, "'%s' is missing; add '%s: N' "
			    "with a whole number from %lld to %lld", path,
			    key, lo, hi);
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi) {
		diag_at(x, path, "'%s' must be a whole number from %lld "
		    "to %lld", path, lo, hi);
		return -1;
	}
	*out = json_integer_value(v);
	return 1;
}

/* Does type t allow key (1), or not (0)? Keys not in the table are the
 * common ones, allowed to every type. */
static int
S_allows(enum formdef_type t, const char *key)
{
	static const struct {
		const char	*key;
		unsigned	 flag;
	} keys[] = {
		{ "max", K_MAX }, { "min", K_MIN }, { "options", K_OPTIONS },
		{ "statement", K_STATEMENT },
		{ "autocomplete", K_AUTOCOMPLETE },
	};
	size_t	 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i].key) == 0)
			return (types[t].keys & keys[i].flag) != 0;
	return 1;
}

/* Check the options of choice field at (fields.N) into fd->options from
 * *next on; sets f->options and f->noptions. */
static void
S_options(struct diag *x, struct formdef *fd, size_t *next, json_t *opts,
    const char *at, struct formdef_field *f)
{
	char		 path[128], vpath[160];
	const char	*value, *label;
	json_t		*o;
	size_t		 i, j, n;

	snprintf(path, sizeof(path), "%s.options", at);
	if (opts == NULL) {
		diag_at(x, at, "choice field '%s' has no options; add "
		    "'options:' with a list of '- value: ...' and "
		    "'label: ...'", f->name);
		return;
	}
	n = json_is_array(opts) ? json_array_size(opts) : 0;
	if (n == 0 || n > FORMDEF_MAX_OPTIONS) {
		diag_at(x, path, "'options' must be a list of 1 to %d "
		    "items, each '- value: ...' with 'label: ...'",
		    FORMDEF_MAX_OPTIONS);
		return;
	}
	f->options = fd->options + *next;
	json_array_foreach(opts, i, o) {
		snprintf(vpath, sizeof(vpath), "%s.%zu", path, i);
		if (!json_is_object(o)) {
			diag_at(x, vpath, "each option must be 'value: ...' "
			    "with 'label: ...'");
			continue;
		}
		S_known(x, o, vpath, option_keys);
		value = S_text(x, o, vpath, KEY_VALUE, 1);
		label = S_text(x, o, vpath, KEY_LABEL, 1);
		if (value == NULL || label == NULL)
			continue;
		snprintf(vpath, sizeof(vpath), "%s.%zu.value", path, i);
		if (!S_token(value, LOWER_DIGITS "_-", FORMDEF_MAX_NAME)) {
			diag_at(x, vpath, "option value '%s' must be 1 to "
			    "%d of a-z, 0-9, '_' and '-' (it is sent by the "
			    "browser, not shown)", value, FORMDEF_MAX_NAME);
			continue;
		}
		for (j = 0; j < f->noptions; j++)
			if (strcmp(f->options[j].value, value) == 0)
				break;
		if (j < f->noptions) {
			diag_at(x, vpath, "option value '%s' is used twice "
			    "in field '%s'; give each option its own value",
			    value, f->name);
			continue;
		}
		fd->options[*next].value = value;
		fd->options[*next].label = label;
		(*next)++;
		f->noptions++;
	}
}

/* Check field i (the JSON fobj) into f. */
static void
S_field(struct diag *x, struct formdef *fd, size_t i, json_t *fobj,
    struct formdef_field *f, size_t *next_option)
{
	char		 at[32], path[64];
	const char	*type, *k;
	json_t		*v;
	long long	 n;
	size_t		 t, j;
	int		 b, rc;

	snprintf(at, sizeof(at), "fields.%zu", i);
	if (!json_is_object(fobj)) {
		diag_at(x, at, "each field must be keys such as 'name: ...', "
		    "'label: ...' and 'type: ...'");
		return;
	}
	S_known(x, fobj, at, field_keys);
	f->name = S_text(x, fobj, at, KEY_NAME, 1);
	f->label = S_text(x, fobj, at, KEY_LABEL, 1);
	f->help = S_text(x, fobj, at, KEY_HELP, 0);
	if (f->name != NULL) {
		snprintf(path, sizeof(path), "%s.name", at);
		if (!S_field_name_ok(f->name)) {
			diag_at(x, path, "field name '%s' must start with "
			    "a-z and hold only a-z, 0-9 and '_', at most %d "
			    "characters", f->name, FORMDEF_MAX_NAME);
			f->name = NULL;
		} else
			for (j = 0; j < i; j++)
				if (fd->fields[j].name != NULL &&
				    strcmp(fd->fields[j].name, f->name) == 0) {
					diag_at(x, path, "field name '%s' "
					    "is used twice (also by field %zu); "
					    "names must be unique", f->name,
					    j + 1);
					break;
				}
	}
	if ((b = S_bool(x, fobj, at, KEY_REQUIRED, 0)) >= 0)
		f->required = b;

	type = S_text(x, fobj, at, KEY_TYPE, 1);
	if (type == NULL)
		return;
	for (t = 0; t < FORMDEF_NTYPES; t++)
		if (strcmp(type, types[t].name) == 0)
			break;
	snprintf(path, sizeof(path), "%s.type", at);
	if (t == FORMDEF_NTYPES) {
		struct buf	 all = BUF_INIT;

		for (t = 0; t < FORMDEF_NTYPES; t++)
			buf_printf(&all, "%s%s", t ? ", " : "", types[t].name);
		diag_at(x, path, "unknown type '%s'; use one of %s", type,
		    buf_cstr(&all));
		buf_free(&all);
		return;
	}
	f->type = (enum formdef_type)t;

	json_object_foreach(fobj, k, v) {
		if (S_allows(f->type, k))
			continue;
		snprintf(path, sizeof(path), "%s.%s", at, k);
		diag_at(x, path, "'%s' does not apply to a %s field; "
		    "remove it", k, type);
	}

	switch (f->type) {
	case FORMDEF_TEXT:
	case FORMDEF_TEXTAREA:
	case FORMDEF_EMAIL:
		f->max = f->type == FORMDEF_TEXT ? 200 :
		    f->type == FORMDEF_TEXTAREA ? 2000 : FORMDEF_MAX_EMAIL;
		if (S_int(x, fobj, at, KEY_MAX, 0, 1, f->type == FORMDEF_EMAIL ?
		    FORMDEF_MAX_EMAIL : FORMDEF_MAX_CHARS, &n) == 1)
			f->max = n;
		break;
	case FORMDEF_INTEGER:
		f->min = 0;
		rc = S_int(x, fobj, at, KEY_MIN, 0, -FORMDEF_MAX_INT,
		    FORMDEF_MAX_INT, &n);
		if (rc == 1)
			f->min = n;
		if (json_object_get(fobj, KEY_MAX) == NULL)
			diag_at(x, at, "integer field '%s' has no max; add "
			    "'max: N', the largest number it accepts",
			    f->name ? f->name : "?");
		else if (S_int(x, fobj, at, KEY_MAX, 1, -FORMDEF_MAX_INT,
		    FORMDEF_MAX_INT, &n) == 1) {
			f->max = n;
			if (rc >= 0 && f->min > f->max) {
				snprintf(path, sizeof(path), "%s.min", at);
				diag_at(x, rc == 1 ? path : at, "min (%lld) "
				    "is greater than max (%lld); swap them",
				    f->min, f->max);
			}
		}
		break;
	case FORMDEF_CHOICE:
		S_options(x, fd, next_option, json_object_get(fobj,
		    KEY_OPTIONS), at, f);
		break;
	case FORMDEF_RATING:
		f->options = fd->ratings;
		f->noptions = FORMDEF_RATINGS;
		break;
	case FORMDEF_CONSENT:
		f->statement = S_text(x, fobj, at, KEY_STATEMENT, 0);
		if (f->statement == NULL &&
		    json_object_get(fobj, KEY_STATEMENT) == NULL)
			diag_at(x, at, "consent field '%s' has no statement; "
			    "add 'statement: ...' with the sentence the "
			    "applicant agrees to", f->name ? f->name : "?");
		break;
	default:
		break;
	}

	if (S_allows(f->type, "autocomplete")) {
		f->autocomplete = S_text(x, fobj, at, KEY_AUTOCOMPLETE, 0);
		snprintf(path, sizeof(path), "%s.autocomplete", at);
		if (f->autocomplete != NULL && !S_token(f->autocomplete,
		    LOWER_DIGITS " -", 64)) {
			diag_at(x, path, "autocomplete '%s' must be HTML "
			    "autocomplete tokens such as 'name', 'tel' or "
			    "'email'", f->autocomplete);
			f->autocomplete = NULL;
		}
	}
}

static void
S_require_one_of(struct diag *x, struct formdef *fd, json_t *root)
{
	json_t				*list, *v;
	const struct formdef_field	*f;
	const char			*name;
	char				 path[64];
	size_t				 i, j;

	list = json_object_get(root, KEY_REQUIRE_ONE_OF);
	if (list == NULL || json_is_null(list)) {
		if (json_object_get(root, KEY_REQUIRE_ONE_OF_MESSAGE) != NULL)
			diag_at(x, KEY_REQUIRE_ONE_OF_MESSAGE,
			    "require_one_of_message without require_one_of; "
			    "add 'require_one_of: [field, field]' or remove "
			    "the message");
		return;
	}
	if (!json_is_array(list) || json_array_size(list) < 2 ||
	    json_array_size(list) > FORMDEF_MAX_FIELDS) {
		diag_at(x, KEY_REQUIRE_ONE_OF, "require_one_of must be a list "
		    "of two or more field names, such as [mobile, email]");
		return;
	}
	fd->one_of = xcalloc(json_array_size(list), sizeof(*fd->one_of));
	json_array_foreach(list, i, v) {
		snprintf(path, sizeof(path), "require_one_of.%zu", i);
		name = json_string_value(v);
		f = name != NULL ? formdef_field_find(fd, name) : NULL;
		if (f == NULL) {
			diag_at(x, path, "require_one_of names '%s', which is "
			    "not a field of this form", name ? name : "?");
			continue;
		}
		if (f->required) {
			diag_at(x, path, "require_one_of names '%s', which is "
			    "already required; remove it from the list or make "
			    "the field optional", name);
			continue;
		}
		if (f->type == FORMDEF_CONSENT) {
			diag_at(x, path, "require_one_of cannot name the "
			    "consent field '%s'", name);
			continue;
		}
		for (j = 0; j < fd->none_of; j++)
			if (strcmp(fd->one_of[j], name) == 0)
				break;
		if (j < fd->none_of) {
			diag_at(x, path, "require_one_of names '%s' twice",
			    name);
			continue;
		}
		fd->one_of[fd->none_of++] = name;
	}
	name = S_text(x, root, "", KEY_REQUIRE_ONE_OF_MESSAGE, 0);
	if (name != NULL)
		fd->one_of_msg = xstrdup(name);
}

/* Build fd->json from the checked definition. */
static void
S_build_json(struct formdef *fd, const char *conf_title,
    const char *conf_body)
{
	json_t				*o, *fields, *fo, *opts, *op, *names;
	const struct formdef_field	*f;
	char				 flag[32];
	const char			*itype, *imode;
	size_t				 i, j, t;
	int				 ltr;

	o = json_object();
	json_object_set_new(o, KEY_ID, json_string(fd->id));
	json_object_set_new(o, KEY_TITLE, json_string(fd->title));
	if (fd->intro != NULL)
		json_object_set_new(o, KEY_INTRO, json_string(fd->intro));
	json_object_set_new(o, KEY_RETENTION_DAYS,
	    json_integer(fd->retention_days));
	json_object_set_new(o, KEY_ANONYMOUS, json_boolean(fd->anonymous));
	json_object_set_new(o, KEY_PRIVACY_NOTICE_VERSION,
	    json_integer(fd->notice_version));
	json_object_set_new(o, KEY_REFERENCE_PREFIX, json_string(fd->prefix));
	json_object_set_new(o, KEY_CONFIRMATION, json_pack("{s:s, s:s}",
	    KEY_TITLE, conf_title, KEY_BODY, conf_body));
	if (fd->none_of > 0) {
		names = json_array();
		for (i = 0; i < fd->none_of; i++)
			json_array_append_new(names,
			    json_string(fd->one_of[i]));
		json_object_set_new(o, KEY_REQUIRE_ONE_OF, names);
		if (fd->one_of_msg != NULL)
			json_object_set_new(o, KEY_REQUIRE_ONE_OF_MESSAGE,
			    json_string(fd->one_of_msg));
	}
	fields = json_array();
	for (i = 0; i < fd->nfields; i++) {
		f = &fd->fields[i];
		fo = json_object();
		json_object_set_new(fo, KEY_NAME, json_string(f->name));
		json_object_set_new(fo, KEY_LABEL, json_string(f->label));
		json_object_set_new(fo, KEY_TYPE,
		    json_string(types[f->type].name));
		for (t = 0; t < FORMDEF_NTYPES; t++) {
			snprintf(flag, sizeof(flag), KEY_TYPE_PREFIX "%s",
			    types[t].name);
			json_object_set_new(fo, flag,
			    json_boolean(t == (size_t)f->type));
		}
		json_object_set_new(fo, KEY_REQUIRED,
		    json_boolean(f->required));
		json_object_set_new(fo, KEY_OPTIONAL,
		    json_boolean(!f->required));
		if (f->help != NULL)
			json_object_set_new(fo, KEY_HELP, json_string(f->help));
		if (f->type == FORMDEF_TEXT || f->type == FORMDEF_TEXTAREA ||
		    f->type == FORMDEF_EMAIL || f->type == FORMDEF_INTEGER)
			json_object_set_new(fo, KEY_MAX, json_integer(f->max));
		if (f->type == FORMDEF_INTEGER)
			json_object_set_new(fo, KEY_MIN, json_integer(f->min));
		if (f->noptions > 0) {
			opts = json_array();
			for (j = 0; j < f->noptions; j++) {
				op = json_pack("{s:s, s:s, s:b}", KEY_VALUE,
				    f->options[j].value, KEY_LABEL,
				    f->options[j].label, KEY_CHECKED, 0);
				json_array_append_new(opts, op);
			}
			json_object_set_new(fo, KEY_OPTIONS, opts);
		}
		if (f->autocomplete != NULL)
			json_object_set_new(fo, KEY_AUTOCOMPLETE,
			    json_string(f->autocomplete));
		if (f->statement != NULL)
			json_object_set_new(fo, KEY_STATEMENT,
			    json_string(f->statement));
		itype = imode = NULL;
		ltr = 0;
		switch (f->type) {
		case FORMDEF_TEXT:
			itype = "text";
			break;
		case FORMDEF_INTEGER:
		case FORMDEF_NATIONAL_ID:
			itype = "text";
			imode = "numeric";
			ltr = 1;
			break;
		case FORMDEF_MOBILE:
			itype = imode = "tel";
			ltr = 1;
			break;
		case FORMDEF_EMAIL:
			itype = imode = "email";
			ltr = 1;
			break;
		default:
			break;
		}
		if (itype != NULL)
			json_object_set_new(fo, KEY_INPUT_TYPE,
			    json_string(itype));
		if (imode != NULL)
			json_object_set_new(fo, KEY_INPUTMODE,
			    json_string(imode));
		json_object_set_new(fo, KEY_LTR, json_boolean(ltr));
		json_object_set_new(fo, KEY_CHECKED, json_false());
		json_object_set_new(fo, KEY_INDEX, json_integer((json_int_t)i));
		json_object_set_new(fo, KEY_FIRST, json_boolean(i == 0));
		json_array_append_new(fields, fo);
	}
	json_object_set_new(o, KEY_FIELDS, fields);
	fd->json = o;
}

/* The file name of path without folders and ".yaml", into name; 0 when
 * it does not end in ".yaml". */
static int
S_stem(const char *path, char *name, size_t size)
{
	const char	*base = strrchr(path, '/');
	size_t		 n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".yaml") != 0 || n - 5 >= size)
		return 0;
	memcpy(name, base, n - 5);
	name[n - 5] = '\0';
	return 1;
}

/* formdef_load(), reading path inside the folder in (NULL: as it is). */
static struct formdef *
S_load(const char *in, const char *path, const struct formdef_words *words,
    struct buf *err)
{
	struct buf	 src = BUF_INIT;
	struct yj_error	 yerr;
	struct diag	 x;
	struct formdef	*fd = NULL;
	json_t		*root, *fields, *conf, *v;
	const char	*conf_title = NULL, *conf_body = NULL;
	char		 stem[256];
	size_t		 i, nopt, next_option = 0;
	long long	 n;
	int		 b;

	memset(&x, 0, sizeof(x));
	x.path = path;
	x.err = err;
	if (!S_stem(path, stem, sizeof(stem))) {
		diag_at(&x, NULL, "a form definition must be a file named "
		    "<id>.yaml");
		goto out;
	}
	if ((in != NULL ? fsx_read_in(in, path, YJ_MAX_INPUT, &src) :
	    fsx_read(path, YJ_MAX_INPUT, &src)) == -1) {
		diag_at(&x, NULL, "cannot read: %s%s", fsx_strerror(errno),
		    errno == EFBIG ? " (form definitions are limited to "
		    "1 MiB)" : "");
		goto out;
	}
	if ((x.doc = yj_parse(buf_cstr(&src), src.len, 0, &yerr)) == NULL) {
		buf_printf(err, "%s:%d: bad YAML: %s\n", path,
		    yerr.line > 0 ? yerr.line : 1, yerr.msg);
		x.nerr++;
		goto out;
	}
	root = yj_root(x.doc);
	if (!json_is_object(root)) {
		diag_at(&x, NULL, "a form definition must be keys such as "
		    "'id: ...', 'title: ...' and 'fields:', one a line");
		goto out;
	}
	fd = xcalloc(1, sizeof(*fd));
	fd->src = json_incref(root);
	for (i = 0; i < FORMDEF_RATINGS; i++) {
		const char *w = words ? words->rating[FORMDEF_RATINGS - 1 - i] :
		    NULL;

		fd->rating_labels[i] = xstrdup(w ? w : rating_values[i]);
		fd->ratings[i].value = rating_values[i];
		fd->ratings[i].label = fd->rating_labels[i];
	}
	S_known(&x, root, "", top_keys);

	fd->id = S_text(&x, root, "", KEY_ID, 1);
	if (fd->id != NULL && !S_token(fd->id, LOWER_DIGITS "-",
	    FORMDEF_MAX_NAME))
		diag_at(&x, KEY_ID, "id '%s' must be 1 to %d of a-z, 0-9 and "
		    "'-'", fd->id, FORMDEF_MAX_NAME);
	else if (fd->id != NULL && strcmp(fd->id, NAMES_FORM_STATUS) == 0)
		diag_at(&x, KEY_ID, "id '%s' is taken: /forms/%s is the "
		    "applicants' status page; choose another id",
		    NAMES_FORM_STATUS, NAMES_FORM_STATUS);
	else if (fd->id != NULL && strcmp(fd->id, stem) != 0)
		diag_at(&x, KEY_ID, "id '%s' differs from the file name; "
		    "rename the file to %s.yaml or write 'id: %s'", fd->id,
		    fd->id, stem);
	fd->title = S_text(&x, root, "", KEY_TITLE, 1);
	fd->intro = S_text(&x, root, "", KEY_INTRO, 0);
	if ((b = S_bool(&x, root, "", KEY_ANONYMOUS, 0)) >= 0)
		fd->anonymous = b;
	if (fd->anonymous) {
		if (S_int(&x, root, "", KEY_RETENTION_DAYS, 1, 0, 3650, &n) == 1
		    && n != 0)
			diag_at(&x, KEY_RETENTION_DAYS, "an anonymous form "
			    "keeps nothing personal: write 'retention_days: 0'"
			    " or remove 'anonymous: true'");
	} else if (S_int(&x, root, "", KEY_RETENTION_DAYS, 1, 1, 3650,
	    &n) == 1)
		fd->retention_days = (int)n;
	if (S_int(&x, root, "", KEY_PRIVACY_NOTICE_VERSION, 1, 1, 1000000,
	    &n) == 1)
		fd->notice_version = (int)n;
	fd->prefix = S_text(&x, root, "", KEY_REFERENCE_PREFIX, 1);
	if (fd->prefix != NULL && !S_token(fd->prefix,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4))
		diag_at(&x, KEY_REFERENCE_PREFIX, "reference_prefix '%s' must "
		    "be 1 to 4 capital letters A-Z, such as SR", fd->prefix);

	fd->policy = S_text(&x, root, "", FD_POLICY, 0);
	if (fd->policy != NULL && !S_token(fd->policy, LOWER_DIGITS "-",
	    FORMDEF_MAX_NAME)) {
		diag_at(&x, FD_POLICY, "policy '%s' must be a policy's slug: "
		    "the name of its folder under policies/", fd->policy);
		fd->policy = NULL;
	}

	conf = json_object_get(root, KEY_CONFIRMATION);
	if (conf == NULL || !json_is_object(conf))
		diag_at(&x, KEY_CONFIRMATION, "'confirmation' is %s; add "
		    "'confirmation:' with 'title: ...' and 'body: ...' (what "
		    "happens next)", conf == NULL ? "missing" :
		    "not keys 'title' and 'body'");
	else {
		S_known(&x, conf, "confirmation", confirmation_keys);
		conf_title = S_text(&x, conf, "confirmation", KEY_TITLE, 1);
		conf_body = S_text(&x, conf, "confirmation", KEY_BODY, 1);
	}

	fields = json_object_get(root, KEY_FIELDS);
	if (fields == NULL || !json_is_array(fields) ||
	    json_array_size(fields) == 0 ||
	    json_array_size(fields) > FORMDEF_MAX_FIELDS) {
		diag_at(&x, KEY_FIELDS, "'fields' must be a list of 1 to %d "
		    "fields, each '- name: ...' with 'label:' and 'type:'",
		    FORMDEF_MAX_FIELDS);
		goto out;
	}
	/* Room for every option the file declares, checked or not. */
	nopt = 0;
	json_array_foreach(fields, i, v) {
		json_t *o = json_object_get(v, KEY_OPTIONS);

		if (json_is_array(o))
			nopt += json_array_size(o);
	}
	fd->options = xcalloc(nopt, sizeof(*fd->options));
	fd->nfields = json_array_size(fields);
	fd->fields = xcalloc(fd->nfields, sizeof(*fd->fields));
	json_array_foreach(fields, i, v)
		S_field(&x, fd, i, v, &fd->fields[i], &next_option);
	if (fd->anonymous)
		for (i = 0; i < fd->nfields; i++) {
			char at[48];

			if (!types[fd->fields[i].type].personal)
				continue;
			snprintf(at, sizeof(at), "fields.%zu.type", i);
			diag_at(&x, at, "an anonymous form cannot ask for "
			    "a %s; remove the field or 'anonymous: true'",
			    types[fd->fields[i].type].name);
		}
	S_require_one_of(&x, fd, root);
	if (x.nerr == 0)
		S_build_json(fd, conf_title, conf_body);
out:
	if (x.nerr > 0) {
		formdef_free(fd);
		fd = NULL;
	}
	yj_free(x.doc);
	buf_free(&src);
	return fd;
}

void
formdef_free(struct formdef *fd)
{
	size_t	 i;

	if (fd == NULL)
		return;
	json_decref(fd->src);
	json_decref(fd->json);
	free(fd->fields);
	free(fd->options);
	free(fd->one_of);
	free(fd->one_of_msg);
	for (i = 0; i < FORMDEF_RATINGS; i++)
		free(fd->rating_labels[i]);
	free(fd);
}

const char *
formdef_id(const struct formdef *fd)
{
	return fd->id;
}

const char *
formdef_title(const struct formdef *fd)
{
	return fd->title;
}

const char *
formdef_intro(const struct formdef *fd)
{
	return fd->intro;
}

int
formdef_retention_days(const struct formdef *fd)
{
	return fd->retention_days;
}

int
formdef_anonymous(const struct formdef *fd)
{
	return fd->anonymous;
}

int
formdef_notice_version(const struct formdef *fd)
{
	return fd->notice_version;
}

const char *
formdef_reference_prefix(const struct formdef *fd)
{
	return fd->prefix;
}

const char *
formdef_policy(const struct formdef *fd)
{
	return fd->policy;
}

size_t
formdef_nfields(const struct formdef *fd)
{
	return fd->nfields;
}

const struct formdef_field *
formdef_field_at(const struct formdef *fd, size_t i)
{
	return i < fd->nfields ? &fd->fields[i] : NULL;
}

long
formdef_field_index(const struct formdef *fd, const char *name)
{
	size_t	 i;

	if (name == NULL)
		return -1;
	for (i = 0; i < fd->nfields; i++)
		if (fd->fields[i].name != NULL &&
		    strcmp(fd->fields[i].name, name) == 0)
			return (long)i;
	return -1;
}

const struct formdef_field *
formdef_field_find(const struct formdef *fd, const char *name)
{
	long	 i = formdef_field_index(fd, name);

	return i < 0 ? NULL : &fd->fields[i];
}

const char *
formdef_answer_text(const struct formdef_field *f, const char *value,
    int label, const char *given)
{
	size_t	 i;

	if (f == NULL || value == NULL)
		return value;
	if (f->type == FORMDEF_CONSENT && strcmp(value, "yes") == 0)
		return given;
	if (f->type == FORMDEF_CHOICE || (f->type == FORMDEF_RATING && label))
		for (i = 0; i < f->noptions; i++)
			if (strcmp(f->options[i].value, value) == 0)
				return f->options[i].label;
	return value;
}

size_t
formdef_one_of_count(const struct formdef *fd)
{
	return fd->none_of;
}

const char *
formdef_one_of_name(const struct formdef *fd, size_t i)
{
	return i < fd->none_of ? fd->one_of[i] : NULL;
}

const char *
formdef_one_of_message(const struct formdef *fd)
{
	return fd->none_of > 0 ? fd->one_of_msg : NULL;
}

const char *
formdef_type_name(enum formdef_type t)
{
	if ((size_t)t >= FORMDEF_NTYPES)
		return "?";
	return types[t].name;
}

const json_t *
formdef_json(const struct formdef *fd)
{
	return fd->json;
}

static int
S_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct formdef *
formdef_load(const char *path, const struct formdef_words *words,
    struct buf *err)
{
	return S_load(NULL, path, words, err);
}

struct formdef_dir *
formdef_dir_load(const char *root, const char *dir,
    const struct formdef_words *words, struct buf *err)
{
	struct formdef_dir	*d = NULL;
	struct formdef		*fd;
	DIR			*dp = NULL;
	struct dirent		*de;
	struct buf		 path = BUF_INIT;
	char			**names = NULL;
	size_t			 n = 0, cap = 0, i, j, len;
	int			 nerr = 0;

	if (root == NULL)
		root = dir;
	if ((dp = fsx_opendir_in(root, dir)) == NULL) {
		buf_printf(err, "%s: cannot open the forms folder: %s\n", dir,
		    fsx_strerror(errno));
		nerr++;
		goto out;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (len > 4 && strcmp(de->d_name + len - 4, ".yml") == 0) {
			buf_printf(err, "%s/%s:1: form definitions end in "
			    ".yaml; rename the file\n", dir, de->d_name);
			nerr++;
			continue;
		}
		if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		if (n == FORMDEF_MAX_FORMS) {
			buf_printf(err, "%s: more than %d form definitions\n",
			    dir, FORMDEF_MAX_FORMS);
			nerr++;
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), S_cmp_names);

	d = xcalloc(1, sizeof(*d));
	d->forms = xcalloc(n, sizeof(*d->forms));
	d->json = json_object();
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		if ((fd = S_load(root, path.data, words, err)) == NULL) {
			nerr++;
			continue;
		}
		for (j = 0; j < d->n; j++)
			if (strcmp(formdef_reference_prefix(d->forms[j]),
			    fd->prefix) == 0)
				break;
		if (j < d->n) {
			buf_printf(err, "%s:1: reference_prefix '%s' is "
			    "also used by form '%s'; give each form its own "
			    "prefix\n", path.data, fd->prefix,
			    formdef_id(d->forms[j]));
			nerr++;
			formdef_free(fd);
			continue;
		}
		d->forms[d->n++] = fd;
		json_object_set(d->json, fd->id, fd->json);
	}
out:
	if (dp != NULL)
		closedir(dp);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&path);
	if (nerr > 0) {
		formdef_dir_free(d);
		d = NULL;
	}
	return d;
}

void
formdef_dir_free(struct formdef_dir *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		formdef_free(d->forms[i]);
	free(d->forms);
	json_decref(d->json);
	free(d);
}

size_t
formdef_dir_count(const struct formdef_dir *d)
{
	return d->n;
}

const struct formdef *
formdef_dir_at(const struct formdef_dir *d, size_t i)
{
	return i < d->n ? d->forms[i] : NULL;
}

const struct formdef *
formdef_dir_find(const struct formdef_dir *d, const char *id)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->forms[i]->id, id) == 0)
			return d->forms[i];
	return NULL;
}

const json_t *
formdef_dir_json(const struct formdef_dir *d)
{
	return d->json;
}
