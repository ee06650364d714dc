/*
 * pdf: approved policy revisions as PDF files (see pdf.h).
 *
 * A revision is drawn in two passes. The first lays every block out with
 * Pango and places its lines one after the other down A4 pages, breaking
 * pages between lines (a heading is never left at the foot of a page);
 * it only records where each line goes. The second, knowing how many
 * pages there are, draws each page's lines and its footer ("page N of
 * M") with Cairo, then the outline of the headings.
 *
 * Every paragraph is right to left (the context's base direction, not
 * guessed from the text, so that a paragraph that starts with a number
 * or a Latin word still reads from the right) and aligned right; a list
 * item's marker stands in its own column to the right of its text.
 *
 * Ownership: a struct pdoc owns its layouts (one reference per placed
 * line) until S_pdoc_free().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cmark.h>
#include <pango/pangocairo.h>

#include "fsx.h"
#include "keys.h"
#include "markdown.h"
#include "pdf.h"

const char *const pdf_texts[] = {
	"pdf.revision", "pdf.approval", "pdf.by", "pdf.meeting",
	"pdf.decision", "pdf.date", "pdf.effective", "pdf.signatory",
	"pdf.fingerprint", "pdf.footer", "pdf.page"
};
const size_t pdf_ntexts = sizeof(pdf_texts) / sizeof(pdf_texts[0]);

/* A4 in points, and the page's frame. */
#define PAGE_W		595.276
#define PAGE_H		841.890
#define MARGIN_X	62.0
#define MARGIN_TOP	62.0
#define MARGIN_BOTTOM	78.0
#define FOOT_Y		(PAGE_H - 46.0)	/* the footer's top */
#define TEXT_W		(PAGE_W - 2 * MARGIN_X)
#define RIGHT		(PAGE_W - MARGIN_X)
#define BOTTOM		(PAGE_H - MARGIN_BOTTOM)
#define INDENT		22.0		/* a list's marker column */
#define LABEL_W		110.0		/* the approval record's labels */
#define MAX_DEPTH	12		/* nesting drawn; deeper is flat */

/* The text's sizes, in points. */
#define SIZE_BODY	12.0
#define SIZE_SMALL	10.0
#define SIZE_TITLE	20.0
#define SIZE_MONO	9.0

enum item_kind { ITEM_LINE, ITEM_RULE };

/* One thing placed on a page. */
struct item {
	enum item_kind	 kind;
	int		 page;		/* from 0 */
	PangoLayout	*layout;	/* a line's; a reference of its own */
	int		 line;		/* its index in the layout */
	double		 x;		/* the layout's left edge; a rule's */
	double		 y;		/* the line's baseline; a rule's */
	double		 x1;		/* a rule's right end */
	double		 gray;		/* 0 black */
};

/* A heading for the outline. */
struct head {
	char		*text;
	int		 level;
	int		 page;
	double		 y;
};

struct pdoc {
	PangoContext	*ctx;
	struct item	*v;
	size_t		 n;
	struct head	*heads;
	size_t		 nheads;
	int		 page;		/* the page being filled */
	double		 y;		/* where its next line goes */
	PangoLayout	*marker;	/* a list item's, until its first
					   line is placed */
	double		 marker_x;
	double		 body_line;	/* a body line's height */
	struct buf	*err;
	int		 rc;
};

/* ---- text and markup ---- */

