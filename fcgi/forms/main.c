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
 * loads everything, reports problems and exits.
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
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handler.h"
#include "store.h"
#include "sandbox.h"
#include "server.h"
#include "throttle.h"

#define DEFAULT_THREADS	64

static struct app	*app;		/* the workers' (a reload: new ones) */
static const char	*content = "content", *templates = "templates";
static const char	*user = SANDBOX_USER;
static int		 dropped;	/* root was given up for user */
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

	if (handler_init(a, content, templates, &err) == -1) {
		fprintf(stderr, "wasl-forms: reload: %s", buf_cstr(&err));
		if (dropped)
			fprintf(stderr, "wasl-forms: reload: the user '%s' "
			    "reads %s and %s: they must be readable by it\n",
			    user, content, templates);
		buf_free(&err);
		handler_free(a);
		free(a);
		return NULL;
	}
	a->db = old->db;
	memcpy(a->salt, old->salt, sizeof(a->salt));
	a->throttle = old->throttle;
	fprintf(stderr, "wasl-forms: reload: %zu forms and the templates "
	    "read again from %s and %s\n", handler_nforms(a), content,
	    templates);
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
	const char	*sock = NULL, *sgroup = NULL;
	struct group	*gr;
	gid_t		 sgid = (gid_t)-1;
	struct buf	 err = BUF_INIT;
	struct store	*st;
	void		*arg;
	long		 workers = 1, nthreads = DEFAULT_THREADS;
	int		 i, check = 0, rc = 1;
	char		*end;
	sigset_t	 hup;

	/* A SIGHUP while starting waits for the supervisor to reload. */
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	sigprocmask(SIG_BLOCK, &hup, NULL);
	app = xcalloc(1, sizeof(*app));
	app->db = "var/data/wasl.db";
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
			app->db = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--socket") == 0)
			sock = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--user") == 0)
			user = argv[++i];
		else if (i + 1 < argc &&
		    strcmp(argv[i], "--socket-group") == 0)
			sgroup = argv[++i];
		else if (strcmp(argv[i], "--no-seccomp") == 0)
			prog.confine = 0;
		else if (i + 1 < argc && strcmp(argv[i], "--workers") == 0) {
			workers = strtol(argv[++i], &end, 10);
			if (*end != '\0' || workers < 1 || workers > 64) {
				fprintf(stderr, "wasl-forms: --workers takes "
				    "1 to 64\n");
				return 2;
			}
		} else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0) {
			nthreads = strtol(argv[++i], &end, 10);
			if (*end != '\0' || nthreads < 1 ||
			    nthreads > SV_MAX_THREADS) {
				fprintf(stderr, "wasl-forms: --threads takes "
				    "1 to %d\n", SV_MAX_THREADS);
				return 2;
			}
		} else {
			fprintf(stderr, "wasl-forms: unknown or incomplete "
			    "argument '%s'\n", argv[i]);
			S_usage(stderr);
			return 2;
		}
	}
	umask(077);
	if (sgroup != NULL) {
		if (sock == NULL) {
			fprintf(stderr, "wasl-forms: --socket-group is for the "
			    "socket made with --socket PATH\n");
			return 2;
		}
		if ((gr = getgrnam(sgroup)) == NULL) {
			fprintf(stderr, "wasl-forms: --socket-group: there is "
			    "no group '%s'\n", sgroup);
			return 1;
		}
		sgid = gr->gr_gid;
	}

	if (handler_init(app, content, templates, &err) == -1) {
		fputs(buf_cstr(&err), stderr);
		goto out;
	}
	if (getrandom(app->salt, sizeof(app->salt), 0) !=
	    (ssize_t)sizeof(app->salt)) {
		fprintf(stderr, "wasl-forms: no random bytes\n");
		goto out;
	}
	if (prog.confine && sandbox_check(&err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		goto out;
	}
	/* The socket while still root (a folder only root may write in),
	 * then root is given up before the database is touched. */
	if (!check && (prog.listen_fd = web_listen(sock, sgid, &err)) < 0) {
		if (err.len > 0)
			fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		goto out;
	}
	if ((dropped = sandbox_drop(user, &err)) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		goto out;
	}
	/* Create or migrate the database once, before any worker. */
	if ((st = store_open(app->db, app->salt, &err)) == NULL) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		if (dropped)
			fprintf(stderr, "wasl-forms: the user '%s' must be "
			    "able to write in the database's folder\n", user);
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
	if (check) {
		printf("wasl-forms: %zu forms, templates and database %s ok\n",
		    handler_nforms(app), app->db);
		rc = 0;
		goto out;
	}
	fprintf(stderr, "wasl-forms: %ld workers of %ld threads, %zu forms, "
	    "database %s, user %s, %s\n", workers, nthreads,
	    handler_nforms(app), app->db, dropped ? user : "unchanged",
	    prog.confine ? "seccomp on" : "seccomp off");
	prog.nthreads = (int)nthreads;
	arg = app;
	rc = web_run(&prog, (int)workers, 30, &arg, &reload);
	app = arg;
	if (rc == -1) {
		rc = 1;
		fprintf(stderr, "wasl-forms: cannot start workers: %s\n",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (sock != NULL && prog.listen_fd >= 0)
		unlink(sock);
	throttle_free(app->throttle);
	store_gate_free(gate);
	S_drop(app);
	buf_free(&err);
	return rc;
}
