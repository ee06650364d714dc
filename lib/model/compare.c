/*
 * compare: a paragraph-then-word comparison of two Markdown texts (see
 * compare.h). Both levels use the longest common subsequence; the tables
 * are bounded so that a huge text cannot exhaust memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "compare.h"
#include "markdown.h"

/* Largest LCS table (cells); beyond it, whole units are replaced. */
#define MAX_CELLS	(4u * 1024 * 1024)

struct block {
	const char	*tag;	/* h2, h3, h4, p, li, pre */
	char		*text;	/* plain text, owned */
};

struct blocks {
	struct block	*v;
	size_t		 n;
};

static void
S_add(struct blocks *b, const char *tag, const char *text)
{
	b->v = xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	b->v[b->n].tag = tag;
	b->v[b->n].text = xstrdup(text);
	b->n++;
}

/* The leaf blocks of a Markdown text, in order. */
static int
S_blocks(const char *md, size_t len, struct blocks *b)
{
	cmark_node	*doc, *n, *parent;
	cmark_iter	*it;
	struct buf	 t = BUF_INIT;
	const char	*tag;
	static const char *const heads[] = { "h2", "h2", "h2", "h3", "h4",
	    "h4", "h4" };

	if ((doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT)) == NULL)
		return -1;
	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER)
			continue;
		buf_reset(&t);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			tag = heads[cmark_node_get_heading_level(n)];
			md_plain(n, &t);
			break;
		case CMARK_NODE_PARAGRAPH:
			parent = cmark_node_parent(n);
			tag = parent != NULL && cmark_node_get_type(parent) ==
			    CMARK_NODE_ITEM ? "li" : "p";
			md_plain(n, &t);
			break;
		case CMARK_NODE_CODE_BLOCK:
			tag = "pre";
			if (cmark_node_get_literal(n) != NULL)
				buf_puts(&t, cmark_node_get_literal(n));
			break;
		default:
			continue;
		}
		S_add(b, tag, buf_cstr(&t));
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	buf_free(&t);
	return 0;
}

static void
S_blocks_free(struct blocks *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		free(b->v[i].text);
	free(b->v);
}

/*
 * Longest common subsequence of n and m items compared by eq(i, j):
 * sets *opv to the edit script (0 same, 1 delete from the first, 2 insert
 * from the second; caller frees) and returns its length, or returns 0 and
 * leaves *opv alone when the table would be too large (the caller then
 * treats everything as replaced).
 */
typedef int (*eq_fn)(const void *ctx, size_t i, size_t j);

static size_t
S_lcs(size_t n, size_t m, eq_fn eq, const void *ctx, unsigned char **opv)
{
	uint32_t	*t;
	unsigned char	*op;
	size_t		 i, j, k = 0;

	if (n > 0 && m > 0 && (n + 1) > MAX_CELLS / (m + 1))
		return 0;
	t = xcalloc((n + 1) * (m + 1), sizeof(*t));
#define T(a, b) t[(a) * (m + 1) + (b)]
	for (i = n; i-- > 0; )
		for (j = m; j-- > 0; )
			T(i, j) = eq(ctx, i, j) ? T(i + 1, j + 1) + 1 :
			    (T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) :
			    T(i, j + 1));
	op = xmalloc(n + m + 1);
	for (i = j = 0; i < n || j < m; ) {
		if (i < n && j < m && eq(ctx, i, j)) {
			op[k++] = 0;
			i++;
			j++;
		} else if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
			op[k++] = 1;
			i++;
		} else {
			op[k++] = 2;
			j++;
		}
	}
#undef T
	free(t);
	*opv = op;
	return k;
}

/* ---- words ---- */

struct words {
	const char	**w;
	size_t		*len;
	size_t		 n;
};

static void
S_split(const char *s, struct words *w)
{
	const char	*p = s, *q;

	w->w = NULL;
	w->len = NULL;
	w->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n'; q++)
			continue;
		w->w = xrealloc(w->w, (w->n + 1) * sizeof(*w->w));
		w->len = xrealloc(w->len, (w->n + 1) * sizeof(*w->len));
		w->w[w->n] = p;
		w->len[w->n] = (size_t)(q - p);
		w->n++;
		p = q;
	}
}

