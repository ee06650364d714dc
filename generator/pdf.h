/*
 * pdf: each approved policy revision as a PDF, beside its page at its
 * permanent address (/policies/SLUG/N/SLUG-N.pdf), since associations
 * and evaluators expect one: the association's name, the policy's title,
 * the revision, its summary and approval record with the fingerprint the
 * page shows, then the text as its Markdown gives it (headings,
 * paragraphs, numbered and bulleted lists, quotations), on A4 pages
 * numbered "page N of M", with the headings as the file's outline.
 *
 * Pango lays the text out (HarfBuzz joins and shapes the Arabic letters,
 * FriBidi orders the right-to-left and left-to-right runs, lines break at
 * words) and Cairo's PDF surface draws it, in fonts chosen by name
 * through fontconfig (PDF_FONT, and PDF_MONO for the fingerprint). The
 * file is the same bytes for the same revision on the same system: its
 * dates are the approval's, and nothing of the time or place of the
 * build goes in.
 *
 * Pango and fontconfig are started only when there is a revision to
 * draw, so a site without approved policies pays nothing for this.
 *
 * A rebuild of only what changed (rebuild.h) never needs it: a change
 * under content/policies makes the build whole (cache.h), and the pages
 * a rebuild writes do not show policies' files.
 */
#ifndef WASL_PDF_H
#define WASL_PDF_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "catalog.h"
#include "policy.h"

#define PDF_FONT	"Noto Naskh Arabic"	/* fonts-noto-core */
#define PDF_MONO	"DejaVu Sans Mono"	/* fonts-dejavu-core */

/* The catalog's texts it says (group pdf). */
extern const char *const pdf_texts[];
extern const size_t pdf_ntexts;

/*
 * One revision doc of policy (settled by policy_settle(): it has its
 * "fingerprint") of the association site, as a PDF appended to out, in
 * the words of the catalog words. Returns 0, or -1 with a message
 * appended to err.
 */
int	pdf_revision(const json_t *site, const json_t *policy,
	    const json_t *doc, const struct catalog *words, struct buf *out,
	    struct buf *err);

/*
 * Write into the open site folder dirfd (borrowed) the PDF of every
 * approved revision of policies (settled), each at its permanent address
 * (made when missing), and give each page of pages that shows that
 * revision (its "permalink"), and that revision's row of its policy's
 * history page, the file's address as "pdf_url". Drafts get none. Adds the files written to *files. Returns 0, or -1 with a
 * message naming the revision appended to err (what was written is the
 * caller's folder to discard).
 */
int	pdf_policies(int dirfd, const json_t *site, const json_t *policies,
	    struct policy_pages *pages, const struct catalog *words,
	    size_t *files, struct buf *err);

#endif
