/*
 * cmd_publish: publish-pending, the publisher of the revisions made
 * ready and confirmed in the staff console (fcgi/db/drafts.h). It runs
 * as root beside the servers (fcgi/ctl.sh starts it every few seconds,
 * as `make publish` runs), never in the network-facing console: for
 * each job, oldest first,
 *   publish   write CONTENT/policies/SLUG/N.md (front matter and text;
 *             never over a file that is there), build the site with
 *             wasl-build --publish --keep (which checks every link,
 *             swaps the site in in one step and seals the approved
 *             text), and, when CONTENT is a git repository, commit the
 *             file and the fingerprints in the name of the two people;
 *             a failed build removes the file: the site and the content
 *             are as they were, and the build's messages go back to the
 *             draft for the secretary to see;
 *   rollback  the publish it names undone for good: a revision
 *             withdrawn (wasl-build --withdraw SLUG/N: its text moves
 *             to CONTENT/withdrawn/, the site is built with the one
 *             before it in force), an edit's file given back the text
 *             it replaced (refused when the file changed since) and the
 *             site built; a failed build leaves all as it was. (One
 *             asked before schema 7 runs wasl-build --rollback.)
 * Each outcome is recorded in the database and the audit trail, and a
 * line printed ("published SLUG/N", "failed SLUG/N", "rolled back",
 * "rollback failed"), from which ctl.sh knows to reload the servers.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_publish.h"
#include "drafts.h"
#include "edits.h"
#include "fsx.h"
#include "sha256.h"

extern char **environ;

#define LOG_MAX		(32 * 1024)	/* bytes of a build's messages kept */

/* Run argv, its standard output and error into log (at most LOG_MAX
 * bytes kept). Returns its exit status, or -1 when it could not run
 * (with the reason in log). */
