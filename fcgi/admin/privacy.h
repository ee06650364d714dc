/*
 * privacy: the Personal Data Protection Law's duties over the stored
 * submissions: a person's access request (person), their erasure
 * request (erase) and the retention period of each form (purge).
 *
 * A person is found by national ID: every submission with that value in
 * a field of type national_id (per the form's definition; a field named
 * national_id when the form has no definition any more).
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

/* person --national-id ID [--out FILE]: the person's submissions as JSON
 * { national_id, exported_at, association, submissions: [ { ref, form,
 * form_title, received_at, status, status_label, decided_at, consent_at,
 * privacy_notice_version, answers: [ { name, label, value, text } ],
 * history: [ { at, from, to, note } ] } ] }. One audit entry per
 * submission (or one saying none was found), written before the data
 * leaves. */
int	privacy_person(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

/* erase --national-id ID [--note TEXT]: destroy the person's
 * submissions; audited with the count and note, never the ID. */
int	privacy_erase(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

/* purge [--dry-run]: destroy the submissions of each form that is not
 * anonymous and that are older than its retention_days; audited per
 * form. Forms in the database without a definition are kept, with a
 * warning. */
int	privacy_purge(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

#endif
