/*
 * test_formdef: the form definitions of lib/formdef.
 *
 *  - The three real definitions in content/forms load, with the fields,
 *    limits and options the product needs; the survey's channels are
 *    exactly the channels of content/channels (slugs and titles).
 *  - Golden files: every tests/golden/formdef/X.yaml with an X.err beside
 *    it must fail to load with exactly that text (each line is
 *    "PATH:LINE: message"); one without .err must load.
 *  - Folders: sorting, lookup, the JSON object, duplicate prefixes, .yml
 *    files and a missing folder.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "check.h"
#include "formdef.h"
#include "frontmatter.h"
#include "fsx.h"
#include "yamljson.h"

/* The words a loader gives (the shipped catalog's, group rating). */
static const struct formdef_words words = { {
	"ضعيف", "مقبول", "جيد", "جيد جدًا", "ممتاز"
} };

#define GOLDEN	"tests/golden/formdef"

static int
S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
t_golden(void)
{
	DIR		*dp;
	struct dirent	*de;
	char		*names[256];
	size_t		 n = 0, i, len;
	struct buf	 path = BUF_INIT, errp = BUF_INIT, want = BUF_INIT;
	struct buf	 err = BUF_INIT;
	struct formdef	*fd;
	char		 name[256];

	if ((dp = opendir(GOLDEN)) == NULL) {
		check(0, "golden folder", GOLDEN " cannot be opened");
		return;
	}
	while ((de = readdir(dp)) != NULL && n < 256) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), S_cmp);
	check(n >= 25, "at least 25 golden definitions", NULL);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_reset(&errp);
		buf_reset(&want);
		buf_reset(&err);
		buf_printf(&path, GOLDEN "/%s", names[i]);
		buf_printf(&errp, GOLDEN "/%.*s.err",
		    (int)(strlen(names[i]) - 5), names[i]);
		snprintf(name, sizeof(name), "golden %s", names[i]);
		fd = formdef_load(path.data, &words, &err);
		if (fsx_read(errp.data, 1 << 20, &want) == -1) {
			check(fd != NULL && err.len == 0, name,
			    buf_cstr(&err));
		} else if (fd != NULL) {
			check(0, name, "loaded, but an error was expected");
		} else
			check_str(buf_cstr(&err), buf_cstr(&want), name);
		formdef_free(fd);
		free(names[i]);
	}
	buf_free(&path);
	buf_free(&errp);
	buf_free(&want);
	buf_free(&err);
}

static void
t_minimal(void)
{
	struct buf			 err = BUF_INIT;
	struct formdef			*fd;
	const struct formdef_field	*f;
	const json_t			*j, *jf;

	fd = formdef_load(GOLDEN "/minimal.yaml", &words, &err);
	if (!check(fd != NULL, "minimal loads", buf_cstr(&err)))
		goto out;
	f = formdef_field_at(fd, 0);
	check(f != NULL && f->type == FORMDEF_TEXT && f->required == 0 &&
	    f->max == 200 && f->min == 0 && f->help == NULL &&
	    f->autocomplete == NULL && f->noptions == 0,
	    "minimal: text defaults (optional, max 200)", NULL);
	check(formdef_field_at(fd, 1) == NULL &&
	    formdef_field_find(fd, "nope") == NULL &&
	    formdef_field_index(fd, "full_name") == 0,
	    "minimal: lookups", NULL);
	check(formdef_anonymous(fd) == 0 && formdef_one_of_count(fd) == 0 &&
	    formdef_one_of_message(fd) == NULL &&
	    formdef_intro(fd) == NULL, "minimal: form defaults", NULL);
	j = formdef_json(fd);
	jf = json_array_get(json_object_get(j, "fields"), 0);
	check(json_object_get(j, "intro") == NULL &&
	    json_is_true(json_object_get(jf, "optional")) &&
	    json_is_false(json_object_get(jf, "required")) &&
	    json_is_true(json_object_get(jf, "type_text")) &&
	    json_is_false(json_object_get(jf, "type_email")) &&
	    json_is_true(json_object_get(jf, "first")) &&
	    json_integer_value(json_object_get(jf, "max")) == 200,
	    "minimal: template JSON", NULL);
out:
	formdef_free(fd);
	formdef_free(NULL);
	buf_free(&err);
}

/* Field name of fd at i has type t and required r. */
static int
S_is(const struct formdef *fd, size_t i, const char *name,
    enum formdef_type t, int r)
{
	const struct formdef_field *f = formdef_field_at(fd, i);

	return f != NULL && strcmp(f->name, name) == 0 && f->type == t &&
	    f->required == r && f->label != NULL && f->label[0] != '\0';
}

