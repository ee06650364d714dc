/*
 * premake: page files made ahead (see premake.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsx.h"
#include "pagelist.h"
#include "premake.h"

/* A section's folder (dir below the folder at) as the top of its pages'
 * tree (fsx_spread_dir): they are made where nothing was just deleted. */
static void
S_spread(int at, const char *dir)
{
	int	 fd;

	if ((fd = openat(at, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsx_spread_dir(fd);
		close(fd);
	}
}

static void *
S_run(void *arg)
{
	struct premake	*pm = arg;
	struct buf	 path = BUF_INIT, rel = BUF_INIT;
	const struct content_kind_info *kd;
	struct dirent	*e;
	DIR		*d;
	size_t		 k, len;
	int		 fd;

	for (k = 0; k < CONTENT_NKINDS; k++) {
		kd = &content_kinds[k];
		buf_reset(&path);
		buf_printf(&path, "%s/%s", pm->content, kd->dir);
		if ((d = fsx_opendir_in(pm->content, path.data)) == NULL)
			continue;	/* content_read() says why */
		if (kd->out[0] != '\0') {
			buf_reset(&rel);
			buf_put(&rel, kd->out, strlen(kd->out) - 1);
			(void)mkdirat(pm->dirfd, rel.data, 0755);
			S_spread(pm->dirfd, rel.data);
		}
		while (!atomic_load(&pm->stop) && (e = readdir(d)) != NULL) {
			len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len <= 3 ||
			    strcmp(e->d_name + len - 3, ".md") != 0)
				continue;
			buf_reset(&rel);
			buf_printf(&rel, "%s%.*s", kd->out, (int)(len - 3),
			    e->d_name);
			if (mkdirat(pm->dirfd, rel.data, 0755) == -1)
				continue;	/* taken, or cannot: the page's */
			buf_puts(&rel, "/index.html");
			fd = openat(pm->dirfd, rel.data, O_WRONLY | O_CREAT |
			    O_EXCL | O_CLOEXEC, 0644);
			if (fd == -1)
				continue;
			close(fd);
			if ((pm->nmade & (pm->nmade - 1)) == 0)
				pm->made = xrealloc(pm->made, (pm->nmade ?
				    2 * pm->nmade : 1) * sizeof(*pm->made));
			pm->made[pm->nmade++] = xstrdup(rel.data);
		}
		closedir(d);
	}
	buf_free(&path);
	buf_free(&rel);
	return NULL;
}

void
premake_start(struct premake *pm, const char *content, int dirfd)
{
	memset(pm, 0, sizeof(*pm));
	pm->content = content;
	pm->dirfd = dirfd;
	atomic_store(&pm->stop, 0);
	pm->started = pthread_create(&pm->tid, NULL, S_run, pm) == 0;
}

void
premake_join(struct premake *pm, int stop)
{
	if (!pm->started)
		return;
	atomic_store(&pm->stop, stop);
	pthread_join(pm->tid, NULL);
	pm->started = 0;
}

void
premake_tidy(struct premake *pm, struct links *written)
{
	struct buf	 file = BUF_INIT;
	size_t		 i;
	char		*slash;

	for (i = 0; i < pm->nmade; i++) {
		if (written != NULL) {
			buf_reset(&file);
			buf_printf(&file, "/%s", pm->made[i]);
			if (!links_has_page(written, file.data) &&
			    unlinkat(pm->dirfd, pm->made[i], 0) == 0 &&
			    (slash = strrchr(pm->made[i], '/')) != NULL) {
				*slash = '\0';
				(void)unlinkat(pm->dirfd, pm->made[i],
				    AT_REMOVEDIR);
			}
		}
		free(pm->made[i]);
	}
	free(pm->made);
	pm->made = NULL;
	pm->nmade = 0;
	buf_free(&file);
}
