/*
 * output: the folders wasl-build replaces or removes, and the guard on
 * them. A build writes its site to a temporary folder beside the output
 * and then puts it in the output's place (keeping the site it replaces at
 * OUT.prev with --keep); --rollback exchanges the two. Each folder it
 * writes holds a mark (a small file, OUTPUT_MARK), and a folder is
 * replaced or removed only when it is one of these: missing, empty,
 * marked, or the output of a wasl-build from before the mark (its shape:
 * the four files every build writes at its top and folders, nothing
 * else; see output.c). Anything else, such as `--out content`, is refused
 * with a message and left exactly as it is.
 */
#ifndef WASL_OUTPUT_H
#define WASL_OUTPUT_H

#include "buf.h"

/* The mark's name inside each folder a build writes. */
#define OUTPUT_MARK	".wasl-build"

/* What a folder is to the build, for the messages. */
enum output_role {
	OUTPUT_SITE,		/* --out: replaced by the new site */
	OUTPUT_PREV,		/* OUT.prev: replaced with --keep */
	OUTPUT_BACK,		/* OUT.prev: put back by --rollback */
	OUTPUT_TMP		/* the temporary folder: removed */
};

/*
 * 0 when the folder path may be replaced or removed (above), or -1 with
 * "PATH: what it is; what to do" appended to err.
 */
int	output_check(const char *path, enum output_role role, struct buf *err);

/*
 * Make the temporary folder path afresh (a stale one is removed only when
 * output_check() allows), marked. Its descriptor (open, O_DIRECTORY), or
 * -1 with a message.
 */
int	output_tmp(const char *path, struct buf *err);

/*
 * Put the finished folder tmp at out in one step (an atomic exchange
 * where out exists); the replaced site is removed, or with keep filed at
 * OUT.prev in place of the one there. out (and with keep OUT.prev) must
 * pass output_check(), else nothing moves. 0; -1 with a message, nothing
 * moved; -2 with a message when the new site is in place but the one it
 * replaced could not be removed or kept.
 */
int	output_replace(const char *tmp, const char *out, int keep,
	    struct buf *err);

/*
 * Exchange out and OUT.prev in one step, both checked first. 0, or -1
 * with a message.
 */
int	output_rollback(const char *out, struct buf *err);

#endif
