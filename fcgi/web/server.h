/*
 * server: the FastCGI server every wasl program behind nginx runs, with
 * the program's own handler: the listening socket (its own, systemd's or
 * spawn-fcgi's), worker processes under the supervisor (supervisor.h),
 * each confined (sandbox.h) and serving many requests at once in its
 * threads, each connection accepted here with time limits and closed
 * without lingering when its input has been read (server.c says why).
 *
 * The program gives a struct web_program: its name for log lines, what
 * each worker opens for its threads (a database connection) and the
 * handler of one request. Its shared state (the "app": content,
 * templates) is the supervisor's argument, replaced on a reload
 * (struct sv_reload), and is passed to each worker as it starts.
 */
#ifndef WASL_SERVER_H
#define WASL_SERVER_H

#include <sys/types.h>

#include "buf.h"
#include "http.h"
#include "supervisor.h"

/* Seconds a connection may keep a thread waiting for what it sends (nginx
 * sends a whole buffered request at once) and for reading the reply. */
#define WEB_CONN_RCV_TIMEOUT	3
#define WEB_CONN_SND_TIMEOUT	10

struct web_program {
	const char	*name;		/* "wasl-forms": starts log lines */
	int		 listen_fd;	/* from web_listen() */
	int		 nthreads;	/* per worker, 1 to SV_MAX_THREADS */
	int		 confine;	/* seccomp in each worker */
	/*
	 * In a new worker, before it is confined: what its threads share
	 * besides app (e.g. a database connection), or NULL with a line
	 * appended to err (ending in "\n"), and the worker stops.
	 */
	void		*(*worker_open)(void *app, struct buf *err);
	/* When the worker stops: release what worker_open() returned. */
	void		 (*worker_close)(void *worker);
	/* Answer one request; many threads call it at once. */
	void		 (*serve)(void *app, void *worker, struct http_req *r);
};

/*
 * The listening socket: path (a Unix socket made here: only its owner,
 * and group when group is not (gid_t)-1, may connect), else the one
 * systemd hands over (LISTEN_FDS) or spawn-fcgi's (standard input).
 * Initialises libfcgi first. Returns the descriptor, or -1 with a line
 * appended to err (nothing when libfcgi cannot start).
 */
int	 web_listen(const char *path, gid_t group, struct buf *err);

/*
 * Run p with workers worker processes (sv_run(): grace seconds for
 * requests in flight at a stop, rl to reload *app on SIGHUP, NULL for
 * none) until SIGTERM. Each worker opens its state, confines itself when
 * p->confine, and serves in p->nthreads threads; its failures are logged
 * to standard error as "NAME: ...". *app is the app in use at the end.
 * Returns 0, or -1 when the workers cannot start (errno). p must stay
 * valid while it runs.
 */
int	 web_run(const struct web_program *p, int workers, int grace,
	    void **app, const struct sv_reload *rl);

#endif
