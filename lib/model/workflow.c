/*
 * workflow: statuses, tracked forms and dates (see workflow.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "workflow.h"

#define RIYADH_OFFSET	(3 * 3600)	/* UTC+3 all year */

/* Each status (enum wf_status): its name as stored, the catalog keys of
 * its name in words and of what it tells the applicant
 * (templates/strings.yaml, group "workflow"), and whether it is a
 * decision. */
static const struct {
	const char	*name;
	const char	*label;
	const char	*explain;
	int		 decided;
} statuses[WF_NSTATUS] = {
	[WF_RECEIVED] = { "received", "workflow.received.label",
	    "workflow.received.explain", 0 },
	[WF_UNDER_STUDY] = { "under-study", "workflow.under-study.label",
	    "workflow.under-study.explain", 0 },
	[WF_NEEDS_INFO] = { "needs-info", "workflow.needs-info.label",
	    "workflow.needs-info.explain", 0 },
	[WF_ACCEPTED] = { "accepted", "workflow.accepted.label",
	    "workflow.accepted.explain", 1 },
	[WF_REJECTED] = { "rejected", "workflow.rejected.label",
	    "workflow.rejected.explain", 1 },
};

int
wf_status_index(const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < WF_NSTATUS; i++)
		if (strcmp(s, statuses[i].name) == 0)
			return i;
	return -1;
}

const char *
wf_status_name(int st)
{
	return st < 0 || st >= WF_NSTATUS ? NULL : statuses[st].name;
}

int
wf_status_decided(const char *s)
{
	int	 i = wf_status_index(s);

	return i < 0 ? 0 : statuses[i].decided;
}

const char *
wf_status_label_key(int st)
{
	return st < 0 || st >= WF_NSTATUS ? NULL : statuses[st].label;
}

const char *
wf_status_explain_key(int st)
{
	return st < 0 || st >= WF_NSTATUS ? NULL : statuses[st].explain;
}

enum wf_change
wf_change_allowed(const struct formdef *fd, const char *from,
    const char *to)
{
	if (wf_status_index(to) < 0)
		return WF_CHANGE_NOT_STATUS;
	if (fd != NULL && formdef_anonymous(fd))
		return WF_CHANGE_NO_WORKFLOW;
	if (from != NULL && strcmp(from, to) == 0)
		return WF_CHANGE_SAME;
	return WF_CHANGE_OK;
}

int
wf_form_tracked(const struct formdef *fd)
{
	size_t	 i;

	if (fd == NULL || formdef_anonymous(fd))
		return 0;
	for (i = 0; i < formdef_nfields(fd); i++)
		if (formdef_field_at(fd, i)->type == FORMDEF_NATIONAL_ID)
			return 1;
	return 0;
}

int
wf_time_parse(const char *s, time_t *t)
{
	struct tm	 tm;
	struct date	 d;
	int		 hh, mm, ss;

	if (s == NULL || strlen(s) != WF_TIME_LEN || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
	    date_parse(s, 10, &d) == -1)
		return -1;
	hh = date_digits(s + 11, 2);
	mm = date_digits(s + 14, 2);
	ss = date_digits(s + 17, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	*t = timegm(&tm);
	return 0;
}

void
wf_time_format(time_t t, char out[WF_TIME_LEN + 1])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, WF_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
wf_local_date(const char *utc, struct date *out)
{
	time_t	 t;

	if (wf_time_parse(utc, &t) == -1)
		return -1;
	date_from_time(t, out);
	return 0;
}

int
wf_day_start(const struct date *d, char out[WF_TIME_LEN + 1])
{
	struct tm	 tm;
	struct date	 check;

	/* date_add_days(d, 0) validates d without changing it. */
	if (date_add_days(d, 0, &check) == -1)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day;
	wf_time_format(timegm(&tm) - RIYADH_OFFSET, out);
	return 0;
}

int
wf_due_date(const char *received, int days, struct date *out)
{
	struct date	 d;

	if (days < 1 || wf_local_date(received, &d) == -1)
		return -1;
	return date_add_days(&d, days, out);
}
