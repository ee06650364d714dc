/*
 * pool: runs a numbered list of jobs on a few threads, the calling one
 * among them, taking them in order. A speed trick only: what the jobs
 * produce is theirs to keep, by number, and is taken in afterwards on the
 * calling thread, so the result is the same on one thread or many.
 */
#ifndef WASL_POOL_H
#define WASL_POOL_H

#include <stddef.h>

struct pool {
	size_t	  n;		/* jobs 0 .. n-1 */
	void	 *arg;		/* passed to every function below */
	/* Run job i with ctx, the running thread's own context: 0, or -1
	 * when it failed (the jobs after it need not run). */
	int	(*run)(void *arg, void *ctx, size_t i);
	/* A context for one more thread, made on the calling thread; NULL:
	 * no more threads. */
	void	*(*ctx_new)(void *arg);
	void	(*ctx_free)(void *arg, void *ctx);
};

/*
 * The number of threads to run n jobs on: asked (0 or less: one per
 * core), at most 64, and one for every 16 jobs (a small list is not worth
 * a thread).
 */
size_t	pool_threads(long asked, size_t n);

/*
 * Run the jobs of p on the calling thread, with ctx, and on up to
 * nthreads - 1 more, each with a context from p->ctx_new (freed here).
 * Every job before the first that failed has run; those after it may not
 * have. Returns the number of the first failed job, or SIZE_MAX.
 */
size_t	pool_run(const struct pool *p, size_t nthreads, void *ctx);

#endif
