/*
 * yamljson: one YAML document to a jansson tree (see yamljson.h).
 *
 * Works from libyaml's event stream with an explicit stack, so nesting is
 * bounded before anything deep is built, and an alias is refused at its
 * anchor before it can be expanded. Beside the JSON tree it builds a
 * tree of positions (struct yj_pos) of the same shape, which yj_line()
 * walks.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#include "buf.h"
#include "yamljson.h"

struct yj_pos;

/* One child of a mapping or sequence: its key (mapping) and line. */
struct yj_kid {
	char		*key;	/* owned; NULL in a sequence */
	size_t		 keylen;
	int		 line;	/* of the key, or of the item */
	struct yj_pos	*sub;	/* owned; NULL for a scalar */
};

/* The positions inside one mapping or sequence, in document order. */
struct yj_pos {
	int		 is_map;
	size_t		 n, cap;
	struct yj_kid	*kids;
};

struct yj_doc {
	json_t		*root;		/* owned */
	struct yj_pos	*pos;		/* owned; NULL unless root is a collection */
	int		 root_line;	/* 0 for an empty document */
};

/* An open mapping or sequence during the parse. */
struct S_frame {
	json_t		*val;	/* borrowed from the tree */
	struct yj_pos	*pos;	/* borrowed from the tree */
	char		*key;	/* owned; the mapping key awaiting its value */
	int		 key_line;
};

struct S_ctx {
	struct yj_doc	*doc;
	struct yj_error	*err;
	const char	*src;
	size_t		 len;
	int		 off;	/* line_offset */
	int		 depth;
	struct S_frame	 stack[YJ_MAX_DEPTH];
};

/* A 1-based reported line from libyaml's 0-based one. */
static int
S_line(const struct S_ctx *c, size_t line0)
{
	long long	 l = (long long)line0 + 1 + c->off;

	return l > INT_MAX ? INT_MAX : (int)l;
}

static int
S_col(size_t col0)
{
	return col0 >= INT_MAX ? INT_MAX : (int)col0 + 1;
}

static void
S_verr(struct yj_error *e, int line, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void
S_verr(struct yj_error *e, int line, int col, const char *fmt, va_list ap)
{
	int	 n = 0;

	e->line = line;
	e->column = col;
	if (line > 0)
		n = snprintf(e->msg, sizeof(e->msg), "line %d, column %d: ",
		    line, col);
	if (n < 0 || (size_t)n >= sizeof(e->msg))
		n = 0;
	vsnprintf(e->msg + n, sizeof(e->msg) - (size_t)n, fmt, ap);
}

/* Fill the error; line 0 means the error has no place. Returns -1. */
static int
S_err(struct S_ctx *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
S_err(struct S_ctx *c, int line, int col, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	S_verr(c->err, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error at a libyaml mark. */
#define S_ERR_AT(c, mark, ...) \
	S_err((c), S_line((c), (mark).line), S_col((mark).column), __VA_ARGS__)

/* Copy at most 60 bytes of s[0..n) into dst for a message, cutting on a
 * UTF-8 character boundary and marking the cut with "...". */
static void
S_clip(char *dst, size_t dstsz, const char *s, size_t n)
{
	size_t	 max = 60;

	if (dstsz < max + 4)
		max = dstsz > 4 ? dstsz - 4 : 0;
	if (n <= max) {
		memcpy(dst, s, n);
		dst[n] = '\0';
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	memcpy(dst, s, max);
	memcpy(dst + max, "...", 4);
}

static void
S_pos_free(struct yj_pos *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->kids[i].key);
		S_pos_free(p->kids[i].sub);
	}
	free(p->kids);
	free(p);
}

static void
S_pos_add(struct yj_pos *p, char *key, int line, struct yj_pos *sub)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->kids = xrealloc(p->kids, p->cap * sizeof(*p->kids));
	}
	p->kids[p->n].key = key;
	p->kids[p->n].keylen = key ? strlen(key) : 0;
	p->kids[p->n].line = line;
	p->kids[p->n].sub = sub;
	p->n++;
}

/* Translate libyaml's error into ours. */
static void
S_yaml_error(struct S_ctx *c, const yaml_parser_t *p)
{
	const char	*problem = p->problem ? p->problem : "invalid YAML";
	size_t		 i, off, line0 = 0, col0 = 0;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		S_err(c, 0, 0, "out of memory while parsing YAML");
		break;
	case YAML_READER_ERROR:
		/* The reader reports a byte offset; find its line and
		 * column (in characters) the way libyaml counts them. */
		off = p->problem_offset < c->len ? p->problem_offset : c->len;
		for (i = 0; i < off; i++) {
			if (c->src[i] == '\n' || (c->src[i] == '\r' &&
			    (i + 1 >= c->len || c->src[i + 1] != '\n'))) {
				line0++;
				col0 = 0;
			} else if (((unsigned char)c->src[i] & 0xc0) != 0x80)
				col0++;
		}
		if (p->problem_value != -1)
			S_err(c, S_line(c, line0), S_col(col0),
			    "%s (#%X)", problem, (unsigned)p->problem_value);
		else
			S_err(c, S_line(c, line0), S_col(col0), "%s", problem);
		break;
	default:
		if (p->context != NULL)
			S_ERR_AT(c, p->problem_mark,
			    "%s (%s at line %d, column %d)", problem,
			    p->context, S_line(c, p->context_mark.line),
			    S_col(p->context_mark.column));
		else
			S_ERR_AT(c, p->problem_mark, "%s", problem);
		break;
	}
}

