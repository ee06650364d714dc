/*
 * fieldmsg: what an applicant is told of an answer that failed its check,
 * in the words of the catalog (lib/view/catalog.h, group "fieldcheck"):
 * the failure's code on a field (lib/model/fieldcheck.h) -> its message,
 * e.g. "أدخل الاسم الكامل".
 */
#ifndef WASL_FIELDMSG_H
#define WASL_FIELDMSG_H

#include "buf.h"
#include "fieldcheck.h"
#include "catalog.h"
#include "submission.h"

/* Check that s holds every text fieldmsg_put() may say. Returns 0, or -1
 * with each missing key appended to err. */
int	fieldmsg_require(const struct catalog *s, struct buf *err);

/* Append the message for error code (an enum fc_error) on field f,
 * rendered from s (fc_say()); FC_OK appends nothing. Returns 0, or -1
 * when s lacks the text (out unchanged). */
int	fieldmsg_put(const struct catalog *s, const struct formdef_field *f,
	    int code, struct buf *out);

/* Append the message of fd's require_one_of: the form's own, or said
 * from s with the fields' labels ("أدخل رقم الجوال أو البريد
 * الإلكتروني"). Returns 0, or -1 when s lacks the text (out unchanged). */
int	fieldmsg_one_of(const struct catalog *s, const struct formdef *fd,
	    struct buf *out);

/* Fill sub->errors (emptied first) from sub->codes, as submission.h
 * describes, for a post of fd checked by submission_validate(). */
void	fieldmsg_errors(const struct catalog *s, const struct formdef *fd,
	    struct submission *sub);

#endif
