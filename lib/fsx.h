/*
 * fsx: the file-system operations wasl's programs share: whole-file reads,
 * writes that create their folders, tree removal and the one-step swap of
 * a finished output folder into place.
 *
 * All return 0 on success and -1 with errno set (and, where an err buffer
 * is taken, a message naming the path appended to it).
 */
#ifndef WASL_FSX_H
#define WASL_FSX_H

#include "buf.h"

/* Append the whole file to out; limit bounds its size (-1 and EFBIG
 * beyond it). */
int	fsx_read(const char *path, size_t limit, struct buf *out);
/* Create path's parent folders as needed and write data to it. */
int	fsx_write(const char *path, const char *data, size_t len);
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
/* Copy every file below src to the same place below dst. */
int	fsx_copy_tree(const char *src, const char *dst, struct buf *err);
/*
 * Put the finished folder tmp at path in one step. When path exists the two
 * are exchanged atomically (renameat2 RENAME_EXCHANGE) and the old tree,
 * now at tmp, is removed; otherwise tmp is renamed to path.
 */
int	fsx_swap_dir(const char *tmp, const char *path);
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
