/*
 * statusmsg: statuses in the catalog's words (see statusmsg.h).
 */
#include <stddef.h>

#include "statusmsg.h"
#include "workflow.h"

int
statusmsg_require(const struct catalog *s, struct buf *err)
{
	const char	*keys[2 * WF_NSTATUS];
	int		 i;

	for (i = 0; i < WF_NSTATUS; i++) {
		keys[2 * i] = wf_status_label_key(i);
		keys[2 * i + 1] = wf_status_explain_key(i);
	}
	return catalog_require(s, keys, 2 * WF_NSTATUS, err);
}

const char *
statusmsg_label(const struct catalog *s, int st)
{
	const char	*key = wf_status_label_key(st);

	return key == NULL ? NULL : catalog_get(s, key);
}

const char *
statusmsg_explain(const struct catalog *s, int st)
{
	const char	*key = wf_status_explain_key(st);

	return key == NULL ? NULL : catalog_get(s, key);
}
