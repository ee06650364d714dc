/*
 * test_fsx: writes relative to an open folder (fsx_write_at) create a
 * file, replace a longer one exactly, and fill an empty one; folders made
 * with fsx_mkdirs_at, missing parents included.
 */
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
	check(fsx_remove_tree(dir) == 0, "fsx: the folder removed", NULL);
	return check_failed;
}
