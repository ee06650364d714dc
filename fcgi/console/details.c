/*
 * details: the association's other content edited from the console
 * (issue 18): its details (site.yaml: contact, branches, hours, social
 * accounts), its channels, its services' pages and its pages (the
 * privacy notice), each file's whole text in a text box.
 *
 *   GET  /staff/content              the files, and the open edits
 *   POST /staff/content/edit         an edit of the file "path" begun
 *                                    from its text now
 *   GET  /staff/edits/ID             the edit: its text, and the steps
 *   GET  /staff/edits/ID/preview     a page's text through the site's
 *                                    own template (channel, service, page)
 *   POST /staff/edits/ID             the text saved ("preview": then shown)
 *   POST /staff/edits/ID/publish     published by the publisher
 *   POST /staff/edits/ID/reject      abandoned
 *
 * As for policy revisions (publishing.c), the console writes nothing of
 * the content: the edit is kept in the database (fcgi/db/edits.h) with
 * the SHA-256 of the text it changes, and the publisher (wasl-admin
 * publish-pending) puts it in place, builds, and puts the old text back
 * should the build fail (the build checks every key and link).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "content.h"
#include "edits.h"
#include "frontmatter.h"
#include "fsx.h"
#include "keys.h"
#include "markdown.h"
#include "sha256.h"
#include "yamljson.h"

const char *const details_words[] = {
	"console_publish.edit.site",
	"console_publish.edit.open",
	"console_publish.edit.state",
	"console_publish.edit.text",
	"console_publish.edit.text_long",
	"console_publish.edit.unknown",
	"console_publish.edit.no_preview",
	"console_publish.edit.front_matter",
	"console_publish.notice.edit_started",
	"console_publish.notice.edit_saved",
	"console_publish.notice.edit_publishing",
	NULL
};

static json_t *
S_say(const struct creq *cr, const char *key)
{
	struct buf	 k = BUF_INIT;
	json_t		*j;

	buf_printf(&k, "console_publish.%s", key);
	j = console_text(cr, buf_cstr(&k), NULL);
	buf_free(&k);
	return j;
}

/* The files an edit may change: [{path, title, kind}]. */
static json_t *
S_files(const struct creq *cr)
{
	json_t		*files = json_array(), *doc;
	size_t		 k, i;

	json_array_append_new(files, json_pack("{s:s,s:o,s:s}", "path",
	    "site.yaml", KEY_TITLE, S_say(cr, "edit.site"), "kind", "site"));
	for (k = 0; k < CONTENT_NKINDS; k++)
		json_array_foreach(content_docs(&cr->app->c,
		    (enum content_kind_id)k), i, doc)
			if (json_string_value(json_object_get(doc,
			    KEY_SOURCE_KEY)) != NULL)
				json_array_append_new(files, json_pack(
				    "{s:O,s:O,s:s}", "path", json_object_get(doc,
				    KEY_SOURCE_KEY), KEY_TITLE,
				    json_object_get(doc, KEY_TITLE), "kind",
				    content_kinds[k].dir));
	return files;
}

static const json_t *
S_file(const json_t *files, const char *path)
{
	const json_t	*f;
	size_t		 i;

	json_array_foreach(files, i, f)
		if (strcmp(json_string_value(json_object_get(f, "path")),
		    path) == 0)
			return f;
	return NULL;
}

void
details_list(struct creq *cr)
{
	struct buf		 err = BUF_INIT;
	struct content_edits	 l = { NULL, 0 };
	json_t			*page, *files, *edits;
	size_t			 i;

	if (edits_list(cr->st, &l, &err) == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		buf_free(&err);
		console_error(cr, 500, "failed");
		return;
	}
	files = S_files(cr);
	edits = json_array();
	for (i = 0; i < l.n; i++) {
		struct buf k = BUF_INIT;

		buf_printf(&k, "status.%s", l.v[i].status);
		json_array_append_new(edits, json_pack("{s:I,s:s,s:o,s:b,s:o}",
		    "id", (json_int_t)l.v[i].id, "path", l.v[i].path,
		    "status_label", S_say(cr, buf_cstr(&k)), "open",
		    strcmp(l.v[i].status, "draft") == 0 ||
		    strcmp(l.v[i].status, "publishing") == 0, "when",
		    console_when(cr, l.v[i].updated_at)));
		buf_free(&k);
	}
	page = json_pack("{s:o,s:o}", "files", files, "edits", edits);
	if (console_query(cr, "done", 16, NULL) != NULL &&
	    strcmp(console_query(cr, "done", 16, NULL), "open") == 0)
		json_object_set_new(page, "error", S_say(cr, "edit.open"));
	console_page(cr, "staff-content", "content", page, 200, NULL);
	edits_free(&l);
	buf_free(&err);
}