static const char *
S_str(const json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static void
S_esc(struct buf *m, const char *s, size_t len)
{
	gchar	*e = g_markup_escape_text(s, (gssize)len);

	buf_puts(m, e);
	g_free(e);
}

static void
S_escs(struct buf *m, const char *s)
{
	S_esc(m, s, strlen(s));
}

/* The catalog's text at key with params (taken over), escaped into m. */
static void
S_say(struct buf *m, const struct catalog *words, const char *key,
    json_t *params)
{
	struct buf	 t = BUF_INIT;

	(void)catalog_put(words, key, params, &t);	/* required */
	json_decref(params);
	S_esc(m, buf_cstr(&t), t.len);
	buf_free(&t);
}

/* The inline content of node n as Pango markup. */
static void
S_inline(struct buf *m, cmark_node *n)
{
	cmark_node	*k;
	const char	*lit;

	for (k = cmark_node_first_child(n); k != NULL; k = cmark_node_next(k))
		switch (cmark_node_get_type(k)) {
		case CMARK_NODE_TEXT:
			if ((lit = cmark_node_get_literal(k)) != NULL)
				S_escs(m, lit);
			break;
		case CMARK_NODE_CODE:
			buf_puts(m, "<span font_family=\"" PDF_MONO "\">");
			if ((lit = cmark_node_get_literal(k)) != NULL)
				S_escs(m, lit);
			buf_puts(m, "</span>");
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_putc(m, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_puts(m, "\xe2\x80\xa8");	/* LINE SEPARATOR */
			break;
		case CMARK_NODE_EMPH:
			buf_puts(m, "<i>");
			S_inline(m, k);
			buf_puts(m, "</i>");
			break;
		case CMARK_NODE_STRONG:
			buf_puts(m, "<b>");
			S_inline(m, k);
			buf_puts(m, "</b>");
			break;
		case CMARK_NODE_HTML_INLINE:
			break;		/* not shown on the page either */
		default:		/* links, images: their text */
			S_inline(m, k);
			break;
		}
}

/* ---- layout and placing ---- */

static PangoFontDescription *
S_font(const char *family, double size, int bold)
{
	PangoFontDescription	*f = pango_font_description_new();

	pango_font_description_set_family(f, family);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
	return f;
}

/*
 * A layout of markup m, width w points (0: unbounded), in family at size,
 * right-aligned (justified when just). NULL, with d->rc set and a message,
 * when the markup does not parse.
 */
static PangoLayout *
S_layout(struct pdoc *d, const char *m, const char *family, double size,
    int bold, double w, int just)
{
	PangoLayout		*l;
	PangoFontDescription	*f;
	PangoAttrList		*attrs = NULL;
	char			*text = NULL;
	GError			*gerr = NULL;

	if (!pango_parse_markup(m, -1, 0, &attrs, &text, NULL, &gerr)) {
		buf_printf(d->err, "the text does not lay out: %s\n",
		    gerr != NULL ? gerr->message : "?");
		g_clear_error(&gerr);
		d->rc = -1;
		return NULL;
	}
	l = pango_layout_new(d->ctx);
	pango_layout_set_auto_dir(l, FALSE);
	f = S_font(family, size, bold);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	if (w > 0) {
		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pango_layout_set_justify(l, just);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	g_free(text);
	return l;
}

/* l read left to right, as its first letters go (the fingerprint, code),
 * still at the right of its column; NULL stays NULL. */
static PangoLayout *
S_ltr(PangoLayout *l)
{
	if (l != NULL) {
		pango_layout_set_auto_dir(l, TRUE);
		/* a paragraph against the context's direction swaps its
		 * alignment: this is the right */
		pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	}
	return l;
}

static struct item *
S_item(struct pdoc *d, enum item_kind kind)
{
	struct item	*it;

	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	it = &d->v[d->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->page = d->page;
	return it;
}

static void
S_new_page(struct pdoc *d)
{
	d->page++;
	d->y = MARGIN_TOP;
}

/* Where line i of l starts, from the layout's left edge (its
 * alignment), in points. */
static double
S_line_x(PangoLayout *l, int i)
{
	PangoLayoutIter	*it = pango_layout_get_iter(l);
	PangoRectangle	 log;

	while (i-- > 0 && pango_layout_iter_next_line(it))
		;
	pango_layout_iter_get_line_extents(it, NULL, &log);
	pango_layout_iter_free(it);
	return (double)log.x / PANGO_SCALE;
}

/* Line i of l, its baseline at y, its layout's left edge at x. */
static void
S_put_line(struct pdoc *d, PangoLayout *l, int i, double x, double y,
    double gray)
{
	struct item	*it = S_item(d, ITEM_LINE);

	it->layout = g_object_ref(l);
	it->line = i;
	it->x = x + S_line_x(l, i);
	it->y = y;
	it->gray = gray;
}

/*
 * Place the lines of l (taken over) from d->y down, its left edge at x,
 * going on the next page when a line does not fit; a pending list marker
 * goes beside the first line. Returns the first line's baseline.
 */
static double
S_place(struct pdoc *d, PangoLayout *l, double x, double gray)
{
	PangoLayoutIter	*it;
	PangoRectangle	 log;
	double		 top, h, base, first = -1;
	int		 i = 0;

	if (l == NULL)
		return d->y;
	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		top = (double)log.y / PANGO_SCALE;
		h = (double)log.height / PANGO_SCALE;
		base = (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE;
		if (d->y + h > BOTTOM && d->y > MARGIN_TOP)
			S_new_page(d);
		S_put_line(d, l, i, x, d->y + (base - top), gray);
		if (first < 0) {
			first = d->y + (base - top);
			if (d->marker != NULL) {
				S_put_line(d, d->marker, 0, d->marker_x,
				    first, 0);
				g_object_unref(d->marker);
				d->marker = NULL;
			}
		}
		d->y += h;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	return first;
}

static void
S_rule(struct pdoc *d, double x0, double x1, double gray)
{
	struct item	*it;

	if (d->y + 8 > BOTTOM)
		S_new_page(d);
	it = S_item(d, ITEM_RULE);
	it->x = x0;
	it->x1 = x1;
	it->y = d->y + 4;
	it->gray = gray;
	d->y += 8;
}

/* The right edge of text at list depth depth. */
static double
S_right(int depth)
{
	return RIGHT - INDENT * (depth < MAX_DEPTH ? depth : MAX_DEPTH);
}

/* A paragraph of markup m at depth. */
static void
S_para(struct pdoc *d, const char *m, int depth, double size, int bold,
    double after)
{
	double	 w = S_right(depth) - MARGIN_X;

	(void)S_place(d, S_layout(d, m, PDF_FONT, size, bold, w, 1),
	    MARGIN_X, 0);
	d->y += after;
}

/* One row of the approval record: label, then the value's markup. */
static void
S_row(struct pdoc *d, const struct catalog *words, const char *key,
    const char *value_markup)
{
	struct buf	 m = BUF_INIT;
	PangoLayout	*lab, *val;
	PangoRectangle	 lr, vr;
	double		 y0, h;
	int		 b;

	S_say(&m, words, key, NULL);
	lab = S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_BODY, 1, LABEL_W, 0);
	val = S_layout(d, value_markup, PDF_FONT, SIZE_BODY, 0,
	    TEXT_W - LABEL_W - 12, 0);
	buf_free(&m);
	if (lab == NULL || val == NULL) {
		if (lab != NULL)
			g_object_unref(lab);
		if (val != NULL)
			g_object_unref(val);
		return;
	}
	pango_layout_get_extents(lab, NULL, &lr);
	pango_layout_get_extents(val, NULL, &vr);
	h = (double)(lr.height > vr.height ? lr.height : vr.height) /
	    PANGO_SCALE;
	if (d->y + h > BOTTOM)
		S_new_page(d);
	y0 = d->y;
	/* both rows start at the same baseline: their first lines' */
	b = pango_layout_get_baseline(lab);
	S_put_line(d, lab, 0, RIGHT - LABEL_W, y0 + (double)b / PANGO_SCALE,
	    0.35);
	(void)S_place(d, val, MARGIN_X, 0);
	g_object_unref(lab);
	if (d->y < y0 + h)
		d->y = y0 + h;
	d->y += 2;
}

/* ---- the Markdown's blocks ---- */

static void S_blocks(struct pdoc *, cmark_node *, int, int);

static void
S_heading(struct pdoc *d, cmark_node *n, int depth)
{
	static const double	 sizes[] = { 17.0, 15.0, 13.5, 12.5 };
	struct buf		 m = BUF_INIT, plain = BUF_INIT;
	int			 level = cmark_node_get_heading_level(n);
	double			 size = sizes[level >= 1 && level <= 4 ?
				    level - 1 : 3];
	PangoLayout		*l;
	PangoRectangle		 r;
	struct head		*h;

	S_inline(&m, n);
	md_plain(n, &plain);
	if ((l = S_layout(d, buf_cstr(&m), PDF_FONT, size, 1,
	    S_right(depth) - MARGIN_X, 0)) == NULL)
		goto out;
	/* with room for two lines of what follows, or on the next page */
	pango_layout_get_extents(l, NULL, &r);
	d->y += d->body_line * 0.5;
	if (d->y + (double)r.height / PANGO_SCALE + 2 * d->body_line >
	    BOTTOM)
		S_new_page(d);
	d->heads = xrealloc(d->heads, (d->nheads + 1) * sizeof(*d->heads));
	h = &d->heads[d->nheads++];
	h->text = xstrdup(buf_cstr(&plain));
	h->level = level;
	h->page = d->page;
	h->y = d->y;
	(void)S_place(d, l, MARGIN_X, 0);
	d->y += d->body_line * 0.25;
out:
	buf_free(&m);
	buf_free(&plain);
}

static void
S_list(struct pdoc *d, cmark_node *n, int depth)
{
	cmark_node	*item;
	struct buf	 m = BUF_INIT;
	int		 num = cmark_node_get_list_start(n);
	int		 tight = cmark_node_get_list_tight(n);
	int		 ordered = cmark_node_get_list_type(n) ==
			    CMARK_ORDERED_LIST;
	int		 paren = cmark_node_get_list_delim(n) ==
			    CMARK_PAREN_DELIM;

	for (item = cmark_node_first_child(n); item != NULL;
	    item = cmark_node_next(item), num++) {
		buf_reset(&m);
		if (ordered)
			buf_printf(&m, "%d%c", num, paren ? ')' : '.');
		else
			buf_puts(&m, depth % 2 == 0 ? "\xe2\x80\xa2" :
			    "\xe2\x97\xa6");	/* bullet, white bullet */
		if (d->marker != NULL)
			g_object_unref(d->marker);
		d->marker = S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_BODY, 0,
		    INDENT - 4, 0);
		d->marker_x = S_right(depth + 1) + 2;
		S_blocks(d, item, depth + 1, tight);
		if (d->marker != NULL) {	/* an empty item */
			PangoLayout *l = d->marker;

			d->marker = NULL;
			(void)S_place(d, l, d->marker_x, 0);
		}
	}
	buf_free(&m);
	if (tight)
		d->y += d->body_line * 0.4;
}

static void
S_code(struct pdoc *d, cmark_node *n, int depth)
{
	const char	*lit = cmark_node_get_literal(n);
	struct buf	 m = BUF_INIT;
	size_t		 len = lit != NULL ? strlen(lit) : 0;
	PangoLayout	*l;

	while (len > 0 && lit[len - 1] == '\n')
		len--;
	if (len == 0)
		return;
	S_esc(&m, lit, len);
	/* code reads left to right */
	l = S_ltr(S_layout(d, buf_cstr(&m), PDF_MONO, SIZE_MONO, 0,
	    S_right(depth) - MARGIN_X, 0));
	(void)S_place(d, l, MARGIN_X, 0);
	d->y += d->body_line * 0.5;
	buf_free(&m);
}

/* The blocks under parent at list depth depth (tight: a tight list's). */
static void
S_blocks(struct pdoc *d, cmark_node *parent, int depth, int tight)
{
	cmark_node	*n;
	struct buf	 m = BUF_INIT;

	for (n = cmark_node_first_child(parent); n != NULL && d->rc == 0;
	    n = cmark_node_next(n))
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			buf_reset(&m);
			S_inline(&m, n);
			S_para(d, buf_cstr(&m), depth, SIZE_BODY, 0,
			    d->body_line * (tight ? 0.15 : 0.5));
			break;
		case CMARK_NODE_HEADING:
			S_heading(d, n, depth);
			break;
		case CMARK_NODE_LIST:
			S_list(d, n, depth);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			S_blocks(d, n, depth + 1, 0);
			break;
		case CMARK_NODE_CODE_BLOCK:
			S_code(d, n, depth);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			S_rule(d, MARGIN_X + TEXT_W / 4, RIGHT - TEXT_W / 4,
			    0.6);
			d->y += d->body_line * 0.3;
			break;
		default:	/* raw HTML: omitted, as on the page */
			break;
		}
	buf_free(&m);
}

/* ---- the revision ---- */

/* The head of the first page: who, what, and its approval record. */
static void
S_front(struct pdoc *d, const json_t *site, const json_t *doc,
    const struct catalog *words)
{
	const json_t	*ap = json_object_get(doc, KEY_APPROVED);
	const json_t	*eff = json_object_get(doc, KEY_EFFECTIVE);
	struct buf	 m = BUF_INIT;

	S_escs(&m, S_str(site, KEY_NAME));
	(void)S_place(d, S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_BODY, 0,
	    TEXT_W, 0), MARGIN_X, 0.35);
	d->y += 4;
	buf_reset(&m);
	S_escs(&m, S_str(doc, KEY_TITLE));
	(void)S_place(d, S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_TITLE, 1,
	    TEXT_W, 0), MARGIN_X, 0);
	buf_reset(&m);
	S_say(&m, words, "pdf.revision", json_pack("{s:O}", KEY_REVISION,
	    json_object_get(doc, KEY_REVISION)));
	(void)S_place(d, S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_BODY, 0,
	    TEXT_W, 0), MARGIN_X, 0.35);
	d->y += d->body_line * 0.5;
	if (json_string_length(json_object_get(doc, KEY_SUMMARY)) > 0) {
		buf_reset(&m);
		S_escs(&m, S_str(doc, KEY_SUMMARY));
		S_para(d, buf_cstr(&m), 0, SIZE_BODY, 0, d->body_line * 0.5);
	}

	buf_reset(&m);
	S_say(&m, words, "pdf.approval", NULL);
	(void)S_place(d, S_layout(d, buf_cstr(&m), PDF_FONT, 14.0, 1, TEXT_W,
	    0), MARGIN_X, 0);
	d->y += 4;
