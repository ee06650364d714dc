/*
 * wasl-forms: the FastCGI program behind nginx that takes the site's forms
 * into SQLite.
 *
 *   wasl-forms [--content DIR] [--templates DIR] [--db PATH]
 *              [--socket PATH] [--workers N] [--check]
 *
 * It reads the same content folder (site, services, form definitions) and
 * templates as wasl-build, creates or migrates the database, then runs
 * N workers (default: one per core) under a supervisor that replaces any
 * that dies; SIGTERM lets requests in flight finish. The listening socket
 * is --socket PATH (a Unix socket it creates), else one inherited from
 * systemd (LISTEN_FDS) or spawn-fcgi (standard input). --check loads
 * everything, reports problems and exits.
 *
 * Exit status: 0 after a clean stop, 1 when start-up fails, 2 on bad usage.
 */
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "handler.h"
#include "store.h"
#include "supervisor.h"
#include "throttle.h"

static struct app	 app;
static int		 listen_fd = -1;

static void
S_usage(FILE *f)
{
	fputs("usage: wasl-forms [--content DIR] [--templates DIR] "
	    "[--db PATH] [--socket PATH]\n"
	    "                  [--workers N] [--check]\n", f);
}

/* One worker: its own database connection, then requests until told. */
static int
S_worker(void *arg)
{
	struct app	*a = arg;
	struct store	*st;
	struct buf	 err = BUF_INIT;
	FCGX_Request	 req;

	sv_worker_signals(FCGX_ShutdownPending);
	if ((st = store_open(a->db, a->salt, &err)) == NULL) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		buf_free(&err);
		return 1;
	}
	if (FCGX_InitRequest(&req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		store_close(st);
		return 1;
	}
	while (!sv_stopping()) {
		if (FCGX_Accept_r(&req) < 0) {
			if (sv_stopping())
				break;
			continue;
		}
		/* SIGTERM waits until this request is answered. */
		sv_hold(1);
		handler_serve(a, st, &req);
		FCGX_Finish_r(&req);
		sv_hold(0);
	}
	FCGX_Free(&req, 1);
	store_close(st);
	return 0;
}

/* The socket: ours, systemd's or spawn-fcgi's. */
static int
S_listen(const char *path)
{
	const char		*fds = getenv("LISTEN_FDS");
	const char		*pid = getenv("LISTEN_PID");
	struct sockaddr_storage	 sa;
	socklen_t		 len = sizeof(sa);
	int			 fd;

	if (path != NULL) {
		if (unlink(path) == -1 && errno != ENOENT) {
			fprintf(stderr, "wasl-forms: %s: %s\n", path,
			    strerror(errno));
			return -1;
		}
		if ((fd = FCGX_OpenSocket(path, 128)) < 0) {
			fprintf(stderr, "wasl-forms: cannot listen on %s\n",
			    path);
			return -1;
		}
		/* nginx's workers run as another user; the folder holding
		 * the socket is what guards it. */
		chmod(path, 0666);
		return fd;
	}
	if (fds != NULL && pid != NULL && atol(pid) == (long)getpid() &&
	    strcmp(fds, "1") == 0)
		return 3;
	if (getsockname(0, (struct sockaddr *)&sa, &len) == 0)
		return 0;
	fprintf(stderr, "wasl-forms: no socket: give --socket PATH, or start "
	    "it from systemd or spawn-fcgi\n");
	return -1;
}

int
main(int argc, char *argv[])
{
	const char	*content = "content", *templates = "templates";
	const char	*sock = NULL;
	struct buf	 err = BUF_INIT;
	struct store	*st;
	long		 workers = sysconf(_SC_NPROCESSORS_ONLN);
	int		 i, check = 0, rc = 1;
	char		*end;

	app.db = "var/wasl.db";
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
			app.db = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--socket") == 0)
			sock = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--workers") == 0) {
			workers = strtol(argv[++i], &end, 10);
			if (*end != '\0' || workers < 1 || workers > 64) {
				fprintf(stderr, "wasl-forms: --workers takes "
				    "1 to 64\n");
				return 2;
			}
		} else {
			fprintf(stderr, "wasl-forms: unknown or incomplete "
			    "argument '%s'\n", argv[i]);
			S_usage(stderr);
			return 2;
		}
	}
	if (workers < 1)
		workers = 1;
	umask(077);

	if (handler_init(&app, content, templates, &err) == -1) {
		fputs(buf_cstr(&err), stderr);
		goto out;
	}
	if (getrandom(app.salt, sizeof(app.salt), 0) !=
	    (ssize_t)sizeof(app.salt)) {
		fprintf(stderr, "wasl-forms: no random bytes\n");
		goto out;
	}
	/* Create or migrate the database once, before any worker. */
	if ((st = store_open(app.db, app.salt, &err)) == NULL) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		goto out;
	}
	store_close(st);
	/* Shared by the workers, so made before they are forked. */
	if ((app.throttle = throttle_new(THROTTLE_MAX_FAILS,
	    THROTTLE_WINDOW)) == NULL) {
		fprintf(stderr, "wasl-forms: cannot make the lookup limit's "
		    "table: %s\n", strerror(errno));
		goto out;
	}
	if (check) {
		printf("wasl-forms: %zu forms, templates and database %s ok\n",
		    handler_nforms(&app), app.db);
		rc = 0;
		goto out;
	}
	if (FCGX_Init() != 0 || (listen_fd = S_listen(sock)) < 0)
		goto out;
	fprintf(stderr, "wasl-forms: %ld workers, %zu forms, database %s\n",
	    workers, handler_nforms(&app), app.db);
	if (sv_run((int)workers, 30, S_worker, &app) == -1) {
		fprintf(stderr, "wasl-forms: cannot start workers: %s\n",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (sock != NULL && listen_fd >= 0)
		unlink(sock);
	handler_free(&app);
	throttle_free(app.throttle);
	explicit_bzero(app.salt, sizeof(app.salt));
	buf_free(&err);
	return rc;
}