static void
t_support_request(void)
{
	struct buf			 err = BUF_INIT;
	struct formdef			*fd;
	const struct formdef_field	*f;
	const json_t			*j, *jf;

	fd = formdef_load("content/forms/support-request.yaml", &words,
	    &err);
	if (!check(fd != NULL, "support-request loads", buf_cstr(&err)))
		goto out;
	check(strcmp(formdef_id(fd), "support-request") == 0 &&
	    formdef_retention_days(fd) == 1825 && !formdef_anonymous(fd) &&
	    formdef_notice_version(fd) == 1 &&
	    strcmp(formdef_reference_prefix(fd), "SR") == 0 &&
	    formdef_nfields(fd) == 9, "support-request: form keys", NULL);
	check(S_is(fd, 0, "full_name", FORMDEF_TEXT, 1) &&
	    S_is(fd, 1, "national_id", FORMDEF_NATIONAL_ID, 1) &&
	    S_is(fd, 2, "mobile", FORMDEF_MOBILE, 1) &&
	    S_is(fd, 3, "city", FORMDEF_TEXT, 1) &&
	    S_is(fd, 4, "family_size", FORMDEF_INTEGER, 1) &&
	    S_is(fd, 5, "monthly_income", FORMDEF_INTEGER, 1) &&
	    S_is(fd, 6, "need", FORMDEF_TEXTAREA, 1) &&
	    S_is(fd, 7, "declaration", FORMDEF_CONSENT, 1) &&
	    S_is(fd, 8, "privacy_consent", FORMDEF_CONSENT, 1),
	    "support-request: fields in order", NULL);
	f = formdef_field_find(fd, "full_name");
	check(f->max == 100 && strcmp(f->autocomplete, "name") == 0,
	    "support-request: full_name max 100, autocomplete", NULL);
	f = formdef_field_find(fd, "national_id");
	check(f->help != NULL && strcmp(f->help,
	    "رقم الهوية الوطنية أو الإقامة، 10 أرقام") == 0,
	    "support-request: national_id help", NULL);
	f = formdef_field_find(fd, "mobile");
	check(f->help != NULL && strstr(f->help, "05") != NULL,
	    "support-request: mobile help has the 05 example", NULL);
	check(formdef_field_find(fd, "city")->max == 60,
	    "support-request: city max 60", NULL);
	f = formdef_field_find(fd, "family_size");
	check(f->min == 1 && f->max == 30, "support-request: family 1..30",
	    NULL);
	f = formdef_field_find(fd, "monthly_income");
	check(f->min == 0 && f->max == 1000000 && f->help != NULL &&
	    strstr(f->help, "بالريال السعودي") != NULL,
	    "support-request: income 0..1000000 in riyals", NULL);
	/* No source names kinds of support: the form asks for none. */
	check(formdef_field_find(fd, "support_type") == NULL,
	    "support-request: no support types", NULL);
	check(formdef_field_find(fd, "need")->max == 2000,
	    "support-request: need max 2000", NULL);
	f = formdef_field_find(fd, "declaration");
	check(f->statement != NULL && strstr(f->statement, "صحيحة") &&
	    strstr(f->statement, "مسؤولية مباشرة"),
	    "support-request: declaration statement", NULL);
	f = formdef_field_find(fd, "privacy_consent");
	check(f->statement != NULL && strstr(f->statement, "إشعار الخصوصية"),
	    "support-request: privacy statement", NULL);
	j = formdef_json(fd);
	check(strstr(json_string_value(json_object_get(json_object_get(j,
	    "confirmation"), "body")), "لا تقل عن أسبوعين") != NULL &&
	    strstr(json_string_value(json_object_get(json_object_get(j,
	    "confirmation"), "body")), "لجنة البحث") != NULL,
	    "support-request: confirmation names the committee and the days",
	    NULL);
	jf = json_array_get(json_object_get(j, "fields"), 1);
	check(json_is_true(json_object_get(jf, "type_national_id")) &&
	    json_is_true(json_object_get(jf, "ltr")) &&
	    strcmp(json_string_value(json_object_get(jf, "inputmode")),
	    "numeric") == 0, "support-request: national_id JSON", NULL);
	jf = json_array_get(json_object_get(j, "fields"), 2);
	check(strcmp(json_string_value(json_object_get(jf, "input_type")),
	    "tel") == 0, "support-request: mobile is type=tel", NULL);
out:
	formdef_free(fd);
	buf_free(&err);
}

