/*
 * output: the folders a build replaces, marked and guarded (see output.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsx.h"
#include "output.h"

/* The mark's text; a folder is marked when its mark starts with the
 * first line's opening words. */
static const char mark_text[] =
    "wasl-build output: this folder is a site that wasl-build wrote, and\n"
    "the next build replaces it whole. Keep nothing else in it.\n";
#define MARK_START	"wasl-build output:"

/* The files a build from before the mark always wrote at the top of its
 * output (beside folders only), and how its sitemap starts. */
static const char *const legacy_files[] = {
	"index.html", "404.html", "sitemap.xml", "feed.xml"
};
#define LEGACY_NFILES	(sizeof(legacy_files) / sizeof(legacy_files[0]))
#define LEGACY_SITEMAP	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"

/* 1 when the regular file name in the folder dfd starts with prefix. */
static int
S_starts(int dfd, const char *name, const char *prefix)
{
	struct stat	 st;
	char		 head[256];
	size_t		 want = strlen(prefix), got = 0;
	ssize_t		 n;
	int		 fd;

	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    want > sizeof(head)) {
		close(fd);
		return 0;
	}
	while (got < want && (n = read(fd, head + got, want - got)) > 0)
		got += (size_t)n;
	close(fd);
	return got == want && memcmp(head, prefix, want) == 0;
}

static int
S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * What the folder dfd holds: 0 empty, 1 marked, 2 the output of a build
 * from before the mark, 3 anything else (with up to three of its names
 * and how many more into what), -1 when it cannot be read.
 */
