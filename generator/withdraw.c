/*
 * withdraw: a published revision taken back (see withdraw.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folder.h"
#include "fsx.h"
#include "ledger.h"
#include "revision.h"
#include "withdraw.h"

/* key "slug/N" into slug (of size len) and *n; 0, or -1 if malformed. */
static int
S_key(const char *key, char *slug, size_t len, long *n)
{
	const char	*sl = strchr(key, '/');
	char		 name[16];

	if (sl == NULL || (size_t)(sl - key) >= len ||
	    !folder_slug_ok(key, (size_t)(sl - key)) || strlen(sl + 1) > 4)
		return -1;
	memcpy(slug, key, (size_t)(sl - key));
	slug[sl - key] = '\0';
	snprintf(name, sizeof(name), "%s.md", sl + 1);
	*n = revision_number(name);
	return *n > 0 ? 0 : -1;
}

/* The highest revision number in policies/slug, or -1 when the folder
 * cannot be read (err says why). */
static long
S_latest(const char *content, const char *slug, struct buf *err)
{
	struct buf	 dir = BUF_INIT;
	char		**names;
	size_t		 n, i;
	long		 r, top = 0;
	int		 nerr = 0;

	buf_printf(&dir, "%s/policies/%s", content, slug);
	names = folder_list(content, buf_cstr(&dir), &n, err, &nerr);
	for (i = 0; i < n; i++)
		if ((r = revision_number(names[i])) > top)
			top = r;
	folder_list_free(names, n);
	buf_free(&dir);
	return nerr > 0 ? -1 : top;
}

/* The withdrawn text's place, without ".md": withdrawn/slug/N, else
 * withdrawn/slug/N-2, ... (the first not there). 0, or -1. */
static int
S_place(const char *content, const char *slug, long n, struct buf *rel,
    struct buf *err)
{
	struct buf	 p = BUF_INIT;
	struct stat	 sb;
	long		 k;
	int		 rc = -1;

	for (k = 1; k < 1000; k++) {
		buf_reset(rel);
		if (k == 1)
			buf_printf(rel, "withdrawn/%s/%ld", slug, n);
		else
			buf_printf(rel, "withdrawn/%s/%ld-%ld", slug, n, k);
		buf_reset(&p);
		buf_printf(&p, "%s/%s.md", content, buf_cstr(rel));
		if (lstat(buf_cstr(&p), &sb) == -1) {
			if (errno == ENOENT)
				rc = 0;
			else
				buf_printf(err, "%s: %s\n", buf_cstr(&p),
				    strerror(errno));
			break;
		}
	}
	if (k == 1000)
		buf_printf(err, "%s/withdrawn/%s: no free name left\n",
		    content, slug);
	buf_free(&p);
	return rc;
}

int
withdraw_site(const struct site_opts *o, const char *key,
    struct site_stats *st, char **to, struct buf *err)
{
	struct ledger	*l = NULL;
	struct buf	 from = BUF_INIT, dest = BUF_INIT, rel = BUF_INIT;
	struct buf	 fp = BUF_INIT, old = BUF_INIT, dir = BUF_INIT;
	struct stat	 sb;
	char		 slug[72];
	long		 n, top;
	int		 rc = -1;

	memset(st, 0, sizeof(*st));
	*to = NULL;
	if (S_key(key, slug, sizeof(slug), &n) == -1) {
		buf_printf(err, "wasl-build: --withdraw %s: give the policy's "
		    "folder and the revision's number, as SLUG/N\n", key);
		return -1;
	}
	buf_printf(&from, "%s/policies/%s/%ld.md", o->content, slug, n);
	buf_printf(&fp, "%s/fingerprints.txt", o->content);
	if (fsx_stat_in(o->content, buf_cstr(&from), &sb) == -1) {
		buf_printf(err, "%s: %s\n", buf_cstr(&from),
		    fsx_strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		buf_printf(err, "%s: not a file\n", buf_cstr(&from));
		goto out;
	}
	if (n == 1) {
		buf_printf(err, "%s: the first revision of a policy cannot be "
		    "withdrawn: the policy would have no text in force\n",
		    buf_cstr(&from));
		goto out;
	}
	if ((top = S_latest(o->content, slug, err)) == -1)
		goto out;
	if (top != n) {
		buf_printf(err, "%s: revision %ld comes after it: only the "
		    "latest revision of a policy can be withdrawn\n",
		    buf_cstr(&from), top);
		goto out;
	}
	if ((l = ledger_load(o->content, err)) == NULL)
		goto out;
	if (!ledger_has(l, key)) {
		buf_printf(err, "%s: never published (%s has no fingerprint "
		    "of %s): there is nothing to withdraw; a draft is edited "
		    "or removed by hand\n", buf_cstr(&from), buf_cstr(&fp),
		    key);
		goto out;
	}
	if (S_place(o->content, slug, n, &rel, err) == -1)
		goto out;
	/* The fingerprints as they are, put back on failure. */
	if (fsx_read_in(o->content, buf_cstr(&fp), 16 << 20, &old) == -1) {
		buf_printf(err, "%s: cannot read: %s\n", buf_cstr(&fp),
		    fsx_strerror(errno));
		goto out;
	}
	buf_printf(&dest, "%s/%s.md", o->content, buf_cstr(&rel));
	buf_printf(&dir, "%s/withdrawn/%s", o->content, slug);
	if (fsx_mkdirs(buf_cstr(&dir)) == -1) {
		buf_printf(err, "%s: cannot make the folder: %s\n",
		    buf_cstr(&dir), strerror(errno));
		goto out;
	}
	ledger_rename(l, key, buf_cstr(&rel));
	if (ledger_save(l, err) == -1)
		goto out;
	if (rename(buf_cstr(&from), buf_cstr(&dest)) == -1) {
		buf_printf(err, "%s: cannot move it to %s: %s\n",
		    buf_cstr(&from), buf_cstr(&dest), strerror(errno));
		goto restore;
	}
	if (build_site(o, st, err) == 0) {
		buf_puts(&rel, ".md");
		*to = buf_detach(&rel);
		rc = 0;
		goto out;
	}
	if (st->replaced)
		goto out;	/* the site changed: the content must follow */
	if (rename(buf_cstr(&dest), buf_cstr(&from)) == -1)
		buf_printf(err, "%s: COULD NOT BE PUT BACK from %s: %s\n",
		    buf_cstr(&from), buf_cstr(&dest), strerror(errno));
restore:
	if (fsx_replace(buf_cstr(&fp), old.data != NULL ? old.data : "",
	    old.len) == -1)
		buf_printf(err, "%s: COULD NOT BE PUT BACK: %s\n",
		    buf_cstr(&fp), strerror(errno));
	/* The folders made, when empty (as they were). */
	rmdir(buf_cstr(&dir));
	buf_reset(&dir);
	buf_printf(&dir, "%s/withdrawn", o->content);
	rmdir(buf_cstr(&dir));
out:
	ledger_free(l);
	buf_free(&from);
	buf_free(&dest);
	buf_free(&rel);
	buf_free(&fp);
	buf_free(&old);
	buf_free(&dir);
	return rc;
}
