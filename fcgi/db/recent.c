/*
 * recent: the digests of the submissions of the last minutes (see
 * recent.h).
 *
 * Entries are numbered from 1 in the order they are added (their
 * serial); serial n sits in slot (n - 1) % RECENT_SLOTS. The live ones
 * are those after tail up to head. Each bucket of the index holds the
 * serial of its newest entry and each entry the serial of the next older
 * one in its bucket: a chain, newest first, that ends at a serial no
 * longer live. An entry is live only if its slot still carries its
 * serial, so a wiped or reused slot ends a chain too.
 */
#include <string.h>

#include "recent.h"

#define BUCKETS		(2 * RECENT_SLOTS)
#define MAX_STEPS	64	/* a chain longer than this is cut short */

struct entry {
	uint64_t	 serial;	/* 0: empty or wiped */
	uint64_t	 prev;		/* the next older in the bucket */
	int64_t		 id;
	int64_t		 at;
	unsigned char	 digest[32];
	char		 ref[RECENT_REF_MAX + 1];
};

struct recent {
	uint64_t	 head;		/* the newest serial; 0: none yet */
	uint64_t	 tail;		/* the last serial wiped */
	uint64_t	 bucket[BUCKETS];
	struct entry	 slot[RECENT_SLOTS];
};

size_t
recent_size(void)
{
	return sizeof(struct recent);
}

/* The digest is a hash already: its first bytes pick the bucket. */
static size_t
S_bucket(const unsigned char d[32])
{
	uint64_t	 h = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		h = h << 8 | d[i];
	return (size_t)(h & (BUCKETS - 1));
}

static struct entry *
S_live(const struct recent *r, uint64_t serial)
{
	const struct entry	*e;

	if (serial <= r->tail || serial > r->head)
		return NULL;
	e = &r->slot[(serial - 1) % RECENT_SLOTS];
	return e->serial == serial ? (struct entry *)e : NULL;
}

int
recent_find(const struct recent *r, const unsigned char d[32], time_t since,
    int64_t *id, char ref[RECENT_REF_MAX + 1])
{
	const struct entry	*e;
	uint64_t		 n = r->bucket[S_bucket(d)];
	int			 steps;

	for (steps = 0; steps < MAX_STEPS && (e = S_live(r, n)) != NULL;
	    steps++) {
		if (e->at >= (int64_t)since &&
		    memcmp(e->digest, d, sizeof(e->digest)) == 0) {
			*id = e->id;
			memcpy(ref, e->ref, RECENT_REF_MAX + 1);
			return 1;
		}
		n = e->prev;
	}
	return 0;
}

static void
S_wipe_tail(struct recent *r)
{
	memset(&r->slot[r->tail % RECENT_SLOTS], 0, sizeof(struct entry));
	r->tail++;
}

void
recent_add(struct recent *r, const unsigned char d[32], int64_t id,
    const char *ref, time_t at)
{
	const uint64_t	 n = r->head + 1;
	const size_t	 b = S_bucket(d);
	struct entry	*e;
	size_t		 len = strlen(ref);

	if (n - r->tail > RECENT_SLOTS)
		S_wipe_tail(r);
	e = &r->slot[(n - 1) % RECENT_SLOTS];
	memset(e, 0, sizeof(*e));
	e->prev = r->bucket[b];
	e->id = id;
	e->at = (int64_t)at;
	memcpy(e->digest, d, sizeof(e->digest));
	memcpy(e->ref, ref, len > RECENT_REF_MAX ? RECENT_REF_MAX : len);
	/* Then its serial, the link to it, and the count: a process that
	 * dies before the last leaves a slot the next entry reuses. */
	e->serial = n;
	r->bucket[b] = n;
	r->head = n;
}

void
recent_expire(struct recent *r, time_t before)
{
	while (r->tail < r->head &&
	    r->slot[r->tail % RECENT_SLOTS].at < (int64_t)before)
		S_wipe_tail(r);
}

size_t
recent_count(const struct recent *r)
{
	return (size_t)(r->head - r->tail);
}
