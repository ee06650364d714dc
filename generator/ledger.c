/*
 * ledger: fingerprints of approved texts (see ledger.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsx.h"
#include "ledger.h"
#include "sha256.h"

struct entry {
	char	*key;
	char	 hex[SHA256_HEX_LEN + 1];
};

struct ledger {
	char		*path;
	struct entry	*v;
	size_t		 n;
	int		 dirty;
};

static const char header[] =
    "# SHA-256 of the text of every approved policy revision, written by\n"
    "# wasl-build when it first publishes the revision, and again for each\n"
    "# editorial correction declared under 'corrections:' in the revision's\n"
    "# front matter. Keep it with the content; never edit it by hand.\n";

static void
S_add(struct ledger *l, const char *key, size_t keylen, const char *hex)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].key = xstrndup(key, keylen);
	memcpy(l->v[l->n].hex, hex, SHA256_HEX_LEN);
	l->v[l->n].hex[SHA256_HEX_LEN] = '\0';
	l->n++;
}

struct ledger *
ledger_load(const char *content, struct buf *err)
{
	struct ledger	*l = xcalloc(1, sizeof(*l));
	struct buf	 src = BUF_INIT, pb = BUF_INIT;
	const char	*p, *nl, *sp, *path;
	int		 line = 0;
	size_t		 len;

	buf_printf(&pb, "%s/fingerprints.txt", content);
	path = l->path = buf_detach(&pb);
	if (fsx_read_in(content, path, 16 << 20, &src) == -1) {
		if (errno == ENOENT)
			return l;
		buf_printf(err, "%s: cannot read: %s\n", path,
		    fsx_strerror(errno));
		goto fail;
	}
	for (p = buf_cstr(&src); *p != '\0'; p = nl + 1) {
		line++;
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		len = (size_t)(nl - p);
		if (len > 0 && p[0] != '#') {
			sp = memchr(p, ' ', len);
			if (sp == NULL || (size_t)(nl - sp - 1) !=
			    SHA256_HEX_LEN || strspn(sp + 1,
			    "0123456789abcdef") < SHA256_HEX_LEN) {
				buf_printf(err, "%s:%d: not 'slug/N <sha256>': "
				    "restore this file from version control\n",
				    path, line);
				goto fail;
			}
			S_add(l, p, (size_t)(sp - p), sp + 1);
		}
		if (*nl == '\0')
			break;
	}
	buf_free(&src);
	return l;
fail:
	buf_free(&src);
	ledger_free(l);
	return NULL;
}

void
ledger_free(struct ledger *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].key);
	free(l->v);
	free(l->path);
	free(l);
}

/* How many fingerprints key has, the last of them into *last (NULL when
 * none). */
static size_t
S_seen(const struct ledger *l, const char *key, const char **last)
{
	size_t	 i, seen = 0;

	*last = NULL;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0) {
			seen++;
			*last = l->v[i].hex;
		}
	return seen;
}

int
ledger_check(struct ledger *l, const char *key, const char *hex,
    size_t ncorrections, const char *source, struct buf *err)
{
	size_t		 seen;
	const char	*last, *slash;

	seen = S_seen(l, key, &last);
	if (last != NULL && strcmp(last, hex) == 0)
		return 0;
	/* First publication, or a declared correction not yet recorded. */
	if (seen == 0 || seen - 1 < ncorrections) {
		S_add(l, key, strlen(key), hex);
		l->dirty = 1;
		return 0;
	}
	/* key is "slug/N": the next revision is N + 1 */
	slash = strrchr(key, '/');
	buf_printf(err, "%s: the approved text changed since it was "
	    "published and sealed in fingerprints.txt (fingerprint "
	    "%.16s..., now %.16s...): a published approved text cannot "
	    "change; restore it, or, for an editorial correction that keeps "
	    "its meaning, declare it under 'corrections:' in its front matter "
	    "(with 'date' and 'note'), or make the change a new revision "
	    "(%ld.md) for the board to approve\n", source, last, hex,
	    slash != NULL ? strtol(slash + 1, NULL, 10) + 1 : 0L);
	return -1;
}

int
ledger_has(const struct ledger *l, const char *key)
{
	const char	*last;

	return S_seen(l, key, &last) > 0;
}

size_t
ledger_rename(struct ledger *l, const char *key, const char *to)
{
	size_t	 i, n = 0;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0) {
			free(l->v[i].key);
			l->v[i].key = xstrdup(to);
			n++;
		}
	if (n > 0)
		l->dirty = 1;
	return n;
}

int
ledger_save(struct ledger *l, struct buf *err)
{
	struct buf	 out = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	if (!l->dirty)
		return 0;
	buf_puts(&out, header);
	for (i = 0; i < l->n; i++)
		buf_printf(&out, "%s %s\n", l->v[i].key, l->v[i].hex);
	if (fsx_replace(l->path, out.data, out.len) == -1) {
		buf_printf(err, "%s: cannot write: %s\n", l->path,
		    strerror(errno));
		rc = -1;
	} else
		l->dirty = 0;
	buf_free(&out);
	return rc;
}