#define ROW(key, val) do {						\
	buf_reset(&m);							\
	S_escs(&m, (val));						\
	S_row(d, words, (key), buf_cstr(&m));				\
} while (0)
	ROW("pdf.by", S_str(ap, KEY_BY));
	if (json_object_get(ap, KEY_MEETING) != NULL) {
		buf_reset(&m);
		if (json_is_integer(json_object_get(ap, KEY_MEETING)))
			buf_printf(&m, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(json_object_get(ap,
			    KEY_MEETING)));
		else
			S_escs(&m, S_str(ap, KEY_MEETING));
		S_row(d, words, "pdf.meeting", buf_cstr(&m));
	}
	if (json_object_get(ap, KEY_DECISION) != NULL) {
		buf_reset(&m);
		if (json_is_integer(json_object_get(ap, KEY_DECISION)))
			buf_printf(&m, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(json_object_get(ap,
			    KEY_DECISION)));
		else
			S_escs(&m, S_str(ap, KEY_DECISION));
		S_row(d, words, "pdf.decision", buf_cstr(&m));
	}
	ROW("pdf.date", S_str(json_object_get(ap, KEY_DATE), KEY_SAUDI));
	if (eff != NULL)
		ROW("pdf.effective", S_str(eff, KEY_SAUDI));
	if (json_string_length(json_object_get(ap, KEY_SIGNATORY)) > 0)
		ROW("pdf.signatory", S_str(ap, KEY_SIGNATORY));
