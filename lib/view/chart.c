/*
 * chart: the HTML report and its SVG charts (see chart.h).
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"

#define INK	"#1b1f23"
#define BRAND	"#0b5d4b"
#define TRACK	"#e3e9e6"
#define LINE	"#d5dcd8"

static const char *
S_s(const json_t *o, const char *key)
{
	const char	*v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

static void
S_html(struct buf *out, const char *s)
{
	buf_put_html(out, s, strlen(s));
}

static int
S_i(const json_t *o, const char *key)
{
	return (int)json_integer_value(json_object_get(o, key));
}

void
chart_distribution(const json_t *question, const char *id,
    struct buf *out)
{
	const json_t	*c = json_object_get(question, "chart");
	const json_t	*d;
	size_t		 i;

	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"%s\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" direction=\"rtl\" font-size=\"14\" "
	    "font-family=\"sans-serif\">\n<title id=\"%s\">", id,
	    S_i(c, "width"), S_i(c, "height"), S_i(c, "width"),
	    S_i(c, "height"), id);
	buf_puts(out, "توزيع الإجابات: ");
	S_html(out, S_s(question, "label"));
	buf_puts(out, "</title>\n");
	json_array_foreach(json_object_get(question, "distribution"), i, d) {
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"18\" fill=\"" TRACK "\"/>", S_i(c, "track_x"),
		    S_i(d, "y"), S_i(c, "track_width"));
		buf_printf(out, "<rect x=\"%s\" y=\"%d\" width=\"%s\" "
		    "height=\"18\" fill=\"" BRAND "\"/>", S_s(d, "bar_x"),
		    S_i(d, "y"), S_s(d, "bar_width"));
		buf_printf(out, "<text x=\"%d\" y=\"%d\" fill=\"" INK "\">",
		    S_i(c, "label_x"), S_i(d, "text_y"));
		S_html(out, S_s(d, "label"));
		buf_printf(out, " (%d)</text>", S_i(d, "rating"));
		buf_printf(out, "<text x=\"%d\" y=\"%d\" fill=\"" INK "\">",
		    S_i(c, "value_x"), S_i(d, "text_y"));
		S_html(out, S_s(d, "percent_text"));
		buf_puts(out, "</text>\n");
	}
	buf_puts(out, "</svg>\n");
}

void
chart_trend(const json_t *trend, const char *title, const char *id,
    struct buf *out)
{
	const json_t	*b;
	size_t		 i;
	int		 w = (int)json_integer_value(json_object_get(trend,
			    "width"));
	int		 h = (int)json_integer_value(json_object_get(trend,
			    "height"));
	int		 right = (int)json_integer_value(json_object_get(trend,
			    "right"));
	static const char *const grid[] = { "top", "mid", "base" };
	static const char *const gridlabel[] = { "100%", "50%", "0%" };

	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"%s\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" direction=\"rtl\" font-size=\"13\" "
	    "font-family=\"sans-serif\">\n<title id=\"%s\">", id, w, h, w, h,
	    id);
	S_html(out, title);
	buf_puts(out, "</title>\n");
	for (i = 0; i < 3; i++) {
		int y = (int)json_integer_value(json_object_get(trend,
		    grid[i]));

		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"%s\"/><text x=\"%d\" y=\"%d\" "
		    "fill=\"" INK "\" text-anchor=\"end\">%s</text>\n",
		    w - right, y, right, y, i == 2 ? INK : LINE, 2, y - 3,
		    gridlabel[i]);
	}
	json_array_foreach(json_object_get(trend, "bars"), i, b) {
		buf_printf(out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" "
		    "height=\"%s\" fill=\"" BRAND "\"/>", S_s(b, "x"),
		    S_s(b, "y"), S_s(b, "width"), S_s(b, "height"));
		buf_printf(out, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\""
		    " fill=\"" INK "\">", S_s(b, "cx"), S_s(b, "value_y"));
		S_html(out, S_s(b, "value_text"));
		buf_printf(out, "</text><text x=\"%s\" y=\"%d\" "
		    "text-anchor=\"middle\" fill=\"" INK "\">", S_s(b, "cx"),
		    (int)json_integer_value(json_object_get(b, "label_y")));
		S_html(out, S_s(b, "label"));
		buf_puts(out, "</text>\n");
	}
	buf_puts(out, "</svg>\n");
}

/* A figure, or the note that its group is too small to show. */
static void
S_fig(struct buf *out, const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	/* Numbers keep their order inside Arabic sentences. */
	if (json_is_string(v)) {
		buf_puts(out, "<bdi dir=\"ltr\">");
		S_html(out, json_string_value(v));
		buf_puts(out, "</bdi>");
	} else if (json_is_integer(v))
		buf_printf(out, "<bdi dir=\"ltr\">%" JSON_INTEGER_FORMAT
		    "</bdi>", json_integer_value(v));
	else
		buf_puts(out, "—");
}

