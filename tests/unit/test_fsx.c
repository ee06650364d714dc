/*
 * test_fsx: writes relative to an open folder (fsx_write_at) create a
 * file, replace a longer one exactly, and fill an empty one; folders made
 * with fsx_mkdirs_at, missing parents included. Reads inside a folder
 * (fsx_read_in and the rest) follow symbolic links that stay inside it
 * and refuse, with the reason, those that lead out of it or to nothing.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fsx.h"

static void
S_expect(const char *dir, const char *rel, const char *want,
    const char *name)
{
	struct buf	 path = BUF_INIT, got = BUF_INIT;

	buf_printf(&path, "%s/%s", dir, rel);
	if (fsx_read(path.data, 1 << 20, &got) == -1)
		check(0, name, "cannot read it back");
	else
		check_str(buf_cstr(&got), want, name);
	buf_free(&path);
	buf_free(&got);
}

/* fsx_read_in(root, root/rel): 0 with want read, or -1 with errno
 * FSX_EREFUSED and a reason holding why. */
static void
S_read_in(const char *root, const char *rel, const char *want,
    const char *why, const char *name)
{
	struct buf	 path = BUF_INIT, got = BUF_INIT;
	int		 rc;

	buf_printf(&path, "%s/%s", root, rel);
	rc = fsx_read_in(root, path.data, 1 << 20, &got);
	if (want != NULL && rc == 0)
		check_str(buf_cstr(&got), want, name);
	else if (want != NULL)
		check(0, name, fsx_strerror(errno));
	else if (rc == 0)
		check(0, name, "it was read");
	else if (errno != FSX_EREFUSED || strstr(fsx_strerror(errno), why) ==
	    NULL)
		check_str(fsx_strerror(errno), why, name);
	else
		check(1, name, NULL);
	buf_free(&path);
	buf_free(&got);
}