void
details_start(struct creq *cr)
{
	struct buf	 err = BUF_INIT, text = BUF_INIT, url = BUF_INIT;
	struct buf	 full = BUF_INIT;
	json_t		*files = S_files(cr);
	const char	*path;
	char		 hex[SHA256_HEX_LEN + 1];
	long long	 id;
	int		 rc;

	path = console_field(cr, "path", 200, NULL);
	if (path == NULL || S_file(files, path) == NULL) {
		console_error(cr, 404, "not_found");
		goto out;
	}
	buf_printf(&full, "%s/%s", cr->app->content_dir, path);
	if (fsx_read_in(cr->app->content_dir, buf_cstr(&full), EDITS_TEXT_MAX,
	    &text) == -1) {
		fprintf(stderr, "wasl-console: %s/%s: cannot read it: %s\n",
		    cr->app->content_dir, path, fsx_strerror(errno));
		console_error(cr, 500, "failed");
		goto out;
	}
	if (sha256_hex(text.data != NULL ? text.data : "", text.len,
	    hex) == -1) {
		fprintf(stderr, "wasl-console: %s/%s: no SHA-256\n",
		    cr->app->content_dir, path);
		console_error(cr, 500, "failed");
		goto out;
	}
	rc = edits_create(cr->st, cr->sess.who.name, path, hex,
	    buf_cstr(&text), &id, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == DRAFTS_OPEN)
		http_redirect(cr->r, "/staff/content?done=open");
	else {
		buf_printf(&url, "/staff/edits/%lld?done=edit_started", id);
		http_redirect(cr->r, buf_cstr(&url));
	}
out:
	json_decref(files);
	buf_free(&err);
	buf_free(&text);
	buf_free(&url);
	buf_free(&full);
}

static int
S_load(struct creq *cr, struct content_edit *e, const char **what)
{
	struct buf	 err = BUF_INIT;
	long long	 id;
	int		 rc;

	if (!console_rest_id(cr, &id, what)) {
		console_error(cr, 404, "not_found");
		return 0;
	}
	rc = edits_get(cr->st, id, e, &err);
	if (rc == -1) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	} else if (rc == DRAFTS_NOT_FOUND)
		console_error(cr, 404, "not_found");
	buf_free(&err);
	return rc == DRAFTS_OK;
}

static void
S_page(struct creq *cr, const struct content_edit *e, int status,
    const char *error, const char *typed)
{
	struct buf	 k = BUF_INIT;
	json_t		*page;
	const char	*done;

	buf_printf(&k, "status.%s", e->status);
	page = json_pack("{s:I,s:s,s:s,s:o,s:b,s:b,s:s*}", "id",
	    (json_int_t)e->id, "path", e->path, "text", typed != NULL ?
	    typed : e->text, "status_label", S_say(cr, buf_cstr(&k)),
	    "editable", strcmp(e->status, "draft") == 0, "previewable",
	    strcmp(e->path, "site.yaml") != 0, "log", e->log);
	if (error != NULL) {
		buf_reset(&k);
		buf_printf(&k, "edit.%s", error);
		json_object_set_new(page, "error", S_say(cr, buf_cstr(&k)));
	}
	done = console_query(cr, "done", 20, NULL);
	if (error == NULL && done != NULL && (strcmp(done, "edit_started") ==
	    0 || strcmp(done, "edit_saved") == 0 || strcmp(done,
	    "edit_publishing") == 0)) {
		buf_reset(&k);
		buf_printf(&k, "notice.%s", done);
		json_object_set_new(page, "notice", S_say(cr, buf_cstr(&k)));
	}
	console_page(cr, "staff-edit", "content", page, status, NULL);
	buf_free(&k);
}

/* A page's new text as the site will show it: its front matter and
 * body rendered through its kind's template. */