struct wpair {
	const struct words *a, *b;
};

static int
S_word_eq(const void *ctx, size_t i, size_t j)
{
	const struct wpair	*p = ctx;

	return p->a->len[i] == p->b->len[j] &&
	    memcmp(p->a->w[i], p->b->w[j], p->a->len[i]) == 0;
}

/* A run of deletions (kind 1) or insertions (2) opens and closes with
 * the words a screen reader announces. */
static void
S_open(struct buf *out, const struct compare_words *cw, int kind)
{
	const char	*t = kind == 1 ? cw->del_start : cw->ins_start;

	buf_puts(out, kind == 1 ? "<del>" : "<ins>");
	buf_puts(out, "<span class=\"visually-hidden\">");
	buf_put_html(out, t, strlen(t));
	buf_puts(out, " </span>");
}

static void
S_close(struct buf *out, const struct compare_words *cw, int kind)
{
	const char	*t = kind == 1 ? cw->del_end : cw->ins_end;

	buf_puts(out, "<span class=\"visually-hidden\"> ");
	buf_put_html(out, t, strlen(t));
	buf_puts(out, kind == 1 ? "</span></del>" : "</span></ins>");
}

/* One whole text as deleted (1) or inserted (2). */
static void
S_whole(struct buf *out, const struct compare_words *cw, const char *text,
    int kind, size_t *count)
{
	struct words	 w;

	S_split(text, &w);
	*count += w.n;
	free(w.w);
	free(w.len);
	S_open(out, cw, kind);
	buf_put_html(out, text, strlen(text));
	S_close(out, cw, kind);
}

/* The words of a and b, with runs of deletions and insertions marked. */
static void
S_words(struct buf *out, const struct compare_words *cw, const char *a,
    const char *b, struct compare_stats *st)
{
	struct words	 wa, wb;
	struct wpair	 p;
	unsigned char	*op = NULL;
	size_t		 n, k, i = 0, j = 0, run;
	int		 first = 1, kind;

	S_split(a, &wa);
	S_split(b, &wb);
	p.a = &wa;
	p.b = &wb;
	n = S_lcs(wa.n, wb.n, S_word_eq, &p, &op);
	if (n == 0 && wa.n + wb.n > 0) {
		S_whole(out, cw, a, 1, &st->deleted);
		buf_putc(out, ' ');
		S_whole(out, cw, b, 2, &st->inserted);
		goto out;
	}
	/* Deletions of a run first, then its insertions: the reader sees
	 * what went, then what came. */
	for (k = 0; k < n; ) {
		if (op[k] == 0) {
			if (!first)
				buf_putc(out, ' ');
			buf_put_html(out, wa.w[i], wa.len[i]);
			i++;
			j++;
			k++;
			first = 0;
			continue;
		}
		for (kind = 1; kind <= 2; kind++) {
			size_t	 kk, ii = i, jj = j;

			for (kk = k, run = 0; kk < n && op[kk] != 0; kk++)
				if (op[kk] == kind)
					run++;
			if (run == 0)
				continue;
			if (!first)
				buf_putc(out, ' ');
			first = 0;
			S_open(out, cw, kind);
			for (kk = k, run = 0; kk < n && op[kk] != 0; kk++) {
				if (op[kk] == 1 && kind == 1) {
					if (run++)
						buf_putc(out, ' ');
					buf_put_html(out, wa.w[ii], wa.len[ii]);
				} else if (op[kk] == 2 && kind == 2) {
					if (run++)
						buf_putc(out, ' ');
					buf_put_html(out, wb.w[jj], wb.len[jj]);
				}
				if (op[kk] == 1)
					ii++;
				else
					jj++;
			}
			S_close(out, cw, kind);
			if (kind == 1)
				st->deleted += run;
			else
				st->inserted += run;
		}
		while (k < n && op[k] != 0) {
			if (op[k] == 1)
				i++;
			else
				j++;
			k++;
		}
	}
out:
	free(op);
	free(wa.w);
	free(wa.len);
	free(wb.w);
	free(wb.len);
}