static int
S_run(const char *const argv[], struct buf *log)
{
	posix_spawn_file_actions_t fa;
	char *const	*args;
	char		 chunk[4096];
	int		 p[2], st = 0, rc;
	pid_t		 pid;
	ssize_t		 n;

	if (pipe(p) == -1) {
		buf_printf(log, "pipe: %s\n", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
		/* posix_spawn() takes char *const []: it does not write them. */
	memcpy(&args, &argv, sizeof(args));
	rc = posix_spawn(&pid, argv[0], &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		buf_printf(log, "%s: %s\n", argv[0], strerror(rc));
		return -1;
	}
	while ((n = read(p[0], chunk, sizeof(chunk))) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0 && log->len < LOG_MAX)
			buf_put(log, chunk, (size_t)n);
	close(p[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* A YAML double-quoted scalar of s (one line: the console refuses line
 * breaks in these fields). */
static void
S_yaml(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_putc(b, ' ');
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
S_key(struct buf *b, const char *indent, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_printf(b, "%s%s: ", indent, key);
	S_yaml(b, v);
	buf_putc(b, '\n');
}

/* The revision file of draft d: front matter as content/policies/
 * (README, "Writing content"), then its text. */
static void
S_file(const struct draft *d, struct buf *b)
{
	buf_puts(b, "---\n");
	S_key(b, "", "title", d->title);
	buf_printf(b, "revision: %d\nstatus: approved\n", d->revision);
	S_key(b, "", "summary", d->summary);
	buf_puts(b, "approved:\n");
	S_key(b, "  ", "meeting", d->meeting);
	S_key(b, "  ", "decision", d->decision);
	buf_printf(b, "  date: %s\n", d->approved_on);
	S_key(b, "  ", "signatory", d->signatory);
	if (d->effective != NULL)
		buf_printf(b, "effective: %s\n", d->effective);
	S_key(b, "", "changes", d->changes);
	buf_puts(b, "---\n\n");
	buf_puts(b, d->body);
	if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_putc(b, '\n');
}

static int
S_slug_ok(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || (s[i] == '-' && i > 0)))
			return 0;
	return i > 0 && i < 80;
}

/* Write data to path, which must not exist, flushed. */
static int
S_write_new(const char *path, const struct buf *data, struct buf *log)
{
	int	 fd;
	ssize_t	 n;
	size_t	 off = 0;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0644)) == -1) {
		buf_printf(log, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	fchmod(fd, 0644);
	while (off < data->len) {
		n = write(fd, data->data + off, data->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			buf_printf(log, "%s: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		buf_printf(log, "%s: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/* When the content folder is a git repository of its own, commit the
 * paths rels (NULL-terminated, at most 4; and the fingerprints) with
 * author as its author and msg. The outcome goes to log; a commit that
 * fails leaves the publish done. */
static void
S_git(struct adm *a, const char *const rels[], const char *who,
    const char *msg, struct buf *log)
{
	struct buf	 git = BUF_INIT, author = BUF_INIT, out = BUF_INIT;
	struct stat	 sb;
	const char	*add[12], *commit[22];
	const char	*paths[] = { "/usr/bin/git", "/bin/git", NULL };
	size_t		 i, na = 0, nc = 0;

	buf_printf(&git, "%s/.git", a->content_dir);
	if (stat(buf_cstr(&git), &sb) == -1)
		goto out;
	for (i = 0; paths[i] != NULL && access(paths[i], X_OK) != 0; i++)
		;
	if (paths[i] == NULL) {
		buf_puts(log, "git: not installed; not committed\n");
		goto out;
	}
	buf_printf(&author, "%s <%s@wasl.invalid>", who, who);
	add[na++] = commit[nc++] = paths[i];
	add[na++] = commit[nc++] = "-C";
	add[na++] = commit[nc++] = a->content_dir;
	add[na++] = "add";
	commit[nc++] = "-c";
	commit[nc++] = "user.name=wasl publisher";
	commit[nc++] = "-c";
	commit[nc++] = "user.email=publisher@wasl.invalid";
	commit[nc++] = "commit";
	commit[nc++] = "--quiet";
	commit[nc++] = "--author";
	commit[nc++] = buf_cstr(&author);
	commit[nc++] = "-m";
	commit[nc++] = msg;
	add[na++] = commit[nc++] = "--";
	for (i = 0; i < 4 && rels[i] != NULL; i++)
		add[na++] = commit[nc++] = rels[i];
	add[na++] = commit[nc++] = "fingerprints.txt";
	add[na] = commit[nc] = NULL;
	if (S_run(add, &out) != 0 || S_run(commit, &out) != 0)
		buf_printf(log, "git: not committed: %s", buf_cstr(&out));
out:
	buf_free(&git);
	buf_free(&author);
	buf_free(&out);
}

static void
S_commit(struct adm *a, const struct draft *d, const char *rel,
    struct buf *log)
{
	struct buf	 msg = BUF_INIT;
	const char	*rels[] = { rel, NULL };

	buf_printf(&msg, "%s: revision %d published\n\nApproved-by: %s "
	    "(meeting %s, %s)\nPublished-by: %s\n", d->slug, d->revision,
	    d->ready_by ? d->ready_by : "", d->meeting, d->approved_on,
	    d->published_by ? d->published_by : "");
	S_git(a, rels, d->ready_by ? d->ready_by : d->created_by,
	    buf_cstr(&msg), log);
	buf_free(&msg);
}

/* Give the database's -wal and -shm back to its owner should we (root)
 * have made them. */
static void
S_owner(const char *db)
{
	struct stat	 sb;
	struct buf	 p = BUF_INIT;
	const char	*sfx[] = { "-wal", "-shm" };
	size_t		 i;

	if (geteuid() != 0 || stat(db, &sb) == -1)
		return;
	for (i = 0; i < 2; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s%s", db, sfx[i]);
		if (chown(buf_cstr(&p), sb.st_uid, sb.st_gid) == -1 &&
		    errno != ENOENT)
			fprintf(stderr, "wasl-admin: %s: %s\n", buf_cstr(&p),
			    strerror(errno));
	}
	buf_free(&p);
}

/* Build the site from the content with build (--publish --keep, and
 * --withdraw withdraw when not NULL), its messages into log: 1 built, 0
 * not (log says why). */
static int
S_build(struct adm *a, const struct adm_opts *o, const char *build,
    const char *withdraw, struct buf *log)
{
	const char	*argv[] = { build, "--content", a->content_dir,
			    "--templates", a->templates_dir, "--out", o->site,
			    "--publish", "--keep", "--quiet", NULL, NULL,
			    NULL };
	int		 rc;

	if (withdraw != NULL) {
		argv[10] = "--withdraw";
		argv[11] = withdraw;
	}
	rc = S_run(argv, log);
	if (rc > 0 && log->len == 0)
		buf_printf(log, "wasl-build: exit %d\n", rc);
	return rc == 0;
}

static int
S_publish(struct adm *a, const struct adm_opts *o, const char *build,
    const struct publish_job *j, struct buf *err)
{
	struct buf	 log = BUF_INIT, text = BUF_INIT, path = BUF_INIT;
	struct buf	 rel = BUF_INIT;
	struct draft	 d;
	struct stat	 sb;
	int		 ok = 0, rc, written = 0;

	if ((rc = drafts_get(a->store, j->draft, &d, err)) != DRAFTS_OK) {
		if (rc == DRAFTS_NOT_FOUND)
			buf_puts(err, "a job names a draft that is not there");
		return -1;
	}
	buf_printf(&rel, "policies/%s/%d.md", d.slug, d.revision);
	buf_printf(&path, "%s/%s", a->content_dir, buf_cstr(&rel));
	if (strcmp(d.status, "publishing") != 0 || !S_slug_ok(d.slug) ||
	    d.approved_on == NULL || d.meeting == NULL)
		buf_printf(&log, "draft %lld is not one to publish\n", d.id);
	else {
		buf_reset(&text);
		buf_printf(&text, "%s/policies/%s", a->content_dir, d.slug);
		if (stat(buf_cstr(&text), &sb) == -1 || !S_ISDIR(sb.st_mode))
			buf_printf(&log, "%s: no such policy folder\n",
			    buf_cstr(&text));
		else {
			buf_reset(&text);
			S_file(&d, &text);
			written = S_write_new(buf_cstr(&path), &text,
			    &log) == 0;
		}
	}
	if (written) {
		if ((ok = S_build(a, o, build, NULL, &log)))
			S_commit(a, &d, buf_cstr(&rel), &log);
		else
			unlink(buf_cstr(&path));
	}
	rc = drafts_job_done(a->store, adm_actor(a), j, ok,
	    ok ? NULL : buf_cstr(&log), err);
	if (rc == 0) {
		fprintf(a->out, "%s %s/%d\n", ok ? "published" : "failed",
		    d.slug, d.revision);
		if (!ok)
			fprintf(stderr, "wasl-admin: publish %s/%d: %s",
			    d.slug, d.revision, buf_cstr(&log));
	}
	drafts_free_one(&d);
	buf_free(&log);
	buf_free(&text);
	buf_free(&path);
	buf_free(&rel);
	return rc == 0 ? 0 : -1;
}

/* An edit's path: site.yaml, or channels/, services/ or pages/ then a
 * slug and ".md". */
static int
S_edit_path_ok(const char *p)
{
	static const char *const dirs[] = { "channels/", "services/", "pages/",
	    NULL };
	char		 slug[96];
	size_t		 i, n, l;

	if (strcmp(p, "site.yaml") == 0)
		return 1;
	for (i = 0; dirs[i] != NULL; i++) {
		n = strlen(dirs[i]);
		l = strlen(p);
		if (strncmp(p, dirs[i], n) != 0 || l < n + 4 || l - n - 3 >=
		    sizeof(slug) || strcmp(p + l - 3, ".md") != 0)
			continue;
		snprintf(slug, sizeof(slug), "%.*s", (int)(l - n - 3), p + n);
		return S_slug_ok(slug);
	}
	return 0;
}

/* Put text in place of path, in one rename. */
static int
S_replace(const char *path, const char *text, struct buf *log)
{
	struct buf	 tmp = BUF_INIT, b = BUF_INIT;
	int		 rc;

	buf_printf(&tmp, "%s.wasl-new", path);
	buf_puts(&b, text);
	unlink(buf_cstr(&tmp));
	rc = S_write_new(buf_cstr(&tmp), &b, log);
	if (rc == 0 && rename(buf_cstr(&tmp), path) == -1) {
		buf_printf(log, "%s: %s\n", path, strerror(errno));
		unlink(buf_cstr(&tmp));
		rc = -1;
	}
	buf_free(&tmp);
	buf_free(&b);
	return rc;
}

/* Put text in place of path (which holds back), build, and put back in
 * place again when the build fails: 1 built, 0 not (log says why). */
static int
S_swap(struct adm *a, const struct adm_opts *o, const char *build,
    const char *path, const char *text, const char *back, struct buf *log)
{
	if (S_replace(path, text, log) == -1)
		return 0;
	if (S_build(a, o, build, NULL, log))
		return 1;
	if (S_replace(path, back, log) == -1)
		buf_printf(log, "%s: COULD NOT BE PUT BACK\n", path);
	return 0;
}

static int
S_content(struct adm *a, const struct adm_opts *o, const char *build,
    const struct publish_job *j, struct buf *err)
{
	struct buf		 log = BUF_INIT, old = BUF_INIT, path = BUF_INIT;
	struct buf		 msg = BUF_INIT;
	struct content_edit	 e;
	char			 hex[SHA256_HEX_LEN + 1];
	const char		*rels[] = { NULL, NULL };
	int			 ok = 0, rc;

	if ((rc = edits_get(a->store, j->edit, &e, err)) != DRAFTS_OK) {
		if (rc == DRAFTS_NOT_FOUND)
			buf_puts(err, "a job names an edit that is not there");
		return -1;
	}
	buf_printf(&path, "%s/%s", a->content_dir, e.path);
	rels[0] = e.path;
	if (strcmp(e.status, "publishing") != 0 || !S_edit_path_ok(e.path))
		buf_printf(&log, "edit %lld is not one to publish\n", e.id);
	else if (fsx_read_in(a->content_dir, buf_cstr(&path), 1024 * 1024,
	    &old) == -1)
		buf_printf(&log, "%s: %s\n", buf_cstr(&path),
		    fsx_strerror(errno));
	else if (sha256_hex(old.data != NULL ? old.data : "", old.len,
	    hex) == -1 || strcmp(hex, e.base_sha) != 0)
		buf_printf(&log, "%s: changed since the edit began; start "
		    "it again\n", e.path);
	else if ((ok = S_swap(a, o, build, buf_cstr(&path), e.text,
	    buf_cstr(&old), &log))) {
		buf_printf(&msg, "%s changed\n\nPublished-by: %s\n", e.path,
		    e.published_by ? e.published_by : "");
		S_git(a, rels, e.created_by, buf_cstr(&msg), &log);
	}
	rc = edits_job_done(a->store, adm_actor(a), j, ok,
	    ok ? NULL : buf_cstr(&log), buf_cstr(&old), err);
	if (rc == 0) {
		fprintf(a->out, "%s %s\n", ok ? "published" : "failed",
		    e.path);
		if (!ok)
			fprintf(stderr, "wasl-admin: publish %s: %s", e.path,
			    buf_cstr(&log));
	}
	edits_free_one(&e);
	buf_free(&log);
	buf_free(&old);
	buf_free(&path);
	buf_free(&msg);
	return rc == 0 ? 0 : -1;
}

/* Undo u, the publish of a revision: wasl-build --withdraw SLUG/N moves
 * its text to withdrawn/ and builds the site with the revision before it
 * in force, or leaves everything as it was. 1 done, 0 not (log says). */
static int
S_undo_revision(struct adm *a, const struct adm_opts *o, const char *build,
    const struct publish_job *u, const struct publish_job *j,
    struct buf *log, struct buf *err)
{
	struct draft	 d;
	struct buf	 key = BUF_INIT, rel = BUF_INIT, dir = BUF_INIT;
	struct buf	 msg = BUF_INIT;
	const char	*rels[] = { NULL, NULL, NULL };
	int		 rc, ok = 0;

	if ((rc = drafts_get(a->store, u->draft, &d, err)) != DRAFTS_OK) {
		if (rc == DRAFTS_NOT_FOUND)
			buf_puts(err, "a rollback names a draft that is not "
			    "there");
		return -1;
	}
	if (strcmp(d.status, "published") != 0 || !S_slug_ok(d.slug))
		buf_printf(log, "%s/%d is not published: nothing to "
		    "withdraw\n", d.slug, d.revision);
	else {
		buf_printf(&key, "%s/%d", d.slug, d.revision);
		if ((ok = S_build(a, o, build, buf_cstr(&key), log))) {
			buf_printf(&rel, "policies/%s/%d.md", d.slug,
			    d.revision);
			buf_printf(&dir, "withdrawn/%s", d.slug);
			rels[0] = buf_cstr(&rel);
			rels[1] = buf_cstr(&dir);
			buf_printf(&msg, "%s: revision %d withdrawn (rolled "
			    "back)\n\nRolled-back-by: %s\n", d.slug,
			    d.revision, j->asked_by);
			S_git(a, rels, j->asked_by, buf_cstr(&msg), log);
		}
	}
	drafts_free_one(&d);
	buf_free(&key);
	buf_free(&rel);
	buf_free(&dir);
	buf_free(&msg);
	return ok;
}

/* Undo u, the publish of a content edit: its file given back the text it
 * replaced, when it still holds the edit's text, and the site built;
 * when the build fails, the edit's text is put back. 1 done, 0 not. */
static int
S_undo_edit(struct adm *a, const struct adm_opts *o, const char *build,
    const struct publish_job *u, const struct publish_job *j,
    struct buf *log, struct buf *err)
{
	struct content_edit	 e;
	struct buf		 path = BUF_INIT, cur = BUF_INIT, msg = BUF_INIT;
	const char		*rels[] = { NULL, NULL };
	int			 rc, ok = 0;

	if ((rc = edits_get(a->store, u->edit, &e, err)) != DRAFTS_OK) {
		if (rc == DRAFTS_NOT_FOUND)
			buf_puts(err, "a rollback names an edit that is not "
			    "there");
		return -1;
	}
	buf_printf(&path, "%s/%s", a->content_dir, e.path);
	if (strcmp(e.status, "published") != 0 || !S_edit_path_ok(e.path))
		buf_printf(log, "%s: not published: nothing to put back\n",
		    e.path);
	else if (e.old_text == NULL)
		buf_printf(log, "%s: published before wasl kept the text an "
		    "edit replaces: put it back by hand\n", e.path);
	else if (fsx_read_in(a->content_dir, buf_cstr(&path), 1024 * 1024,
	    &cur) == -1)
		buf_printf(log, "%s: %s\n", buf_cstr(&path),
		    fsx_strerror(errno));
	else if (cur.len != strlen(e.text) || (cur.len > 0 &&
	    memcmp(cur.data, e.text, cur.len) != 0))
		buf_printf(log, "%s: changed since it was published: it is "
		    "not put back\n", e.path);
	else if ((ok = S_swap(a, o, build, buf_cstr(&path), e.old_text,
	    e.text, log))) {
		rels[0] = e.path;
		buf_printf(&msg, "%s put back as it was before the edit of %s "
		    "(rolled back)\n\nRolled-back-by: %s\n", e.path,
		    e.created_by, j->asked_by);
		S_git(a, rels, j->asked_by, buf_cstr(&msg), log);
	}
	edits_free_one(&e);
	buf_free(&path);
	buf_free(&cur);
	buf_free(&msg);
	return ok;
}

/* A rollback: the publish it names undone for good; one asked before
 * schema 7 (which names none) puts the site kept back. */
static int
S_rollback(struct adm *a, const struct adm_opts *o, const char *build,
    const struct publish_job *j, struct buf *err)
{
	struct publish_job	 u;
	struct buf		 log = BUF_INIT;
	const char		*argv[] = { build, "--rollback", "--out",
				    o->site, NULL };
	int			 ok, rc;

	if (j->undoes == 0)
		ok = S_run(argv, &log) == 0;
	else if ((rc = drafts_job_get(a->store, j->undoes, &u, err)) !=
	    DRAFTS_OK) {
		if (rc == DRAFTS_NOT_FOUND)
			buf_puts(err, "a rollback names a job that is not "
			    "there");
		ok = -1;
	} else if (u.draft != 0)
		ok = S_undo_revision(a, o, build, &u, j, &log, err);
	else if (u.edit != 0)
		ok = S_undo_edit(a, o, build, &u, j, &log, err);
	else {
		buf_printf(&log, "job %lld published nothing\n", u.id);
		ok = 0;
	}
	if (ok == -1) {
		buf_free(&log);
		return -1;
	}
	rc = drafts_job_done(a->store, adm_actor(a), j, ok, buf_cstr(&log),
	    err);
	if (rc == 0) {
		fprintf(a->out, "%s\n", ok ? "rolled back" :
		    "rollback failed");
		if (!ok)
			fprintf(stderr, "wasl-admin: rollback: %s",
			    buf_cstr(&log));
	}
	buf_free(&log);
	return rc == 0 ? 0 : -1;
}

int
cmd_publish_pending(struct adm *a, const struct adm_opts *o,
    struct buf *err)
{
	struct publish_job	 j;
	const char		*build = o->build != NULL ? o->build :
				    "bin/wasl-build";
	int			 rc, n = 0;

	if (o->site == NULL) {
		buf_puts(err, "give the site's folder: --site DIR (as "
		    "wasl-build --out)");
		return -1;
	}
	if (access(build, X_OK) != 0) {
		buf_printf(err, "%s: not a program to run (--build PATH)",
		    build);
		return -1;
	}
	while ((rc = drafts_next_job(a->store, &j, err)) == DRAFTS_OK &&
	    n++ < 20) {
		rc = j.rollback ? S_rollback(a, o, build, &j, err) :
		    j.edit != 0 ? S_content(a, o, build, &j, err) :
		    S_publish(a, o, build, &j, err);
		fflush(a->out);
		if (rc == -1)
			break;
	}
	S_owner(a->db_path);
	return rc == -1 ? -1 : 0;
}
