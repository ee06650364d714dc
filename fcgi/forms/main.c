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
 * sends no request within CONN_RCV_TIMEOUT seconds is closed. --check
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
#define _GNU_SOURCE	/* accept4() */
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "handler.h"
#include "store.h"
#include "sandbox.h"
#include "supervisor.h"
#include "throttle.h"

#define DEFAULT_THREADS	64
/* Seconds a connection may keep a thread waiting for what it sends (nginx
 * sends a whole buffered request at once) and for reading the reply. */
#define CONN_RCV_TIMEOUT	3
#define CONN_SND_TIMEOUT	10

static struct app	*app;		/* the workers' (a reload: new ones) */
static const char	*content = "content", *templates = "templates";
static const char	*user = SANDBOX_USER;
static int		 dropped;	/* root was given up for user */
static int		 listen_fd = -1;
static struct store_gate *gate;		/* shared by the workers */
static long		 nthreads = DEFAULT_THREADS;
static int		 confine = 1;	/* seccomp in the workers */

static void
S_usage(FILE *f)
{
	fputs("usage: wasl-forms [--content DIR] [--templates DIR] "
	    "[--db PATH] [--socket PATH]\n"
	    "                  [--socket-group NAME] [--workers N] "
	    "[--threads N]\n"
	    "                  [--user NAME] [--no-seccomp] [--check]\n", f);
}

/* What a worker's threads share. */
struct worker {
	struct app	*app;
	struct store	*store;
};

/*
 * End a request. libfcgi closes a connection by shutting down its side and
 * then waiting for nginx to close first, reading whatever still comes, so
 * that no unread input makes the close reset the connection under a reply
 * nginx has not read yet. Once the input has been read to its end nothing
 * more comes (one request a connection): then it closes at once, and the
 * thread is free a round trip sooner, without the shutdown, the wait and
 * the last read. Up to a few buffers of unread input are read to find
 * that end; past them the lingering close does it.
 */
static void
S_finish(FCGX_Request *req)
{
	char	 trash[4096];
	int	 i;

	for (i = 0; i < 4 && !FCGX_HasSeenEOF(req->in); i++)
		if (FCGX_GetStr(trash, sizeof(trash), req->in) <= 0)
			break;
	if (FCGX_HasSeenEOF(req->in))
		FCGX_Detach(req);
	FCGX_Finish_r(req);
}

/*
 * The next connection for req, accepted here rather than by libfcgi, so
 * that it gets time limits: libfcgi reads a request with blocking reads,
 * and a peer that connects and sends nothing (or one byte) would hold the
 * thread for good. A Unix socket's connections do not inherit the
 * listener's, so each gets its own. Returns 0, or -1 when there is none
 * (interrupted by the stop, or an error: errno).
 */
static int
S_accept(FCGX_Request *req)
{
	struct timeval	 rcv = { CONN_RCV_TIMEOUT, 0 };
	struct timeval	 snd = { CONN_SND_TIMEOUT, 0 };
	int		 fd;

	/* Only the wait for a connection may be cut short. */
	sv_hold(0);
	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	sv_hold(1);
	if (fd == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rcv, sizeof(rcv)) ==
	    -1 || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &snd,
	    sizeof(snd)) == -1) {
		close(fd);
		return -1;
	}
	req->ipcFd = fd;
	return 0;
}

/*
 * One request thread: requests one after another until told. libfcgi
 * 2.4.2's FCGX_Accept_r() accepts only when the request has no connection
 * (ipcFd < 0), so it is handed the one S_accept() took; it first
 * finishes the previous request, which with keepConnection set leaves
 * that connection alone. Should the peer send no request in time,
 * libfcgi closes the connection (at once: detached) and would accept on
 * its own listening socket, which is -1 here: that fails at once
 * (EBADF), and the thread goes back to S_accept().
 */
