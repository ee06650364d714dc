/*
 * fsx: the file-system operations wasl's programs share: whole-file reads,
 * reads confined to a folder, writes that create their folders, tree
 * removal and the one-step exchange of two folders.
 *
 * All return 0 on success and -1 with errno set (and, where an err buffer
 * is taken, a message naming the path appended to it).
 */
#ifndef WASL_FSX_H
#define WASL_FSX_H

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>

#include "buf.h"

/*
 * Reading inside a folder. The content and templates folders are read
 * only within themselves: a symbolic link in them may lead to another
 * place inside the same folder, never out of it (as an absolute path or
 * through ".."), and never to nothing. Each function below takes that
 * folder, root, and a path below it (root "/" ..., or root itself), walks
 * the path from root one name at a time with openat(O_NOFOLLOW), reads
 * each link it meets (at most 40, as the kernel) and walks its target in
 * its place; a ".." never climbs above root, and an absolute target is
 * followed only when it names a place inside root's real path. Nothing
 * is opened by a path a link could change meanwhile, so a link swapped in
 * during the walk cannot lead out either. (openat2's RESOLVE_BENEATH does
 * the same in one call, but wasl-forms' seccomp filter allows openat only,
 * and a template can be read after it is in place.) root itself may be a
 * link: that is the caller's choice.
 *
 * A link leading out, to nothing, or through too many links, and a file
 * that is not a regular one where a file is read, fail with errno
 * FSX_EREFUSED, and fsx_strerror() then says which link, where it leads
 * and what to do.
 */
#define FSX_EREFUSED	EXDEV
/* Folders nested deeper than this below a root are refused. */
#define FSX_MAX_DEPTH	64

/* A descriptor of path (below root, as above) opened with flags
 * (O_RDONLY, O_DIRECTORY, O_PATH, ...; O_NOFOLLOW and O_CLOEXEC are
 * added), or -1 with errno set. */
int	fsx_open_in(const char *root, const char *path, int flags);
/* fsx_read() of path below root; a file that is not a regular one (a
 * pipe, a device) is refused before anything is read. */
int	fsx_read_in(const char *root, const char *path, size_t limit,
	    struct buf *out);
/* opendir() of path below root, or NULL with errno set. */
DIR	*fsx_opendir_in(const char *root, const char *path);
/* stat() of path below root, its links followed as above. */
int	fsx_stat_in(const char *root, const char *path, struct stat *st);
/* strerror(errnum), or for FSX_EREFUSED from this thread's last _in call
 * what was refused and how to fix it: "content/x is a symbolic link to
 * /etc/passwd, outside content; ...". Borrowed until the next call. */
const char *fsx_strerror(int errnum);

/* Append the whole file to out; limit bounds its size (-1 and EFBIG
 * beyond it). */
int	fsx_read(const char *path, size_t limit, struct buf *out);
/* Create path's parent folders as needed and write data to it. */
int	fsx_write(const char *path, const char *data, size_t len);
/*
 * Replace path's contents with data in one step: written to a temporary
 * file beside it, flushed to the disk, then renamed over path (and the
 * folder flushed), so that path holds its old bytes or its new ones at
 * every moment, after a crash too. A link at path is replaced by the
 * file, not followed.
 */
int	fsx_replace(const char *path, const char *data, size_t len);
/* mkdir -p */
int	fsx_mkdirs(const char *path);
/* mkdir -p of path relative to the open folder dirfd (or AT_FDCWD). */
int	fsx_mkdirs_at(int dirfd, const char *path);
/* Write data to path relative to the open folder dirfd (created with
 * mode 0644, or replacing what it held). Its folder must exist: no
 * lookups beyond path itself. Safe to call from several threads. */
int	fsx_write_at(int dirfd, const char *path, const char *data,
	    size_t len);
/* rm -rf; a missing path is not an error. */
int	fsx_remove_tree(const char *path);
/* Copy every file below src, a folder below root, to the same place below
 * dst, reading inside root only (fsx_read_in); names starting with '.'
 * are left out. */
int	fsx_copy_tree(const char *root, const char *src, const char *dst,
	    struct buf *err);
/*
 * Exchange the folders a and b, both existing: atomically where the
 * kernel can (renameat2 RENAME_EXCHANGE), else with three renames.
 */
int	fsx_exchange(const char *a, const char *b);
/*
 * Mark the open folder fd as the top of a tree for the file system's
 * allocator (ext4's 'T' attribute, chattr +T): the folders made in it are
 * spread over the disk instead of packed beside it. On ext4 without a
 * journal, new inodes packed where a tree was just deleted cost a scan
 * past every recently freed one (about 100-300 us each with 10,000 just
 * deleted); spread, they cost 20 us. A hint only: 0, or -1 where it
 * cannot be set (nothing changes).
 */
int	fsx_spread_dir(int fd);
/* 1 if path is a directory, 0 if not or absent. */
int	fsx_is_dir(const char *path);

#endif