#undef ROW
	buf_reset(&m);
	S_say(&m, words, "pdf.fingerprint", NULL);
	(void)S_place(d, S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_BODY, 1,
	    TEXT_W, 0), MARGIN_X, 0.35);
	buf_reset(&m);
	S_escs(&m, S_str(doc, "fingerprint"));
	(void)S_place(d, S_ltr(S_layout(d, buf_cstr(&m), PDF_MONO,
	    SIZE_MONO, 0, TEXT_W, 0)), MARGIN_X, 0);
	d->y += 6;
	S_rule(d, MARGIN_X, RIGHT, 0.6);
	d->y += d->body_line * 0.5;
	buf_free(&m);
}

static cairo_status_t
S_write(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Draw one run of glyphs with its left end at x on baseline y, its
 * glyphs and their text in visual order, left to right (Pango keeps an
 * Arabic run's glyphs so; pango_cairo_show_layout_line() would give
 * Cairo the clusters backward, which Cairo writes in logical order,
 * each glyph left of the one before, and text extraction such as
 * pdftotext then breaks words apart). Each cluster carries its own text,
 * so a reader that reorders right-to-left words (as pdftotext does)
 * finds the words in their logical order. Returns the run's width.
 */
static double
S_show_run(cairo_t *cr, const char *text, PangoGlyphItem *run, double x,
    double y)
{
	PangoGlyphString	*gs = run->glyphs;
	PangoItem		*item = run->item;
	PangoGlyphInfo		*gi;
	const char		*base = text + item->offset;
	int			 rtl = item->analysis.level % 2 == 1;
	cairo_glyph_t		*g;
	cairo_text_cluster_t	*cl;
	struct buf		 t = BUF_INIT;
	double			 pen = x;
	int			 i, j, ng = 0, nc = 0, start, end;

	g = xcalloc((size_t)gs->num_glyphs + 1, sizeof(*g));
	cl = xcalloc((size_t)gs->num_glyphs + 1, sizeof(*cl));
	for (i = 0; i < gs->num_glyphs; i = j) {
		/* a cluster: its glyphs, and its text up to the next
		 * cluster's in logical order (to the left when RTL) */
		start = gs->log_clusters[i];
		for (j = i; j < gs->num_glyphs &&
		    gs->log_clusters[j] == start; j++)
			;
		if (rtl)
			end = i > 0 ? gs->log_clusters[i - 1] : item->length;
		else
			end = j < gs->num_glyphs ? gs->log_clusters[j] :
			    item->length;
		if (end < start)
			end = start;
		buf_put(&t, base + start, (size_t)(end - start));
		cl[nc].num_bytes = end - start;
		cl[nc].num_glyphs = 0;
		for (; i < j; i++) {
			gi = &gs->glyphs[i];
			if (gi->glyph != PANGO_GLYPH_EMPTY &&
			    !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
				g[ng].index = gi->glyph;
				g[ng].x = pen + (double)gi->geometry.x_offset /
				    PANGO_SCALE;
				g[ng].y = y + (double)gi->geometry.y_offset /
				    PANGO_SCALE;
				ng++;
				cl[nc].num_glyphs++;
			}
			pen += (double)gi->geometry.width / PANGO_SCALE;
		}
		if (cl[nc].num_bytes > 0 || cl[nc].num_glyphs > 0)
			nc++;
	}
	if (ng > 0) {
		cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(
		    (PangoCairoFont *)item->analysis.font));
		cairo_show_text_glyphs(cr, buf_cstr(&t), (int)t.len, g, ng,
		    cl, nc, 0);
	}
	buf_free(&t);
	free(g);
	free(cl);
	return pen - x;
}