static void
S_serve(void *arg)
{
	struct worker	*w = arg;
	FCGX_Request	 req;
	int		 rc;

	if (FCGX_InitRequest(&req, -1, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return;
	while (!sv_stopping()) {
		if (req.ipcFd < 0 && S_accept(&req) == -1) {
			if (sv_stopping())
				break;
			if (errno != EINTR && errno != ECONNABORTED)
				usleep(10000);	/* e.g. out of descriptors */
			continue;
		}
		req.keepConnection = 1;
		req.detached = 1;
		rc = FCGX_Accept_r(&req);
		if (rc < 0) {
			/* Nothing came: libfcgi has closed it. */
			if (req.ipcFd >= 0) {
				close(req.ipcFd);
				req.ipcFd = -1;
			}
			continue;
		}
		req.detached = 0;
		handler_serve(w->app, w->store, &req);
		S_finish(&req);
	}
	FCGX_Free(&req, 1);
}

/* One worker: its own database connection, shared by its threads. */
static int
S_worker(void *arg)
{
	struct worker	 w;
	struct buf	 err = BUF_INIT;
	int		 rc;

	sv_worker_signals(FCGX_ShutdownPending);
	w.app = arg;
	if ((w.store = store_open(w.app->db, w.app->salt, &err)) == NULL) {
		fprintf(stderr, "wasl-forms: %s\n", buf_cstr(&err));
		buf_free(&err);
		return 1;
	}
	store_set_gate(w.store, gate);
	/* From here on, only what serving requests needs. */
	if (confine && sandbox_confine(&err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		buf_free(&err);
		store_close(w.store);
		return 1;
	}
	rc = sv_threads((int)nthreads, S_serve, &w);
	if (rc == -1)
		fprintf(stderr, "wasl-forms: cannot start threads: %s\n",
		    strerror(errno));
	store_close(w.store);
	return rc == -1 ? 1 : 0;
}

/*
 * Our own socket at path: only its owner and group (-1: none, mode 0600)
 * may connect. It is made under a temporary name with the umask's mode
 * 0700, given its group and mode 0660, then listens and is renamed into
 * place, so that it is never wider than meant and appears ready.
 */
static int
S_own_socket(const char *path, gid_t group)
{
	struct sockaddr_un	 sa;
	char			 tmp[sizeof(sa.sun_path)];
	mode_t			 old;
	int			 fd = -1, n;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	n = snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		fprintf(stderr, "wasl-forms: %s: the socket's path is too "
		    "long (at most %zu bytes)\n", path, sizeof(tmp) - 5);
		return -1;
	}
	memcpy(sa.sun_path, tmp, (size_t)n + 1);
	if ((unlink(tmp) == -1 && errno != ENOENT) ||
	    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	old = umask(077);
	n = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (n == -1 ||
	    (group != (gid_t)-1 && chown(tmp, (uid_t)-1, group) == -1) ||
	    chmod(tmp, group != (gid_t)-1 ? 0660 : 0600) == -1 ||
	    listen(fd, 128) == -1 || rename(tmp, path) == -1)
		goto fail;
	return fd;
fail:
	fprintf(stderr, "wasl-forms: cannot listen on %s: %s\n", path,
	    strerror(errno));
	if (fd != -1) {
		close(fd);
		unlink(tmp);
	}
	return -1;
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

/* The socket: ours, systemd's or spawn-fcgi's. */
static int
S_listen(const char *path, gid_t group)
{
	const char		*fds = getenv("LISTEN_FDS");
	const char		*pid = getenv("LISTEN_PID");
	struct sockaddr_storage	 sa;
	socklen_t		 len = sizeof(sa);

	if (path != NULL)
		return S_own_socket(path, group);
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
	static const struct sv_reload reload = { S_load, S_drop };
	const char	*sock = NULL, *sgroup = NULL;
	struct group	*gr;
	gid_t		 sgid = (gid_t)-1;
	struct buf	 err = BUF_INIT;
	struct store	*st;
	void		*arg;
	long		 workers = 1;
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
			confine = 0;
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
	if (confine && sandbox_check(&err) == -1) {
		fprintf(stderr, "wasl-forms: %s", buf_cstr(&err));
		goto out;
	}
	/* The socket while still root (a folder only root may write in),
	 * then root is given up before the database is touched. */
	if (!check && (FCGX_Init() != 0 || (listen_fd = S_listen(sock, sgid)) < 0))
		goto out;
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
	    confine ? "seccomp on" : "seccomp off");
	arg = app;
	rc = sv_run((int)workers, 30, S_worker, &arg, &reload);
	app = arg;
	if (rc == -1) {
		rc = 1;
		fprintf(stderr, "wasl-forms: cannot start workers: %s\n",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (sock != NULL && listen_fd >= 0)
		unlink(sock);
	throttle_free(app->throttle);
	store_gate_free(gate);
	S_drop(app);
	buf_free(&err);
	return rc;
}
