/*
 * supervisor: runs the FastCGI workers as child processes, replaces any
 * that dies, replaces them all on SIGHUP (a reload), and on SIGTERM or
 * SIGINT asks each to finish its request and exit. Inside a worker, requests are served by a set of threads (so that
 * requests waiting for the disk do not hold a core idle), which stop the
 * same way.
 */
#ifndef WASL_SUPERVISOR_H
#define WASL_SUPERVISOR_H

/*
 * The body of a worker: called in each child with the caller's arg; its
 * return value is the child's exit status. It should return soon after
 * sv_stopping() becomes true.
 */
typedef int (*sv_worker)(void *arg);

/*
 * What SIGHUP reloads: load(cur) returns a new arg for new workers (it
 * may read files again), or NULL when it cannot, having said why on
 * stderr; drop(arg) releases an arg no worker will be started with any
 * more (the workers have their own copies, forked).
 */
struct sv_reload {
	void	*(*load)(void *cur);
	void	 (*drop)(void *arg);
};

/* Seconds new workers have, after a reload, to start serving. */
#define SV_READY_TIMEOUT	30

/*
 * Fork n workers with *arg and supervise them until SIGTERM or SIGINT;
 * then signal every worker, wait up to grace seconds for them to exit
 * (killing those that do not), set *arg to the arg the last workers ran
 * with and return 0. Returns -1 (with errno) when no worker could be
 * started at all. Workers that die are restarted, at most one a second
 * when they keep dying at once.
 *
 * SIGHUP reloads (rl; NULL: SIGHUP is ignored): with the new arg, n new
 * workers are started; once each serves (its request threads run),
 * the old ones get SIGTERM, finish their requests and exit (killed after
 * grace seconds). Connections keep arriving on the shared listening
 * socket meanwhile, so none is refused. When load() fails, or a new
 * worker exits or does not serve within SV_READY_TIMEOUT seconds, the
 * new ones are stopped and the old ones go on. Each outcome is one line
 * on stderr: "NAME: reloaded: ..." or "NAME: reload failed...", NAME
 * the program's (sv_set_name()).
 */
int	sv_run(int n, int grace, sv_worker fn, void **arg,
	    const struct sv_reload *rl);
/* The program's name that starts the supervisor's log lines (borrowed;
 * default "wasl-forms"). Call before sv_run(). */
void	sv_set_name(const char *name);

/*
 * In a worker: install the SIGTERM handler (which sets the stopping flag
 * and calls hook, which must be async-signal-safe, e.g. libfcgi's
 * FCGX_ShutdownPending).
 */
void	sv_worker_signals(void (*hook)(void));
/* In a worker: 1 once SIGTERM arrived. */
int	sv_stopping(void);

/* The body of a request thread: serves requests while !sv_stopping(). */
typedef void (*sv_thread)(void *arg);

/*
 * In a worker, after sv_worker_signals(): run fn(arg) in n threads (1 to
 * SV_MAX_THREADS) until SIGTERM, then set the stopping flag, call the
 * hook, wake the threads that wait for a request (those serving one
 * finish it first) and wait for all to return. Returns 0, or -1 (errno
 * set) when no thread could be started.
 */
#define SV_MAX_THREADS	256
int	sv_threads(int n, sv_thread fn, void *arg);

/* In a request thread: hold back the signal that stops the wait for a
 * request while one is handled (block 1), let it through while waiting
 * for the next (block 0). */
void	sv_hold(int block);

#endif