static int
S_kind(int dfd, struct buf *what)
{
	struct dirent	*e;
	struct stat	 st;
	DIR		*d;
	char		**names = NULL;
	size_t		 n = 0, i, j, files = 0;
	int		 fd, kind, old = 1;	/* old: shaped as an old output */

	if (S_starts(dfd, OUTPUT_MARK, MARK_START))
		return 1;
	if ((fd = dup(dfd)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((n & (n - 1)) == 0)
			names = xrealloc(names, (n ? 2 * n : 1) *
			    sizeof(*names));
		names[n++] = xstrdup(e->d_name);
		/* the shape: the four files, and folders */
		if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			old = 0;
			continue;
		}
		for (j = 0; j < LEGACY_NFILES; j++)
			if (strcmp(e->d_name, legacy_files[j]) == 0)
				break;
		if (j < LEGACY_NFILES && S_ISREG(st.st_mode))
			files++;
		else if (j < LEGACY_NFILES || !S_ISDIR(st.st_mode) ||
		    e->d_name[0] == '.')
			old = 0;
	}
	closedir(d);
	if (n == 0)
		return 0;
	if (old && files == LEGACY_NFILES &&
	    S_starts(dfd, "sitemap.xml", LEGACY_SITEMAP))
		kind = 2;
	else {
		qsort(names, n, sizeof(*names), S_cmp);
		for (i = 0; i < n && i < 3; i++)
			buf_printf(what, "%s%s", i == 0 ? "" : i + 1 == n ?
			    " and " : ", ", names[i]);
		if (n > 3)
			buf_printf(what, " and %zu more", n - 3);
		kind = 3;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return kind;
}

int
output_check(const char *path, enum output_role role, struct buf *err)
{
	struct buf	 what = BUF_INIT;
	struct stat	 st;
	int		 dfd, kind;

	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		buf_printf(err, "%s: cannot look at it: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		buf_printf(err, "%s: %s, not a folder that wasl-build wrote; "
		    "it is left as it is: %s\n", path, S_ISLNK(st.st_mode) ?
		    "a symbolic link" : "a file", role == OUTPUT_SITE ?
		    "give --out the folder itself, or a new one" :
		    "move it away");
		return -1;
	}
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: cannot look inside: %s\n", path,
		    strerror(errno));
		return -1;
	}
	kind = S_kind(dfd, &what);
	close(dfd);
	if (kind == -1) {
		buf_printf(err, "%s: cannot look inside: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (kind < 3)
		return 0;
	switch (role) {
	case OUTPUT_SITE:
		buf_printf(err, "%s: not a site that wasl-build wrote (it has "
		    "no %s mark, and holds %s): a build replaces its output "
		    "folder whole, so it is left as it is; give --out a new "
		    "or empty folder, or the folder of an earlier build\n",
		    path, OUTPUT_MARK, what.data);
		break;
	case OUTPUT_PREV:
		buf_printf(err, "%s: not a site that wasl-build kept (it has "
		    "no %s mark, and holds %s): --keep would replace it, so "
		    "it is left as it is; move it away, or build without "
		    "--keep\n", path, OUTPUT_MARK, what.data);
		break;
	case OUTPUT_BACK:
		buf_printf(err, "%s: not a site that wasl-build wrote or kept "
		    "(it has no %s mark, and holds %s): --rollback moves "
		    "nothing; move it away\n", path, OUTPUT_MARK, what.data);
		break;
	case OUTPUT_TMP:
		buf_printf(err, "%s: not a temporary folder of wasl-build (it "
		    "has no %s mark, and holds %s): it is left as it is; "
		    "move it away\n", path, OUTPUT_MARK, what.data);
		break;
	}
	buf_free(&what);
	return -1;
}

int
output_tmp(const char *path, struct buf *err)
{
	int	 fd;

	if (output_check(path, OUTPUT_TMP, err) == -1)
		return -1;
	if (fsx_remove_tree(path) == -1 || fsx_mkdirs(path) == -1 ||
	    (fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: cannot create: %s\n", path,
		    strerror(errno));
		return -1;
	}
	/* marked first: a build that dies leaves a folder a later one may
	 * take away */
	if (fsx_write_at(fd, OUTPUT_MARK, mark_text, sizeof(mark_text) - 1) ==
	    -1) {
		buf_printf(err, "%s/%s: cannot write: %s\n", path, OUTPUT_MARK,
		    strerror(errno));
		close(fd);
		(void)fsx_remove_tree(path);	/* just made, empty */
		return -1;
	}
	return fd;
}

int
output_replace(const char *tmp, const char *out, int keep, struct buf *err)
{
	struct buf	 prev = BUF_INIT;
	struct stat	 st;
	int		 rc = -1, there;

	buf_printf(&prev, "%s.prev", out);
	if (output_check(out, OUTPUT_SITE, err) == -1 ||
	    (keep && output_check(prev.data, OUTPUT_PREV, err) == -1))
		goto out;
	there = lstat(out, &st) == 0;
	if (!there) {
		if ((rc = rename(tmp, out)) == -1)
			buf_printf(err, "%s: cannot put the new site there: "
			    "%s\n", out, strerror(errno));
		goto out;
	}
	/* out is complete at every moment: exchanged in one step, the old
	 * site (now at tmp) is then removed or filed as the previous one */
	if (fsx_exchange(tmp, out) == -1) {
		buf_printf(err, "%s: cannot replace with the new site: %s\n",
		    out, strerror(errno));
		goto out;
	}
	if (!keep)
		rc = fsx_remove_tree(tmp);
	else if ((rc = fsx_remove_tree(prev.data)) == 0)
		rc = rename(tmp, prev.data);
	if (rc == -1) {
		buf_printf(err, "%s: the new site is in place, but the one it "
		    "replaced could not be %s %s: %s\n", out, keep ? "kept at" :
		    "removed from", keep ? prev.data : tmp, strerror(errno));
		rc = -2;
	}
out:
	buf_free(&prev);
	return rc;
}

int
output_rollback(const char *out, struct buf *err)
{
	struct buf	 prev = BUF_INIT;
	int		 rc = -1;

	buf_printf(&prev, "%s.prev", out);
	if (!fsx_is_dir(prev.data) || !fsx_is_dir(out))
		buf_printf(err, "%s: no previous site to go back to (it is "
		    "kept only by a build with --keep, as `make publish` "
		    "does)\n", prev.data);
	else if (output_check(out, OUTPUT_BACK, err) == 0 &&
	    output_check(prev.data, OUTPUT_BACK, err) == 0) {
		if ((rc = fsx_exchange(prev.data, out)) == -1)
			buf_printf(err, "%s: cannot put %s back: %s\n", out,
			    prev.data, strerror(errno));
	}
	buf_free(&prev);
	return rc;
}
