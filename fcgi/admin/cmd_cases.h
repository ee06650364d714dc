/*
 * cmd_cases: the commands of the research committee's workflow: list,
 * show, status, overdue and audit, as lines on the terminal over
 * fcgi/db's cases.h and audit.h. Commands as adm.h describes them.
 */
#ifndef WASL_CMD_CASES_H
#define WASL_CMD_CASES_H

#include "adm.h"

/* list [--form ID] [--status STATUS] [--from DATE] [--to DATE]
 * [--overdue]: one line per submission, oldest first, then a count. */
int	cmd_list(struct adm *a, const struct adm_opts *o, struct buf *err);
/* show REF: the submission's dates, answers (with labels) and history;
 * the look is audited first (no audit entry, nothing shown). */
int	cmd_show(struct adm *a, const struct adm_opts *o, struct buf *err);
/* status REF STATUS --note TEXT: change the status and add the audit
 * entry in one transaction (cases_set_status()). */
int	cmd_status(struct adm *a, const struct adm_opts *o, struct buf *err);
/* overdue [--form ID]: tracked requests past their due date with no
 * decision, with the days they are late. */
int	cmd_overdue(struct adm *a, const struct adm_opts *o,
	    struct buf *err);
/* audit [--ref REF] [--from DATE] [--to DATE]: the audit trail. */
int	cmd_audit(struct adm *a, const struct adm_opts *o, struct buf *err);

#endif
