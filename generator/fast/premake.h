/*
 * premake: the folders and (empty) files of the channel, service and page
 * pages, made ahead in the new site's folder by a thread of its own while
 * the content loads on the calling one: making them is most of a whole
 * build's system time (new inodes), and loading uses one core. A page's
 * write then only fills its file. Names are taken as content_read() will
 * (NAME.md makes PREFIX/NAME/index.html); anything made that no page
 * fills (a file added or removed meanwhile, or a name the content
 * rejects) is taken away again (premake_tidy), so the site is the same
 * with or without this.
 */
#ifndef WASL_PREMAKE_H
#define WASL_PREMAKE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "links.h"

struct premake {
	const char	*content;
	int		 dirfd;		/* the new site's folder */
	atomic_int	 stop;		/* the content failed: no more */
	char		**made;		/* "channels/x/index.html", ... */
	size_t		 nmade;
	pthread_t	 tid;
	int		 started;
};

/* Start making ahead into the folder dirfd (borrowed) from the content
 * folder content (borrowed; both outlive the premake); without a thread,
 * nothing is made ahead. */
void	premake_start(struct premake *pm, const char *content, int dirfd);

/* Wait for it to finish (stopping it early when stop is set). */
void	premake_join(struct premake *pm, int stop);

/* Take away what was made and is not a page of written (NULL: leave it
 * all, the folder is going anyway); free the list. Call after
 * premake_join(). */
void	premake_tidy(struct premake *pm, struct links *written);

#endif