/* The value of a scalar under the rules in yamljson.h; NULL only when
 * jansson refuses it. */
static json_t *
S_resolve(const char *s, size_t n, yaml_scalar_style_t style)
{
	size_t	 i, nd;

	if (style != YAML_PLAIN_SCALAR_STYLE)
		return json_stringn(s, n);
	if (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0)
		return json_null();
	if (strcmp(s, "true") == 0)
		return json_true();
	if (strcmp(s, "false") == 0)
		return json_false();
	i = s[0] == '-';
	nd = n - i;
	if (nd >= 1 && nd <= 18 && (s[i] != '0' || nd == 1) &&
	    strspn(s + i, "0123456789") == nd)
		return json_integer(strtoll(s, NULL, 10));
	return json_stringn(s, n);
}

static int
S_no_props(struct S_ctx *c, yaml_mark_t mark, const yaml_char_t *anchor,
    const yaml_char_t *tag)
{
	char	 clip[64];

	if (anchor != NULL)
		return S_ERR_AT(c, mark, "anchors and aliases are not "
		    "supported");
	if (tag != NULL) {
		S_clip(clip, sizeof(clip), (const char *)tag,
		    strlen((const char *)tag));
		return S_ERR_AT(c, mark, "tags are not supported (found %s)",
		    clip);
	}
	return 0;
}

/* Put a new node (val, with positions sub for a collection) where the
 * parse is: the root, the value of the pending key, or the next item. */
static int
S_attach(struct S_ctx *c, json_t *val, struct yj_pos *sub, yaml_mark_t mark)
{
	struct S_frame	*top;
	int		 line = S_line(c, mark.line);

	if (val == NULL) {
		S_pos_free(sub);
		return S_ERR_AT(c, mark, "cannot store this value (invalid "
		    "UTF-8 or out of memory)");
	}
	if (c->depth == 0) {
		c->doc->root = val;
		c->doc->pos = sub;
		c->doc->root_line = line;
		return 0;
	}
	top = &c->stack[c->depth - 1];
	if (top->pos->is_map) {
		S_pos_add(top->pos, top->key, top->key_line, sub);
		if (json_object_set_new(top->val, top->key, val) == -1) {
			top->key = NULL;
			return S_ERR_AT(c, mark, "cannot store this key "
			    "(invalid UTF-8 or out of memory)");
		}
		top->key = NULL;
	} else {
		S_pos_add(top->pos, NULL, line, sub);
		if (json_array_append_new(top->val, val) == -1)
			return S_ERR_AT(c, mark, "out of memory");
	}
	return 0;
}

static int
S_scalar(struct S_ctx *c, const yaml_event_t *ev)
{
	const char	*s = (const char *)ev->data.scalar.value;
	size_t		 n = ev->data.scalar.length, i;
	struct S_frame	*top;
	char		 clip[64];
	int		 first = 0;

	if (S_no_props(c, ev->start_mark, ev->data.scalar.anchor,
	    ev->data.scalar.tag) == -1)
		return -1;
	if (memchr(s, '\0', n) != NULL)
		return S_ERR_AT(c, ev->start_mark, "NUL characters are not "
		    "allowed");

	top = c->depth > 0 ? &c->stack[c->depth - 1] : NULL;
	if (top == NULL || !top->pos->is_map || top->key != NULL)
		return S_attach(c, S_resolve(s, n, ev->data.scalar.style),
		    NULL, ev->start_mark);

	/* A mapping key. */
	if (json_object_get(top->val, s) != NULL) {
		for (i = 0; i < top->pos->n; i++)
			if (strcmp(top->pos->kids[i].key, s) == 0) {
				first = top->pos->kids[i].line;
				break;
			}
		S_clip(clip, sizeof(clip), s, n);
		return S_ERR_AT(c, ev->start_mark, "duplicate key \"%s\" "
		    "(first defined on line %d)", clip, first);
	}
	top->key = xstrndup(s, n);
	top->key_line = S_line(c, ev->start_mark.line);
	return 0;
}

