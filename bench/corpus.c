/*
 * corpus: writes a deterministic corpus of Arabic, policy-like pages for
 * the generator benchmark, as wasl content and as Hugo content.
 *
 *   corpus DIR N
 *
 * DIR/wasl is a wasl content folder (site.yaml, channels/pNNNNN.md) and
 * DIR/hugo a Hugo site (config.toml, content/channels/pNNNNN.md,
 * layouts/) with the same Markdown; DIR/all.md is every page's Markdown
 * for the cmark floor. Each page is about 5 KB: headings, paragraphs,
 * lists, front matter. The same N always gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fsx.h"

static unsigned long	 seed = 1;

static unsigned
S_rand(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

static const char *const words[] = {
	"الجمعية", "المستفيد", "الخدمة", "الطلب", "اللجنة", "البحث", "الدعم",
	"السياسة", "الإجراءات", "التواصل", "القنوات", "الموظف", "البيانات",
	"الاعتماد", "المجلس", "الإدارة", "الجودة", "التحسين", "الرضا", "الحقوق",
	"الواجبات", "المعلومات", "الأسرة", "السكن", "الترميم", "الإيجار",
	"التقييم", "المتابعة", "الرد", "القبول", "الرفض", "المدة", "الأسبوعين",
	"التسجيل", "الاستفسارات", "الشكاوى", "المقترحات", "الموقع", "الهاتف",
	"المقابلة", "في", "من", "على", "إلى", "مع", "عن", "وفق", "خلال", "بما",
	"يكفل", "تقديم", "تسهيل", "ضمان", "مراجعة", "دراسة", "إبلاغ"
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void
S_sentence(struct buf *b, unsigned n)
{
	unsigned	 i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? " " : "", words[S_rand(NWORDS)]);
	buf_puts(b, ".");
}

/* The Markdown body of page i: about 5 KB. */
static void
S_body(struct buf *b)
{
	unsigned	 s, p, k;

	for (s = 0; s < 3; s++) {
		buf_puts(b, "\n## ");
		S_sentence(b, 3 + S_rand(3));
		buf_puts(b, "\n\n");
		for (p = 0; p < 2; p++) {
			S_sentence(b, 20 + S_rand(12));
			buf_putc(b, ' ');
			S_sentence(b, 16 + S_rand(8));
			buf_puts(b, "\n\n");
		}
		for (k = 0; k < 4; k++) {
			buf_printf(b, "%u. ", k + 1);
			S_sentence(b, 8 + S_rand(8));
			buf_putc(b, '\n');
		}
	}
}

int
main(int argc, char *argv[])
{
	struct buf	 path = BUF_INIT, doc = BUF_INIT, body = BUF_INIT;
	struct buf	 all = BUF_INIT;
	long		 n, i;
	const char	*dir;

	if (argc != 3 || (n = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: corpus DIR N\n");
		return 2;
	}
	dir = argv[1];
	buf_printf(&path, "%s/wasl/site.yaml", dir);
	buf_puts(&doc, "name: جمعية الاختبار\nbase_url: https://bench.example\n");
	if (fsx_write(path.data, doc.data, doc.len) == -1)
		return 1;
	buf_reset(&path);
	buf_printf(&path, "%s/hugo/config.toml", dir);
	buf_reset(&doc);
	buf_puts(&doc, "baseURL = 'https://bench.example/'\nlanguageCode = 'ar'\n"
	    "title = 'جمعية الاختبار'\ndisableKinds = ['taxonomy', 'term', "
	    "'RSS']\n[markup.goldmark.renderer]\nunsafe = false\n");
	fsx_write(path.data, doc.data, doc.len);
	for (i = 1; i <= n; i++) {
		buf_reset(&body);
		S_body(&body);
		buf_reset(&doc);
		buf_printf(&doc, "---\ntitle: \"صفحة %ld: ", i);
		S_sentence(&doc, 3);
		buf_printf(&doc, "\"\norder: %ld\nsummary: \"", i);
		S_sentence(&doc, 10);
		buf_puts(&doc, "\"\n---\n");
		buf_put(&doc, body.data, body.len);
		buf_reset(&path);
		buf_printf(&path, "%s/wasl/channels/p%05ld.md", dir, i);
		if (fsx_write(path.data, doc.data, doc.len) == -1)
			return 1;
		buf_reset(&path);
		buf_printf(&path, "%s/hugo/content/channels/p%05ld.md", dir, i);
		if (fsx_write(path.data, doc.data, doc.len) == -1)
			return 1;
		buf_put(&all, body.data, body.len);
	}
	buf_reset(&path);
	buf_printf(&path, "%s/all.md", dir);
	fsx_write(path.data, all.data, all.len);
	return 0;
}
