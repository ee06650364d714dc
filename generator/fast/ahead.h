/*
 * ahead: the Markdown of the channel, service and page files, rendered
 * ahead on a thread of its own while content_read() reads the content on
 * the calling one (markdown.h: md_ahead_render): the loader goes through
 * the files from the first, this from the last, until they meet, so the
 * rendering, most of the loading, is shared between two cores. What is
 * rendered is keyed by the exact text, so the content is the same with or
 * without it.
 */
#ifndef WASL_AHEAD_H
#define WASL_AHEAD_H

#include <pthread.h>
#include <stdatomic.h>

struct ahead {
	const char	*content;
	atomic_int	 stop;		/* the content is loaded */
	pthread_t	 tid;
	int		 started;
};

/* Start rendering ahead from the content folder content (borrowed, to
 * outlive ahead_stop()); without a thread, nothing is. */
void	ahead_start(struct ahead *ah, const char *content);

/* Stop it, once the content is loaded; what was not taken is dropped. */
void	ahead_stop(struct ahead *ah);

#endif