static int
S_open(struct S_ctx *c, const yaml_event_t *ev, int is_map)
{
	struct S_frame	*top, *f;
	struct yj_pos	*sub;
	json_t		*val;

	if (S_no_props(c, ev->start_mark, is_map ?
	    ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
	    is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag)
	    == -1)
		return -1;
	top = c->depth > 0 ? &c->stack[c->depth - 1] : NULL;
	if (top != NULL && top->pos->is_map && top->key == NULL)
		return S_ERR_AT(c, ev->start_mark, "mapping keys must be "
		    "scalars, not %s", is_map ? "mappings" : "sequences");
	if (c->depth == YJ_MAX_DEPTH)
		return S_ERR_AT(c, ev->start_mark, "nesting is deeper than "
		    "%d levels", YJ_MAX_DEPTH);
	val = is_map ? json_object() : json_array();
	sub = xcalloc(1, sizeof(*sub));
	sub->is_map = is_map;
	if (S_attach(c, val, sub, ev->start_mark) == -1)
		return -1;
	f = &c->stack[c->depth++];
	f->val = val;
	f->pos = sub;
	f->key = NULL;
	f->key_line = 0;
	return 0;
}

struct yj_doc *
yj_parse(const char *src, size_t len, int line_offset, struct yj_error *err)
{
	struct yj_error	 scratch;
	struct S_ctx	 c;
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	int		 pinit = 0, have_ev = 0, ndocs = 0, done = 0, rc = -1;

	memset(&c, 0, sizeof(c));
	c.err = err != NULL ? err : &scratch;
	c.err->line = c.err->column = 0;
	c.err->msg[0] = '\0';
	c.src = src;
	c.len = len;
	c.off = line_offset > 0 ? line_offset : 0;
	c.doc = xcalloc(1, sizeof(*c.doc));

	if (src == NULL && len > 0) {
		S_err(&c, 0, 0, "no input");
		goto out;
	}
	if (len > YJ_MAX_INPUT) {
		S_err(&c, 0, 0, "input is too large (%zu bytes, the limit "
		    "is %d)", len, YJ_MAX_INPUT);
		goto out;
	}
	if (!yaml_parser_initialize(&p)) {
		S_err(&c, 0, 0, "cannot initialise the YAML parser");
		goto out;
	}
	pinit = 1;
	yaml_parser_set_input_string(&p, (const unsigned char *)
	    (src != NULL ? src : ""), len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			S_yaml_error(&c, &p);
			goto out;
		}
		have_ev = 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				S_ERR_AT(&c, ev.start_mark, "more than one "
				    "document (only one is allowed)");
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			S_ERR_AT(&c, ev.start_mark, "anchors and aliases are "
			    "not supported");
			goto out;
		case YAML_SCALAR_EVENT:
			if (S_scalar(&c, &ev) == -1)
				goto out;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (S_open(&c, &ev, ev.type ==
			    YAML_MAPPING_START_EVENT) == -1)
				goto out;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (c.depth > 0) {
				c.depth--;
				free(c.stack[c.depth].key);
				c.stack[c.depth].key = NULL;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		have_ev = 0;
	}

	/* Nothing, or only null, reads as an empty mapping. */
	if (c.doc->root == NULL || json_is_null(c.doc->root)) {
		json_decref(c.doc->root);
		c.doc->root = json_object();
		c.doc->root_line = 0;
		if (c.doc->root == NULL) {
			S_err(&c, 0, 0, "out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	if (have_ev)
		yaml_event_delete(&ev);
	while (c.depth > 0)
		free(c.stack[--c.depth].key);
	if (pinit)
		yaml_parser_delete(&p);
	if (rc == -1) {
		yj_free(c.doc);
		return NULL;
	}
	return c.doc;
}

json_t *
yj_root(const struct yj_doc *d)
{
	return d != NULL ? d->root : NULL;
}

int
yj_line(const struct yj_doc *d, const char *path)
{
	const struct yj_pos	*node;
	const struct yj_kid	*best;
	const char		*p = path;
	size_t			 i, seg, idx;
	int			 line;

	if (d == NULL || path == NULL)
		return 0;
	line = d->root_line;
	node = d->pos;
	while (*p != '\0' && node != NULL) {
		best = NULL;
		seg = strcspn(p, ".");
		if (node->is_map) {
			/* The longest key that matches whole segments, so
			 * that keys with dots in them are found too. */
			for (i = 0; i < node->n; i++) {
				const struct yj_kid *k = &node->kids[i];

				if ((best == NULL || k->keylen > best->keylen) &&
				    strncmp(p, k->key, k->keylen) == 0 &&
				    (p[k->keylen] == '\0' ||
				    p[k->keylen] == '.'))
					best = k;
			}
		} else if (seg > 0 && seg <= 9 &&
		    strspn(p, "0123456789") == seg) {
			idx = (size_t)strtoul(p, NULL, 10);
			if (idx < node->n)
				best = &node->kids[idx];
		}
		if (best == NULL)
			break;
		line = best->line;
		node = best->sub;
		p += best->key != NULL ? best->keylen : seg;
		if (*p != '.')
			break;
		p++;
	}
	return line;
}

void
yj_free(struct yj_doc *d)
{
	if (d == NULL)
		return;
	json_decref(d->root);
	S_pos_free(d->pos);
	free(d);
}
