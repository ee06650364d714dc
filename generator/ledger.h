/*
 * ledger: the fingerprints of approved policy texts.
 *
 * A file committed with the content (content/fingerprints.txt) lists, for
 * each approved revision ("slug/N"), the SHA-256 of its text when it was
 * first published, then one more per declared editorial correction. A
 * build whose approved text no longer matches, with no new correction
 * declared in the revision's front matter, fails: published approved
 * text is immutable. Every build checks; only publishing (wasl-build
 * --publish) writes the file, sealing what it published, so a revision
 * approved but never published can still be corrected, and a build on a
 * server changes no file of the content.
 */
#ifndef WASL_LEDGER_H
#define WASL_LEDGER_H

#include <stddef.h>

#include "buf.h"

struct ledger;

/* Read content/fingerprints.txt (inside the content folder: fsx.h); a
 * missing file is an empty ledger. NULL with a message on a malformed
 * file or one that cannot be read. */
struct ledger	*ledger_load(const char *content, struct buf *err);
void		 ledger_free(struct ledger *l);

/*
 * Check the text fingerprint hex of revision key ("slug/N"), whose front
 * matter declares ncorrections corrections. A new revision, or a changed
 * text with a correction declared that the ledger has not recorded yet,
 * is recorded in l (written by ledger_save() only). Returns 0, or -1 with
 * "SOURCE: ...; how to proceed" appended to err when the sealed text
 * changed undeclared.
 */
int		 ledger_check(struct ledger *l, const char *key,
		    const char *hex, size_t ncorrections, const char *source,
		    struct buf *err);

/* 1 if revision key ("slug/N") has a fingerprint: it was published. */
int		 ledger_has(const struct ledger *l, const char *key);

/* Every fingerprint of key recorded under to instead (a withdrawn
 * revision's, under the place its text went: withdraw.h), for
 * ledger_save() to write. Returns how many. */
size_t		 ledger_rename(struct ledger *l, const char *key,
		    const char *to);

/* Write the ledger back in one step (fsx_replace) when anything was
 * recorded: when publishing, once the site is in place. */
int		 ledger_save(struct ledger *l, struct buf *err);

#endif
