/*
 * mddoc: one Markdown file with front matter (see mddoc.h).
 */
#include <errno.h>
#include <string.h>

#include "frontmatter.h"
#include "fsx.h"
#include "keys.h"
#include "markdown.h"
#include "mddoc.h"
#include "utf8.h"
#include "yamljson.h"

json_t *
mddoc_load(const char *root, const char *path, const struct schema_key *keys,
    mddoc_hook hook, void *arg, struct buf *err, int *nerr)
{
	struct buf	 src = BUF_INIT, html = BUF_INIT;
	struct fm_split	 fm;
	struct yj_error	 yerr;
	struct diag	 x;
	json_t		*obj = NULL, *toc;
	size_t		 bad, i;
	int		 rc, line;

	memset(&x, 0, sizeof(x));
	x.path = path;
	x.err = err;
	x.line = 1;
	if (fsx_read_in(root, path, MDDOC_MAX_FILE, &src) == -1) {
		diag_at(&x, NULL, "cannot read: %s%s", fsx_strerror(errno),
		    errno == EFBIG ? " (content files are limited to 1 MiB)" :
		    "");
		goto out;
	}
	if (!utf8_valid(buf_cstr(&src), src.len, &bad)) {
		for (line = 1, i = 0; i < bad; i++)
			if (src.data[i] == '\n')
				line++;
		x.line = line;
		diag_at(&x, NULL, "not valid UTF-8 text (or holds a NUL "
		    "byte): save the file as UTF-8");
		goto out;
	}
	rc = fm_split(buf_cstr(&src), src.len, &fm);
	if (rc == -1) {
		diag_at(&x, NULL, "no front matter: the file must start with "
		    "a line '---', then keys such as 'title: ...', then a "
		    "line '---'");
		goto out;
	}
	if (rc == -2) {
		diag_at(&x, NULL, "the front matter opened by '---' on line 1 "
		    "is never closed: add a line '---' after its keys");
		goto out;
	}
	x.doc = yj_parse(src.data + fm.yaml_off, fm.yaml_len,
	    fm.yaml_line - 1, &yerr);
	if (x.doc == NULL) {
		x.line = yerr.line ? yerr.line : 1;
		diag_at(&x, NULL, "bad YAML in the front matter: %s",
		    yerr.msg);
		goto out;
	}
	obj = yj_root(x.doc);
	if (!json_is_object(obj)) {
		diag_at(&x, NULL, "the front matter must be keys such as "
		    "'title: ...', one a line");
		obj = NULL;
		goto out;
	}
	json_incref(obj);
	schema_check(&x, obj, "", keys);
	if (hook != NULL && x.nerr == 0)
		hook(&x, obj, arg);
	toc = json_array();
	if (md_render(src.data + fm.body_off, src.len - fm.body_off, &html,
	    toc) == -1) {
		diag_at(&x, NULL, "the Markdown could not be rendered");
		json_decref(toc);
	} else {
		/* valid UTF-8 already: checked above, and cmark's own */
		json_object_set_new(obj, KEY_HTML, json_stringn_nocheck(
		    html.data ? html.data : "", html.len));
		json_object_set_new(obj, KEY_TOC, toc);
		json_object_set_new(obj, KEY_HAS_TOC,
		    json_boolean(json_array_size(toc) > 1));
	}
	json_object_set_new(obj, KEY_SOURCE, json_string(path));
	json_object_set_new(obj, KEY_MARKDOWN, json_stringn_nocheck(src.data +
	    fm.body_off, src.len - fm.body_off));
	if (x.nerr > 0) {
		json_decref(obj);
		obj = NULL;
	}
out:
	*nerr += x.nerr;
	yj_free(x.doc);
	buf_free(&src);
	buf_free(&html);
	return obj;
}
