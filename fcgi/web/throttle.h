/*
 * throttle: a limit on failed status lookups per client, shared by all of
 * wasl-forms' worker processes, kept in memory only.
 *
 * nginx already limits how often a client may post; this makes guessing
 * reference and national-ID pairs pointless on top of that: a client
 * whose lookups failed max_fails times within a window is refused until
 * the window ends, whatever it sends, so that it cannot even tell when a
 * guess is right. Clients are told apart by a keyed hash of their
 * address (the key is random and never leaves memory); neither address
 * nor hash is ever written anywhere, and everything is forgotten when
 * wasl-forms stops. An IPv6 client is its /64 (throttle_client()): one
 * host is given a whole /64 and can rotate through it.
 *
 * The table is a fixed-size shared mapping: create it in the supervisor
 * before the workers are forked and every worker shares it. When it is
 * full, the oldest entries give way.
 */
#ifndef WASL_THROTTLE_H
#define WASL_THROTTLE_H

#include <time.h>

#define THROTTLE_MAX_FAILS	8	/* failed lookups per window */
#define THROTTLE_WINDOW		900	/* seconds */

struct throttle;

/*
 * A table allowing max_fails failures per window seconds per client
 * (both >= 1). Returns it (free with throttle_free()), or NULL with errno
 * set when memory cannot be mapped or no random key is available.
 */
struct throttle	*throttle_new(int max_fails, int window);
/* Unmap the table; accepts NULL. */
void		 throttle_free(struct throttle *t);

/*
 * The client that an address (REMOTE_ADDR, as nginx gives it) stands for,
 * as every per-client limit counts it, into out (a NUL-terminated string
 * of at most THROTTLE_CLIENT_MAX - 1 bytes): an IPv4 address as itself,
 * an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as that IPv4 address, any
 * other IPv6 address as its first 64 bits ("2001:db8:1:2::/64"); what is
 * neither is kept as given (truncated). Returns out.
 */
#define THROTTLE_CLIENT_MAX	64
char		*throttle_client(const char *addr,
		    char out[THROTTLE_CLIENT_MAX]);

/* 1 when the client at address addr (throttle_client(): an IPv6 /64 is
 * one client) has used up its failures in the window that contains now;
 * else 0. t may be NULL: never. */
int		 throttle_blocked(struct throttle *t, const char *addr,
		    time_t now);
/* Count one failed lookup by the client at address addr at now. t may be
 * NULL. */
void		 throttle_fail(struct throttle *t, const char *addr,
		    time_t now);

#endif
