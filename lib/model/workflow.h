/*
 * workflow: what happens to a submission after it is stored, as both
 * wasl-forms (the applicants' status page) and wasl-admin (the staff's
 * commands) see it: the statuses (their words are in the catalog,
 * templates/strings.yaml), which changes of status are allowed, which
 * forms are tracked requests, and the dates that matter (received, due,
 * decided).
 *
 * The database keeps times as UTC text "YYYY-MM-DDTHH:MM:SSZ"; the dates
 * people see are Saudi dates (Asia/Riyadh, lib/base/date.h's date_from_time).
 */
#ifndef WASL_WORKFLOW_H
#define WASL_WORKFLOW_H

#include <time.h>

#include "date.h"
#include "formdef.h"

#define WF_TIME_LEN	20	/* "YYYY-MM-DDTHH:MM:SSZ" without the NUL */

/* The statuses in workflow order (the schema's CHECK names them). */
enum wf_status {
	WF_RECEIVED,
	WF_UNDER_STUDY,
	WF_NEEDS_INFO,
	WF_ACCEPTED,
	WF_REJECTED,
	WF_NSTATUS
};

/* The enum wf_status of the status named s, or -1 when s is not one. */
int		 wf_status_index(const char *s);
/* The stored name of status st: received, under-study, needs-info,
 * accepted, rejected; NULL when st is out of range. Static string. */
const char	*wf_status_name(int st);
/* 1 when s is a decision (accepted or rejected), else 0. */
int		 wf_status_decided(const char *s);
/* The catalog key (templates/strings.yaml) of the name of status st
 * ("workflow.under-study.label"), or NULL when st is not a status; the
 * words are rendered by lib/view/statusmsg.h. Static string. */
const char	*wf_status_label_key(int st);
/* The catalog key of the sentence telling the applicant what status st
 * means for them, or NULL when st is not a status. Static string. */
const char	*wf_status_explain_key(int st);

/* Whether a submission of the form fd (NULL: no definition) with status
 * from may move to status to: WF_CHANGE_OK, or why not. */
enum wf_change {
	WF_CHANGE_OK,
	WF_CHANGE_NOT_STATUS,	/* to is not a status */
	WF_CHANGE_NO_WORKFLOW,	/* fd is anonymous: it has no workflow */
	WF_CHANGE_SAME		/* from is to: nothing would change */
};
enum wf_change	 wf_change_allowed(const struct formdef *fd,
		    const char *from, const char *to);

/*
 * 1 when fd is a tracked request: a form that is not anonymous and has a
 * national_id field. Tracked requests have a workflow with a due date,
 * appear in `wasl-admin overdue`, and can be looked up by applicants
 * with their reference and national ID; 0 otherwise.
 */
int		 wf_form_tracked(const struct formdef *fd);

/* Parse a stored UTC time, strictly "YYYY-MM-DDTHH:MM:SSZ". Returns 0
 * and sets *t, or -1 when malformed. */
int		 wf_time_parse(const char *s, time_t *t);
/* Format t as a stored UTC time into out (WF_TIME_LEN + 1 bytes). */
void		 wf_time_format(time_t t, char out[WF_TIME_LEN + 1]);
/* The Saudi date of a stored UTC time. Returns 0, or -1 when malformed. */
int		 wf_local_date(const char *utc, struct date *out);
/* The stored UTC time at which the Saudi day d begins (00:00 in Riyadh,
 * 21:00 UTC the day before), into out. Returns 0, or -1 when d is not
 * a valid date. */
int		 wf_day_start(const struct date *d,
		    char out[WF_TIME_LEN + 1]);
/* The date from which an answer is due: the Saudi date of received (a
 * stored UTC time) plus days. Returns 0, or -1 when malformed or when
 * days < 1 (the site states no response time, so nothing is due). */
int		 wf_due_date(const char *received, int days, struct date *out);

#endif
