/*
 * test_submission: posted forms checked against the real definitions in
 * content/forms by lib/submission: valid posts of each form and their
 * normalised values; unknown, repeated, missing and require_one_of; the
 * errors' order and messages; the values kept to re-fill the form.
 * Checked by submission_validate(), with the messages rendered from the
 * shipped catalog (fieldmsg_errors()).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "contentview.h"
#include "check.h"
#include "fieldmsg.h"
#include "formdef.h"
#include "catalog.h"
#include "submission.h"
#include "urlenc.h"

/* The shipped catalog (templates/strings.yaml). */
static struct catalog	*catalog;

/* Append name=value to body, percent-encoding all but [A-Za-z0-9-_.]
 * (and a space as '+', as browsers do). */
static void
S_add(struct buf *body, const char *name, const char *value)
{
	const char	*p;
	int		 pass;

	if (body->len > 0)
		buf_putc(body, '&');
	for (pass = 0; pass < 2; pass++) {
		for (p = pass ? value : name; *p != '\0'; p++) {
			unsigned char c = (unsigned char)*p;

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			    c == '.')
				buf_putc(body, (char)c);
			else if (c == ' ')
				buf_putc(body, '+');
			else
				buf_printf(body, "%%%02X", c);
		}
		if (pass == 0)
			buf_putc(body, '=');
	}
}

