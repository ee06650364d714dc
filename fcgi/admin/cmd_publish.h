/*
 * cmd_publish: publish-pending, the publisher of the policy revisions
 * confirmed in the staff console (see cmd_publish.c).
 */
#ifndef WASL_CMD_PUBLISH_H
#define WASL_CMD_PUBLISH_H

#include "adm.h"

/* publish-pending --site DIR [--build PATH]: every job waiting, oldest
 * first (publish a draft, or roll the site back), each outcome recorded
 * and printed on a line of its own. */
int	cmd_publish_pending(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

#endif
