/*
 * pool: a list of jobs on a few threads (see pool.h). The threads share
 * two counters and nothing else: the next job to take, and the first job
 * that failed, below which every job still runs and above which none
 * needs to.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "pool.h"

struct run {
	const struct pool	*p;
	atomic_size_t		 next;		/* the next job to take */
	atomic_size_t		 failed;	/* the first failed job, or
						   SIZE_MAX */
};

struct worker {
	struct run	*r;
	void		*ctx;
	pthread_t	 tid;
};

/* Take jobs until none is left (or all left come after a failed one). */
static void
S_work(struct run *r, void *ctx)
{
	const struct pool	*p = r->p;
	size_t			 i, f;

	for (;;) {
		i = atomic_fetch_add(&r->next, 1);
		if (i >= p->n)
			break;
		if (i > atomic_load(&r->failed))
			continue;	/* never reported: skip the work */
		if (p->run(p->arg, ctx, i) == -1) {
			f = atomic_load(&r->failed);
			while (i < f && !atomic_compare_exchange_weak(
			    &r->failed, &f, i))
				continue;
		}
	}
}

static void *
S_worker(void *arg)
{
	struct worker	*w = arg;

	S_work(w->r, w->ctx);
	return NULL;
}

size_t
pool_threads(long asked, size_t n)
{
	long	 t = asked;

	if (t <= 0)
		t = sysconf(_SC_NPROCESSORS_ONLN);
	if (t < 1)
		t = 1;
	if (t > 64)
		t = 64;
	if ((size_t)t > n / 16 + 1)	/* small lists: no threads */
		t = (long)(n / 16 + 1);
	return (size_t)t;
}

size_t
pool_run(const struct pool *p, size_t nthreads, void *ctx)
{
	struct run	 r;
	struct worker	*w;
	size_t		 started = 0, i;

	r.p = p;
	atomic_store(&r.next, 0);
	atomic_store(&r.failed, SIZE_MAX);
	w = xcalloc(nthreads ? nthreads : 1, sizeof(*w));
	/* A context that cannot be made means one thread fewer. */
	for (i = 1; i < nthreads; i++) {
		w[started].r = &r;
		if ((w[started].ctx = p->ctx_new(p->arg)) == NULL)
			break;
		if (pthread_create(&w[started].tid, NULL, S_worker,
		    &w[started]) != 0) {
			p->ctx_free(p->arg, w[started].ctx);
			break;
		}
		started++;
	}
	S_work(&r, ctx);
	for (i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		p->ctx_free(p->arg, w[i].ctx);
	}
	free(w);
	return atomic_load(&r.failed);
}
