/*
 * statusmsg: statuses in the catalog's words (see statusmsg.h).
 */
#include <stddef.h>

#include "statusmsg.h"
#include "workflow.h"

int
statusmsg_require(const struct strings *s, struct buf *err)
{
	const char	*keys[2 * WF_NSTATUS];
	int		 i;

	for (i = 0; i < WF_NSTATUS; i++) {
		keys[2 * i] = wf_status_label_key(i);
		keys[2 * i + 1] = wf_status_explain_key(i);
	}
	return strings_require(s, keys, 2 * WF_NSTATUS, err);
}

const char *
statusmsg_label(const struct strings *s, int st)
{
	const char	*key = wf_status_label_key(st);

	return key == NULL ? NULL : strings_get(s, key);
}

const char *
statusmsg_explain(const struct strings *s, int st)
{
	const char	*key = wf_status_explain_key(st);

	return key == NULL ? NULL : strings_get(s, key);
}
