/*
 * wasl-console: the staff's console, a FastCGI program behind nginx at
 * /staff/ (console.h says what it does).
 *
 *   wasl-console [--content DIR] [--templates DIR] [--db PATH]
 *                [--passwords FILE] [--origin URL] [--socket PATH]
 *                [--socket-group NAME] [--user NAME] [--no-seccomp]
 *                [--check]
 *
 * It reads the same content folder and templates as wasl-build and
 * wasl-forms, the list of common passwords (default
 * fcgi/db/common-passwords.txt, read once at start), and opens the same
 * database (created or migrated when needed). --origin is the console's own address
 * ("https://staff.example.org"), against which a post's Origin is
 * checked; without it, the site's base_url and the Host the request was
 * sent to.
 *
 * One worker process under the supervisor (replaced should it die) with
 * a few threads, one request at a time at the database: the staff are
 * few, and the database's staff modules use one connection from one
 * thread (db.h). Least privilege as wasl-forms (sandbox.h): started as
 * root it opens its socket, becomes --user (default "wasl", the
 * database's owner) for good, and the worker confines itself with the
 * seccomp filter before its first request. SIGHUP reads the content and
 * templates again.
 *
 * Exit status: 0 after a clean stop, 1 when start-up fails, 2 on bad usage.
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "sandbox.h"
#include "server.h"
#include "store.h"

#define NTHREADS	4

static const char	*content = "content", *templates = "templates";
static const char	*passwords = "fcgi/db/common-passwords.txt";
static const char	*user = SANDBOX_USER;
static const char	*db = "var/data/wasl.db", *origin;
static unsigned char	 salt[32];
static struct auth_common *common;	/* read once, as root */

/* A worker's connection, one request at a time. */
struct worker {
	struct store	*st;
	pthread_mutex_t	 lock;
};

static void
S_usage(FILE *f)
{
	fputs("usage: wasl-console [--content DIR] [--templates DIR] "
	    "[--db PATH]\n"
	    "                    [--passwords FILE] [--origin URL] "
	    "[--socket PATH]\n"
	    "                    [--socket-group NAME] [--user NAME] "
	    "[--no-seccomp] [--check]\n", f);
}

static void *
S_worker_open(void *arg, struct buf *err)
{
	struct worker	*w = xcalloc(1, sizeof(*w));

	(void)arg;
	if ((w->st = store_open(db, salt, err)) == NULL) {
		buf_putc(err, '\n');
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	return w;
}

static void
S_worker_close(void *arg)
{
	struct worker	*w = arg;

	store_close(w->st);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

static void
S_serve(void *a, void *arg, struct http_req *r)
{
	struct worker	*w = arg;

	pthread_mutex_lock(&w->lock);
	console_serve(a, w->st, r);
	pthread_mutex_unlock(&w->lock);
}

static struct console *
S_new(struct buf *err)
{
	struct console	*a = xcalloc(1, sizeof(*a));

	if (console_init(a, content, templates, common, err) == -1) {
		console_free(a);
		free(a);
		return NULL;
	}
	a->db = db;
	a->origin = origin != NULL ? origin :
	    json_string_value(json_object_get(a->c.site, "base_url"));
	return a;
}

static void *
S_load(void *cur)
{
	struct buf	 err = BUF_INIT;
	struct console	*a;

	(void)cur;
	if ((a = S_new(&err)) == NULL)
		fprintf(stderr, "wasl-console: reload: %s", buf_cstr(&err));
	else
		fprintf(stderr, "wasl-console: reload: the content and "
		    "templates read again from %s and %s\n", content,
		    templates);
	buf_free(&err);
	return a;
}

static void
S_drop(void *arg)
{
	struct console	*a = arg;

	if (a != NULL) {
		console_free(a);
		free(a);
	}
}

int
main(int argc, char *argv[])
{
	static const struct sv_reload reload = { S_load, S_drop };
	static struct web_program prog = {
		"wasl-console", -1, NTHREADS, 1,
		S_worker_open, S_worker_close, S_serve
	};
	const char	*sock = NULL, *sgroup = NULL;
	struct group	*gr;
	gid_t		 sgid = (gid_t)-1;
	struct buf	 err = BUF_INIT;
	struct store	*st;
	struct console	*app = NULL;
	void		*arg;
	int		 i, check = 0, rc = 1;
	sigset_t	 hup;

	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	sigprocmask(SIG_BLOCK, &hup, NULL);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "--help") == 0) {
			S_usage(stdout);
			return 0;
		} else if (i + 1 < argc && strcmp(argv[i], "--content") == 0)
			content = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--templates") == 0)
			templates = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--db") == 0)
			db = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--passwords") == 0)
			passwords = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--origin") == 0)
			origin = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--socket") == 0)
			sock = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--user") == 0)
			user = argv[++i];
		else if (i + 1 < argc &&
		    strcmp(argv[i], "--socket-group") == 0)
			sgroup = argv[++i];
		else if (strcmp(argv[i], "--no-seccomp") == 0)
			prog.confine = 0;
		else {
			fprintf(stderr, "wasl-console: unknown or incomplete "
			    "argument '%s'\n", argv[i]);
			S_usage(stderr);
			return 2;
		}
	}
	umask(077);
	if (sgroup != NULL) {
		if (sock == NULL) {
			fprintf(stderr, "wasl-console: --socket-group is for "
			    "the socket made with --socket PATH\n");
			return 2;
		}
		if ((gr = getgrnam(sgroup)) == NULL) {
			fprintf(stderr, "wasl-console: --socket-group: there "
			    "is no group '%s'\n", sgroup);
			return 1;
		}
		sgid = gr->gr_gid;
	}
	if (auth_init() == -1) {
		fprintf(stderr, "wasl-console: libsodium or liboath cannot "
		    "start\n");
		return 1;
	}
	if ((common = auth_common_load(passwords, &err)) == NULL ||
	    (app = S_new(&err)) == NULL) {
		fputs(buf_cstr(&err), stderr);
		goto out;
	}
	if (getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt)) {
		fprintf(stderr, "wasl-console: no random bytes\n");
		goto out;
	}
	if (prog.confine && sandbox_check(&err) == -1) {
		fprintf(stderr, "wasl-console: %s", buf_cstr(&err));
		goto out;
	}
	if (!check && (prog.listen_fd = web_listen(sock, sgid, &err)) < 0) {
		if (err.len > 0)
			fprintf(stderr, "wasl-console: %s", buf_cstr(&err));
		goto out;
	}
	if (sandbox_drop(user, &err) == -1) {
		fprintf(stderr, "wasl-console: %s", buf_cstr(&err));
		goto out;
	}
	if ((st = store_open(db, salt, &err)) == NULL) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		goto out;
	}
	store_close(st);
	if (check) {
		printf("wasl-console: templates, %zu common passwords and "
		    "database %s ok\n", auth_common_count(app->common), db);
		rc = 0;
		goto out;
	}
	fprintf(stderr, "wasl-console: 1 worker of %d threads, database %s, "
	    "origin %s, %s\n", NTHREADS, db, app->origin ? app->origin :
	    "(the Host asked)", prog.confine ? "seccomp on" : "seccomp off");
	arg = app;
	rc = web_run(&prog, 1, 10, &arg, &reload);
	app = arg;
	if (rc == -1) {
		rc = 1;
		fprintf(stderr, "wasl-console: cannot start workers: %s\n",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (sock != NULL && prog.listen_fd >= 0)
		unlink(sock);
	explicit_bzero(salt, sizeof(salt));
	S_drop(app);
	auth_common_free(common);
	buf_free(&err);
	return rc;
}
