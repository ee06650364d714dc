/*
 * test_mustache: golden-file tests of lib/mustache beyond the official
 * specification, plus limits that are easier to build in code.
 *
 * Every tests/golden/mustache/NAME.mustache with a NAME.out is rendered
 * with NAME.json (or {}) as data and must equal NAME.out byte for byte;
 * one with a NAME.err must fail with "line:column: message" equal to the
 * first line of NAME.err. All files in the folder are also the partials,
 * loaded by name through the loader, in strict mode.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "mst_json.h"
#include "mustache.h"

#define DIR_GOLDEN "tests/golden/mustache"

static int
S_read(const char *path, struct buf *b)
{
	FILE	*f;
	char	 tmp[4096];
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_put(b, tmp, n);
	fclose(f);
	return 0;
}

static int
S_load(void *arg, const char *name, struct buf *src, struct mst_error *err)
{
	char	 path[1024];

	(void)arg;
	(void)err;
	snprintf(path, sizeof(path), "%s/%s.mustache", DIR_GOLDEN, name);
	return S_read(path, src) == 0 ? 1 : 0;
}

static void
S_golden(const char *name)
{
	char			 path[1024];
	struct buf		 want = BUF_INIT, got = BUF_INIT, msg = BUF_INIT;
	struct buf		 label = BUF_INIT;
	struct mst_env		*env;
	const struct mst_tpl	*tpl;
	struct mst_error	 err;
	json_t			*data = NULL;
	json_error_t		 jerr;
	int			 expect_err = 0, rc;

	snprintf(path, sizeof(path), "%s/%s.out", DIR_GOLDEN, name);
	if (S_read(path, &want) == -1) {
		snprintf(path, sizeof(path), "%s/%s.err", DIR_GOLDEN, name);
		if (S_read(path, &want) == -1)
			return;	/* only a partial */
		expect_err = 1;
		if (want.len > 0 && want.data[want.len - 1] == '\n')
			want.data[--want.len] = '\0';
	}
	buf_printf(&label, "golden %s", name);
	snprintf(path, sizeof(path), "%s/%s.json", DIR_GOLDEN, name);
	data = json_load_file(path, 0, &jerr);
	if (data == NULL)
		data = json_object();
	env = mst_env_new(S_load, NULL);
	mst_env_set_strict(env, 1);
	tpl = mst_env_get(env, name, &err);
	rc = tpl == NULL ? -1 : mst_env_check(env, tpl, &err);
	if (rc == 0) {
		buf_puts(&got, "unchanged");
		rc = mst_render(env, tpl, &mst_json, data, &got, &err);
		if (rc == -1 && strcmp(buf_cstr(&got), "unchanged") != 0)
			check(0, buf_cstr(&label), "failed render wrote output");
		if (rc == 0) {
			/* drop the marker */
			memmove(got.data, got.data + 9, got.len - 9 + 1);
			got.len -= 9;
		}
	}
	if (expect_err) {
		if (rc == 0)
			check(0, buf_cstr(&label), "rendered, want an error");
		else {
			buf_printf(&msg, "%d:%d: %s", err.line, err.column,
			    err.msg);
			check_str(buf_cstr(&msg), buf_cstr(&want),
			    buf_cstr(&label));
		}
	} else if (rc == -1) {
		buf_printf(&msg, "%s %d:%d: %s", err.name, err.line,
		    err.column, err.msg);
		check(0, buf_cstr(&label), buf_cstr(&msg));
	} else
		check_str(buf_cstr(&got), buf_cstr(&want), buf_cstr(&label));
	mst_env_free(env);
	json_decref(data);
	buf_free(&want);
	buf_free(&got);
	buf_free(&msg);
	buf_free(&label);
}

/* 101 nested sections: a compile error, not a crash. */
static void
S_deep_nesting(void)
{
	struct buf		 src = BUF_INIT;
	struct mst_env		*env = mst_env_new(NULL, NULL);
	struct mst_error	 err;
	int			 i;

	for (i = 0; i < MST_MAX_DEPTH + 1; i++)
		buf_puts(&src, "{{#a}}");
	for (i = 0; i < MST_MAX_DEPTH + 1; i++)
		buf_puts(&src, "{{/a}}");
	check(mst_env_add(env, "deep", src.data, src.len, &err) == NULL &&
	    strstr(err.msg, "nested deeper") != NULL,
	    "limit: sections nested deeper than the bound", err.msg);
	buf_reset(&src);
	for (i = 0; i < MST_MAX_DEPTH; i++)
		buf_puts(&src, "{{#a}}");
	for (i = 0; i < MST_MAX_DEPTH; i++)
		buf_puts(&src, "{{/a}}");
	check(mst_env_add(env, "ok", src.data, src.len, &err) != NULL,
	    "limit: nesting at the bound compiles", err.msg);
	mst_env_free(env);
	buf_free(&src);
}

/* Compile once, render many times with different data. */
static void
S_render_many(void)
{
	struct mst_env		*env = mst_env_new(NULL, NULL);
	struct mst_error	 err;
	const struct mst_tpl	*t;
	struct buf		 out = BUF_INIT;
	json_t			*d;
	int			 i, ok = 1;
	char			 want[64];

	t = mst_env_add(env, "t", "<{{n}}>", 7, &err);
	for (i = 0; t != NULL && i < 1000; i++) {
		buf_reset(&out);
		d = json_pack("{s:i}", "n", i);
		mst_render(env, t, &mst_json, d, &out, &err);
		snprintf(want, sizeof(want), "<%d>", i);
		if (strcmp(buf_cstr(&out), want) != 0)
			ok = 0;
		json_decref(d);
	}
	check(t != NULL && ok, "one compiled template renders 1000 times",
	    NULL);
	buf_free(&out);
	mst_env_free(env);
}

