/*
 * supervisor: pre-forked workers (see supervisor.h).
 */
#define _GNU_SOURCE	/* pipe2() */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "supervisor.h"

#define SV_MAX_WORKERS	64
/* Sent by a worker's main thread to its own request threads to end their
 * wait for a request. */
#define SV_WAKE		SIGUSR1

static const char	*sv_name = "wasl-forms";	/* starts log lines */
static atomic_int	 stopping;	/* lock-free: safe in a handler */
static void		(*stop_hook)(void);
/* The pipe on which each worker tells the supervisor it serves (its pid,
 * once its threads run); a worker inherits the write end. */
static int		 ready_pipe[2] = { -1, -1 };

static void
S_on_term(int sig)
{
	(void)sig;
	atomic_store(&stopping, 1);
	if (stop_hook != NULL)
		stop_hook();
}

/* Nothing to do: arriving is enough, it interrupts accept(). */
static void
S_on_wake(int sig)
{
	(void)sig;
}

void
sv_set_name(const char *name)
{
	sv_name = name;
}

void
sv_worker_signals(void (*hook)(void))
{
	struct sigaction	 sa;
	sigset_t		 none;

	stop_hook = hook;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = S_on_term;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked accept returns */
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = S_on_wake;
	sigaction(SV_WAKE, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);	/* the supervisor decides */
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

int
sv_stopping(void)
{
	return atomic_load(&stopping);
}

void
sv_hold(int block)
{
	sigset_t	 s;

	sigemptyset(&s);
	sigaddset(&s, SV_WAKE);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
}

struct sv_thread_slot {
	pthread_t	 tid;
	sv_thread	 fn;
	void		*arg;
	atomic_int	 running;
};

static void *
S_thread_main(void *p)
{
	struct sv_thread_slot	*t = p;

	t->fn(t->arg);
	atomic_store(&t->running, 0);
	return NULL;
}

int
sv_threads(int n, sv_thread fn, void *arg)
{
	struct sv_thread_slot	*t;
	sigset_t		 set, old;
	int			 i, sig, started = 0, alive;

	if (n < 1)
		n = 1;
	if (n > SV_MAX_THREADS)
		n = SV_MAX_THREADS;
	t = calloc((size_t)n, sizeof(*t));
	if (t == NULL)
		return -1;
	/* SIGTERM is for this thread's sigwait() alone; the threads start
	 * with the wake-up signal held back too (sv_hold). */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SV_WAKE);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	for (i = 0; i < n && !sv_stopping(); i++) {
		t[i].fn = fn;
		t[i].arg = arg;
		atomic_store(&t[i].running, 1);
		if (pthread_create(&t[i].tid, NULL, S_thread_main, &t[i]) != 0)
			break;
		started++;
	}
	if (started == 0 && !sv_stopping()) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		free(t);
		errno = EAGAIN;
		return -1;
	}
	/* Serving: the supervisor may now retire the workers this one
	 * replaces (a full pipe, never read, is no reason to wait). */
	if (ready_pipe[1] != -1) {
		pid_t me = getpid();

		if (write(ready_pipe[1], &me, sizeof(me)) != sizeof(me))
			(void)0;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	/* A SIGTERM that came before it was blocked has set the flag. */
	while (!sv_stopping())
		if (sigwait(&set, &sig) == 0 && sig == SIGTERM)
			S_on_term(sig);
	/* A thread may be between its check of the flag and accept():
	 * wake them until each has returned. */
	for (;;) {
		for (i = alive = 0; i < started; i++)
			if (atomic_load(&t[i].running)) {
				pthread_kill(t[i].tid, SV_WAKE);
				alive++;
			}
		if (alive == 0)
			break;
		usleep(10000);
	}
	for (i = 0; i < started; i++)
		pthread_join(t[i].tid, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(t);
	return 0;
}

static pid_t
S_spawn(sv_worker fn, void *arg)
{
	pid_t	 pid = fork();

	if (pid == 0) {
		close(ready_pipe[0]);
		sv_worker_signals(NULL);
		_exit(fn(arg));
	}
	return pid;
}

/* Workers told to finish (replaced by a reload), until they exit. */
#define SV_MAX_OLD	(4 * SV_MAX_WORKERS)
struct sv_old {
	pid_t	 pid[SV_MAX_OLD];
	time_t	 deadline[SV_MAX_OLD];
	int	 n;
};

static void
S_retire(struct sv_old *o, pid_t pid, int grace)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	if (o->n == SV_MAX_OLD) {	/* never in practice */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return;
	}
	o->pid[o->n] = pid;
	o->deadline[o->n] = time(NULL) + grace;
	o->n++;
}

/* Forget old worker pid (it exited); 1 when it was one. */
static int
S_old_gone(struct sv_old *o, pid_t pid)
{
	int	 i;

	for (i = 0; i < o->n; i++)
		if (o->pid[i] == pid) {
			o->pid[i] = o->pid[o->n - 1];
			o->deadline[i] = o->deadline[o->n - 1];
			o->n--;
			return 1;
		}
	return 0;
}

/* 1 when a signal that stops the supervisor is waiting. */
static int
S_stop_pending(void)
{
	sigset_t	 p;

	return sigpending(&p) == 0 && (sigismember(&p, SIGTERM) == 1 ||
	    sigismember(&p, SIGINT) == 1);
}

/*
 * SIGHUP: load a new arg, start n workers with it, and once every one of
 * them serves, tell the current ones to finish and exit (they stop
 * taking connections; the listening socket, shared, stays open, so no
 * connection is refused). Returns the arg the workers now run with.
 */