static void
S_draw_line(cairo_t *cr, const struct item *it)
{
	PangoLayoutLine	*line = pango_layout_get_line_readonly(it->layout,
			    it->line);
	const char	*text = pango_layout_get_text(it->layout);
	GSList		*r;
	double		 x = it->x;

	if (line == NULL)
		return;
	cairo_set_source_rgb(cr, it->gray, it->gray, it->gray);
	for (r = line->runs; r != NULL; r = r->next)
		x += S_show_run(cr, text, r->data, x, it->y);
}

/* All of l, its top left corner at x, y, gray. */
static void
S_draw_layout(cairo_t *cr, PangoLayout *l, double x, double y, double gray)
{
	PangoLayoutIter	*it = pango_layout_get_iter(l);
	PangoRectangle	 log;
	struct item	 one;
	int		 i = 0;

	memset(&one, 0, sizeof(one));
	one.layout = l;
	one.gray = gray;
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		one.line = i++;
		one.x = x + (double)log.x / PANGO_SCALE;
		one.y = y + (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE;
		S_draw_line(cr, &one);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* Page page (from 0) of pages: the title and revision, and the number. */
static void
S_footer(struct pdoc *d, cairo_t *cr, const json_t *doc,
    const struct catalog *words, int page, int pages)
{
	struct buf	 m = BUF_INIT;
	PangoLayout	*l;

	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, FOOT_Y - 6);
	cairo_line_to(cr, RIGHT, FOOT_Y - 6);
	cairo_stroke(cr);
	S_say(&m, words, "pdf.footer", json_pack("{s:s,s:O}", "policy",
	    S_str(doc, KEY_TITLE), KEY_REVISION, json_object_get(doc,
	    KEY_REVISION)));
	if ((l = S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_SMALL, 0,
	    TEXT_W * 0.7, 0)) != NULL) {
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		S_draw_layout(cr, l, RIGHT - TEXT_W * 0.7, FOOT_Y, 0.35);
		g_object_unref(l);
	}
	buf_reset(&m);
	S_say(&m, words, "pdf.page", json_pack("{s:i,s:i}", "page",
	    page + 1, "pages", pages));
	if ((l = S_layout(d, buf_cstr(&m), PDF_FONT, SIZE_SMALL, 0, 0,
	    0)) != NULL) {
		S_draw_layout(cr, l, MARGIN_X, FOOT_Y, 0.35);
		g_object_unref(l);
	}
	buf_free(&m);
}

