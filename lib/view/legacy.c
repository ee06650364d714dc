/*
 * legacy: the built-in words of the old functions (see legacy.h).
 */
#include <pthread.h>
#include <string.h>

#include "buf.h"
#include "compare.h"
#include "compareview.h"
#include "contentview.h"
#include "date.h"
#include "datefmt.h"
#include "fieldcheck.h"
#include "fieldmsg.h"
#include "legacy.h"
#include "statusmsg.h"
#include "submission.h"
#include "workflow.h"

/* The groups "fieldcheck", "workflow", "date", "compare" and "policy" of
 * templates/strings.yaml. */
static const char words[] =
    "fieldcheck:\n"
    "  enter: \"أدخل {{label}}\"\n"
    "  choose: \"اختر {{label}}\"\n"
    "  answer: \"أجب عن السؤال: {{label}}\"\n"
    "  agree: \"يجب الموافقة على {{label}}\"\n"
    "  encoding: \"تعذّرت قراءة ما كتبته في {{label}}، فأعد كتابته\"\n"
    "  control: \"احذف الرموز غير المقبولة من {{label}}\"\n"
    "  too_long: \"يجب ألا يزيد عدد أحرف {{label}} على {{max}}\"\n"
    "  id_format: \"أدخل رقم الهوية الوطنية أو الإقامة المكوّن من 10 أرقام\"\n"
    "  mobile_format: \"أدخل رقم الجوال بالصيغة 05XXXXXXXX\"\n"
    "  email_format: \"أدخل البريد الإلكتروني بصيغة صحيحة، مثل name@example.com\"\n"
    "  digits: \"أدخل {{label}} بالأرقام فقط\"\n"
    "  check: \"تحقّق مما كتبته في {{label}}\"\n"
    "  id_prefix: \"يبدأ رقم الهوية الوطنية بالرقم 1، ويبدأ رقم الإقامة بالرقم 2\"\n"
    "  checksum: \"رقم الهوية غير صحيح، تحقّق من الأرقام\"\n"
    "  range: \"أدخل {{label}} من {{min}} إلى {{max}}\"\n"
    "  rating_option: \"اختر تقييمًا من الخيارات المعروضة للسؤال: {{label}}\"\n"
    "  option: \"اختر {{label}} من الخيارات المعروضة\"\n"
    "  one_of: \"أدخل {{#labels}}{{^first}} أو {{/first}}{{label}}{{/labels}}\"\n"
    "rating:\n"
    "  \"5\": \"ممتاز\"\n"
    "  \"4\": \"جيد جدًا\"\n"
    "  \"3\": \"جيد\"\n"
    "  \"2\": \"مقبول\"\n"
    "  \"1\": \"ضعيف\"\n"
    "workflow:\n"
    "  received:\n"
    "    label: \"تم الاستلام\"\n"
    "    explain: \"وصل طلبك، وسيراجعه موظف علاقات المستفيدين للتأكد من اكتمال بياناته.\"\n"
    "  under-study:\n"
    "    label: \"قيد الدراسة\"\n"
    "    explain: \"تدرس لجنة البحث طلبك الآن، وسيصلك القرار بقبوله أو رفضه.\"\n"
    "  needs-info:\n"
    "    label: \"بانتظار استكمال البيانات\"\n"
    "    explain: \"نحتاج إلى معلومات أو مستندات إضافية لإكمال دراسة طلبك. سيتواصل معك موظف علاقات المستفيدين، ويمكنك التواصل معنا مباشرة.\"\n"
    "  accepted:\n"
    "    label: \"مقبول\"\n"
    "    explain: \"قررت لجنة البحث قبول طلبك، وسيتواصل معك موظف علاقات المستفيدين لإتمام الخدمة.\"\n"
    "  rejected:\n"
    "    label: \"مرفوض\"\n"
    "    explain: \"قررت لجنة البحث رفض طلبك. لمعرفة الأسباب أو للاعتراض على القرار، تواصل مع موظف علاقات المستفيدين.\"\n"
    "date:\n"
    "  saudi: \"{{hday}}/{{hmonth}}/{{hyear}}هـ الموافق {{day}}/{{month}}/{{year}}م\"\n"
    "  long: \"{{day}} {{month}} {{year}}\"\n"
    "  hijri_long: \"{{day}} {{month}} {{year}}هـ\"\n"
    "  months:\n"
    "    \"1\": \"يناير\"\n"
    "    \"2\": \"فبراير\"\n"
    "    \"3\": \"مارس\"\n"
    "    \"4\": \"أبريل\"\n"
    "    \"5\": \"مايو\"\n"
    "    \"6\": \"يونيو\"\n"
    "    \"7\": \"يوليو\"\n"
    "    \"8\": \"أغسطس\"\n"
    "    \"9\": \"سبتمبر\"\n"
    "    \"10\": \"أكتوبر\"\n"
    "    \"11\": \"نوفمبر\"\n"
    "    \"12\": \"ديسمبر\"\n"
    "  hijri_months:\n"
    "    \"1\": \"محرم\"\n"
    "    \"2\": \"صفر\"\n"
    "    \"3\": \"ربيع الأول\"\n"
    "    \"4\": \"ربيع الآخر\"\n"
    "    \"5\": \"جمادى الأولى\"\n"
    "    \"6\": \"جمادى الآخرة\"\n"
    "    \"7\": \"رجب\"\n"
    "    \"8\": \"شعبان\"\n"
    "    \"9\": \"رمضان\"\n"
    "    \"10\": \"شوال\"\n"
    "    \"11\": \"ذو القعدة\"\n"
    "    \"12\": \"ذو الحجة\"\n"
    "compare:\n"
    "  del_start: \"بداية الحذف:\"\n"
    "  del_end: \"نهاية الحذف\"\n"
    "  ins_start: \"بداية الإضافة:\"\n"
    "  ins_end: \"نهاية الإضافة\"\n"
    "policy:\n"
    "  approved_by: \"مجلس الإدارة\"\n";

