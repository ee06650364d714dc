/*
 * ledger: the fingerprints of approved policy texts.
 *
 * A file committed with the content (content/fingerprints.txt) lists, for
 * each approved revision ("slug/N"), the SHA-256 of its text when it was
 * first published, then one more per declared editorial correction. A
 * build whose approved text no longer matches, with no new correction
 * declared in the revision's front matter, fails: approved text is
 * immutable.
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
 * Check the text fingerprint hex of revision key, whose front matter
 * declares ncorrections corrections. A new revision, or a changed text
 * with a correction declared that the ledger has not recorded yet, is
 * recorded. Returns 0, or -1 with "SOURCE: ..." appended to err when the
 * approved text changed undeclared.
 */
int		 ledger_check(struct ledger *l, const char *key,
		    const char *hex, size_t ncorrections, const char *source,
		    struct buf *err);

/* Write the ledger back (atomically) when anything was recorded. */
int		 ledger_save(struct ledger *l, struct buf *err);

#endif