/* The headings as the file's outline, each under the last one above its
 * level. */
static void
S_outline(struct pdoc *d, cairo_surface_t *s)
{
	int		 ids[7] = { 0 }, parent, lv, j;
	size_t		 i;
	char		 dest[64];

	for (i = 0; i < d->nheads; i++) {
		lv = d->heads[i].level < 1 ? 1 : d->heads[i].level > 6 ? 6 :
		    d->heads[i].level;
		parent = CAIRO_PDF_OUTLINE_ROOT;
		for (j = lv - 1; j >= 1; j--)
			if (ids[j] != 0) {
				parent = ids[j];
				break;
			}
		snprintf(dest, sizeof(dest), "page=%d pos=[%d %d]",
		    d->heads[i].page + 1, (int)MARGIN_X, (int)d->heads[i].y);
		ids[lv] = cairo_pdf_surface_add_outline(s, parent,
		    d->heads[i].text, dest, CAIRO_PDF_OUTLINE_FLAG_OPEN);
		for (j = lv + 1; j < 7; j++)
			ids[j] = 0;
	}
}

static void
S_pdoc_free(struct pdoc *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].layout != NULL)
			g_object_unref(d->v[i].layout);
	free(d->v);
	for (i = 0; i < d->nheads; i++)
		free(d->heads[i].text);
	free(d->heads);
	if (d->marker != NULL)
		g_object_unref(d->marker);
}

/* "YYYY-MM-DD" of a date object (or string) at key of o, or NULL. */
static const char *
S_iso(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s = json_is_string(v) ? json_string_value(v) :
			    json_string_value(json_object_get(v, KEY_ISO));

	return s != NULL && strlen(s) == 10 ? s : NULL;
}

/* The file's metadata: its title and author, and dates that are the
 * revision's, never the build's (same input, same bytes). */
static void
S_metadata(cairo_surface_t *s, const json_t *site, const json_t *doc,
    const struct catalog *words)
{
	const json_t	*corr = json_object_get(doc, KEY_CORRECTIONS);
	const char	*made = S_iso(json_object_get(doc, KEY_APPROVED),
			    KEY_DATE), *changed = made, *c;
	struct buf	 t = BUF_INIT;
	json_t		*params;
	size_t		 i;

	params = json_pack("{s:s,s:O}", "policy", S_str(doc, KEY_TITLE),
	    KEY_REVISION, json_object_get(doc, KEY_REVISION));
	(void)catalog_put(words, "pdf.footer", params, &t);
	json_decref(params);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    buf_cstr(&t));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
	    S_str(site, KEY_NAME));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "wasl-build");
	/* an editorial correction changes the file: its latest date */
	for (i = 0; i < json_array_size(corr); i++)
		if ((c = S_iso(json_array_get(corr, i), KEY_DATE)) != NULL &&
		    (changed == NULL || strcmp(c, changed) > 0))
			changed = c;
	if (made != NULL) {
		buf_reset(&t);
		buf_printf(&t, "%sT00:00:00+03:00", made);
		cairo_pdf_surface_set_metadata(s,
		    CAIRO_PDF_METADATA_CREATE_DATE, buf_cstr(&t));
		buf_reset(&t);
		buf_printf(&t, "%sT00:00:00+03:00", changed);
		cairo_pdf_surface_set_metadata(s,
		    CAIRO_PDF_METADATA_MOD_DATE, buf_cstr(&t));
	}
	buf_free(&t);
}