static void
S_preview(struct creq *cr, const struct content_edit *e)
{
	struct fm_split	 fm;
	struct yj_doc	*y;
	struct buf	 html = BUF_INIT;
	json_t		*page, *toc;
	int		 k;

	k = content_kind(e->path);
	y = NULL;
	if (k < 0 || fm_split(e->text, strlen(e->text), &fm) != 0 ||
	    (y = yj_parse(e->text + fm.yaml_off, fm.yaml_len,
	    fm.yaml_line - 1, NULL)) == NULL ||
	    !json_is_object(yj_root(y))) {
		yj_free(y);
		S_page(cr, e, 422, k < 0 ? "no_preview" : "front_matter",
		    NULL);
		return;
	}
	page = json_deep_copy(yj_root(y));
	yj_free(y);
	toc = json_array();
	if (md_render(e->text + fm.body_off, strlen(e->text + fm.body_off),
	    &html, toc) == -1) {
		json_decref(page);
		json_decref(toc);
		console_error(cr, 500, "render");
		return;
	}
	json_object_set_new(page, KEY_HTML, json_string(buf_cstr(&html)));
	json_object_set_new(page, KEY_TOC, toc);
	json_object_set_new(page, KEY_HAS_TOC, json_boolean(
	    json_array_size(toc) > 1));
	json_object_set_new(page, "kind", json_string(content_kinds[k].tpl));
	console_page(cr, content_kinds[k].tpl, NULL, page, 200, NULL);
	buf_free(&html);
}

void
details_get(struct creq *cr)
{
	struct content_edit	 e;
	const char		*what;

	if (!S_load(cr, &e, &what))
		return;
	if (*what == '\0')
		S_page(cr, &e, 200, NULL, NULL);
	else if (strcmp(what, "preview") == 0)
		S_preview(cr, &e);
	else
		console_error(cr, 404, "not_found");
	edits_free_one(&e);
}

void
details_post(struct creq *cr)
{
	struct buf		 err = BUF_INIT, url = BUF_INIT;
	struct content_edit	 e;
	const char		*what, *text, *action, *done = NULL;
	int			 bad = 0, rc = DRAFTS_OK;

	if (!S_load(cr, &e, &what))
		return;
	if (*what == '\0') {
		text = console_field(cr, "text", EDITS_TEXT_MAX, &bad);
		if (bad && (text = console_field(cr, "text",
		    CONSOLE_LONG_POST, NULL)) != NULL) {
			/* only too long: said so, and shown back to be
			 * cut */
			S_page(cr, &e, 422, "text_long", text);
			goto out;
		}
		if (bad || text == NULL || *text == '\0') {
			S_page(cr, &e, 422, "text", text != NULL ? text : "");
			goto out;
		}
		rc = edits_save(cr->st, cr->sess.who.name, e.id, text, &err);
		action = console_field(cr, "action", 16, NULL);
		done = action != NULL && strcmp(action, "preview") == 0 ?
		    NULL : "edit_saved";
		if (rc == DRAFTS_OK && done == NULL) {
			buf_printf(&url, "/staff/edits/%lld/preview", e.id);
			http_redirect(cr->r, buf_cstr(&url));
			goto out;
		}
	} else if (strcmp(what, "publish") == 0) {
		rc = edits_publish(cr->st, cr->sess.who.name, e.id, &err);
		done = "edit_publishing";
	} else if (strcmp(what, "reject") == 0) {
		rc = edits_reject(cr->st, cr->sess.who.name, e.id, &err);
		if (rc == DRAFTS_OK) {
			http_redirect(cr->r, "/staff/content");
			goto out;
		}
	} else {
		console_error(cr, 404, "not_found");
		goto out;
	}
	if (rc == DRAFTS_OK) {
		buf_printf(&url, "/staff/edits/%lld?done=%s", e.id, done);
		http_redirect(cr->r, buf_cstr(&url));
	} else if (rc == DRAFTS_STATE)
		S_page(cr, &e, 409, "state", NULL);
	else if (rc == DRAFTS_NOT_FOUND)
		console_error(cr, 404, "not_found");
	else {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		console_error(cr, 500, "failed");
	}
out:
	edits_free_one(&e);
	buf_free(&err);
	buf_free(&url);
}
