/*
 * test_recent: the in-memory table of recent digests: finding by digest
 * and time, buckets shared by many, expiry, and the ring's eviction when
 * full.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "recent.h"

/* Digest number i: spread over the buckets as a hash's are, except that
 * numbers from 1 << 30 on all share one bucket. */
static void
S_digest(uint32_t i, unsigned char d[32])
{
	uint64_t	 h = (i >= 1u << 30) ? 0 :
			    (uint64_t)i * 0x9e3779b97f4a7c15ULL;
	int		 k;

	memset(d, 0, 32);
	for (k = 0; k < 8; k++)
		d[k] = (unsigned char)(h >> (8 * k));
	memcpy(d + 28, &i, sizeof(i));
}

int
main(void)
{
	struct recent	*r = calloc(1, recent_size());
	unsigned char	 d[32];
	char		 ref[RECENT_REF_MAX + 1], want[16];
	int64_t		 id = 0;
	uint32_t	 i;
	int		 ok;

	if (r == NULL)
		return 1;
	S_digest(1, d);
	check(!recent_find(r, d, 0, &id, ref) && recent_count(r) == 0,
	    "recent: an empty table finds nothing", NULL);
	recent_add(r, d, 41, "ACDE3467", 1000);
	check(recent_find(r, d, 1000, &id, ref) && id == 41 &&
	    strcmp(ref, "ACDE3467") == 0, "recent: found with its row and "
	    "reference", ref);
	check(!recent_find(r, d, 1001, &id, ref),
	    "recent: not when added before the window", NULL);
	S_digest(2, d);
	check(!recent_find(r, d, 0, &id, ref), "recent: another digest is "
	    "not found", NULL);

	/* Many, and 40 of them in one bucket: each finds its own row. */
	for (i = 2; i < 5000; i++) {
		S_digest(i, d);
		recent_add(r, d, i, "X", 1000 + i / 1000);
		if (i % 100 == 0) {
			S_digest((1u << 30) + i, d);
			recent_add(r, d, -(int64_t)i, "Y", 1000 + i / 1000);
		}
	}
	for (i = 2, ok = 1; i < 5000; i++) {
		S_digest(i, d);
		if (!recent_find(r, d, 0, &id, ref) || id != (int64_t)i)
			ok = 0;
		S_digest((1u << 30) + i, d);
		if (recent_find(r, d, 0, &id, ref) != (i % 100 == 0) ||
		    (i % 100 == 0 && id != -(int64_t)i))
			ok = 0;
	}
	check(ok && recent_count(r) == 4999 + 49, "recent: 5,000 entries, "
	    "49 of them in one bucket, each found", NULL);

	/* Expiry wipes the oldest. */
	recent_expire(r, 1003);
	S_digest(1, d);
	check(!recent_find(r, d, 0, &id, ref), "recent: expired entries are "
	    "gone", NULL);
	S_digest(3000, d);
	check(recent_find(r, d, 0, &id, ref) && id == 3000 &&
	    recent_count(r) == 2000 + 20, "recent: the newer ones stay", NULL);
	recent_expire(r, 999999);
	S_digest(4999, d);
	check(recent_count(r) == 0 && !recent_find(r, d, 0, &id, ref),
	    "recent: all expired", NULL);

	/* Full: the oldest make room, the window shortens. */
	for (i = 0; i < RECENT_SLOTS + 100; i++) {
		S_digest(100000 + i, d);
		snprintf(want, sizeof(want), "R%u", (unsigned)i);
		recent_add(r, d, i, want, 2000);
	}
	S_digest(100000 + 99, d);
	ok = !recent_find(r, d, 0, &id, ref);
	S_digest(100000 + 100, d);
	check(ok && recent_find(r, d, 0, &id, ref) && id == 100 &&
	    strcmp(ref, "R100") == 0 && recent_count(r) == RECENT_SLOTS,
	    "recent: a full ring drops its oldest", ref);
	S_digest(100000 + RECENT_SLOTS + 99, d);
	check(recent_find(r, d, 0, &id, ref) &&
	    id == (int64_t)RECENT_SLOTS + 99, "recent: and keeps its newest",
	    NULL);

	/* A long reference is cut to what fits. */
	S_digest(7, d);
	recent_add(r, d, 7, "0123456789ABCDEFGHIJ", 3000);
	check(recent_find(r, d, 0, &id, ref) && strlen(ref) ==
	    RECENT_REF_MAX, "recent: a reference cut to its room", ref);

	free(r);
	return check_exit();
}
