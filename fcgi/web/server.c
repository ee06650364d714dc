/*
 * server: the FastCGI server of a wasl program (see server.h).
 */
#define _GNU_SOURCE	/* accept4() */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "sandbox.h"
#include "server.h"

/* The program being run: one per process, set by web_run() before the
 * workers are forked. */
static const struct web_program *prog;

/* What a worker's threads share. */
struct worker {
	void	*app;
	void	*state;		/* worker_open()'s */
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
	struct timeval	 rcv = { WEB_CONN_RCV_TIMEOUT, 0 };
	struct timeval	 snd = { WEB_CONN_SND_TIMEOUT, 0 };
	int		 fd;

	/* Only the wait for a connection may be cut short. */
	sv_hold(0);
	fd = accept4(prog->listen_fd, NULL, NULL, SOCK_CLOEXEC);
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
	struct http_req	 r;
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
		http_req_init(&r, &req);
		prog->serve(w->app, w->state, &r);
		S_finish(&req);
	}
	FCGX_Free(&req, 1);
}

/* One worker: its own state (a database connection), shared by its
 * threads. */
static int
S_worker(void *arg)
{
	struct worker	 w;
	struct buf	 err = BUF_INIT;
	int		 rc;

	sv_worker_signals(FCGX_ShutdownPending);
	w.app = arg;
	if ((w.state = prog->worker_open(w.app, &err)) == NULL) {
		fprintf(stderr, "%s: %s", prog->name, buf_cstr(&err));
		buf_free(&err);
		return 1;
	}
	/* From here on, only what serving requests needs. */
	if (prog->confine && sandbox_confine(&err) == -1) {
		fprintf(stderr, "%s: %s", prog->name, buf_cstr(&err));
		buf_free(&err);
		prog->worker_close(w.state);
		return 1;
	}
	rc = sv_threads(prog->nthreads, S_serve, &w);
	if (rc == -1)
		fprintf(stderr, "%s: cannot start threads: %s\n", prog->name,
		    strerror(errno));
	prog->worker_close(w.state);
	return rc == -1 ? 1 : 0;
}

int
web_run(const struct web_program *p, int workers, int grace, void **app,
    const struct sv_reload *rl)
{
	prog = p;
	sv_set_name(p->name);
	return sv_run(workers, grace, S_worker, app, rl);
}

/*
 * Our own socket at path: only its owner and group (-1: none, mode 0600)
 * may connect. It is made under a temporary name with the umask's mode
 * 0700, given its group and mode 0660, then listens and is renamed into
 * place, so that it is never wider than meant and appears ready.
 */
static int
S_own_socket(const char *path, gid_t group, struct buf *err)
{
	struct sockaddr_un	 sa;
	char			 tmp[sizeof(sa.sun_path)];
	mode_t			 old;
	int			 fd = -1, n;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	n = snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		buf_printf(err, "%s: the socket's path is too long (at most "
		    "%zu bytes)\n", path, sizeof(tmp) - 5);
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
	buf_printf(err, "cannot listen on %s: %s\n", path, strerror(errno));
	if (fd != -1) {
		close(fd);
		unlink(tmp);
	}
	return -1;
}

int
web_listen(const char *path, gid_t group, struct buf *err)
{
	const char		*fds = getenv("LISTEN_FDS");
	const char		*pid = getenv("LISTEN_PID");
	struct sockaddr_storage	 sa;
	socklen_t		 len = sizeof(sa);

	if (FCGX_Init() != 0)
		return -1;
	if (path != NULL)
		return S_own_socket(path, group, err);
	if (fds != NULL && pid != NULL && atol(pid) == (long)getpid() &&
	    strcmp(fds, "1") == 0)
		return 3;
	if (getsockname(0, (struct sockaddr *)&sa, &len) == 0)
		return 0;
	buf_puts(err, "no socket: give --socket PATH, or start it from "
	    "systemd or spawn-fcgi\n");
	return -1;
}
