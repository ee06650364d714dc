/*
 * recent: the digests of the submissions of the last minutes, in memory.
 *
 * A submission sent twice (a double click, a reload) is recognised by a
 * digest of its answers (store.c). The digests are kept here, never on
 * disk: in a ring of RECENT_SLOTS entries, oldest first, with a hash
 * index into it. An entry leaves the ring, wiped, once it is older than
 * the window (recent_expire(), at each commit) or when the ring is full
 * and a new one needs its place: under more than RECENT_SLOTS
 * submissions in a window, the window shortens accordingly.
 *
 * A table is a block of recent_size() bytes, zeroed (an empty table),
 * that the caller maps: shared between processes or private. It holds no
 * pointers, so each process sees it at its own address. Nothing here
 * locks: the caller lets one thread at a time use a table. Entries are
 * written before they are linked and counted, so that a process killed
 * while adding one leaves no wrong entry, only an unused slot.
 */
#ifndef WASL_RECENT_H
#define WASL_RECENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define RECENT_SLOTS	(1u << 17)	/* entries; a power of two */
#define RECENT_REF_MAX	15		/* bytes of a reference */

struct recent;

size_t	 recent_size(void);

/*
 * The entry for digest d added at or after since: 1 with its id and its
 * reference (NUL-terminated) copied out, or 0.
 */
int	 recent_find(const struct recent *r, const unsigned char d[32],
	    time_t since, int64_t *id, char ref[RECENT_REF_MAX + 1]);

/* Add digest d of the row id with reference ref (at most RECENT_REF_MAX
 * bytes, truncated beyond), at time at. */
void	 recent_add(struct recent *r, const unsigned char d[32], int64_t id,
	    const char *ref, time_t at);

/* Wipe the entries added before time before, oldest first. */
void	 recent_expire(struct recent *r, time_t before);

/* The number of entries in the table (tests). */
size_t	 recent_count(const struct recent *r);

#endif
