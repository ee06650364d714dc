/*
 * statusmsg: a request's status (lib/model/workflow.h) in the words of
 * the catalog (lib/view/catalog.h, group "workflow"): its name, and the
 * sentence telling the applicant what it means for them.
 */
#ifndef WASL_STATUSMSG_H
#define WASL_STATUSMSG_H

#include "buf.h"
#include "catalog.h"

/* Check that s holds every status's texts. Returns 0, or -1 with each
 * missing key appended to err. */
int		 statusmsg_require(const struct catalog *s, struct buf *err);

/* The name of status st (an enum wf_status), e.g. "قيد الدراسة", or NULL
 * when st is not a status or s lacks it. Borrowed from s. */
const char	*statusmsg_label(const struct catalog *s, int st);
/* The sentence for the applicant about status st, as statusmsg_label(). */
const char	*statusmsg_explain(const struct catalog *s, int st);

#endif
