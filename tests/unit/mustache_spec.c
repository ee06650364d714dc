/*
 * mustache_spec: runs the official Mustache specification (the JSON files
 * in the directory given as the only argument) against lib/mustache.
 *
 * Prints "PASS file: test" or "FAIL file: test: ..." per test. When the
 * directory is absent every test is unknown, so it prints one SKIP line
 * and no PASS. Lambdas are out of scope: their file is skipped by name.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "mst_json.h"
#include "mustache.h"

static int
S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
S_run_test(const char *file, json_t *t)
{
	const char		*name, *tpl, *expected, *pname;
	json_t			*partials, *p;
	struct mst_env		*env;
	const struct mst_tpl	*ct;
	struct mst_error	 err;
	struct buf		 out = BUF_INIT, label = BUF_INIT;

	name = json_string_value(json_object_get(t, "name"));
	tpl = json_string_value(json_object_get(t, "template"));
	expected = json_string_value(json_object_get(t, "expected"));
	buf_printf(&label, "%s: %s", file, name ? name : "?");
	if (tpl == NULL || expected == NULL) {
		check(0, buf_cstr(&label), "malformed test");
		buf_free(&label);
		return;
	}
	env = mst_env_new(NULL, NULL);
	partials = json_object_get(t, "partials");
	json_object_foreach(partials, pname, p) {
		if (mst_env_add(env, pname, json_string_value(p),
		    json_string_length(p), &err) == NULL)
			printf("# partial %s: %s\n", pname, err.msg);
	}
	ct = mst_env_add(env, "(template)", tpl, strlen(tpl), &err);
	if (ct == NULL) {
		printf("FAIL %s: compile error at %d:%d: %s\n",
		    buf_cstr(&label), err.line, err.column, err.msg);
		check_failed = 1;
	} else if (mst_render(env, ct, &mst_json, json_object_get(t, "data"),
	    &out, &err) == -1) {
		printf("FAIL %s: render error: %s\n", buf_cstr(&label),
		    err.msg);
		check_failed = 1;
	} else if (strcmp(buf_cstr(&out), expected) != 0) {
		json_t	*gj = json_string(buf_cstr(&out));
		json_t	*wj = json_string(expected);
		char	*g = json_dumps(gj, JSON_ENCODE_ANY);
		char	*w = json_dumps(wj, JSON_ENCODE_ANY);

		printf("FAIL %s: got %s want %s\n", buf_cstr(&label), g, w);
		check_failed = 1;
		free(g);
		free(w);
		json_decref(gj);
		json_decref(wj);
	} else
		check(1, buf_cstr(&label), NULL);
	mst_env_free(env);
	buf_free(&out);
	buf_free(&label);
}

int
main(int argc, char *argv[])
{
	DIR		*d;
	struct dirent	*e;
	char		**files = NULL, path[4096];
	size_t		 n = 0, i, j;
	json_t		*root, *tests;
	json_error_t	 jerr;

	if (argc != 2) {
		fprintf(stderr, "usage: mustache_spec DIR\n");
		return 2;
	}
	if ((d = opendir(argv[1])) == NULL) {
		printf("FAIL mustache-spec: %s not found; the specification "
		    "lives in tests/spec/mustache\n", argv[1]);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 ||
		    strstr(e->d_name, "lambdas") != NULL)
			continue;
		files = xrealloc(files, (n + 1) * sizeof(*files));
		files[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(files, n, sizeof(*files), S_cmp);
	if (n == 0) {
		printf("FAIL mustache-spec: no JSON files in %s\n", argv[1]);
		check_failed = 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[1], files[i]);
		if ((root = json_load_file(path, 0, &jerr)) == NULL) {
			printf("FAIL %s: %s\n", files[i], jerr.text);
			check_failed = 1;
			continue;
		}
		tests = json_object_get(root, "tests");
		for (j = 0; j < json_array_size(tests); j++)
			S_run_test(files[i], json_array_get(tests, j));
		json_decref(root);
		free(files[i]);
	}
	free(files);
	return check_exit();
}
