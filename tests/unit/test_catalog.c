/*
 * test_catalog: the catalog of user-facing words: nested keys, texts
 * rendered with parameters and not HTML-escaped, missing keys found at
 * start, bad catalogs refused with the line, and the shipped catalog
 * loading.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "check.h"
#include "catalog.h"

static const char cat[] =
    "field:\n"
    "  required: \"اكتب {{label}}\"\n"
    "  range: \"أدخل {{label}} من {{min}} إلى {{max}}\"\n"
    "plain: نص ثابت\n";

int
main(void)
{
	struct buf	 err = BUF_INIT, out = BUF_INIT;
	struct catalog	*s;
	json_t		*p;
	const char	*need[] = { "field.required", NULL, "plain" };
	const char	*missing[] = { "field.required", "field.absent" };

	s = catalog_parse(cat, sizeof(cat) - 1, "cat.yaml", &err);
	check(s != NULL, "parse", buf_cstr(&err));
	if (s == NULL)
		return 1;
	check_str(catalog_get(s, "plain"), "نص ثابت", "get plain text");
	check(catalog_get(s, "field") == NULL, "a group is not a text", NULL);
	check(catalog_get(s, "nope") == NULL, "absent key", NULL);

	p = json_pack("{s:s}", "label", "الاسم <والكنية> & \"اللقب\"");
	check(catalog_put(s, "field.required", p, &out) == 0, "put", NULL);
	check_str(buf_cstr(&out), "اكتب الاسم <والكنية> & \"اللقب\"",
	    "parameters are not HTML-escaped");
	json_decref(p);

	buf_reset(&out);
	p = json_pack("{s:s,s:I,s:I}", "label", "العمر", "min", (json_int_t)18,
	    "max", (json_int_t)99);
	catalog_put(s, "field.range", p, &out);
	check_str(buf_cstr(&out), "أدخل العمر من 18 إلى 99", "numbers");
	json_decref(p);

	buf_reset(&out);
	buf_puts(&out, "x");
	check(catalog_put(s, "field.absent", NULL, &out) == -1 &&
	    strcmp(buf_cstr(&out), "x") == 0, "absent key leaves out as it was",
	    NULL);

	check(catalog_require(s, need, 3, &err) == 0, "require present", NULL);
	buf_reset(&err);
	check(catalog_require(s, missing, 2, &err) == -1 &&
	    strstr(buf_cstr(&err), "'field.absent'") != NULL &&
	    strstr(buf_cstr(&err), "'field.required'") == NULL,
	    "require names the missing key only", buf_cstr(&err));
	catalog_free(s);

	buf_reset(&err);
	s = catalog_parse("a: ok\nb:\n  - 1\n", 15, "bad.yaml", &err);
	check(s == NULL && strstr(buf_cstr(&err), "bad.yaml:2:") != NULL,
	    "a list is refused at its line", buf_cstr(&err));
	buf_reset(&err);
	s = catalog_parse("a: \"{{#x}}\"\n", 12, "bad.yaml", &err);
	check(s == NULL && strstr(buf_cstr(&err), "bad.yaml:1:") != NULL,
	    "a text that does not compile is refused", buf_cstr(&err));
	buf_reset(&err);
	s = catalog_parse("a: [1\n", 6, "bad.yaml", &err);
	check(s == NULL && strstr(buf_cstr(&err), "bad YAML") != NULL,
	    "bad YAML", buf_cstr(&err));

	buf_reset(&err);
	s = catalog_load("templates/strings.yaml", &err);
	check(s != NULL, "the shipped catalog loads", buf_cstr(&err));
	catalog_free(s);
	s = catalog_load("/nonexistent/strings.yaml", &err);
	check(s == NULL && strstr(buf_cstr(&err), "cannot read") != NULL,
	    "a missing catalog is an error", NULL);

	buf_free(&err);
	buf_free(&out);
	return check_failed;
}
