/*
 * supervisor: pre-forked workers (see supervisor.h).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
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

static atomic_int	 stopping;	/* lock-free: safe in a handler */
static void		(*stop_hook)(void);

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
		sv_worker_signals(NULL);
		_exit(fn(arg));
	}
	return pid;
}

int
sv_run(int n, int grace, sv_worker fn, void *arg)
{
	pid_t		 pids[SV_MAX_WORKERS];
	time_t		 born[SV_MAX_WORKERS];
	sigset_t	 set, old;
	int		 i, sig, alive = 0, status;
	pid_t		 pid;
	time_t		 deadline;

	if (n < 1)
		n = 1;
	if (n > SV_MAX_WORKERS)
		n = SV_MAX_WORKERS;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n; i++) {
		pids[i] = S_spawn(fn, arg);
		born[i] = time(NULL);
		if (pids[i] > 0)
			alive++;
	}
	if (alive == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig != SIGCHLD)
			continue;	/* SIGHUP: nothing to reload yet */
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			for (i = 0; i < n; i++) {
				if (pids[i] != pid)
					continue;
				/* A worker that dies at once would spin;
				 * wait a second before replacing it. */
				if (time(NULL) - born[i] < 1)
					sleep(1);
				if (WIFSIGNALED(status))
					fprintf(stderr, "wasl-forms: worker %ld "
					    "killed by signal %d; replacing "
					    "it\n", (long)pid, WTERMSIG(status));
				else
					fprintf(stderr, "wasl-forms: worker %ld "
					    "exited with status %d; replacing "
					    "it\n", (long)pid, WEXITSTATUS(status));
				pids[i] = S_spawn(fn, arg);
				born[i] = time(NULL);
			}
	}

	/* Stop: let each worker finish its request, then kill stragglers. */
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	deadline = time(NULL) + grace;
	for (;;) {
		alive = 0;
		for (i = 0; i < n; i++) {
			if (pids[i] <= 0)
				continue;
			if (waitpid(pids[i], &status, WNOHANG) == pids[i])
				pids[i] = 0;
			else
				alive++;
		}
		if (alive == 0)
			break;
		if (time(NULL) >= deadline) {
			for (i = 0; i < n; i++)
				if (pids[i] > 0) {
					kill(pids[i], SIGKILL);
					waitpid(pids[i], &status, 0);
				}
			break;
		}
		usleep(20000);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}