/* The channels of content/channels as a JSON object slug -> title. */
static json_t *
S_channels(void)
{
	json_t		*o = json_object();
	DIR		*dp;
	struct dirent	*de;
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	struct fm_split	 fm;
	struct yj_doc	*doc;
	size_t		 len;

	if ((dp = opendir("content/channels")) == NULL)
		return o;
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 3 || strcmp(de->d_name + len - 3, ".md") != 0)
			continue;
		buf_reset(&path);
		buf_reset(&src);
		buf_printf(&path, "content/channels/%s", de->d_name);
		if (fsx_read(path.data, 1 << 20, &src) == -1 ||
		    fm_split(src.data, src.len, &fm) != 0)
			continue;
		doc = yj_parse(src.data + fm.yaml_off, fm.yaml_len, 0, NULL);
		if (doc == NULL)
			continue;
		json_object_set(o, buf_cstr(&path) + strlen(
		    "content/channels/"), json_object_get(yj_root(doc),
		    "title"));
		yj_free(doc);
	}
	closedir(dp);
	buf_free(&path);
	buf_free(&src);
	return o;
}

static void
t_survey(void)
{
	struct buf			 err = BUF_INIT, slug = BUF_INIT;
	struct formdef			*fd;
	const struct formdef_field	*f;
	json_t				*channels = NULL, *jf, *t;
	size_t				 i, good;

	fd = formdef_load("content/forms/satisfaction-survey.yaml", &words,
	    &err);
	if (!check(fd != NULL, "satisfaction-survey loads", buf_cstr(&err)))
		goto out;
	check(formdef_anonymous(fd) && formdef_retention_days(fd) == 0 &&
	    strcmp(formdef_reference_prefix(fd), "SS") == 0 &&
	    formdef_nfields(fd) == 7, "survey: anonymous, kept 0 days", NULL);
	check(S_is(fd, 0, "request_ref", FORMDEF_TEXT, 0) &&
	    S_is(fd, 1, "channel", FORMDEF_CHOICE, 1) &&
	    S_is(fd, 2, "reception", FORMDEF_RATING, 1) &&
	    S_is(fd, 3, "clarity", FORMDEF_RATING, 1) &&
	    S_is(fd, 4, "speed", FORMDEF_RATING, 1) &&
	    S_is(fd, 5, "overall", FORMDEF_RATING, 1) &&
	    S_is(fd, 6, "comments", FORMDEF_TEXTAREA, 0),
	    "survey: fields in order", NULL);
	check(formdef_field_at(fd, 0)->max == 20 &&
	    formdef_field_at(fd, 6)->max == 1000, "survey: limits", NULL);
	for (i = 2, good = 0; i <= 5; i++) {
		f = formdef_field_at(fd, i);
		good += f->noptions == 5 && strcmp(f->options[0].value, "5") ==
		    0 && strcmp(f->options[4].value, "1") == 0 &&
		    strstr(f->label, "؟") != NULL;
	}
	check(good == 4, "survey: ratings are questions with 5..1", NULL);

	/* The channel options are the channel pages, slug and title. */
	channels = S_channels();
	f = formdef_field_find(fd, "channel");
	check(json_object_size(channels) == 8 && f->noptions == 8,
	    "survey: eight channels", NULL);
	for (i = 0, good = 0; i < f->noptions; i++) {
		buf_reset(&slug);
		buf_printf(&slug, "%s.md", f->options[i].value);
		t = json_object_get(channels, slug.data);
		if (check(t != NULL && strcmp(json_string_value(t),
		    f->options[i].label) == 0, slug.data,
		    "option is not the channel page's slug and title"))
			good++;
	}
	check(good == 8, "survey: channel options match content/channels",
	    NULL);
	jf = json_array_get(json_object_get(formdef_json(fd), "fields"), 2);
	check(json_is_true(json_object_get(jf, "type_rating")) &&
	    json_array_size(json_object_get(jf, "options")) == 5 &&
	    strcmp(json_string_value(json_object_get(json_array_get(
	    json_object_get(jf, "options"), 0), "label")), "ممتاز") == 0,
	    "survey: rating JSON has its five answers", NULL);
out:
	json_decref(channels);
	formdef_free(fd);
	buf_free(&err);
	buf_free(&slug);
}

