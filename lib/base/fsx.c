/*
 * fsx: file-system helpers (see fsx.h).
 */
#define _GNU_SOURCE	/* O_PATH */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
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

/* Append all of fd (a file, open) to out, up to limit; closes fd. */
static int
S_read_fd(int fd, size_t limit, struct buf *out)
{
	ssize_t	 n;
	size_t	 start = out->len;

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
fsx_read(const char *path, size_t limit, struct buf *out)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	return S_read_fd(fd, limit, out);
}

/* ---- reading inside a folder (fsx.h) ---- */

#define S_MAX_LINKS	40

/* What the last refusal of this thread was (fsx_strerror). */
static _Thread_local char S_why[1024];

/* A link whose target is being walked in its place: the names of the
 * rest up to tail bytes before its end came from it. */
struct S_link {
	size_t	 tail;
	char	*name;		/* the link, as root/... (owned) */
	char	*to;		/* its target (owned) */
};

struct S_walk {
	const char	*root;
	const char	*path;		/* as asked */
	int		 fd[FSX_MAX_DEPTH + 1];	/* fd[0]: root */
	size_t		 off[FSX_MAX_DEPTH + 1]; /* where's length at each */
	size_t		 depth;
	struct buf	 where;		/* root/a/b/: the folders walked */
	struct buf	 rest;		/* the names left to walk */
	size_t		 pos;		/* in rest */
	struct S_link	 link[S_MAX_LINKS];
	size_t		 nlink;		/* whose names are still walked */
	size_t		 followed;
	char		*real;		/* root's real path, once needed */
};

