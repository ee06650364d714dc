/*
 * fsx: file-system helpers (see fsx.h).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/fs.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#endif

#include "fsx.h"

int
fsx_read(const char *path, size_t limit, struct buf *out)
{
	int	 fd;
	ssize_t	 n;
	size_t	 start = out->len;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		buf_grow(out, 65536);
		n = read(fd, out->data + out->len, 65536);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len - start > limit) {
			close(fd);
			out->len = start;
			out->data[start] = '\0';
			errno = EFBIG;
			return -1;
		}
	}
	close(fd);
	if (n == -1) {
		out->len = start;
		out->data[start] = '\0';
		return -1;
	}
	return 0;
}

int
fsx_mkdirs_at(int dirfd, const char *path)
{
	char	*parent;
	char	*slash;
	int	 rc;

	/* Usually only the last folder is missing: one call. */
	if (mkdirat(dirfd, path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	parent = xstrdup(path);
	slash = strrchr(parent, '/');
	while (slash != NULL && slash > parent && slash[-1] == '/')
		slash--;
	if (slash == NULL || slash == parent) {
		free(parent);
		return -1;
	}
	*slash = '\0';
	rc = fsx_mkdirs_at(dirfd, parent);
	free(parent);
	if (rc == -1)
		return -1;
	return mkdirat(dirfd, path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int
fsx_mkdirs(const char *path)
{
	return fsx_mkdirs_at(AT_FDCWD, path);
}

/* Write all of data to fd and close it. */
static int
S_write_close(int fd, const char *data, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			close(fd);
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return close(fd);
}

int
fsx_write_at(int dirfd, const char *path, const char *data, size_t len)
{
	struct stat	 st;
	int		 fd;

	/* Truncated only when there is something to cut: O_TRUNC on an
	 * empty file (made ahead) costs an inode update on ext4, 30 us. */
	fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || (st.st_size != 0 &&
	    ftruncate(fd, 0) == -1)) {
		close(fd);
		return -1;
	}
	return S_write_close(fd, data, len);
}

int
fsx_write(const char *path, const char *data, size_t len)
{
	const char	*slash = strrchr(path, '/');
	int		 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1 && errno == ENOENT && slash != NULL && slash != path) {
		/* the folders first, only when they are missing */
		char *dir = xstrndup(path, (size_t)(slash - path));
		int rc = fsx_mkdirs(dir);

		free(dir);
		if (rc == -1)
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	}
	if (fd == -1)
		return -1;
	return S_write_close(fd, data, len);
}

int
fsx_remove_tree(const char *path)
{
	struct stat	 st;
	DIR		*d;
	struct dirent	*e;
	struct buf	 p = BUF_INIT;
	int		 rc = 0;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", path, e->d_name);
		if (fsx_remove_tree(p.data) == -1)
			rc = -1;
	}
	closedir(d);
	buf_free(&p);
	if (rmdir(path) == -1)
		rc = -1;
	return rc;
}

int
fsx_copy_tree(const char *src, const char *dst, struct buf *err)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	struct buf	 s = BUF_INIT, t = BUF_INIT, data = BUF_INIT;
	int		 rc = 0;

	if ((d = opendir(src)) == NULL) {
		buf_printf(err, "%s: %s\n", src, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&s);
		buf_reset(&t);
		buf_printf(&s, "%s/%s", src, e->d_name);
		buf_printf(&t, "%s/%s", dst, e->d_name);
		if (stat(s.data, &st) == -1) {
			buf_printf(err, "%s: %s\n", s.data, strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode))
			rc = fsx_copy_tree(s.data, t.data, err);
		else {
			buf_reset(&data);
			if (fsx_read(s.data, (size_t)64 << 20, &data) == -1 ||
			    fsx_write(t.data, buf_cstr(&data), data.len) ==
			    -1) {
				buf_printf(err, "copying %s: %s\n", s.data,
				    strerror(errno));
				rc = -1;
			}
		}
	}
	closedir(d);
	buf_free(&s);
	buf_free(&t);
	buf_free(&data);
	return rc;
}

int
fsx_is_dir(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fsx_spread_dir(int fd)
{
#if defined(__linux__) && defined(FS_IOC_SETFLAGS) && defined(FS_TOPDIR_FL)
	int	 flags;

	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == -1)
		return -1;
	if (flags & FS_TOPDIR_FL)
		return 0;
	flags |= FS_TOPDIR_FL;
	return ioctl(fd, FS_IOC_SETFLAGS, &flags);
#else
	(void)fd;
	errno = ENOTSUP;
	return -1;
#endif
}

int
fsx_exchange(const char *a, const char *b)
{
	struct buf	 mid = BUF_INIT;
	int		 rc;

#ifdef SYS_renameat2
	if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b,
	    RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	/* No atomic exchange on this file system: a moment without b. */
	buf_printf(&mid, "%s.exchange-%ld", b, (long)getpid());
	rc = rename(b, mid.data);
	if (rc == 0) {
		if ((rc = rename(a, b)) == -1)
			(void)rename(mid.data, b);	/* undo */
		else
			rc = rename(mid.data, a);
	}
	buf_free(&mid);
	return rc;
}

int
fsx_swap_dir(const char *tmp, const char *path)
{
	struct stat	 st;

	if (lstat(path, &st) == -1) {
		if (errno != ENOENT)
			return -1;
		return rename(tmp, path);
	}
	if (fsx_exchange(tmp, path) == -1)
		return -1;
	return fsx_remove_tree(tmp);
}