static void
t_inquiry(void)
{
	struct buf			 err = BUF_INIT;
	struct formdef			*fd;
	const struct formdef_field	*f;
	const json_t			*j;

	fd = formdef_load("content/forms/inquiry.yaml", &words, &err);
	if (!check(fd != NULL, "inquiry loads", buf_cstr(&err)))
		goto out;
	check(formdef_retention_days(fd) == 730 &&
	    strcmp(formdef_reference_prefix(fd), "IQ") == 0 &&
	    formdef_nfields(fd) == 6, "inquiry: form keys", NULL);
	check(S_is(fd, 0, "kind", FORMDEF_CHOICE, 1) &&
	    S_is(fd, 1, "full_name", FORMDEF_TEXT, 0) &&
	    S_is(fd, 2, "mobile", FORMDEF_MOBILE, 0) &&
	    S_is(fd, 3, "email", FORMDEF_EMAIL, 0) &&
	    S_is(fd, 4, "message", FORMDEF_TEXTAREA, 1) &&
	    S_is(fd, 5, "privacy_consent", FORMDEF_CONSENT, 1),
	    "inquiry: fields in order", NULL);
	f = formdef_field_find(fd, "kind");
	check(f->noptions == 3 && strcmp(f->options[0].label, "استفسار") ==
	    0 && strcmp(f->options[1].label, "شكوى") == 0 &&
	    strcmp(f->options[2].label, "مقترح") == 0 &&
	    strcmp(f->options[2].value, "suggestion") == 0,
	    "inquiry: kinds", NULL);
	check(formdef_field_find(fd, "email")->max == 254 &&
	    formdef_field_find(fd, "message")->max == 2000,
	    "inquiry: limits", NULL);
	check(formdef_one_of_count(fd) == 2 &&
	    strcmp(formdef_one_of_name(fd, 0), "mobile") == 0 &&
	    strcmp(formdef_one_of_name(fd, 1), "email") == 0 &&
	    formdef_one_of_name(fd, 2) == NULL &&
	    strstr(formdef_one_of_message(fd), "البريد الإلكتروني") != NULL,
	    "inquiry: require_one_of", NULL);
	j = formdef_json(fd);
	check(json_array_size(json_object_get(j, "require_one_of")) == 2 &&
	    json_is_string(json_object_get(j, "require_one_of_message")),
	    "inquiry: require_one_of in JSON", NULL);
out:
	formdef_free(fd);
	buf_free(&err);
}

static void
t_dirs(void)
{
	struct buf		 err = BUF_INIT;
	struct formdef_dir	*d;
	const json_t		*j;

	d = formdef_dir_load(NULL, "content/forms", &words, &err);
	if (check(d != NULL, "content/forms loads", buf_cstr(&err))) {
		check(formdef_dir_count(d) == 3 &&
		    strcmp(formdef_id(formdef_dir_at(d, 0)), "inquiry") == 0 &&
		    strcmp(formdef_id(formdef_dir_at(d, 1)),
		    "satisfaction-survey") == 0 &&
		    strcmp(formdef_id(formdef_dir_at(d, 2)),
		    "support-request") == 0 && formdef_dir_at(d, 3) == NULL,
		    "content/forms: three, sorted", NULL);
		check(formdef_dir_find(d, "inquiry") == formdef_dir_at(d, 0) &&
		    formdef_dir_find(d, "nope") == NULL, "dir: find", NULL);
		j = formdef_dir_json(d);
		check(json_object_size(j) == 3 &&
		    json_object_get(j, "support-request") ==
		    formdef_json(formdef_dir_find(d, "support-request")),
		    "dir: JSON by id", NULL);
	}
	formdef_dir_free(d);
	formdef_dir_free(NULL);

	buf_reset(&err);
	d = formdef_dir_load(NULL, GOLDEN "/dir-good", &words, &err);
	check(d != NULL && formdef_dir_count(d) == 2 && err.len == 0,
	    "dir: other files ignored", buf_cstr(&err));
	formdef_dir_free(d);

	buf_reset(&err);
	d = formdef_dir_load(NULL, GOLDEN "/dir-dup", &words, &err);
	check(d == NULL, "dir: duplicate prefix fails", NULL);
	check(strstr(buf_cstr(&err), GOLDEN "/dir-dup/beta.yaml:1: "
	    "reference_prefix 'TT' is also used by form 'alpha'") != NULL,
	    "dir: duplicate prefix message", buf_cstr(&err));
	check(strstr(buf_cstr(&err), GOLDEN "/dir-dup/gamma.yml:1: form "
	    "definitions end in .yaml") != NULL, "dir: .yml message",
	    buf_cstr(&err));

	buf_reset(&err);
	d = formdef_dir_load(NULL, GOLDEN "/no-such-folder", &words, &err);
	check(d == NULL && strncmp(buf_cstr(&err), GOLDEN "/no-such-folder: "
	    "cannot open", strlen(GOLDEN) + 28) == 0, "dir: missing folder",
	    buf_cstr(&err));

	buf_reset(&err);
	check(formdef_load(GOLDEN "/nothing.yaml", &words, &err) == NULL &&
	    strstr(buf_cstr(&err), "nothing.yaml:1: cannot read") != NULL,
	    "missing file", buf_cstr(&err));
	buf_reset(&err);
	check(formdef_load("content/site.yml", &words, &err) == NULL &&
	    strstr(buf_cstr(&err), "named <id>.yaml") != NULL,
	    "not a .yaml name", buf_cstr(&err));
	check(strcmp(formdef_type_name(FORMDEF_NATIONAL_ID), "national_id")
	    == 0 && strcmp(formdef_type_name((enum formdef_type)99), "?") ==
	    0, "type names", NULL);
	buf_free(&err);
}

int
main(void)
{
	t_golden();
	t_minimal();
	t_support_request();
	t_survey();
	t_inquiry();
	t_dirs();
	return check_exit();
}