/* path's part below root, or NULL when it is not below root. */
static const char *
S_below(const char *root, const char *path)
{
	size_t	 n = strlen(root);

	if (strncmp(path, root, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return "";
	if (path[n] == '/')
		return path + n + 1;
	if (n > 0 && root[n - 1] == '/')
		return path + n;
	return NULL;
}

/* Refuse, with the reason for fsx_strerror(): "it is ..." when the link
 * is the file asked for, else "LINK is ...". */
static int
S_refuse(struct S_walk *w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
S_refuse(struct S_walk *w, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	n = snprintf(S_why, sizeof(S_why), "%s ", name == NULL ||
	    strcmp(name, w->path) == 0 ? "it" : name);
	if (n < 0 || (size_t)n >= sizeof(S_why))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(S_why + n, sizeof(S_why) - (size_t)n, fmt, ap);
	va_end(ap);
	errno = FSX_EREFUSED;
	return -1;
}

/* A ".." above root: from the innermost link being walked, if any. */
static int
S_outside(struct S_walk *w)
{
	const struct S_link *l;

	if (w->nlink == 0)
		return S_refuse(w, NULL, "leads out of the folder %s through "
		    "'..'; name a file inside it", w->root);
	l = &w->link[w->nlink - 1];
	return S_refuse(w, l->name, "is a symbolic link to %s, which is "
	    "outside the folder %s; put a copy of what it points to in its "
	    "place (a link may only point inside the folder)", l->to,
	    w->root);
}

/* Back to root, every folder below it closed. */
static void
S_to_root(struct S_walk *w)
{
	while (w->depth > 0)
		close(w->fd[w->depth--]);
	w->where.len = w->off[0];
	w->where.data[w->where.len] = '\0';
}

/*
 * The name ending at end in rest is the link name (in the folder walked
 * to) with target to: walk the target in its place. 0, or -1 refused.
 */
static int
S_follow(struct S_walk *w, const char *name, const char *to, size_t end)
{
	struct buf	 rest = BUF_INIT;
	struct S_link	*l;
	const char	*t = to;
	size_t		 rl;

	if (++w->followed > S_MAX_LINKS)
		return S_refuse(w, NULL, "goes through more than %d symbolic "
		    "links (do they point at each other?); replace them "
		    "with the files themselves", S_MAX_LINKS);
	if (t[0] == '/') {
		if (w->real == NULL && (w->real = realpath(w->root,
		    NULL)) == NULL)
			return -1;
		rl = strlen(w->real);
		if (rl == 1)
			rl = 0;		/* root is "/" */
		if (strncmp(t, w->real, rl) != 0 ||
		    (t[rl] != '\0' && t[rl] != '/')) {
			struct buf lname = BUF_INIT;
			int rc;

			buf_printf(&lname, "%s%s", w->where.data, name);
			rc = S_refuse(w, lname.data, "is a symbolic link to "
			    "%s, which is outside the folder %s; put a copy of "
			    "what it points to in its place (a link may only "
			    "point inside the folder)", to, w->root);
			buf_free(&lname);
			return rc;
		}
		t += rl;
	}
	/* the links whose names are walked now, the innermost last */
	if (w->nlink == S_MAX_LINKS) {
		errno = ELOOP;
		return -1;
	}
	l = &w->link[w->nlink++];
	l->tail = w->rest.len - end + 1;
	buf_printf(&rest, "%s%s", w->where.data, name);
	l->name = buf_detach(&rest);
	l->to = xstrdup(to);
	if (to[0] == '/')
		S_to_root(w);
	buf_printf(&rest, "%s/%s", t, buf_cstr(&w->rest) + end);
	buf_free(&w->rest);
	w->rest = rest;
	w->pos = 0;
	return 0;
}

/* Walk w->rest from root; the descriptor opened with flags, or -1. */
static int
S_walk_run(struct S_walk *w, int flags)
{
	struct stat	 st;
	char		 name[NAME_MAX + 1], to[PATH_MAX];
	const char	*r;
	size_t		 start, end, q;
	ssize_t		 n;
	int		 fd, last, e;

	for (;;) {
		r = buf_cstr(&w->rest);
		while (r[w->pos] == '/')
			w->pos++;
		while (w->nlink > 0 && w->rest.len -
		    w->link[w->nlink - 1].tail <= w->pos) {
			w->nlink--;
			free(w->link[w->nlink].name);
			free(w->link[w->nlink].to);
		}
		if (r[w->pos] == '\0')		/* a folder: root/, a/.. */
			return openat(w->fd[w->depth], ".", flags |
			    O_NOFOLLOW | O_CLOEXEC);
		start = w->pos;
		end = start + strcspn(r + start, "/");
		if (end - start > NAME_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, r + start, end - start);
		name[end - start] = '\0';
		for (q = end; r[q] == '/'; q++)
			continue;
		last = r[q] == '\0';
		w->pos = end;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			if (w->depth == 0)
				return S_outside(w);
			close(w->fd[w->depth--]);
			w->where.len = w->off[w->depth];
			w->where.data[w->where.len] = '\0';
			continue;
		}
		/* Never through a link: a link fails (ENOTDIR on the way,
		 * ELOOP at the end) or, with O_PATH, is opened itself. */
		fd = openat(w->fd[w->depth], name, (last ? flags : O_PATH |
		    O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
		n = -1;
		if (fd == -1 && (errno == ENOTDIR || errno == ELOOP)) {
			e = errno;
			if ((n = readlinkat(w->fd[w->depth], name, to,
			    sizeof(to) - 1)) == -1)
				errno = e;
		} else if (fd != -1 && last && (flags & O_PATH) &&
		    fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
			n = readlinkat(fd, "", to, sizeof(to) - 1);
			close(fd);
			fd = -1;
			if (n == -1)
				return -1;
		}
		if (n == (ssize_t)sizeof(to) - 1) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (n >= 0) {
			to[n] = '\0';
			if (S_follow(w, name, to, end) == -1)
				return -1;
			continue;
		}
		if (fd == -1) {
			if (errno == ENOENT && w->nlink > 0) {
				const struct S_link *l =
				    &w->link[w->nlink - 1];

				return S_refuse(w, l->name, "is a symbolic "
				    "link to %s, which does not exist; remove "
				    "the link, or point it at a file inside the "
				    "folder %s", l->to, w->root);
			}
			return -1;
		}
		if (last)
			return fd;
		if (w->depth == FSX_MAX_DEPTH) {
			close(fd);
			return S_refuse(w, NULL, "lies more than %d folders "
			    "below %s; put it nearer", FSX_MAX_DEPTH, w->root);
		}
		w->fd[++w->depth] = fd;
		w->off[w->depth] = w->where.len;
		buf_printf(&w->where, "%s/", name);
	}
}

int
fsx_open_in(const char *root, const char *path, int flags)
{
	struct S_walk	 w;
	const char	*rel;
	int		 fd = -1, e;

	S_why[0] = '\0';
	if ((rel = S_below(root, path)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	memset(&w, 0, sizeof(w));
	w.root = root;
	w.path = path;
	if ((w.fd[0] = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	buf_printf(&w.where, "%s%s", root, root[0] != '\0' &&
	    root[strlen(root) - 1] == '/' ? "" : "/");
	w.off[0] = w.where.len;
	buf_puts(&w.rest, rel);
	fd = S_walk_run(&w, flags);
	e = errno;
	while (w.depth > 0)
		close(w.fd[w.depth--]);
	close(w.fd[0]);
	while (w.nlink > 0) {
		w.nlink--;
		free(w.link[w.nlink].name);
		free(w.link[w.nlink].to);
	}
	buf_free(&w.where);
	buf_free(&w.rest);
	free(w.real);
	errno = e;
	return fd;
}

int
fsx_read_in(const char *root, const char *path, size_t limit,
    struct buf *out)
{
	struct stat	 st;
	int		 fd, e;

	/* O_NONBLOCK: a pipe is opened without waiting, then refused */
	if ((fd = fsx_open_in(root, path, O_RDONLY | O_NONBLOCK)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		snprintf(S_why, sizeof(S_why), "it is not a regular file (a "
		    "pipe, a socket or a device); put a file in its place");
		errno = FSX_EREFUSED;
		return -1;
	}
	return S_read_fd(fd, limit, out);
}

DIR *
fsx_opendir_in(const char *root, const char *path)
{
	DIR	*d;
	int	 fd, e;

	if ((fd = fsx_open_in(root, path, O_RDONLY | O_DIRECTORY)) == -1)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

int
fsx_stat_in(const char *root, const char *path, struct stat *st)
{
	int	 fd, rc, e;

	if ((fd = fsx_open_in(root, path, O_PATH)) == -1)
		return -1;
	rc = fstat(fd, st);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

const char *
fsx_strerror(int errnum)
{
	if (errnum == FSX_EREFUSED && S_why[0] != '\0')
		return S_why;
	return strerror(errnum);
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
fsx_replace(const char *path, const char *data, size_t len)
{
	struct buf	 tmp = BUF_INIT, dir = BUF_INIT;
	const char	*slash = strrchr(path, '/');
	ssize_t		 n;
	int		 fd, dfd, rc = -1, e;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd == -1)
		goto out;
	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		data += n;
		len -= (size_t)n;
	}
	if (len > 0 || fsync(fd) == -1) {
		e = errno;
		close(fd);
		errno = e;
		goto out;
	}
	if (close(fd) == -1 || rename(tmp.data, path) == -1)
		goto out;
	buf_printf(&dir, "%.*s", slash == NULL ? 1 : slash == path ? 1 :
	    (int)(slash - path), slash == NULL ? "." : path);
	if ((dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);	/* the rename, on the disk */
		close(dfd);
	}
	rc = 0;
out:
	if (rc == -1) {
		e = errno;
		unlink(tmp.data);
		errno = e;
	}
	buf_free(&tmp);
	buf_free(&dir);
	return rc;
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

/* fsx_copy_tree at depth folders below where it started. */
static int
S_copy_tree(const char *root, const char *src, const char *dst, int depth,
    struct buf *err)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	struct buf	 s = BUF_INIT, t = BUF_INIT, data = BUF_INIT;
	int		 rc = 0;

	if ((d = fsx_opendir_in(root, src)) == NULL) {
		buf_printf(err, "%s: cannot read: %s\n", src,
		    fsx_strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&s);
		buf_reset(&t);
		buf_printf(&s, "%s/%s", src, e->d_name);
		buf_printf(&t, "%s/%s", dst, e->d_name);
		if (fsx_stat_in(root, s.data, &st) == -1) {
			buf_printf(err, "%s: cannot read: %s\n", s.data,
			    fsx_strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode) && depth >= FSX_MAX_DEPTH) {
			/* a link to a folder above it, followed forever */
			buf_printf(err, "%s: folders nested more than %d deep "
			    "(a symbolic link to a folder above it?); remove "
			    "the link\n", s.data, FSX_MAX_DEPTH);
			rc = -1;
		} else if (S_ISDIR(st.st_mode))
			rc = S_copy_tree(root, s.data, t.data, depth + 1, err);
		else {
			buf_reset(&data);
			if (fsx_read_in(root, s.data, (size_t)64 << 20,
			    &data) == -1) {
				buf_printf(err, "%s: cannot read: %s\n",
				    s.data, fsx_strerror(errno));
				rc = -1;
			} else if (fsx_write(t.data, buf_cstr(&data),
			    data.len) == -1) {
				buf_printf(err, "%s: cannot write: %s\n",
				    t.data, strerror(errno));
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
fsx_copy_tree(const char *root, const char *src, const char *dst,
    struct buf *err)
{
	return S_copy_tree(root, src, dst, 0, err);
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
