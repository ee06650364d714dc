/*
 * privacy: the Personal Data Protection Law's duties over the stored
 * submissions: a person's access request (person), their erasure
 * request (erase) and the retention period of each form (purge).
 *
 * A person is found by any of their national ID, mobile number and
 * e-mail address (person.h: normalised as the forms normalise them):
 * every submission of every form, anonymous ones included, with one of
 * them in a field of its type, or written in its free text (text and
 * textarea answers, and answers to fields that no definition describes).
 *
 * Destroying a submission (erase, purge) deletes it and its answers,
 * deletes any answer elsewhere that is exactly its reference (the
 * survey's optional "request_ref"), redacts the reference and note of
 * its audit entries, and adds it to the anonymous counts (table tally:
 * form, month received, final status). After the transaction the file
 * is rebuilt (adm_wipe) so that no byte of it remains.
 */
#ifndef WASL_PRIVACY_H
#define WASL_PRIVACY_H

#include "adm.h"

/* person [--national-id ID] [--mobile NUMBER] [--email ADDRESS]
 * [--out FILE]: the person's submissions as JSON { national_id, mobile,
 * email (normalised, null when not given), exported_at, association,
 * submissions: [ { ref, form, form_title, received_at, status,
 * status_label, decided_at, consent_at, privacy_notice_version, answers:
 * [ { name, label, value, text } ], history: [ { at, from, to, note } ],
 * found_by: [ { identifier, field, in: "answer" or "text" } ] } ] },
 * written with adm_json_text(). One audit entry per submission (or one
 * saying none was found), written before the data leaves. */
int	privacy_person(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

/* erase [--national-id ID] [--mobile NUMBER] [--email ADDRESS]
 * [--note TEXT] [--yes]: list the person's submissions and why each was
 * found; with --yes, or once "yes" is typed at the terminal, destroy
 * them (the list is made again in the erasing transaction and must be
 * the one shown). Without either nothing is erased (-1, saying how to
 * confirm). Audited with the count and note, never the values. */
int	privacy_erase(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

/* purge [--dry-run]: destroy the submissions of each form that is not
 * anonymous and that are older than its retention_days; audited per
 * form. Forms in the database without a definition are kept, with a
 * warning. */
int	privacy_purge(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

#endif
