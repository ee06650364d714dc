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
 * templates again. The options it shares with wasl-forms and the start-up
 * steps around its own are fcgi/web's (startup.h); --passwords and
 * --origin are its own.
 *
 * Exit status: 0 after a clean stop, 1 when start-up fails, 2 on bad usage.
 */
#include <sys/random.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "startup.h"
#include "store.h"

#define NTHREADS	4

static const char	*passwords = "fcgi/db/common-passwords.txt";
static const char	*origin;
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

/* The console's own options (startup.h: struct startup's option). */
static int
S_option(int argc, char *argv[], int *i)
{
	const char	*v;

	if ((v = startup_value(argc, argv, i, "--passwords")) != NULL)
		passwords = v;
	else if ((v = startup_value(argc, argv, i, "--origin")) != NULL)
		origin = v;
	else
		return 0;
	return 1;
}

/* The options both programs take (startup.h), and with them its own. */
static struct startup	 opt = { .usage = S_usage, .option = S_option };

static void *
S_worker_open(void *arg, struct buf *err)
{
	struct worker	*w = xcalloc(1, sizeof(*w));

	(void)arg;
	if ((w->st = store_open(opt.db, salt, err)) == NULL) {
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

	if (console_init(a, opt.content, opt.templates, common, err) == -1) {
		console_free(a);
		free(a);
		return NULL;
	}
	a->db = opt.db;
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
		    "templates read again from %s and %s\n", opt.content,
		    opt.templates);
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
	struct buf	 err = BUF_INIT;
	struct store	*st;
	struct console	*app = NULL;
	void		*arg;
	int		 rc;

	if ((rc = startup_args(&opt, &prog, argc, argv)) != STARTUP_GO)
		return rc;
	rc = 1;
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
	if (startup_secure(&opt) != STARTUP_GO)
		goto out;
	if ((st = store_open(opt.db, salt, &err)) == NULL) {
		fprintf(stderr, "wasl-console: %s\n", buf_cstr(&err));
		goto out;
	}
	store_close(st);
	if (opt.check) {
		printf("wasl-console: templates, %zu common passwords and "
		    "database %s ok\n", auth_common_count(app->common), opt.db);
		rc = 0;
		goto out;
	}
	fprintf(stderr, "wasl-console: 1 worker of %d threads, database %s, "
	    "origin %s, %s\n", NTHREADS, opt.db, app->origin ? app->origin :
	    "(the Host asked)", prog.confine ? "seccomp on" : "seccomp off");
	arg = app;
	rc = startup_serve(&opt, 1, 10, &arg, &reload);
	app = arg;
out:
	startup_end(&opt);
	explicit_bzero(salt, sizeof(salt));
	S_drop(app);
	auth_common_free(common);
	buf_free(&err);
	return rc;
}
