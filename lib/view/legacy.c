/*
 * legacy: the built-in words of the old functions (see legacy.h).
 */
#include <pthread.h>
#include <string.h>

#include "buf.h"
#include "fieldcheck.h"
#include "fieldmsg.h"
#include "legacy.h"
#include "statusmsg.h"
#include "submission.h"
#include "workflow.h"

/* The groups "fieldcheck" and "workflow" of templates/strings.yaml. */
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
    "    explain: \"قررت لجنة البحث رفض طلبك. لمعرفة الأسباب أو للاعتراض على القرار، تواصل مع موظف علاقات المستفيدين.\"\n";

static struct strings	*catalog;
static pthread_once_t	 once = PTHREAD_ONCE_INIT;

static void
S_parse(void)
{
	struct buf	 err = BUF_INIT;

	catalog = strings_parse(words, sizeof(words) - 1, "legacy", &err);
	buf_free(&err);
}

const struct strings *
legacy_strings(void)
{
	pthread_once(&once, S_parse);
	return catalog;
}

void
fc_message(const struct formdef_field *f, int code, struct buf *out)
{
	const struct strings	*s = legacy_strings();

	if (s != NULL)
		fieldmsg_put(s, f, code, out);
}

int
submission_check(const struct formdef *fd, const struct urlenc_list *body,
    struct submission *out)
{
	const struct strings	*s = legacy_strings();
	int			 rc;

	rc = submission_validate(fd, body, out);
	if (s != NULL)
		fieldmsg_errors(s, fd, out);
	return rc;
}

const char *
wf_status_label(const char *s)
{
	const struct strings	*cat = legacy_strings();

	return cat == NULL ? NULL : statusmsg_label(cat, wf_status_index(s));
}

const char *
wf_status_explain(const char *s)
{
	const struct strings	*cat = legacy_strings();

	return cat == NULL ? NULL :
	    statusmsg_explain(cat, wf_status_index(s));
}
