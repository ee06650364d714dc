/*
 * wasl-forms: the FastCGI program behind nginx that takes the site's forms
 * into SQLite.
 *
 *   wasl-forms [--content DIR] [--templates DIR] [--db PATH]
 *              [--socket PATH] [--socket-group NAME] [--workers N]
 *              [--threads N] [--user NAME] [--no-seccomp] [--check]
 *
 * It reads the same content folder (site, services, form definitions) and
 * templates as wasl-build, creates or migrates the database, then runs
 * N worker processes (default 1) under a supervisor that replaces any
 * that dies; SIGTERM lets requests in flight finish. Each worker serves
 * up to --threads requests at once (default 64) on every core, and the
 * submissions that arrive together are committed together, one flush to
 * disk for all of them (store.h), each answered only after it. One
 * worker is fastest: workers commit apart, and each commit by one
 * empties the other's page cache; more isolate a crash. The listening
 * socket is --socket PATH (a Unix socket it creates, mode 0600, or 0660
 * with the group --socket-group NAME: nginx's), else one inherited from
 * systemd (LISTEN_FDS) or spawn-fcgi (standard input). A connection that
 * sends no request within WEB_CONN_RCV_TIMEOUT seconds is closed
 * (server.h: the server is fcgi/web's, this file only its wiring). --check
 * loads everything, reports problems and exits. The options it shares
 * with wasl-console and the start-up steps around its own are
 * fcgi/web's too (startup.h); --workers and --threads are its own.
 *
 * Least privilege (sandbox.h): started as root, it reads the content and
 * opens the socket, then becomes --user (default "wasl") for good before
 * it opens the database; each worker then confines itself with a
 * seccomp filter before its first request (--no-seccomp: not, for
 * running under valgrind, whose own calls the filter would refuse).
 *
 * Exit status: 0 after a clean stop, 1 when start-up fails, 2 on bad usage.
 */
#include <sys/random.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handler.h"
#include "startup.h"
#include "store.h"
#include "throttle.h"

#define DEFAULT_THREADS	64

static struct app	*app;		/* the workers' (a reload: new ones) */
static long		 workers = 1, nthreads = DEFAULT_THREADS;
static struct store_gate *gate;		/* shared by the workers */

static void
S_usage(FILE *f)
{
	fputs("usage: wasl-forms [--content DIR] [--templates DIR] "
	    "[--db PATH] [--socket PATH]\n"
	    "                  [--socket-group NAME] [--workers N] "
	    "[--threads N]\n"
	    "                  [--user NAME] [--no-seccomp] [--check]\n", f);
}

/* The form processor's own options (startup.h: struct startup's
 * option): the processes and their threads. */
static int
S_option(int argc, char *argv[], int *i)
{
	const char	*v;
	char		*end;

	if ((v = startup_value(argc, argv, i, "--workers")) != NULL) {
		workers = strtol(v, &end, 10);
		if (*end != '\0' || workers < 1 || workers > 64) {
			fprintf(stderr, "wasl-forms: --workers takes 1 to "
			    "64\n");
			return 2;
		}
	} else if ((v = startup_value(argc, argv, i, "--threads")) != NULL) {
		nthreads = strtol(v, &end, 10);
		if (*end != '\0' || nthreads < 1 ||
		    nthreads > SV_MAX_THREADS) {
			fprintf(stderr, "wasl-forms: --threads takes 1 to "
			    "%d\n", SV_MAX_THREADS);
			return 2;
		}
	} else
		return 0;
	return 1;
}

/* The options both programs take (startup.h), and with them its own. */
static struct startup	 opt = { .usage = S_usage, .option = S_option };

/* A worker's own database connection, shared by its threads. */
static void *
S_worker_open(void *arg, struct buf *err)
{
	struct app	*a = arg;
	struct store	*st;

	if ((st = store_open(a->db, a->salt, err)) == NULL) {
		buf_putc(err, '\n');
		return NULL;
	}
	store_set_gate(st, gate);
	/* The public side only ever adds submissions and looks them up:
	 * its connection can do nothing else (store.h). */
	store_restrict_to_adding(st);
	return st;
}

static void
S_worker_close(void *st)
{
	store_close(st);
}