static struct catalog	*catalog;
static pthread_once_t	 once = PTHREAD_ONCE_INIT;

static void
S_parse(void)
{
	struct buf	 err = BUF_INIT;

	catalog = catalog_parse(words, sizeof(words) - 1, "legacy", &err);
	buf_free(&err);
}

const struct catalog *
legacy_strings(void)
{
	pthread_once(&once, S_parse);
	return catalog;
}

void
fc_message(const struct formdef_field *f, int code, struct buf *out)
{
	const struct catalog	*s = legacy_strings();

	if (s != NULL)
		fieldmsg_put(s, f, code, out);
}

int
submission_check(const struct formdef *fd, const struct urlenc_list *body,
    struct submission *out)
{
	const struct catalog	*s = legacy_strings();
	int			 rc;

	rc = submission_validate(fd, body, out);
	if (s != NULL)
		fieldmsg_errors(s, fd, out);
	return rc;
}

const char *
wf_status_label(const char *s)
{
	const struct catalog	*cat = legacy_strings();

	return cat == NULL ? NULL : statusmsg_label(cat, wf_status_index(s));
}

const char *
wf_status_explain(const char *s)
{
	const struct catalog	*cat = legacy_strings();

	return cat == NULL ? NULL :
	    statusmsg_explain(cat, wf_status_index(s));
}

int
compare_html(const char *a, size_t alen, const char *b, size_t blen,
    struct buf *out, struct compare_stats *st)
{
	const struct catalog	*s = legacy_strings();
	struct compare_words	 none = { "", "", "", "" };

	if (s == NULL)
		return compare_html_words(a, alen, b, blen, &none, out, st);
	return compareview_html(s, a, alen, b, blen, out, st);
}

json_t *
wf_date_json(const struct date *d)
{
	return datefmt_short_json(legacy_strings(), d);
}

int
date_format_saudi(struct buf *out, const struct date *greg)
{
	const struct catalog	*s = legacy_strings();

	return s == NULL ? -1 : datefmt_saudi(s, out, greg);
}

int
date_format_long(struct buf *out, const struct date *greg)
{
	const struct catalog	*s = legacy_strings();

	return s == NULL ? -1 : datefmt_long(s, out, greg);
}

int
date_format_hijri_long(struct buf *out, const struct date *greg)
{
	const struct catalog	*s = legacy_strings();

	return s == NULL ? -1 : datefmt_hijri_long(s, out, greg);
}

json_t *
content_date_json(const struct date *d)
{
	return datefmt_json(legacy_strings(), d);
}

int
content_load(const char *dir, int drafts, struct content *c,
    struct buf *err)
{
	return contentview_load(legacy_strings(), dir, drafts, c, err);
}

int
content_load_base(const char *dir, int drafts, struct content *c,
    struct buf *err)
{
	return contentview_load_base(legacy_strings(), dir, drafts, c, err);
}

json_t *
content_load_file(const char *dir, const char *key, struct content *c,
    struct buf *err)
{
	return contentview_load_file(legacy_strings(), dir, key, c, err);
}