/* Parse "name", "value", ... NULL into a body and check it. */
static int
S_check(const struct formdef *fd, struct submission *sub, ...)
{
	va_list			 ap;
	struct buf		 body = BUF_INIT;
	struct urlenc_list	 l;
	const char		*n, *v;
	int			 rc;

	va_start(ap, sub);
	while ((n = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		S_add(&body, n, v);
	}
	va_end(ap);
	if (urlenc_parse(buf_cstr(&body), body.len, URLENC_MAX_BODY, &l) !=
	    URLENC_OK)
		rc = -1;
	else {
		rc = submission_validate(fd, &l, sub);
		fieldmsg_errors(catalog, fd, sub);
	}
	/* The submission owns copies: free the body first on purpose. */
	urlenc_free(&l);
	buf_free(&body);
	return rc;
}

/* Compact key-sorted JSON of j, for comparison; caller frees. */
static char *
S_dump(const json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static void
check_json(const json_t *j, const char *want, const char *name)
{
	char	*got = S_dump(j);

	check_str(got, want, name);
	free(got);
}

/* The error object's keys in iteration order, comma-separated. */
static void
check_error_order(const struct submission *s, const char *want,
    const char *name)
{
	struct buf	 b = BUF_INIT;
	const char	*k;
	json_t		*v;

	json_object_foreach(s->errors, k, v)
		buf_printf(&b, "%s%s", b.len ? "," : "", k);
	check_str(buf_cstr(&b), want, name);
	buf_free(&b);
}

static const char *
S_err(const struct submission *s, const char *name)
{
	return json_string_value(json_object_get(s->errors, name));
}

/* A support request as an applicant types it, with the income given. */
static int
S_support(const struct formdef *fd, struct submission *s,
    const char *income)
{
	return S_check(fd, s,
	    "full_name", "  محمد بن عبدالله  ",
	    "national_id", "١٠٠٠ ٠٠٠ ٠٠٨",
	    "mobile", "٠٥٠ ١٢٣ ٤٥٦٧",
	    "city", "تبوك",
	    "family_size", "٦",
	    "monthly_income", income,
	    "need", "المنزل يحتاج إلى ترميم السقف.\r\nوالأسرة ستة أفراد.",
	    "declaration", "yes",
	    "privacy_consent", "yes",
	    "_token", "anything", NULL);
}

static void
t_support_request(const struct formdef *fd)
{
	struct submission	 s;
	int			 rc;

	rc = S_support(fd, &s, "۳۵۰۰");
	check(rc == SUBMISSION_OK, "support-request: valid", S_err(&s,
	    "need"));
	check_json(s.values, "{\"city\":\"تبوك\",\"declaration\":true,"
	    "\"family_size\":6,\"full_name\":\"محمد بن عبدالله\","
	    "\"mobile\":\"+966501234567\",\"monthly_income\":3500,"
	    "\"national_id\":\"1000000008\",\"need\":\"المنزل يحتاج إلى "
	    "ترميم السقف.\\nوالأسرة ستة أفراد.\",\"privacy_consent\":true}",
	    "support-request: normalised values");
	check(json_object_size(s.errors) == 0 && s.reason ==
	    SUBMISSION_NO_REASON && s.bad_name[0] == '\0',
	    "support-request: no errors", NULL);
	check(json_object_get(s.values, "_token") == NULL,
	    "underscore names are left to the caller", NULL);
	check(json_object_size(s.refill) == 0,
	    "support-request: no refill when valid", NULL);
	submission_free(&s);

	/* The same with one mistake: every answer comes back as typed. */
	rc = S_support(fd, &s, "كثير");
	check(rc == SUBMISSION_INVALID, "support-request: one mistake", NULL);
	check(json_object_get(s.refill, "_token") == NULL,
	    "underscore names are not refilled", NULL);
	check_str(json_string_value(json_object_get(s.refill, "national_id")),
	    "١٠٠٠ ٠٠٠ ٠٠٨", "support-request: refill as typed");
	check_str(json_string_value(json_object_get(s.refill, "need")),
	    "المنزل يحتاج إلى ترميم السقف.\nوالأسرة ستة أفراد.",
	    "support-request: refill of a textarea");
	check(json_object_size(s.refill) == 9,
	    "support-request: every given answer refilled", NULL);
	submission_free(&s);

	/* Nothing at all: every required field, in the form's order. */
	rc = S_check(fd, &s, NULL);
	check(rc == SUBMISSION_INVALID && json_object_size(s.values) == 0 &&
	    json_object_size(s.refill) == 0, "support-request: empty post",
	    NULL);
	check_error_order(&s, "full_name,national_id,mobile,city,family_size,"
	    "monthly_income,need,declaration,privacy_consent",
	    "support-request: all required, in order");
	check_str(S_err(&s, "full_name"), "اكتب الاسم الكامل",
	    "support-request: full_name message");
	check_str(S_err(&s, "declaration"), "ضع علامة في المربع للموافقة على "
	    "الإقرار بصحة البيانات", "support-request: declaration message");
	submission_free(&s);

	/* Mistakes, posted in another order: errors still in form order,
	 * the good answers kept as values, everything kept to re-fill. */
	rc = S_check(fd, &s,
	    "privacy_consent", "yes",
	    "need", "   ",
	    "family_size", "31",
	    "mobile", "0112345678",
	    "national_id", "1000000009",
	    "full_name", "سارة",
	    "city", "تبوك",
	    "monthly_income", "ألف",
	    "declaration", "no", NULL);
	check(rc == SUBMISSION_INVALID, "support-request: invalid", NULL);
	check_error_order(&s, "national_id,mobile,family_size,monthly_income,"
	    "need,declaration", "support-request: error order");
	check_str(S_err(&s, "national_id"), "رقم الهوية غير صحيح؛ تحقّق من "
	    "أرقامه وأعد كتابته", "support-request: checksum message");
	check_str(S_err(&s, "mobile"), "اكتب رقم جوال سعودي من 10 أرقام "
	    "يبدأ بـ 05، مثل 0512345678",
	    "support-request: landline message");
	check_str(S_err(&s, "family_size"), "اكتب عدد أفراد الأسرة رقمًا "
	    "من 1 إلى 30", "support-request: range message");
	check_str(S_err(&s, "monthly_income"), "اكتب الدخل الشهري للأسرة "
	    "بالأرقام فقط", "support-request: letters in a number");
	check_str(S_err(&s, "need"), "اكتب وصف الحاجة",
	    "support-request: blank textarea is empty");
	check_json(s.values, "{\"city\":\"تبوك\",\"full_name\":\"سارة\","
	    "\"privacy_consent\":true}", "support-request: good values kept");
	check_json(s.refill, "{\"city\":\"تبوك\",\"declaration\":\"no\","
	    "\"family_size\":\"31\",\"full_name\":\"سارة\","
	    "\"mobile\":\"0112345678\",\"monthly_income\":\"ألف\","
	    "\"national_id\":\"1000000009\",\"privacy_consent\":\"yes\"}",
	    "support-request: refill");
	submission_free(&s);

	/* Unknown and repeated fields reject the post. */
	rc = S_check(fd, &s, "full_name", "a", "is_admin", "1", NULL);
	check(rc == SUBMISSION_REJECT && s.reason == SUBMISSION_UNKNOWN_FIELD
	    && strcmp(s.bad_name, "is_admin") == 0 &&
	    json_object_size(s.values) == 0 &&
	    json_object_size(s.errors) == 0, "unknown field rejects", NULL);
	submission_free(&s);
	rc = S_check(fd, &s, "mobile", "0501234567", "mobile", "0509999999",
	    NULL);
	check(rc == SUBMISSION_REJECT &&
	    s.reason == SUBMISSION_REPEATED_FIELD &&
	    strcmp(s.bad_name, "mobile") == 0, "repeated field rejects", NULL);
	submission_free(&s);
	rc = S_check(fd, &s, "declaration", "yes", "declaration", "yes",
	    NULL);
	check(rc == SUBMISSION_REJECT &&
	    s.reason == SUBMISSION_REPEATED_FIELD,
	    "repeated checkbox rejects", NULL);
	submission_free(&s);

	/* Text that is not text */
	rc = S_check(fd, &s, "full_name", "a\x01z", "city", "\xc0\xaf",
	    "need", "\xe2\x80\xae\xe2\x80\x8b", NULL);
	check_str(S_err(&s, "full_name"), "احذف الرموز غير المقبولة من "
	    "الاسم الكامل", "control character message");
	check_str(S_err(&s, "city"), "تعذّرت قراءة ما كتبته في المدينة، فأعد "
	    "كتابته", "bad UTF-8 message");
	check_str(S_err(&s, "need"), "اكتب وصف الحاجة",
	    "only invisible characters is empty");
	check_json(s.refill, "{\"city\":\"\",\"full_name\":\"az\"}",
	    "refill of bad text is made safe");
	submission_free(&s);
	submission_free(NULL);
}

static void
t_survey(const struct formdef *fd)
{
	struct submission	 s;
	int			 rc;

	rc = S_check(fd, &s, "channel", "website", "reception", "5",
	    "clarity", "4", "speed", "2", "overall", "3", NULL);
	check(rc == SUBMISSION_OK, "survey: valid, optional fields absent",
	    NULL);
	check_json(s.values, "{\"channel\":\"website\",\"clarity\":4,"
	    "\"overall\":3,\"reception\":5,\"speed\":2}",
	    "survey: ratings are integers");
	submission_free(&s);

	rc = S_check(fd, &s, "request_ref", " SR-7K3M9Q ", "channel", "phone",
	    "reception", "1", "clarity", "1", "speed", "1", "overall", "1",
	    "comments", "", NULL);
	check(rc == SUBMISSION_OK && json_object_get(s.values, "comments") ==
	    NULL, "survey: empty optional textarea is absent", NULL);
	check_str(json_string_value(json_object_get(s.values, "request_ref")),
	    "SR-7K3M9Q", "survey: reference trimmed");
	submission_free(&s);

	/* Ratings typed in Arabic-Indic or Persian digits, like numbers. */
	rc = S_check(fd, &s, "channel", "website", "reception", "٥",
	    "clarity", "٤", "speed", "۳", "overall", "1", NULL);
	check(rc == SUBMISSION_OK, "survey: Arabic-Indic and Persian ratings",
	    NULL);
	check_json(s.values, "{\"channel\":\"website\",\"clarity\":4,"
	    "\"overall\":1,\"reception\":5,\"speed\":3}",
	    "survey: Arabic-Indic ratings stored as integers");
	submission_free(&s);

	rc = S_check(fd, &s, "channel", "fax", "reception", "6", "clarity",
	    "", "speed", "٣", "comments", "ممتاز", NULL);
	check(rc == SUBMISSION_INVALID, "survey: invalid", NULL);
	check_error_order(&s, "channel,reception,clarity,overall",
	    "survey: error order");
	/* Shown again as the digit its radio button carries. */
	check_str(json_string_value(json_object_get(s.refill, "speed")), "3",
	    "survey: an Arabic-Indic rating refilled as its option");
	check_str(S_err(&s, "channel"), "اختر قناة التواصل من الخيارات "
	    "المعروضة", "survey: not a channel");
	check_str(S_err(&s, "clarity"), "أجب عن السؤال: كيف تقيّم وضوح "
	    "المعلومات والإجراءات؟", "survey: unanswered rating");
	check_json(s.values, "{\"comments\":\"ممتاز\",\"speed\":3}",
	    "survey: good answers kept");
	submission_free(&s);

	rc = S_check(fd, &s, "channel", "phone", "reception", "5",
	    "clarity", "5", "speed", "5", "overall", "5", "national_id",
	    "1000000008", NULL);
	check(rc == SUBMISSION_REJECT && s.reason == SUBMISSION_UNKNOWN_FIELD,
	    "survey: a national ID is not accepted", NULL);
	submission_free(&s);
}

static void
t_inquiry(const struct formdef *fd)
{
	struct submission	 s;
	int			 rc;

	rc = S_check(fd, &s, "kind", "complaint", "email",
	    " Reem@Example.SA ", "message", "لم يصلني رد.",
	    "privacy_consent", "yes", NULL);
	check(rc == SUBMISSION_OK, "inquiry: email only", NULL);
	check_json(s.values, "{\"email\":\"Reem@example.sa\",\"kind\":"
	    "\"complaint\",\"message\":\"لم يصلني رد.\","
	    "\"privacy_consent\":true}", "inquiry: email normalised");
	submission_free(&s);

	rc = S_check(fd, &s, "kind", "inquiry", "full_name", "", "mobile",
	    "+966 55 000 0000", "email", "", "message", "متى يبدأ التسجيل؟",
	    "privacy_consent", "yes", NULL);
	check(rc == SUBMISSION_OK, "inquiry: mobile only", NULL);
	check_json(s.values, "{\"kind\":\"inquiry\",\"message\":\"متى يبدأ "
	    "التسجيل؟\",\"mobile\":\"+966550000000\","
	    "\"privacy_consent\":true}", "inquiry: empty optionals absent");
	submission_free(&s);

	/* Neither way to reply: the form's message, on the mobile field. */
	rc = S_check(fd, &s, "kind", "suggestion", "mobile", "  ", "email", "",
	    "message", "مقترح", "privacy_consent", "yes", NULL);
	check(rc == SUBMISSION_INVALID, "inquiry: no way to reply", NULL);
	check_error_order(&s, "mobile", "inquiry: one error, on mobile");
	check_str(S_err(&s, "mobile"), "اكتب رقم الجوال أو البريد الإلكتروني "
	    "لنتمكن من الرد عليك", "inquiry: require_one_of message");
	submission_free(&s);

	/* A bad mobile is its own error, not the require_one_of one. */
	rc = S_check(fd, &s, "kind", "suggestion", "mobile", "12345",
	    "message", "مقترح", NULL);
	check_error_order(&s, "mobile,privacy_consent",
	    "inquiry: bad mobile and no consent");
	check_str(S_err(&s, "mobile"), "اكتب رقم جوال سعودي من 10 أرقام "
	    "يبدأ بـ 05، مثل 0512345678",
	    "inquiry: bad mobile message");
	check_str(S_err(&s, "privacy_consent"), "ضع علامة في المربع للموافقة على "
	    "معالجة بياناتك وفق إشعار الخصوصية", "inquiry: consent message");
	submission_free(&s);

	rc = S_check(fd, &s, "kind", "inquiry", "email", "a@b", "message",
	    "x", "privacy_consent", "yes", NULL);
	check_str(S_err(&s, "email"), "اكتب البريد الإلكتروني بصيغة صحيحة، "
	    "مثل name@example.com", "inquiry: bad email message");
	check_str(json_string_value(json_object_get(s.refill, "email")),
	    "a@b", "inquiry: bad email kept to re-fill");
	submission_free(&s);
}

static void
t_limits(const struct formdef *fd)
{
	struct submission	 s;
	struct buf		 big = BUF_INIT;
	size_t			 i;
	int			 rc;

	/* 2000 Arabic characters (4000 bytes) fit; 2001 do not. */
	for (i = 0; i < 2000; i++)
		buf_puts(&big, "ع");
	rc = S_check(fd, &s, "kind", "inquiry", "email", "a@b.sa", "message",
	    big.data, "privacy_consent", "yes", NULL);
	check(rc == SUBMISSION_OK, "message of 2000 characters", NULL);
	submission_free(&s);
	buf_puts(&big, "ع");
	rc = S_check(fd, &s, "kind", "inquiry", "email", "a@b.sa", "message",
	    big.data, "privacy_consent", "yes", NULL);
	check_str(S_err(&s, "message"), "اختصر نص الرسالة؛ الحد الأقصى لعدد "
	    "الأحرف 2000", "message of 2001 characters");
	check(json_string_length(json_object_get(s.refill, "message")) ==
	    big.len, "too long is still kept to re-fill", NULL);
	submission_free(&s);
	buf_free(&big);
}

int
main(void)
{
	struct buf	 err = BUF_INIT;
	struct formdef	*sr, *ss, *iq;
	struct formdef_words fw;

	sr = ss = iq = NULL;
	catalog = catalog_load("templates/strings.yaml", &err);
	if (!check(catalog != NULL, "the shipped catalog loads",
	    buf_cstr(&err)))
		goto out;
	contentview_form_words(catalog, &fw);
	sr = formdef_load("content/forms/support-request.yaml", &fw, &err);
	ss = formdef_load("content/forms/satisfaction-survey.yaml", &fw, &err);
	iq = formdef_load("content/forms/inquiry.yaml", &fw, &err);
	if (!check(sr && ss && iq, "the three forms load", buf_cstr(&err)))
		goto out;
	t_support_request(sr);
	t_survey(ss);
	t_inquiry(iq);
	t_limits(iq);
out:
	catalog_free(catalog);
	formdef_free(sr);
	formdef_free(ss);
	formdef_free(iq);
	buf_free(&err);
	return check_exit();
}