static void
S_survey(const json_t *s, size_t si, struct buf *out)
{
	const json_t	*all = json_object_get(s, "overall"), *q, *m;
	size_t		 i;
	char		 id[64];

	buf_puts(out, "<section>\n<h2>");
	S_html(out, S_s(s, "title"));
	buf_puts(out, "</h2>\n");
	if (!json_is_true(json_object_get(all, "shown"))) {
		if (json_is_true(json_object_get(all, "complement")))
			buf_puts(out, "<p>لا تُعرض النتائج الإجمالية لئلا "
			    "تُستنتج بالطرح نتائج مجموعة فيها أقل من 5 "
			    "إجابات.</p>\n</section>\n");
		else
			buf_puts(out, "<p>أقل من 5 إجابات في هذه الفترة: لا "
			    "تُعرض النتائج حمايةً لخصوصية المشاركين.</p>\n"
			    "</section>\n");
		return;
	}
	buf_puts(out, "<p>عدد الإجابات: ");
	S_fig(out, all, "answers");
	buf_puts(out, "، متوسط التقييم: ");
	S_fig(out, all, "mean_text");
	buf_puts(out, " من 5، مؤشر الرضا: ");
	S_fig(out, all, "satisfaction_text");
	buf_puts(out, "</p>\n<table>\n<caption>النتائج حسب السؤال</caption>\n"
	    "<thead><tr><th scope=\"col\">السؤال</th><th scope=\"col\">عدد "
	    "الإجابات</th><th scope=\"col\">المتوسط (من 5)</th>"
	    "<th scope=\"col\">مؤشر الرضا</th></tr></thead>\n<tbody>\n");
	json_array_foreach(json_object_get(all, "questions"), i, q) {
		buf_puts(out, "<tr><th scope=\"row\">");
		S_html(out, S_s(q, "label"));
		buf_puts(out, "</th><td>");
		S_fig(out, q, "count");
		buf_puts(out, "</td><td>");
		S_fig(out, q, "mean_text");
		buf_puts(out, "</td><td>");
		S_fig(out, q, "satisfaction_text");
		buf_puts(out, "</td></tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n");
	json_array_foreach(json_object_get(all, "questions"), i, q) {
		if (!json_is_true(json_object_get(q, "shown")))
			continue;
		buf_puts(out, "<figure>\n<figcaption>");
		S_html(out, S_s(q, "label"));
		buf_puts(out, "</figcaption>\n");
		snprintf(id, sizeof(id), "dist-%zu-%zu", si, i);
		chart_distribution(q, id, out);
		buf_puts(out, "</figure>\n");
	}
	buf_puts(out, "<h3>مؤشر الرضا شهرًا بشهر</h3>\n");
	if (json_is_true(json_object_get(json_object_get(s, "trend"),
	    "has_bars"))) {
		snprintf(id, sizeof(id), "trend-%zu", si);
		chart_trend(json_object_get(s, "trend"),
		    "مؤشر الرضا شهرًا بشهر (من الأقدم على اليمين)", id, out);
	}
	buf_puts(out, "<table>\n<thead><tr><th scope=\"col\">الشهر</th>"
	    "<th scope=\"col\">عدد الإجابات</th><th scope=\"col\">المتوسط"
	    "</th><th scope=\"col\">مؤشر الرضا</th></tr></thead>\n<tbody>\n");
	json_array_foreach(json_object_get(s, "months"), i, m) {
		buf_puts(out, "<tr><th scope=\"row\">");
		S_html(out, S_s(m, "label"));
		buf_puts(out, "</th>");
		if (json_is_true(json_object_get(m, "complement")))
			buf_puts(out, "<td colspan=\"3\">لا تُعرض، لئلا تُستنتج "
			    "بالطرح نتائج شهر فيه أقل من 5 إجابات</td>");
		else if (!json_is_true(json_object_get(m, "shown")))
			buf_puts(out, "<td colspan=\"3\">أقل من 5 إجابات: لا "
			    "تُعرض</td>");
		else {
			buf_puts(out, "<td>");
			S_fig(out, m, "answers");
			buf_puts(out, "</td><td>");
			S_fig(out, m, "mean_text");
			buf_puts(out, "</td><td>");
			S_fig(out, m, "satisfaction_text");
			buf_puts(out, "</td>");
		}
		buf_puts(out, "</tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n</section>\n");
}

static void
S_requests(const json_t *r, struct buf *out)
{
	const json_t	*st;
	size_t		 i;

	buf_puts(out, "<section>\n<h2>");
	S_html(out, S_s(r, "title"));
	buf_puts(out, "</h2>\n");
	if (!json_is_true(json_object_get(r, "shown"))) {
		buf_puts(out, "<p>أقل من 5 طلبات في هذه الفترة: لا تُعرض "
		    "أعدادها.</p>\n</section>\n");
		return;
	}
	buf_puts(out, "<table>\n<caption>الطلبات حسب الحالة</caption>\n"
	    "<tbody>\n");
	json_array_foreach(json_object_get(r, "statuses"), i, st) {
		buf_puts(out, "<tr><th scope=\"row\">");
		S_html(out, S_s(st, "label"));
		buf_puts(out, "</th><td>");
		S_fig(out, st, "count");
		buf_puts(out, "</td></tr>\n");
	}
	buf_puts(out, "<tr><th scope=\"row\">المجموع</th><td>");
	S_fig(out, r, "total");
	buf_puts(out, "</td></tr>\n</tbody>\n</table>\n");
	if (json_is_true(json_object_get(r, "median_shown"))) {
		buf_puts(out, "<p>الوسيط لمدة البت في الطلب: ");
		S_fig(out, r, "median_text");
		buf_printf(out, " يومًا (عدد الطلبات المبتوت فيها: ");
		S_fig(out, r, "decided");
		buf_printf(out, "). نسبة ما بُتّ فيه خلال %"
		    JSON_INTEGER_FORMAT " يومًا: ", json_integer_value(
		    json_object_get(r, "response_days")));
		S_fig(out, r, "on_time_text");
		buf_puts(out, ".</p>\n");
	} else
		buf_puts(out, "<p>بُتّ في أقل من 5 طلبات في هذه الفترة: لا "
		    "تُعرض مدة البت.</p>\n");
	buf_puts(out, "</section>\n");
}

void
chart_html(const json_t *r, struct buf *out)
{
	const json_t	*x, *period = json_object_get(r, "period");
	size_t		 i;

	buf_puts(out, "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n"
	    "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>تقرير "
	    "رضا المستفيدين والطلبات — ");
	S_html(out, S_s(r, "association"));
	buf_puts(out, "</title>\n<style>\n"
	    "body { font-family: \"Noto Naskh Arabic\", \"Noto Sans Arabic\","
	    " Tahoma, sans-serif; line-height: 1.8; color: " INK "; "
	    "max-inline-size: 52rem; margin-inline: auto; padding: 1rem; }\n"
	    "table { border-collapse: collapse; margin-block: 1rem; }\n"
	    "th, td { border: 1px solid " LINE "; padding: 0.3rem 0.6rem; "
	    "text-align: start; }\n"
	    "caption { text-align: start; font-weight: bold; }\n"
	    "figure { margin-inline: 0; }\n"
	    "figcaption { font-weight: bold; }\n"
	    "svg { max-inline-size: 100%; height: auto; }\n"
	    ".meta { color: #4a5560; }\n"
	    "</style>\n</head>\n<body>\n<h1>تقرير رضا المستفيدين والطلبات</h1>\n"
	    "<p class=\"meta\">");
	S_html(out, S_s(r, "association"));
	buf_puts(out, "، أُعد في ");
	S_html(out, S_s(json_object_get(r, "generated"), "saudi"));
	buf_puts(out, ". الفترة: ");
	x = json_object_get(period, "from");
	S_html(out, json_is_object(x) ? S_s(x, "saudi") : "منذ البداية");
	buf_puts(out, " — ");
	x = json_object_get(period, "to");
	S_html(out, json_is_object(x) ? S_s(x, "saudi") : "حتى اليوم");
	buf_puts(out, ".</p>\n<p class=\"meta\">مؤشر الرضا: نسبة من أجابوا "
	    "4 (جيد جدًا) أو 5 (ممتاز). لا تُعرض نتائج أي مجموعة تقل "
	    "إجاباتها عن 5، ولا أي رقم تُستنتج منه نتائجها بالطرح، حمايةً "
	    "لخصوصية المشاركين.</p>\n");
	json_array_foreach(json_object_get(r, "surveys"), i, x)
		S_survey(x, i, out);
	json_array_foreach(json_object_get(r, "requests"), i, x)
		S_requests(x, out);
	buf_puts(out, "</body>\n</html>\n");
}
