/*
 * throttle: failed lookups per client across worker processes (see
 * throttle.h).
 */
#include <sys/mman.h>
#include <sys/random.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "buf.h"
#include "throttle.h"

#define SLOTS	4096	/* entries in the table */
#define WAYS	4	/* where one client may sit: a set of 4 entries */

struct slot {
	uint64_t	 key;		/* keyed hash of the client; 0: free */
	int64_t		 start;		/* when its window began */
	uint32_t	 fails;
};

/* What the workers share. */
struct shared {
	pthread_mutex_t	 lock;
	struct slot	 slot[SLOTS];
};

struct throttle {
	struct shared	*sh;
	unsigned char	 key[32];
	int		 max_fails, window;
};

struct throttle *
throttle_new(int max_fails, int window)
{
	struct throttle		*t = NULL;
	struct shared		*sh;
	pthread_mutexattr_t	 attr;

	if (max_fails < 1 || window < 1) {
		errno = EINVAL;
		return NULL;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return NULL;
	/* A worker that dies holding the lock must not stop the others:
	 * a robust mutex hands it to the next with EOWNERDEAD. */
	if (pthread_mutexattr_init(&attr) != 0 ||
	    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED) != 0 ||
	    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST) != 0 ||
	    pthread_mutex_init(&sh->lock, &attr) != 0) {
		munmap(sh, sizeof(*sh));
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutexattr_destroy(&attr);
	t = xcalloc(1, sizeof(*t));
	t->sh = sh;
	t->max_fails = max_fails;
	t->window = window;
	if (getrandom(t->key, sizeof(t->key), 0) != (ssize_t)sizeof(t->key)) {
		throttle_free(t);
		errno = EAGAIN;
		return NULL;
	}
	return t;
}

void
throttle_free(struct throttle *t)
{
	if (t == NULL)
		return;
	pthread_mutex_destroy(&t->sh->lock);
	munmap(t->sh, sizeof(*t->sh));
	explicit_bzero(t->key, sizeof(t->key));
	free(t);
}

char *
throttle_client(const char *addr, char out[THROTTLE_CLIENT_MAX])
{
	struct in6_addr	 a6;
	struct in_addr	 a4;

	if (addr == NULL)
		addr = "";
	if (inet_pton(AF_INET6, addr, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			memcpy(&a4, &a6.s6_addr[12], sizeof(a4));
			if (inet_ntop(AF_INET, &a4, out, THROTTLE_CLIENT_MAX) !=
			    NULL)
				return out;
		}
		/* The /64: its last 64 bits are the host's to choose. */
		memset(&a6.s6_addr[8], 0, 8);
		if (inet_ntop(AF_INET6, &a6, out, THROTTLE_CLIENT_MAX - 3) !=
		    NULL) {
			strcat(out, "/64");
			return out;
		}
	}
	if (inet_pton(AF_INET, addr, &a4) == 1 &&
	    inet_ntop(AF_INET, &a4, out, THROTTLE_CLIENT_MAX) != NULL)
		return out;
	snprintf(out, THROTTLE_CLIENT_MAX, "%s", addr);
	return out;
}

/* The keyed hash of the client at addr; never 0 (0 marks a free slot). */
static uint64_t
S_hash(const struct throttle *t, const char *addr)
{
	char		 client[THROTTLE_CLIENT_MAX];
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 len = 0;
	uint64_t	 h = 0;
	EVP_MD_CTX	*ctx = EVP_MD_CTX_new();
	int		 i;

	throttle_client(addr, client);
	if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, t->key, sizeof(t->key)) &&
	    EVP_DigestUpdate(ctx, client, strlen(client)) &&
	    EVP_DigestFinal_ex(ctx, md, &len) && len >= 8)
		for (i = 0; i < 8; i++)
			h = h << 8 | md[i];
	EVP_MD_CTX_free(ctx);
	return h == 0 ? 1 : h;
}

static int
S_lock(struct throttle *t)
{
	int	 rc = pthread_mutex_lock(&t->sh->lock);

	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(&t->sh->lock);
	return rc == 0 ? 0 : -1;
}

/*
 * The client's slot in its set: its own entry, else (when create) a free
 * or expired one, else the one whose window began first. NULL when the
 * client has none and create is 0.
 */
static struct slot *
S_find(struct throttle *t, uint64_t h, time_t now, int create)
{
	struct slot	*set = &t->sh->slot[(h % (SLOTS / WAYS)) * WAYS];
	struct slot	*pick = NULL;
	int		 i;

	for (i = 0; i < WAYS; i++)
		if (set[i].key == h)
			return &set[i];
	if (!create)
		return NULL;
	for (i = 0; i < WAYS; i++) {
		if (set[i].key == 0 || now - set[i].start >= t->window)
			return &set[i];
		if (pick == NULL || set[i].start < pick->start)
			pick = &set[i];
	}
	return pick;
}

int
throttle_blocked(struct throttle *t, const char *addr, time_t now)
{
	struct slot	*s;
	uint64_t	 h;
	int		 blocked = 0;

	if (t == NULL || addr == NULL)
		return 0;
	h = S_hash(t, addr);
	if (S_lock(t) == -1)
		return 0;
	s = S_find(t, h, now, 0);
	if (s != NULL && now - s->start < t->window &&
	    s->fails >= (uint32_t)t->max_fails)
		blocked = 1;
	pthread_mutex_unlock(&t->sh->lock);
	return blocked;
}

void
throttle_fail(struct throttle *t, const char *addr, time_t now)
{
	struct slot	*s;
	uint64_t	 h;

	if (t == NULL || addr == NULL)
		return;
	h = S_hash(t, addr);
	if (S_lock(t) == -1)
		return;
	s = S_find(t, h, now, 1);
	if (s->key != h || now - s->start >= t->window) {
		s->key = h;
		s->start = now;
		s->fails = 0;
	}
	if (s->fails < UINT32_MAX)
		s->fails++;
	pthread_mutex_unlock(&t->sh->lock);
}