/* What a template may read: its own tags, its sections' contents, its
 * partials and parents with their blocks; a dynamic name is unknown. */
static void
S_uses(void)
{
	static const struct {
		const char	*name, *src;
	} tpls[] = {
		{ "part", "{{#site}}{{pages.0.title}}{{/site}}" },
		{ "base", "<{{$b}}{{nav}}{{/b}}>" },
		{ "top", "{{page.title}}{{> part}}{{<base}}{{$b}}"
		    "{{#x}}{{^channels}}none{{/channels}}{{/x}}{{/b}}{{/base}}" },
		{ "dyn", "{{>*which}}" },
		{ "blk", "{{$channels}}block names are not data{{/channels}}"
		    "{{channelsx}}{{.}}" },
	};
	static const struct {
		const char	*tpl, *name;
		int		 want;
	} cases[] = {
		{ "top", "page", 1 },		/* dotted */
		{ "top", "pages", 1 },		/* in a partial, in a section */
		{ "top", "channels", 1 },	/* in a block of a parent */
		{ "top", "nav", 1 },		/* in the parent's own block */
		{ "top", "services", 0 },
		{ "top", "title", 0 },		/* only after a dot */
		{ "dyn", "anything", -1 },
		{ "blk", "channels", 0 },
		{ "blk", "channel", 0 },	/* a whole first part only */
	};
	struct mst_env		*env = mst_env_new(NULL, NULL);
	struct mst_error	 err;
	const struct mst_tpl	*t;
	size_t			 i;
	char			 name[64];

	for (i = 0; i < sizeof(tpls) / sizeof(tpls[0]); i++)
		mst_env_add(env, tpls[i].name, tpls[i].src,
		    strlen(tpls[i].src), &err);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = mst_env_get(env, cases[i].tpl, &err);
		snprintf(name, sizeof(name), "uses: %s reads %s: %d",
		    cases[i].tpl, cases[i].name, cases[i].want);
		check(t != NULL && mst_env_uses(env, t, cases[i].name) ==
		    cases[i].want, name, NULL);
	}
	/* Asking leaves the templates as they were: the same answer twice. */
	t = mst_env_get(env, "top", &err);
	check(t != NULL && mst_env_uses(env, t, "pages") == 1 &&
	    mst_env_uses(env, t, "pages") == 1, "uses: asked twice", NULL);
	mst_env_free(env);
}

/* A loader over a fixed table, counting its calls. */
static int
S_table_load(void *arg, const char *name, struct buf *src,
    struct mst_error *err)
{
	int	*calls = arg;

	(void)err;
	(*calls)++;
	if (strcmp(name, "good") == 0)
		buf_puts(src, "good:{{x}}");
	else if (strcmp(name, "broken") == 0)
		buf_puts(src, "{{#x}}never closed");
	else
		return 0;
	return 1;
}

/* Loading happens in mst_env_get and mst_env_check only; rendering reads
 * what the environment holds, and a failed load keeps its reason. */
static void
S_loading(void)
{
	int			 calls = 0;
	struct mst_env		*env = mst_env_new(S_table_load, &calls);
	struct mst_error	 e1, e2;
	const struct mst_tpl	*t;
	struct buf		 out = BUF_INIT;
	json_t			*d = json_pack("{s:s,s:s}", "x", "1", "which",
				    "broken");

	mst_env_set_strict(env, 1);
	t = mst_env_add(env, "top", "[{{>good}}]", 11, &e1);
	check(t != NULL && mst_render(env, t, &mst_json, d, &out, &e1) ==
	    -1 && strstr(e1.msg, "no template called 'good'") != NULL &&
	    calls == 0, "loading: rendering never loads a partial", e1.msg);
	check(t != NULL && mst_env_check(env, t, &e1) == 0 && calls == 1 &&
	    mst_render(env, t, &mst_json, d, &out, &e1) == 0 &&
	    strcmp(buf_cstr(&out), "[good:1]") == 0,
	    "loading: mst_env_check loads it, then it renders", e1.msg);
	check(mst_env_get(env, "broken", &e1) == NULL && e1.msg[0] != '\0' &&
	    mst_env_get(env, "broken", &e2) == NULL && calls == 2 &&
	    strcmp(e1.msg, e2.msg) == 0 && e1.line == e2.line,
	    "loading: a failed load is kept with its reason", e2.msg);
	check(mst_env_find(env, "broken", &e2) == NULL &&
	    strcmp(e1.msg, e2.msg) == 0 && mst_env_find(env, "none", &e2) ==
	    NULL && e2.msg[0] == '\0' && calls == 2,
	    "loading: mst_env_find answers the same, and never loads", NULL);
	buf_reset(&out);
	t = mst_env_add(env, "dyn", "<{{>*which}}>", 13, &e1);
	check(t != NULL && mst_render(env, t, &mst_json, d, &out, &e2) ==
	    -1 && strstr(e2.msg, "never "
	    "closed") != NULL && buf_cstr(&out)[0] == '\0',
	    "loading: a partial named by the data gives the kept reason",
	    e2.msg);
	buf_free(&out);
	json_decref(d);
	mst_env_free(env);
}

static int
S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL;
	size_t		 n = 0, i, l;

	if ((d = opendir(DIR_GOLDEN)) == NULL) {
		check(0, "golden directory", DIR_GOLDEN " missing");
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		l = strlen(e->d_name);
		if (l > 9 && strcmp(e->d_name + l - 9, ".mustache") == 0) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrndup(e->d_name, l - 9);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), S_cmp);
	S_uses();
	S_loading();
	for (i = 0; i < n; i++) {
		S_golden(names[i]);
		free(names[i]);
	}
	free(names);
	S_deep_nesting();
	S_render_many();
	return check_exit();
}