static void
S_serve(void *a, void *st, struct http_req *r)
{
	handler_serve(a, st, r);
}

/* A reload (SIGHUP): the content and templates read again, as the user
 * the supervisor now is, into a new app that keeps the rest. */
static void *
S_load(void *cur)
{
	struct app	*old = cur, *a = xcalloc(1, sizeof(*a));
	struct buf	 err = BUF_INIT;

	if (handler_init(a, opt.content, opt.templates, &err) == -1) {
		fprintf(stderr, "wasl-forms: reload: %s", buf_cstr(&err));
		if (opt.dropped)
			fprintf(stderr, "wasl-forms: reload: the user '%s' "
			    "reads %s and %s: they must be readable by it\n",
			    opt.user, opt.content, opt.templates);
		buf_free(&err);
		handler_free(a);
		free(a);
		return NULL;
	}
	a->db = old->db;
	memcpy(a->salt, old->salt, sizeof(a->salt));
	a->throttle = old->throttle;
	fprintf(stderr, "wasl-forms: reload: %zu forms and the templates "
	    "read again from %s and %s\n", handler_nforms(a), opt.content,
	    opt.templates);
	buf_free(&err);
	return a;
}

/* An app no worker will be started with any more. */
static void
S_drop(void *arg)
{
	struct app	*a = arg;

	explicit_bzero(a->salt, sizeof(a->salt));
	handler_free(a);
	free(a);
}

int
main(int argc, char *argv[])
{
	static const struct sv_reload reload = { S_load, S_drop };
	static struct web_program prog = {
		"wasl-forms", -1, DEFAULT_THREADS, 1,
		S_worker_open, S_worker_close, S_serve
	};
	struct buf	 err = BUF_INIT;
	struct store	*st;
	void		*arg;
	int		 rc;

	if ((rc = startup_args(&opt, &prog, argc, argv)) != STARTUP_GO)
		return rc;
	rc = 1;
	app = xcalloc(1, sizeof(*app));
	app->db = opt.db;
	if (handler_init(app, opt.content, opt.templates, &err) == -1) {
		fputs(buf_cstr(&err), stderr);
		goto out;
	}
	if (getrandom(app->salt, sizeof(app->salt), 0) !=
	    (ssize_t)sizeof(app->salt)) {
		fprintf(stderr, "wasl-forms: no random bytes\n");
		goto out;
	}
	/* Root is given up before the database is touched. */
	if (startup_secure(&opt) != STARTUP_GO)
		goto out;
	/* Create or migrate the database once, before any worker. */
	if ((st = store_open(app->db, app->salt, &err)) == NULL) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		if (opt.dropped)
			fprintf(stderr, "wasl-forms: the user '%s' must be "
			    "able to write in the database's folder\n",
			    opt.user);
		goto out;
	}
	store_close(st);
	/* Shared by the workers, so made before they are forked. */
	if ((app->throttle = throttle_new(THROTTLE_MAX_FAILS,
	    THROTTLE_WINDOW)) == NULL) {
		fprintf(stderr, "wasl-forms: cannot make the lookup limit's "
		    "table: %s\n", strerror(errno));
		goto out;
	}
	if ((gate = store_gate_new()) == NULL) {
		fprintf(stderr, "wasl-forms: cannot map the writers' gate: "
		    "%s\n", strerror(errno));
		goto out;
	}
	if (opt.check) {
		printf("wasl-forms: %zu forms, templates and database %s ok\n",
		    handler_nforms(app), app->db);
		rc = 0;
		goto out;
	}
	fprintf(stderr, "wasl-forms: %ld workers of %ld threads, %zu forms, "
	    "database %s, user %s, %s\n", workers, nthreads,
	    handler_nforms(app), app->db, opt.dropped ? opt.user : "unchanged",
	    prog.confine ? "seccomp on" : "seccomp off");
	prog.nthreads = (int)nthreads;
	arg = app;
	rc = startup_serve(&opt, (int)workers, 30, &arg, &reload);
	app = arg;
out:
	startup_end(&opt);
	throttle_free(app->throttle);
	store_gate_free(gate);
	S_drop(app);
	buf_free(&err);
	return rc;
}