/* ---- blocks ---- */

struct bpair {
	const struct blocks *a, *b;
};

static int
S_block_eq(const void *ctx, size_t i, size_t j)
{
	const struct bpair	*p = ctx;

	return strcmp(p->a->v[i].tag, p->b->v[j].tag) == 0 &&
	    strcmp(p->a->v[i].text, p->b->v[j].text) == 0;
}

static void
S_block_open(struct buf *out, const char *tag, const char *cls)
{
	if (strcmp(tag, "li") == 0)
		buf_printf(out, "<p class=\"diff-item%s%s\">", cls ? " " : "",
		    cls ? cls : "");
	else if (cls != NULL)
		buf_printf(out, "<%s class=\"%s\">", tag, cls);
	else
		buf_printf(out, "<%s>", tag);
}

static void
S_block_close(struct buf *out, const char *tag)
{
	buf_printf(out, "</%s>\n", strcmp(tag, "li") == 0 ? "p" : tag);
}

int
compare_html_words(const char *a, size_t alen, const char *b, size_t blen,
    const struct compare_words *cw, struct buf *out,
    struct compare_stats *stp)
{
	struct blocks		 ba = { NULL, 0 }, bb = { NULL, 0 };
	struct bpair		 p;
	struct compare_stats	 st = { 0, 0 };
	unsigned char		*op = NULL;
	size_t			 n, k, i = 0, j = 0, i0, j0, nd, ni, q;
	int			 rc = -1;

	if (S_blocks(a, alen, &ba) == -1 || S_blocks(b, blen, &bb) == -1)
		goto out;
	p.a = &ba;
	p.b = &bb;
	n = S_lcs(ba.n, bb.n, S_block_eq, &p, &op);
	if (n == 0) {
		/* too large to align: everything went, everything came */
		free(op);
		op = xmalloc(ba.n + bb.n + 1);
		for (k = 0; k < ba.n; k++)
			op[n++] = 1;
		for (k = 0; k < bb.n; k++)
			op[n++] = 2;
	}
	for (k = 0; k < n; ) {
		if (op[k] == 0) {
			S_block_open(out, ba.v[i].tag, NULL);
			buf_put_html(out, ba.v[i].text, strlen(ba.v[i].text));
			S_block_close(out, ba.v[i].tag);
			i++;
			j++;
			k++;
			continue;
		}
		/* A run of changed blocks: pair deletions with insertions of
		 * the same kind, in order, and compare those word by word. */
		i0 = i;
		j0 = j;
		for (nd = ni = 0; k < n && op[k] != 0; k++)
			op[k] == 1 ? nd++ : ni++;
		for (q = 0; q < nd || q < ni; q++) {
			if (q < nd && q < ni &&
			    strcmp(ba.v[i0 + q].tag, bb.v[j0 + q].tag) == 0) {
				S_block_open(out, bb.v[j0 + q].tag, "changed");
				S_words(out, cw, ba.v[i0 + q].text,
				    bb.v[j0 + q].text, &st);
				S_block_close(out, bb.v[j0 + q].tag);
				continue;
			}
			if (q < nd) {
				S_block_open(out, ba.v[i0 + q].tag, "removed");
				S_whole(out, cw, ba.v[i0 + q].text, 1,
				    &st.deleted);
				S_block_close(out, ba.v[i0 + q].tag);
			}
			if (q < ni) {
				S_block_open(out, bb.v[j0 + q].tag, "added");
				S_whole(out, cw, bb.v[j0 + q].text, 2,
				    &st.inserted);
				S_block_close(out, bb.v[j0 + q].tag);
			}
		}
		i += nd;
		j += ni;
	}
	if (stp != NULL)
		*stp = st;
	rc = 0;
out:
	free(op);
	S_blocks_free(&ba);
	S_blocks_free(&bb);
	return rc;
}
