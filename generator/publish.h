/*
 * publish: puts a new site in the output's place, all or nothing, and
 * takes it back. The new site is made in a stage, a temporary folder
 * beside the output on its file system, and replaces the output in one
 * rename only once it is complete and checked (output.h); publishing then
 * seals the approved texts it put out (ledger.h). A rollback puts the
 * site kept at OUT.prev back.
 */
#ifndef WASL_PUBLISH_H
#define WASL_PUBLISH_H

#include "buf.h"
#include "ledger.h"

struct stage {
	struct buf	 path;		/* .OUT.tmp-PID beside the output */
	int		 fd;		/* it, open; -1 */
	int		 made;		/* it is there, to be removed */
};

#define STAGE_INIT	{ BUF_INIT, -1, 0 }

/*
 * Make the stage for the output folder out into s (STAGE_INIT). Returns
 * 0, or -1 with a message appended to err; either way free s with
 * publish_stage_free().
 */
int	publish_stage(struct stage *s, const char *out, struct buf *err);

/*
 * Put the stage s in the place of out (keeping the old site at OUT.prev
 * when keep is set), then, when seal is not NULL, save that ledger: the
 * texts now out are the approved ones. Sets *replaced when out changed
 * (so even when this then fails). Returns 0, or -1 with a message
 * appended to err.
 */
int	publish_swap(struct stage *s, const char *out, int keep,
	    struct ledger *seal, int *replaced, struct buf *err);

/* Close the stage and remove it, unless it went in the output's place;
 * free (a STAGE_INIT too). */
void	publish_stage_free(struct stage *s);

/*
 * Put the site kept at OUT.prev back at out in one step (the one it
 * replaces is kept at OUT.prev in turn). Returns 0, or -1 with a message
 * appended to err.
 */
int	publish_rollback(const char *out, struct buf *err);

#endif