/* A context laying text out right to left, in points, unhinted (the
 * same layout whatever the screen settings), with a font map of its own
 * (none is left behind for the thread). */
static PangoContext *
S_context(void)
{
	PangoFontMap		*fm;
	PangoContext		*ctx;
	cairo_font_options_t	*fo;

	fm = pango_cairo_font_map_new();
	ctx = pango_font_map_create_context(fm);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_base_dir(ctx, PANGO_DIRECTION_RTL);
	g_object_unref(fm);		/* the context's now */
	return ctx;
}

/*
 * fontconfig keeps what it read (its configuration, the fonts' patterns)
 * for the process, behind pointers it encodes as offsets, which
 * LeakSanitizer cannot follow and so reports at exit. Freeing it instead
 * (FcFini(), cairo_debug_reset_static_data()) asserts when Pango's own
 * thread still holds a font, so the sanitized build is told here, the
 * sanitizers' documented way; other builds never call this.
 */
const char	*__lsan_default_suppressions(void);
const char	*__lsan_default_options(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* and says nothing of it: a build's messages are its problems alone */
const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}

/* Let ctx go, and its own font map with the fonts it holds. */
static void
S_context_free(PangoContext *ctx)
{
	PangoFontMap	*fm = pango_context_get_font_map(ctx);

	g_object_ref(fm);
	g_object_unref(ctx);
	g_object_unref(fm);
}

static int
S_revision(PangoContext *ctx, const json_t *site, const json_t *doc,
    const struct catalog *words, struct buf *out, struct buf *err)
{
	struct pdoc		 d;
	cmark_node		*md = NULL;
	cairo_surface_t		*s = NULL;
	cairo_t			*cr = NULL;
	cairo_status_t		 cst;
	PangoLayout		*probe;
	PangoRectangle		 r;
	const char		*src = S_str(doc, KEY_MARKDOWN);
	size_t			 i;
	int			 p, pages;

	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.err = err;
	d.y = MARGIN_TOP;
	if ((probe = S_layout(&d, "\xd8\xa7", PDF_FONT, SIZE_BODY, 0, 0,
	    0)) == NULL)
		goto out;
	pango_layout_get_extents(probe, NULL, &r);
	g_object_unref(probe);
	d.body_line = (double)r.height / PANGO_SCALE;

	/* Where everything goes. */
	S_front(&d, site, doc, words);
	if ((md = cmark_parse_document(src, strlen(src),
	    CMARK_OPT_DEFAULT)) == NULL) {
		buf_printf(err, "the text does not parse\n");
		d.rc = -1;
		goto out;
	}
	S_blocks(&d, md, 0, 0);
	if (d.rc == -1)
		goto out;
	pages = d.page + 1;

	/* Then drawn, page by page. */
	s = cairo_pdf_surface_create_for_stream(S_write, out, PAGE_W, PAGE_H);
	S_metadata(s, site, doc, words);
	cr = cairo_create(s);
	i = 0;
	for (p = 0; p < pages; p++) {
		for (; i < d.n && d.v[i].page == p; i++) {
			if (d.v[i].kind == ITEM_LINE) {
				S_draw_line(cr, &d.v[i]);
				continue;
			}
			cairo_set_source_rgb(cr, d.v[i].gray, d.v[i].gray,
			    d.v[i].gray);
			cairo_set_line_width(cr, 0.6);
			cairo_move_to(cr, d.v[i].x, d.v[i].y);
			cairo_line_to(cr, d.v[i].x1, d.v[i].y);
			cairo_stroke(cr);
		}
		S_footer(&d, cr, doc, words, p, pages);
		cairo_show_page(cr);
	}
	S_outline(&d, s);
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(s);
	if ((cst = cairo_surface_status(s)) != CAIRO_STATUS_SUCCESS) {
		buf_printf(err, "cannot draw: %s\n",
		    cairo_status_to_string(cst));
		d.rc = -1;
	}
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (s != NULL)
		cairo_surface_destroy(s);
	if (md != NULL)
		cmark_node_free(md);
	S_pdoc_free(&d);
	return d.rc;
}

