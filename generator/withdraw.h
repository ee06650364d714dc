/*
 * withdraw: a published policy revision taken back, as the staff
 * console's rollback asks (wasl-build --withdraw SLUG/N), so that the
 * revision before it is in force again and stays so: no later build
 * publishes it again. Only the latest revision of a policy, never its
 * first, and only one that was published (its fingerprint is in
 * fingerprints.txt) can be withdrawn. Nothing is deleted: its file
 * moves to CONTENT/withdrawn/SLUG/N.md (N-2.md, N-3.md, ... when one is
 * there already), a folder no build reads; its fingerprints stay in
 * fingerprints.txt, renamed to that place ("withdrawn/SLUG/N"), so the
 * same number can be approved and published again with another text.
 * Then the site is built; when the build fails, the file and the
 * fingerprints are put back as they were, and the site is as it was.
 */
#ifndef WASL_WITHDRAW_H
#define WASL_WITHDRAW_H

#include "build.h"

/* Withdraw revision key ("slug/N") of o->content and build the site as
 * o says. Returns 0, or -1 with the reason appended to err (and the
 * content as it was). *to gets the withdrawn file's path inside the
 * content ("withdrawn/slug/N.md"; caller frees), or NULL. */
int	withdraw_site(const struct site_opts *o, const char *key,
	    struct site_stats *st, char **to, struct buf *err);

#endif
