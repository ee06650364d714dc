/*
 * cmd_privacy: the commands of the Personal Data Protection Law's
 * duties, over fcgi/db's privacy.h (which says how a person is found
 * and what destroying a submission does): person (an access request),
 * erase (an erasure request) and purge (the retention periods).
 */
#ifndef WASL_CMD_PRIVACY_H
#define WASL_CMD_PRIVACY_H

#include "adm.h"

/* person [--national-id ID] [--mobile NUMBER] [--email ADDRESS]
 * [--out FILE]: the person's submissions as JSON { national_id, mobile,
 * email (normalised, null when not given), exported_at, association,
 * submissions: [ { ref, form, form_title, received_at, status,
 * status_label, decided_at, consent_at, privacy_notice_version, answers:
 * [ { name, label, value, text } ], history: [ { at, from, to, note } ],
 * found_by: [ { identifier, field, in: "answer" or "text" } ] } ] }
 * (privacy_access()), written with adm_json_text(). One audit entry per
 * submission (or one saying none was found), written before the data
 * leaves. */
int	cmd_person(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

/* erase [--national-id ID] [--mobile NUMBER] [--email ADDRESS]
 * [--note TEXT] [--yes]: list the person's submissions and why each was
 * found; with --yes, or once "yes" is typed at the terminal, destroy
 * them (the list is made again in the erasing transaction and must be
 * the one shown). Without either nothing is erased (-1, saying how to
 * confirm). Audited with the count and note, never the values. */
int	cmd_erase(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

/* purge [--dry-run]: destroy the submissions of each form that is not
 * anonymous and that are older than its retention_days; audited per
 * form. Forms in the database without a definition are kept, with a
 * warning. */
int	cmd_purge(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

#endif