/* Reads inside root = dir/root, with links in and out of it. */
static void
S_confined(const char *dir)
{
	struct buf	 root = BUF_INIT, p = BUF_INIT, q = BUF_INIT;
	struct stat	 st;
	char		*real;
	DIR		*d;
	int		 rc;

	buf_printf(&root, "%s/root", dir);
#define AT(rel)	(buf_reset(&p), buf_printf(&p, "%s/%s", dir, rel), p.data)
	fsx_write(AT("root/sub/a.txt"), "inside\n", 7);
	fsx_write(AT("outside.txt"), "secret\n", 7);
	fsx_mkdirs(AT("elsewhere"));
	fsx_write(AT("elsewhere/x.txt"), "secret\n", 7);
	(void)symlink("sub/a.txt", AT("root/in.txt"));
	(void)symlink("../sub/a.txt", AT("root/sub/up.txt"));
	(void)symlink("sub", AT("root/insub"));
	(void)symlink("/etc/passwd", AT("root/passwd"));
	(void)symlink("../outside.txt", AT("root/dotdot.txt"));
	(void)symlink("../../../outside.txt", AT("root/sub/far.txt"));
	(void)symlink("../elsewhere", AT("root/away"));
	(void)symlink("nothing.txt", AT("root/dangling.txt"));
	(void)symlink("loop2", AT("root/loop1"));
	(void)symlink("loop1", AT("root/loop2"));
	(void)symlink("passwd", AT("root/via.txt"));
	(void)mkfifo(AT("root/fifo"), 0644);
	fsx_write(AT("root/assets/style.css"), "css\n", 4);
	(void)symlink("../sub/a.txt", AT("root/assets/linked.txt"));
	real = realpath(root.data, NULL);
	buf_printf(&q, "%s/sub/a.txt", real != NULL ? real : "?");
	(void)symlink(q.data, AT("root/absolute-in.txt"));
	free(real);

	S_read_in(root.data, "sub/a.txt", "inside\n", NULL,
	    "fsx_read_in: a plain file");
	S_read_in(root.data, "in.txt", "inside\n", NULL,
	    "fsx_read_in: a link to a file inside is followed");
	S_read_in(root.data, "sub/up.txt", "inside\n", NULL,
	    "fsx_read_in: a link through '..' that stays inside is followed");
	S_read_in(root.data, "insub/a.txt", "inside\n", NULL,
	    "fsx_read_in: a linked folder inside is followed");
	S_read_in(root.data, "absolute-in.txt", "inside\n", NULL,
	    "fsx_read_in: an absolute link into the folder's real path is "
	    "followed");
	S_read_in(root.data, "passwd", NULL, "it is a symbolic link to "
	    "/etc/passwd, which is outside",
	    "fsx_read_in: an absolute link out is refused, saying so");
	S_read_in(root.data, "dotdot.txt", NULL, "it is a symbolic link to "
	    "../outside.txt, which is outside",
	    "fsx_read_in: a link out through '..' is refused");
	S_read_in(root.data, "sub/far.txt", NULL, "is outside",
	    "fsx_read_in: a link far out through '..' is refused");
	buf_reset(&q);
	buf_printf(&q, "%s/away is a symbolic link to ../elsewhere, which is "
	    "outside", root.data);
	S_read_in(root.data, "away/x.txt", NULL, q.data,
	    "fsx_read_in: a file through a linked folder outside is refused, "
	    "naming the folder's link");
	S_read_in(root.data, "dangling.txt", NULL, "it is a symbolic link to "
	    "nothing.txt, which does not exist",
	    "fsx_read_in: a link to nothing is refused, not missing");
	buf_reset(&q);
	buf_printf(&q, "%s/passwd is a symbolic link to /etc/passwd",
	    root.data);
	S_read_in(root.data, "via.txt", NULL, q.data,
	    "fsx_read_in: a link to a link out names the one that leads out");
	S_read_in(root.data, "loop1", NULL, "more than 40 symbolic links",
	    "fsx_read_in: links in a loop are refused");
	S_read_in(root.data, "fifo", NULL, "not a regular file",
	    "fsx_read_in: a pipe is refused without waiting for a writer");
	check(fsx_read_in(root.data, AT("root/missing.txt"), 100, &q) == -1 &&
	    errno == ENOENT, "fsx_read_in: a missing file is ENOENT", NULL);
	check(fsx_read_in(root.data, AT("outside.txt"), 100, &q) == -1 &&
	    errno == EINVAL, "fsx_read_in: a path not below the root is "
	    "refused", NULL);
	check(fsx_stat_in(root.data, AT("root/in.txt"), &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size == 7,
	    "fsx_stat_in: a link inside is the file's facts", NULL);
	check(fsx_stat_in(root.data, AT("root/away"), &st) == -1 &&
	    errno == FSX_EREFUSED, "fsx_stat_in: a linked folder outside is "
	    "refused", NULL);
	check(fsx_stat_in(root.data, root.data, &st) == 0 &&
	    S_ISDIR(st.st_mode), "fsx_stat_in: the root itself", NULL);
	check((d = fsx_opendir_in(root.data, AT("root/insub"))) != NULL,
	    "fsx_opendir_in: a linked folder inside", NULL);
	if (d != NULL)
		closedir(d);
	check(fsx_opendir_in(root.data, AT("root/away")) == NULL &&
	    errno == FSX_EREFUSED, "fsx_opendir_in: a linked folder outside "
	    "is refused", NULL);
	buf_reset(&q);
	buf_printf(&q, "%s/copy", dir);
	{
		struct buf	 src = BUF_INIT, err = BUF_INIT;

		buf_printf(&src, "%s/assets", root.data);
		rc = fsx_copy_tree(root.data, src.data, q.data, &err);
		check(rc == 0, "fsx_copy_tree: a folder with a link inside",
		    buf_cstr(&err));
		S_expect(q.data, "linked.txt", "inside\n",
		    "fsx_copy_tree: the linked file is copied");
		buf_reset(&src);
		buf_printf(&src, "%s", root.data);
		buf_reset(&err);
		rc = fsx_copy_tree(root.data, src.data, q.data, &err);
		check(rc == -1 && strstr(buf_cstr(&err), "is outside") != NULL,
		    "fsx_copy_tree: a link out stops the copy, saying so",
		    buf_cstr(&err));
		buf_free(&src);
		buf_free(&err);
	}
#undef AT
	buf_free(&root);
	buf_free(&p);
	buf_free(&q);
}

int
main(void)
{
	char	 dir[] = "/tmp/test_fsx.XXXXXX";
	int	 fd;

	if (mkdtemp(dir) == NULL || (fd = open(dir, O_RDONLY |
	    O_DIRECTORY)) == -1) {
		check(0, "fsx: a temporary folder", NULL);
		return 1;
	}
	check(fsx_mkdirs_at(fd, "a/b/c") == 0 && fsx_mkdirs_at(fd, "a/b/c") ==
	    0, "fsx: mkdirs_at makes missing parents, and again is fine", NULL);
	check(fsx_write_at(fd, "a/b/c/index.html", "long text here\n", 15) == 0,
	    "fsx: write_at creates a file", NULL);
	S_expect(dir, "a/b/c/index.html", "long text here\n",
	    "fsx: write_at's file holds the data");
	check(fsx_write_at(fd, "a/b/c/index.html", "short\n", 6) == 0,
	    "fsx: write_at over a longer file", NULL);
	S_expect(dir, "a/b/c/index.html", "short\n",
	    "fsx: write_at replaces a longer file exactly");
	close(openat(fd, "empty", O_WRONLY | O_CREAT, 0644));
	check(fsx_write_at(fd, "empty", "filled\n", 7) == 0,
	    "fsx: write_at fills an empty file", NULL);
	S_expect(dir, "empty", "filled\n", "fsx: an empty file, filled");
	check(fsx_write_at(fd, "no/such/folder/x", "x", 1) == -1,
	    "fsx: write_at into a missing folder fails", NULL);
	close(fd);
	{
		struct buf	 p = BUF_INIT, q = BUF_INIT;

		buf_printf(&p, "%s/ledger.txt", dir);
		fsx_write(p.data, "old\n", 4);
		check(fsx_replace(p.data, "new text\n", 9) == 0,
		    "fsx_replace: a file replaced", NULL);
		S_expect(dir, "ledger.txt", "new text\n",
		    "fsx_replace: ... holds the new bytes");
		buf_printf(&q, "%s/target.txt", dir);
		fsx_write(q.data, "target\n", 7);
		unlink(p.data);
		(void)symlink("target.txt", p.data);
		check(fsx_replace(p.data, "file\n", 5) == 0,
		    "fsx_replace: over a link", NULL);
		S_expect(dir, "ledger.txt", "file\n",
		    "fsx_replace: ... the link is replaced by the file");
		S_expect(dir, "target.txt", "target\n",
		    "fsx_replace: ... and what it pointed to is untouched");
		buf_reset(&q);
		buf_printf(&q, "%s/no/such/ledger.txt", dir);
		check(fsx_replace(q.data, "x", 1) == -1,
		    "fsx_replace: into a missing folder fails", NULL);
		unlink(p.data);
		buf_free(&p);
		buf_free(&q);
	}
	S_confined(dir);
	check(fsx_remove_tree(dir) == 0, "fsx: the folder removed", NULL);
	return check_failed;
}
