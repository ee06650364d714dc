/*
 * cases: the research committee's workflow over the stored submissions:
 * list, show, status changes with their audit trail, overdue requests,
 * and the audit trail itself. Commands as adm.h describes them.
 */
#ifndef WASL_CASES_H
#define WASL_CASES_H

#include "adm.h"

/* list [--form ID] [--status STATUS] [--from DATE] [--to DATE]
 * [--overdue]: one line per submission, oldest first, then a count. */
int	cases_list(struct adm *a, const struct adm_opts *o, struct buf *err);
/* show REF: the submission's dates, answers (with labels) and history;
 * the look is audited first (no audit entry, nothing shown). */
int	cases_show(struct adm *a, const struct adm_opts *o, struct buf *err);
/* status REF STATUS --note TEXT: change the status and add the audit
 * entry in one transaction; decided_at is set on accepted or rejected
 * and cleared when a decision is reopened. Refused for anonymous forms
 * and when the status would not change. */
int	cases_status(struct adm *a, const struct adm_opts *o, struct buf *err);
/* overdue [--form ID]: tracked requests past their due date with no
 * decision, with the days they are late. */
int	cases_overdue(struct adm *a, const struct adm_opts *o,
	    struct buf *err);
/* audit [--ref REF] [--from DATE] [--to DATE]: the audit trail. */
int	cases_audit(struct adm *a, const struct adm_opts *o, struct buf *err);

/*
 * The days by which a tracked request received at received (stored UTC)
 * is late on the Saudi date today, given response_days: > 0 when late,
 * <= 0 when not yet due. Returns 0, or -1 when received is malformed.
 */
int	cases_days_late(const char *received, int response_days,
	    const struct date *today, int *late);

#endif