static void *
S_reload(int n, int grace, sv_worker fn, void *arg,
    const struct sv_reload *rl, pid_t *pids, time_t *born,
    struct sv_old *old)
{
	pid_t		 fresh[SV_MAX_WORKERS], note;
	void		*next;
	struct pollfd	 pfd;
	time_t		 deadline;
	int		 i, nready = 0, dead = 0, status;

	if (rl == NULL || rl->load == NULL) {
		fprintf(stderr, "%s: SIGHUP: nothing to reload\n", sv_name);
		return arg;
	}
	while (read(ready_pipe[0], &note, sizeof(note)) > 0)
		;	/* notes of earlier workers */
	if ((next = rl->load(arg)) == NULL) {
		fprintf(stderr, "%s: reload failed; still serving "
		    "with what was loaded before\n", sv_name);
		return arg;
	}
	for (i = 0; i < n; i++)
		if ((fresh[i] = S_spawn(fn, next)) <= 0) {
			fresh[i] = 0;
			dead++;	/* fork failed: no use waiting */
		}
	pfd.fd = ready_pipe[0];
	pfd.events = POLLIN;
	deadline = time(NULL) + SV_READY_TIMEOUT;
	while (nready < n && dead == 0 && time(NULL) < deadline &&
	    !S_stop_pending()) {
		if (poll(&pfd, 1, 100) > 0)
			while (read(ready_pipe[0], &note, sizeof(note)) ==
			    sizeof(note))
				for (i = 0; i < n; i++)
					if (fresh[i] == note)
						nready++;
		for (i = 0; i < n; i++)
			if (fresh[i] > 0 &&
			    waitpid(fresh[i], &status, WNOHANG) == fresh[i]) {
				fresh[i] = 0;
				dead++;
			}
	}
	if (nready < n) {
		for (i = 0; i < n; i++)
			S_retire(old, fresh[i], grace);
		if (rl->drop != NULL)
			rl->drop(next);
		fprintf(stderr, "%s: reload failed: %s; still "
		    "serving with what was loaded before\n", sv_name, dead > 0 ?
		    "a new worker could not start or exited before serving "
		    "(see above)" :
		    "the new workers did not start serving in time");
		return arg;
	}
	for (i = 0; i < n; i++) {
		S_retire(old, pids[i], grace);
		pids[i] = fresh[i];
		born[i] = time(NULL);
	}
	if (rl->drop != NULL)
		rl->drop(arg);
	fprintf(stderr, "%s: reloaded: %d new workers serve; the old "
	    "ones finish their requests and exit\n", sv_name, n);
	return next;
}

int
sv_run(int n, int grace, sv_worker fn, void **argp,
    const struct sv_reload *rl)
{
	pid_t		 pids[SV_MAX_WORKERS];
	time_t		 born[SV_MAX_WORKERS];
	struct sv_old	 old;
	struct timespec	 tick = { 1, 0 };
	sigset_t	 set, oldmask;
	void		*arg = *argp;
	int		 i, sig, alive = 0, status;
	pid_t		 pid;
	time_t		 deadline;

	if (n < 1)
		n = 1;
	if (n > SV_MAX_WORKERS)
		n = SV_MAX_WORKERS;
	old.n = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &oldmask);
	signal(SIGPIPE, SIG_IGN);
	/* Non-blocking both ends: a worker never waits to say it serves,
	 * the supervisor never waits to read it. */
	if (ready_pipe[0] == -1 &&
	    pipe2(ready_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		return -1;
	}
	for (i = 0; i < n; i++) {
		pids[i] = S_spawn(fn, arg);
		born[i] = time(NULL);
		if (pids[i] > 0)
			alive++;
	}
	if (alive == 0) {
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		return -1;
	}
	for (;;) {
		/* With old workers finishing, look at the clock each
		 * second: those past their grace are killed. */
		sig = sigtimedwait(&set, NULL, old.n > 0 ? &tick : NULL);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			arg = S_reload(n, grace, fn, arg, rl, pids, born, &old);
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (S_old_gone(&old, pid))
				continue;
			for (i = 0; i < n; i++) {
				if (pids[i] != pid)
					continue;
				/* A worker that dies at once would spin;
				 * wait a second before replacing it. */
				if (time(NULL) - born[i] < 1)
					sleep(1);
				if (WIFSIGNALED(status))
					fprintf(stderr, "%s: worker %ld "
					    "killed by signal %d; replacing "
					    "it\n", sv_name, (long)pid, WTERMSIG(status));
				else
					fprintf(stderr, "%s: worker %ld "
					    "exited with status %d; replacing "
					    "it\n", sv_name, (long)pid, WEXITSTATUS(status));
				pids[i] = S_spawn(fn, arg);
				born[i] = time(NULL);
			}
		}
		for (i = 0; i < old.n; i++)
			if (time(NULL) >= old.deadline[i]) {
				fprintf(stderr, "%s: old worker %ld "
				    "still busy after %d s; killed\n", sv_name,
				    (long)old.pid[i], grace);
				kill(old.pid[i], SIGKILL);
				old.deadline[i] = time(NULL) + grace;
			}
	}

	/* Stop: let each worker finish its request, then kill stragglers. */
	for (i = 0; i < n; i++)
		S_retire(&old, pids[i], grace);
	deadline = time(NULL) + grace;
	for (;;) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			S_old_gone(&old, pid);
		if (old.n == 0)
			break;
		if (time(NULL) >= deadline) {
			for (i = 0; i < old.n; i++) {
				kill(old.pid[i], SIGKILL);
				waitpid(old.pid[i], &status, 0);
			}
			break;
		}
		usleep(20000);
	}
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	*argp = arg;
	return 0;
}