/* 0 when PDF_FONT is what fontconfig gives for its name (it is
 * installed), else -1 with a message. */
static int
S_font_check(PangoContext *ctx, struct buf *err)
{
	PangoFontDescription	*f = S_font(PDF_FONT, SIZE_BODY, 0), *got;
	PangoFont		*font;
	const char		*fam;
	int			 rc = -1;

	font = pango_font_map_load_font(pango_context_get_font_map(ctx), ctx,
	    f);
	if (font != NULL) {
		got = pango_font_describe(font);
		fam = pango_font_description_get_family(got);
		if (fam != NULL && g_ascii_strcasecmp(fam, PDF_FONT) == 0)
			rc = 0;
		pango_font_description_free(got);
		g_object_unref(font);
	}
	pango_font_description_free(f);
	if (rc == -1)
		buf_printf(err, "the font '%s' is not installed (Debian "
		    "fonts-noto-core; make deps installs it): the policies' "
		    "PDF files cannot be drawn\n", PDF_FONT);
	return rc;
}

int
pdf_revision(const json_t *site, const json_t *policy, const json_t *doc,
    const struct catalog *words, struct buf *out, struct buf *err)
{
	PangoContext	*ctx;
	int		 rc;

	(void)policy;
	if (catalog_require(words, pdf_texts, pdf_ntexts, err) == -1)
		return -1;
	ctx = S_context();
	rc = S_font_check(ctx, err) == -1 ? -1 : S_revision(ctx, site, doc,
	    words, out, err);
	S_context_free(ctx);
	return rc;
}

/* The history page's row of the revision at url gets its PDF's address
 * as "pdf_url" (templates/history.mustache links it). */
static void
S_history_link(json_t *page, const char *url, const char *pdf)
{
	json_t	*row;
	size_t	 i;

	json_array_foreach(json_object_get(page, "rows"), i, row)
		if (json_is_string(json_object_get(row, KEY_URL)) &&
		    strcmp(json_string_value(json_object_get(row, KEY_URL)),
		    url) == 0)
			json_object_set_new(row, "pdf_url", json_string(pdf));
}

int
pdf_policies(int dirfd, const json_t *site, const json_t *policies,
    struct policy_pages *pages, const struct catalog *words,
    size_t *files, struct buf *err)
{
	PangoContext	*ctx = NULL;
	const json_t	*p, *doc;
	struct buf	 pdf = BUF_INIT, file = BUF_INIT, e = BUF_INIT;
	const char	*url;
	size_t		 i, j, k;
	int		 rc = -1;

	if (catalog_require(words, pdf_texts, pdf_ntexts, err) == -1)
		return -1;
	json_array_foreach(policies, i, p)
		json_array_foreach(json_object_get(p, KEY_REVISIONS), j, doc) {
			if (json_is_true(json_object_get(doc, KEY_DRAFT)))
				continue;
			/* the fonts only once there is something to draw */
			if (ctx == NULL && (ctx = S_context(),
			    S_font_check(ctx, err) == -1))
				goto out;
			url = S_str(doc, KEY_URL);
			buf_reset(&pdf);
			buf_reset(&file);
			buf_printf(&file, "%s%s-%" JSON_INTEGER_FORMAT ".pdf",
			    url, S_str(p, KEY_SLUG), json_integer_value(
			    json_object_get(doc, KEY_REVISION)));
			if (S_revision(ctx, site, doc, words, &pdf,
			    &e) == -1) {
				buf_printf(err, "%s: cannot make its PDF "
				    "file: %s", S_str(doc, KEY_SOURCE),
				    buf_cstr(&e));
				goto out;
			}
			/* its folder, "policies/SLUG/N", then the file */
			buf_reset(&e);
			buf_printf(&e, "%.*s", (int)strlen(url) - 2, url + 1);
			if (fsx_mkdirs_at(dirfd, e.data) == -1 ||
			    fsx_write_at(dirfd, file.data + 1, buf_cstr(&pdf),
			    pdf.len) == -1) {
				buf_printf(err, "%s: cannot write: %s\n",
				    file.data + 1, strerror(errno));
				goto out;
			}
			buf_reset(&e);
			(*files)++;
			for (k = 0; k < pages->n; k++)
				if (strcmp(pages->v[k].tpl, "policy") == 0 &&
				    strcmp(S_str(pages->v[k].page,
				    "permalink"), url) == 0)
					json_object_set_new(pages->v[k].page,
					    "pdf_url", json_string(file.data));
				else if (strcmp(pages->v[k].tpl, "history") ==
				    0)
					S_history_link(pages->v[k].page, url,
					    file.data);
		}
	rc = 0;
out:
	if (ctx != NULL)
		S_context_free(ctx);
	buf_free(&pdf);
	buf_free(&file);
	buf_free(&e);
	return rc;
}
