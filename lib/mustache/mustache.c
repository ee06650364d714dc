/*
 * mustache: compiler and renderer (see mustache.h).
 *
 * Compiling runs in three passes over the source:
 *  1. tokenize into text and tags, honouring set-delimiter tags; text is
 *     split after every newline so each token lies on one line;
 *  2. standalone analysis, line by line: a line holding only whitespace and
 *     tags that print nothing loses its whitespace and newline, and a
 *     standalone partial or parent keeps the whitespace as its indentation;
 *  3. build the tree, checking that sections nest.
 *
 * Indentation at render time: every node that starts a template line is
 * marked (bol). When a partial, parent or block is expanded with
 * indentation, the indentation is written before each such line, and a
 * block's own indentation at its definition is stripped first, so that
 * inheritance re-indents blocks as the specification asks.
 *
 * Reentrancy: only loading (mst_env_add, mst_env_get, mst_env_check)
 * writes to the environment. Rendering and the walks over what a
 * template names (mst_env_uses) find templates without loading, keep
 * their state (context stack, visited templates) in their own frame and
 * write only to the caller's out and err.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"

enum ntype {
	N_TEXT,
	N_VAR,		/* {{x}}, escaped */
	N_RAW,		/* {{{x}}} and {{&x}} */
	N_SECTION,	/* {{#x}} */
	N_INVERTED,	/* {{^x}} */
	N_PARTIAL,	/* {{>x}} */
	N_PARENT,	/* {{<x}} */
	N_BLOCK		/* {{$x}} */
};

struct node {
	enum ntype	 type;
	int		 bol;		/* starts a line of the template */
	int		 dynamic;	/* name is looked up in the data: {{>*x}} */
	int		 standalone;	/* block: its opening tag stood alone */
	const char	*s;		/* text, or the tag's name */
	size_t		 len;
	const char	*ind;		/* partial, parent: indentation; block: see
					   S_block_indent */
	size_t		 indlen;
	int		 line, col;	/* of the tag */
	struct node	*kids;		/* contents of sections, parents, blocks */
	struct node	*next;
};

struct mst_tpl {
	char		*name;
	size_t		 namelen;
	char		*src;
	size_t		 len;
	struct node	*root;
	struct mst_error *fail;		/* a load that failed: why (root is
					   NULL); asking again answers this */
	struct mst_tpl	*next;
};

struct mst_env {
	mst_loader	 load;
	void		*arg;
	int		 strict;
	int		 plain;		/* {{x}} not HTML-escaped */
	struct mst_tpl	*tpls;
};

/* ---- errors ---- */

static void
S_err(struct mst_error *err, const char *name, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
S_err(struct mst_error *err, const char *name, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return;
	snprintf(err->name, sizeof(err->name), "%s", name ? name : "");
	err->line = line;
	err->column = col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* ---- pass 1: tokens ---- */

enum tkind {
	T_TEXT = 0,
	T_VAR = 'v',
	T_RAW = '&',
	T_SECTION = '#',
	T_INVERTED = '^',
	T_CLOSE = '/',
	T_COMMENT = '!',
	T_DELIM = '=',
	T_PARTIAL = '>',
	T_PARENT = '<',
	T_BLOCK = '$'
};

struct tok {
	enum tkind	 kind;
	const char	*s;	/* text, or the trimmed name without '*' */
	size_t		 len;
	const char	*raw;	/* trimmed name with '*', to match closings */
	size_t		 rawlen;
	int		 dynamic;
	int		 line, col;
	size_t		 end;	/* source offset just past the token */
	int		 bol;
	int		 drop;	/* removed as part of a standalone line */
	const char	*ind;
	size_t		 indlen;
	int		 standalone;
};

struct toks {
	struct tok	*v;
	size_t		 n, cap;
};

static struct tok *
S_tok_new(struct toks *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	return &t->v[t->n++];
}

static int
S_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* Position (1-based line and column) of offset off in src. */
static void
S_pos(const char *src, size_t off, int *line, int *col)
{
	size_t	 i;
	int	 l = 1, c = 1;

	for (i = 0; i < off; i++) {
		if (src[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)src[i] & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

static const char *
S_find(const char *hay, size_t haylen, const char *needle, size_t nlen)
{
	size_t	 i;

	if (nlen == 0 || nlen > haylen)
		return NULL;
	for (i = 0; i + nlen <= haylen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

static void
S_trim(const char **s, size_t *len)
{
	while (*len > 0 && S_isspace(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && S_isspace((*s)[*len - 1]))
		(*len)--;
}

/* Text from off to end, one token per line. */
static void
S_text_toks(struct toks *t, const char *src, size_t off, size_t end)
{
	const char	*nl;
	struct tok	*k;
	size_t		 stop;

	while (off < end) {
		nl = memchr(src + off, '\n', end - off);
		stop = nl ? (size_t)(nl - src) + 1 : end;
		k = S_tok_new(t);
		k->kind = T_TEXT;
		k->s = src + off;
		k->len = stop - off;
		k->end = stop;
		off = stop;
	}
}

/* Change delimiters from the content of {{=<% %>=}}; -1 when malformed. */
static int
S_set_delims(const char *s, size_t len, char *open, size_t *olen,
    char *close, size_t *clen)
{
	size_t	 i = 0, a, b, c, d;

	if (len < 2 || s[len - 1] != '=')
		return -1;
	len--;
	while (i < len && S_isspace(s[i]))
		i++;
	a = i;
	while (i < len && !S_isspace(s[i]))
		i++;
	b = i;
	while (i < len && S_isspace(s[i]))
		i++;
	c = i;
	while (i < len && !S_isspace(s[i]))
		i++;
	d = i;
	while (i < len && S_isspace(s[i]))
		i++;
	if (i != len || b == a || d == c || b - a > 15 || d - c > 15)
		return -1;
	if (memchr(s + a, '=', b - a) || memchr(s + c, '=', d - c))
		return -1;
	memcpy(open, s + a, b - a);
	*olen = b - a;
	memcpy(close, s + c, d - c);
	*clen = d - c;
	return 0;
}

static int
S_tokenize(const char *name, const char *src, size_t len, struct toks *t,
    struct mst_error *err)
{
	char		 open[16] = "{{", close[16] = "}}";
	size_t		 olen = 2, clen = 2, off = 0, i;
	const char	*o, *c, *in;
	size_t		 inlen;
	struct tok	*k;
	int		 line, col;

	while (off < len) {
		o = S_find(src + off, len - off, open, olen);
		if (o == NULL) {
			S_text_toks(t, src, off, len);
			break;
		}
		S_text_toks(t, src, off, (size_t)(o - src));
		in = o + olen;
		S_pos(src, (size_t)(o - src), &line, &col);
		if (in < src + len && *in == '{') {
			/* {{{x}}}: the tag ends at "}" + closing delimiter. */
			char	 cl[17];

			cl[0] = '}';
			memcpy(cl + 1, close, clen);
			c = S_find(in, (size_t)(src + len - in), cl, clen + 1);
			if (c == NULL) {
				S_err(err, name, line, col,
				    "unclosed tag: expected '}%.*s'",
				    (int)clen, close);
				return -1;
			}
			inlen = (size_t)(c - in) + 1;
			off = (size_t)(c - src) + 1 + clen;
		} else {
			c = S_find(in, (size_t)(src + len - in), close, clen);
			if (c == NULL) {
				S_err(err, name, line, col,
				    "unclosed tag: expected '%.*s'",
				    (int)clen, close);
				return -1;
			}
			inlen = (size_t)(c - in);
			off = (size_t)(c - src) + clen;
		}
		k = S_tok_new(t);
		k->line = line;
		k->col = col;
		k->end = off;
		S_trim(&in, &inlen);
		if (inlen == 0) {
			S_err(err, name, line, col, "empty tag");
			return -1;
		}
		switch (*in) {
		case '{':
			if (in[inlen - 1] != '}') {
				S_err(err, name, line, col,
				    "'{{{' tag does not end with '}}}'");
				return -1;
			}
			inlen--;
			/* FALLTHROUGH */
		case '&': case '#': case '^': case '/': case '!':
		case '=': case '>': case '<': case '$':
			k->kind = *in == '{' ? T_RAW : (enum tkind)*in;
			in++;
			inlen--;
			break;
		default:
			k->kind = T_VAR;
			break;
		}
		if (k->kind == T_COMMENT)
			continue;
		if (k->kind == T_DELIM) {
			if (S_set_delims(in, inlen, open, &olen, close,
			    &clen) == -1) {
				S_err(err, name, line, col,
				    "bad delimiter change: write it as "
				    "{{=<%% %%>=}}, two delimiters without "
				    "spaces or '='");
				return -1;
			}
			continue;
		}
		S_trim(&in, &inlen);
		k->raw = in;
		k->rawlen = inlen;
		if (inlen > 0 && *in == '*' && (k->kind == T_PARTIAL ||
		    k->kind == T_PARENT)) {
			k->dynamic = 1;
			in++;
			inlen--;
			S_trim(&in, &inlen);
		}
		if (inlen == 0) {
			S_err(err, name, line, col, "tag has no name");
			return -1;
		}
		for (i = 0; i < inlen; i++)
			if (S_isspace(in[i])) {
				S_err(err, name, line, col,
				    "tag name '%.*s' contains a space",
				    (int)inlen, in);
				return -1;
			}
		k->s = in;
		k->len = inlen;
	}
	return 0;
}

/* ---- pass 2: standalone lines ---- */

static int
S_is_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (s[i] == '\n' && i == len - 1)
			continue;
		if (s[i] == '\r' && i + 2 == len && s[i + 1] == '\n')
			continue;
		return 0;
	}
	return 1;
}

static int
S_ends_line(const struct tok *k)
{
	return k->kind == T_TEXT && k->len > 0 && k->s[k->len - 1] == '\n';
}

/*
 * Decide whether the line of tokens [a, b) is standalone, given the stack
 * of open tag kinds (updated as the line's tags open and close).
 *
 * One tag that prints nothing, alone with whitespace, is standalone, as in
 * the core specification. Several tags are, when all of them are parent and
 * block tags (or their closings) and no block both opens and closes on the
 * line: "{{<parent}}{{$block}}" opens a parent's arguments, while
 * "{{$b}}{{/b}}" is an inline block, which prints.
 */
static int
S_standalone(struct tok *v, size_t a, size_t b, char *stack, size_t *depth)
{
	size_t	 i, ntags = 0;
	int	 ok = 1, multi_ok = 1, opened_block = 0;

	for (i = a; i < b; i++) {
		struct tok *k = &v[i];

		switch (k->kind) {
		case T_TEXT:
			if (!S_is_blank(k->s, k->len))
				ok = 0;
			continue;
		case T_VAR:
		case T_RAW:
			ok = 0;
			continue;
		case T_SECTION:
		case T_INVERTED:
			multi_ok = 0;
			/* FALLTHROUGH */
		case T_PARENT:
		case T_BLOCK:
			if (*depth < MST_MAX_DEPTH + 1)
				stack[(*depth)++] = (char)k->kind;
			if (k->kind == T_BLOCK)
				opened_block = 1;
			break;
		case T_CLOSE:
			if (*depth > 0) {
				char kind = stack[--(*depth)];

				if (kind != T_PARENT && kind != T_BLOCK)
					multi_ok = 0;
				if (kind == T_BLOCK && opened_block)
					multi_ok = 0;
			}
			break;
		case T_PARTIAL:
			multi_ok = 0;
			break;
		default:
			break;
		}
		ntags++;
	}
	if (!ok || ntags == 0)
		return 0;
	return ntags == 1 || multi_ok;
}

static void
S_standalone_pass(const char *src, size_t len, struct toks *t)
{
	char	 stack[MST_MAX_DEPTH + 1];
	size_t	 depth = 0, a = 0, b, i, off;

	while (a < t->n) {
		struct tok *first = NULL;

		for (b = a; b < t->n; b++)
			if (S_ends_line(&t->v[b])) {
				b++;
				break;
			}
		if (S_standalone(t->v, a, b, stack, &depth)) {
			const char	*ind = "";
			size_t		 indlen = 0;

			if (t->v[a].kind == T_TEXT) {
				ind = t->v[a].s;
				indlen = t->v[a].len;
				if (b - a == 1 || S_ends_line(&t->v[a]))
					indlen = 0;
			}
			for (i = a; i < b; i++) {
				struct tok *k = &t->v[i];

				if (k->kind == T_TEXT)
					k->drop = 1;
				else if (first == NULL)
					first = k;
				if (k->kind == T_BLOCK) {
					/* A standalone block's indentation
					 * is that of the line after it. */
					off = t->v[b - 1].end;
					k->ind = src + off;
					k->indlen = 0;
					while (off + k->indlen < len &&
					    (src[off + k->indlen] == ' ' ||
					    src[off + k->indlen] == '\t'))
						k->indlen++;
					k->standalone = 1;
				}
			}
			if (first != NULL && (first->kind == T_PARTIAL ||
			    first->kind == T_PARENT)) {
				first->ind = ind;
				first->indlen = indlen;
			}
		} else {
			int	 lead = 1;

			t->v[a].bol = 1;
			for (i = a; i < b; i++) {
				struct tok *k = &t->v[i];

				if (k->kind == T_BLOCK && lead && i > a) {
					/* Inline block after indentation:
					 * its continuation lines get it. */
					k->ind = t->v[a].s;
					k->indlen = t->v[a].len;
				}
				if (k->kind != T_TEXT ||
				    !S_is_blank(k->s, k->len))
					lead = 0;
			}
		}
		a = b;
	}
}

/* ---- pass 3: the tree ---- */

static void
S_nodes_free(struct node *n)
{
	struct node	*next;

	for (; n != NULL; n = next) {
		next = n->next;
		S_nodes_free(n->kids);
		free(n);
	}
}

static int
S_build(const char *name, struct toks *t, struct node **root,
    struct mst_error *err)
{
	struct {
		struct node	*node;
		struct node	**tail;
		struct tok	*tok;
	}		 stack[MST_MAX_DEPTH + 1];
	size_t		 depth = 0, i;
	struct node	*top = NULL, **tail = &top, *n, *last = NULL;
	int		 bol = 0;

	for (i = 0; i < t->n; i++) {
		struct tok *k = &t->v[i];

		if (k->bol)
			bol = 1;
		if (k->drop)
			continue;
		if (k->kind == T_COMMENT || k->kind == T_DELIM)
			continue;	/* they print nothing; bol carries on */
		if (k->kind == T_CLOSE) {
			struct tok *o;

			if (depth == 0) {
				S_err(err, name, k->line, k->col,
				    "'{{/%.*s}}' closes nothing",
				    (int)k->rawlen, k->raw);
				goto fail;
			}
			o = stack[depth - 1].tok;
			if (o->rawlen != k->rawlen ||
			    memcmp(o->raw, k->raw, k->rawlen) != 0) {
				S_err(err, name, k->line, k->col,
				    "'{{/%.*s}}' does not match "
				    "'{{%c%.*s}}' opened at line %d, "
				    "column %d", (int)k->rawlen, k->raw,
				    (char)o->kind, (int)o->rawlen, o->raw,
				    o->line, o->col);
				goto fail;
			}
			depth--;
			tail = stack[depth].tail;
			last = stack[depth].node;
			bol = 0;
			continue;
		}
		n = xcalloc(1, sizeof(*n));
		n->bol = bol;
		bol = 0;
		n->s = k->s;
		n->len = k->len;
		n->line = k->line;
		n->col = k->col;
		n->dynamic = k->dynamic;
		n->ind = k->ind;
		n->indlen = k->indlen;
		n->standalone = k->standalone;
		switch (k->kind) {
		case T_TEXT: n->type = N_TEXT; break;
		case T_VAR: n->type = N_VAR; break;
		case T_RAW: n->type = N_RAW; break;
		case T_SECTION: n->type = N_SECTION; break;
		case T_INVERTED: n->type = N_INVERTED; break;
		case T_PARTIAL: n->type = N_PARTIAL; break;
		case T_PARENT: n->type = N_PARENT; break;
		default: n->type = N_BLOCK; break;
		}
		/* Merge consecutive text on one node; lines are split again
		 * when rendering with indentation. */
		if (n->type == N_TEXT && !n->bol && last != NULL &&
		    &last->next == tail && last->type == N_TEXT &&
		    last->s + last->len == n->s) {
			last->len += n->len;
			free(n);
			continue;
		}
		*tail = n;
		tail = &n->next;
		last = n;
		if (n->type == N_SECTION || n->type == N_INVERTED ||
		    n->type == N_PARENT || n->type == N_BLOCK) {
			if (depth == MST_MAX_DEPTH) {
				S_err(err, name, k->line, k->col,
				    "sections nested deeper than %d",
				    MST_MAX_DEPTH);
				goto fail;
			}
			stack[depth].node = n;
			stack[depth].tail = tail;
			stack[depth].tok = k;
			depth++;
			tail = &n->kids;
			last = NULL;
		}
	}
	if (depth > 0) {
		struct tok *o = stack[depth - 1].tok;

		S_err(err, name, o->line, o->col,
		    "'{{%c%.*s}}' is never closed: add '{{/%.*s}}'",
		    (char)o->kind, (int)o->rawlen, o->raw,
		    (int)o->rawlen, o->raw);
		goto fail;
	}
	*root = top;
	return 0;
fail:
	S_nodes_free(top);
	return -1;
}

static void
S_tpl_free(struct mst_tpl *tpl)
{
	if (tpl == NULL)
		return;
	S_nodes_free(tpl->root);
	free(tpl->fail);
	free(tpl->name);
	free(tpl->src);
	free(tpl);
}

static struct mst_tpl *
S_compile(const char *name, const char *src, size_t len,
    struct mst_error *err)
{
	struct mst_tpl	*tpl;
	struct toks	 t = { NULL, 0, 0 };

	tpl = xcalloc(1, sizeof(*tpl));
	tpl->name = xstrdup(name);
	tpl->namelen = strlen(name);
	tpl->src = xstrndup(src, len);
	tpl->len = len;
	if (S_tokenize(name, tpl->src, len, &t, err) == -1)
		goto fail;
	S_standalone_pass(tpl->src, len, &t);
	if (S_build(name, &t, &tpl->root, err) == -1)
		goto fail;
	free(t.v);
	return tpl;
fail:
	free(t.v);
	S_tpl_free(tpl);
	return NULL;
}

/* ---- environment ---- */

struct mst_env *
mst_env_new(mst_loader load, void *arg)
{
	struct mst_env	*env = xcalloc(1, sizeof(*env));

	env->load = load;
	env->arg = arg;
	return env;
}

void
mst_env_free(struct mst_env *env)
{
	struct mst_tpl	*t, *next;

	if (env == NULL)
		return;
	for (t = env->tpls; t != NULL; t = next) {
		next = t->next;
		S_tpl_free(t);
	}
	free(env);
}

void
mst_env_set_strict(struct mst_env *env, int strict)
{
	env->strict = strict;
}

void
mst_env_set_plain(struct mst_env *env, int plain)
{
	env->plain = plain;
}

const char *
mst_tpl_name(const struct mst_tpl *tpl)
{
	return tpl->name;
}

static struct mst_tpl *
S_env_find(const struct mst_env *env, const char *name, size_t len)
{
	struct mst_tpl	*t;

	/* name may hold any byte (a dynamic name comes from data) */
	for (t = env->tpls; t != NULL; t = t->next)
		if (t->namelen == len && memcmp(t->name, name, len) == 0)
			return t;
	return NULL;
}

/* Put tpl in env in place of the template of its name, if any. */
static void
S_env_put(struct mst_env *env, struct mst_tpl *tpl)
{
	struct mst_tpl	**pp;

	for (pp = &env->tpls; *pp != NULL; pp = &(*pp)->next)
		if (strcmp((*pp)->name, tpl->name) == 0) {
			tpl->next = (*pp)->next;
			S_tpl_free(*pp);
			*pp = tpl;
			return;
		}
	tpl->next = env->tpls;
	env->tpls = tpl;
}

const struct mst_tpl *
mst_env_add(struct mst_env *env, const char *name, const char *src,
    size_t len, struct mst_error *err)
{
	struct mst_tpl	*tpl;

	if ((tpl = S_compile(name, src, len, err)) == NULL)
		return NULL;
	S_env_put(env, tpl);
	return tpl;
}

/*
 * The template called name[0..len) that env holds, without loading: NULL
 * when it has none (err->msg empty) or holds a failed load (err says why).
 * Reads env only.
 */
static const struct mst_tpl *
S_env_lookup(const struct mst_env *env, const char *name, size_t len,
    struct mst_error *err)
{
	const struct mst_tpl	*tpl;

	if (err != NULL)
		err->msg[0] = '\0';
	if ((tpl = S_env_find(env, name, len)) == NULL)
		return NULL;
	if (tpl->fail != NULL) {
		if (err != NULL)
			*err = *tpl->fail;
		return NULL;
	}
	return tpl;
}

/* Like mst_env_get with a name that is not NUL-terminated. */
static const struct mst_tpl *
S_env_get(struct mst_env *env, const char *name, size_t len,
    struct mst_error *err)
{
	const struct mst_tpl	*tpl;
	struct mst_tpl		*bad;
	struct mst_error	 e;
	struct buf		 src = BUF_INIT;
	char			*nm;
	int			 rc;

	if ((tpl = S_env_lookup(env, name, len, err)) != NULL ||
	    S_env_find(env, name, len) != NULL)
		return tpl;
	if (env->load == NULL || len == 0 || memchr(name, '\0', len))
		return NULL;
	memset(&e, 0, sizeof(e));
	nm = xstrndup(name, len);
	rc = env->load(env->arg, nm, &src, &e);
	if (rc == 1)
		tpl = mst_env_add(env, nm, buf_cstr(&src), src.len, &e);
	else if (rc == -1 && e.msg[0] == '\0')
		S_err(&e, nm, 0, 0, "cannot load template");
	if (tpl == NULL && rc != 0) {
		/* Kept, so that the answer stays the same and rendering,
		 * which never loads, gives the same reason. */
		bad = xcalloc(1, sizeof(*bad));
		bad->name = nm;
		bad->namelen = len;
		bad->fail = xmalloc(sizeof(*bad->fail));
		*bad->fail = e;
		S_env_put(env, bad);
		nm = NULL;
	}
	if (err != NULL)
		*err = e;
	free(nm);
	buf_free(&src);
	return tpl;
}

const struct mst_tpl *
mst_env_get(struct mst_env *env, const char *name, struct mst_error *err)
{
	return S_env_get(env, name, strlen(name), err);
}

const struct mst_tpl *
mst_env_find(const struct mst_env *env, const char *name,
    struct mst_error *err)
{
	return S_env_lookup(env, name, strlen(name), err);
}

/* ---- walks over the templates a template names ---- */

/*
 * The templates a walk has visited, kept by the walk itself (not marked
 * on the templates), so that walks read the environment only and any
 * number of them can run at once.
 */
struct seen {
	const struct mst_tpl	**v;
	size_t			  n, cap;
};

/* 1 when tpl was visited already; otherwise records it and returns 0. */
static int
S_seen(struct seen *s, const struct mst_tpl *tpl)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == tpl)
			return 1;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = tpl;
	return 0;
}

static int
S_check_nodes(struct mst_env *env, struct seen *seen,
    const struct mst_tpl *tpl, const struct node *n, int depth,
    struct mst_error *err);

static int
S_check(struct mst_env *env, struct seen *seen, const struct mst_tpl *tpl,
    int depth, struct mst_error *err)
{
	if (S_seen(seen, tpl))
		return 0;
	return S_check_nodes(env, seen, tpl, tpl->root, depth, err);
}

static int
S_check_nodes(struct mst_env *env, struct seen *seen,
    const struct mst_tpl *tpl, const struct node *n, int depth,
    struct mst_error *err)
{
	const struct mst_tpl	*p;

	if (depth > MST_MAX_DEPTH) {
		S_err(err, tpl->name, 0, 0, "partials nested too deep");
		return -1;
	}
	for (; n != NULL; n = n->next) {
		if ((n->type == N_PARTIAL || n->type == N_PARENT) &&
		    !n->dynamic) {
			p = S_env_get(env, n->s, n->len, err);
			if (p == NULL && err != NULL && err->msg[0] != '\0')
				return -1;
			if (p == NULL && env->strict) {
				S_err(err, tpl->name, n->line, n->col,
				    "no template called '%.*s'",
				    (int)n->len, n->s);
				return -1;
			}
			if (p != NULL &&
			    S_check(env, seen, p, depth + 1, err) == -1)
				return -1;
		}
		if (S_check_nodes(env, seen, tpl, n->kids, depth, err) == -1)
			return -1;
	}
	return 0;
}

int
mst_env_check(struct mst_env *env, const struct mst_tpl *tpl,
    struct mst_error *err)
{
	struct seen	 seen = { NULL, 0, 0 };
	int		 rc;

	rc = S_check(env, &seen, tpl, 0, err);
	free(seen.v);
	return rc;
}

/* ---- what a template reads ---- */

static int
S_uses_nodes(const struct mst_env *env, struct seen *seen,
    const struct node *n, const char *name, size_t nlen, int depth);

/* 1 when tpl (not yet visited) may look up name; -1 when it cannot be
 * known (too deep, or an included template that did not load). */
static int
S_uses(const struct mst_env *env, struct seen *seen,
    const struct mst_tpl *tpl, const char *name, size_t nlen, int depth)
{
	if (S_seen(seen, tpl))
		return 0;
	return S_uses_nodes(env, seen, tpl->root, name, nlen, depth);
}

static int
S_uses_nodes(const struct mst_env *env, struct seen *seen,
    const struct node *n, const char *name, size_t nlen, int depth)
{
	const struct mst_tpl	*p;
	struct mst_error	 e;
	int			 rc;

	if (depth > MST_MAX_DEPTH)
		return -1;
	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case N_VAR:
		case N_RAW:
		case N_SECTION:
		case N_INVERTED:
			/* Looked up by its first part, from any depth of
			 * the context (so also inside other sections). */
			if (n->len >= nlen && memcmp(n->s, name, nlen) == 0 &&
			    (n->len == nlen || n->s[nlen] == '.'))
				return 1;
			break;
		case N_PARTIAL:
		case N_PARENT:
			/* A name taken from the data could be anything. */
			if (n->dynamic)
				return -1;
			/* As rendering finds it: one the environment does
			 * not hold renders nothing, so reads nothing. */
			p = S_env_lookup(env, n->s, n->len, &e);
			if (p == NULL && e.msg[0] != '\0')
				return -1;
			if (p != NULL && (rc = S_uses(env, seen, p, name,
			    nlen, depth + 1)) != 0)
				return rc;
			break;
		default:
			break;
		}
		if ((rc = S_uses_nodes(env, seen, n->kids, name, nlen,
		    depth)) != 0)
			return rc;
	}
	return 0;
}

int
mst_env_uses(const struct mst_env *env, const struct mst_tpl *tpl,
    const char *name)
{
	struct seen	 seen = { NULL, 0, 0 };
	int		 rc;

	rc = S_uses(env, &seen, tpl, name, strlen(name), 0);
	free(seen.v);
	return rc;
}

/* ---- rendering ---- */

struct render {
	const struct mst_env	*env;
	const struct mst_data	*ops;
	const struct mst_bind	*binds;		/* names over the root */
	size_t			 nbinds;
	struct buf		*out;
	const void		**ctx;		/* context stack, top last */
	size_t			 nctx, capctx;
	const struct node	**ovr;		/* parents whose blocks override,
						   outermost first */
	size_t			 novr, capovr;
	int			 depth;
	int			 atbol;		/* output is at a line start */
	struct mst_error	*err;
};

/* The indentation a node's lines get, and the prefix stripped from them. */
struct indent {
	const char	*ind;
	size_t		 indlen;
	const char	*ded;
	size_t		 dedlen;
	int		 suppress;	/* no indentation on the first line */
};

static void
S_ctx_push(struct render *r, const void *v)
{
	if (r->nctx == r->capctx) {
		r->capctx = r->capctx ? r->capctx * 2 : 16;
		r->ctx = xrealloc(r->ctx, r->capctx * sizeof(*r->ctx));
	}
	r->ctx[r->nctx++] = v;
}

static void
S_emit(struct render *r, const char *s, size_t len)
{
	if (len == 0)
		return;
	buf_put(r->out, s, len);
	r->atbol = s[len - 1] == '\n';
}

static void
S_emit_indent(struct render *r, struct indent *in)
{
	if (in->suppress) {
		in->suppress = 0;
		return;
	}
	if (r->atbol && in->indlen > 0)
		S_emit(r, in->ind, in->indlen);
}

/* Resolve a dotted name against the context stack; NULL when missing. */
static const void *
S_lookup(struct render *r, const char *name, size_t len)
{
	const struct mst_data	*d = r->ops;
	const void		*v = NULL;
	const char		*dot, *part = name, *end = name + len;
	size_t			 plen, i;

	if (len == 1 && name[0] == '.')
		return r->nctx ? r->ctx[r->nctx - 1] : NULL;
	dot = memchr(name, '.', len);
	plen = dot ? (size_t)(dot - name) : len;
	for (i = r->nctx; i > 0; i--) {
		const void *c = r->ctx[i - 1];
		size_t	 b;

		/* At the root, the bound names come first. */
		if (i == 1 && r->nbinds > 0) {
			for (b = 0; b < r->nbinds; b++)
				if (r->binds[b].len == plen &&
				    memcmp(r->binds[b].name, part, plen) == 0)
					break;
			if (b < r->nbinds) {
				v = r->binds[b].value;
				break;
			}
		}
		if (d->kind(c) == MST_MAP &&
		    (v = d->get(c, part, plen)) != NULL)
			break;
	}
	while (v != NULL && dot != NULL) {
		part = dot + 1;
		dot = memchr(part, '.', (size_t)(end - part));
		plen = dot ? (size_t)(dot - part) : (size_t)(end - part);
		switch (d->kind(v)) {
		case MST_MAP:
			v = d->get(v, part, plen);
			break;
		case MST_LIST: {
			size_t	 idx = 0, k;

			if (plen == 0 || plen > 9)
				return NULL;
			for (k = 0; k < plen; k++) {
				if (part[k] < '0' || part[k] > '9')
					return NULL;
				idx = idx * 10 + (size_t)(part[k] - '0');
			}
			v = idx < d->count(v) ? d->at(v, idx) : NULL;
			break;
		}
		default:
			return NULL;
		}
	}
	return v;
}

static int
S_truthy(struct render *r, const void *v)
{
	if (v == NULL)
		return 0;
	switch (r->ops->kind(v)) {
	case MST_NULL:
	case MST_FALSE:
		return 0;
	case MST_LIST:
	case MST_STRING:
		return r->ops->count(v) > 0;
	default:
		return 1;
	}
}

static int S_render(struct render *r, const struct mst_tpl *tpl,
    const struct node *n, struct indent *in);

/* Write text, indenting and de-indenting each template line start. */
static void
S_text(struct render *r, const struct node *n, struct indent *in)
{
	const char	*s = n->s, *end = n->s + n->len, *nl;
	size_t		 k, len;
	int		 bol = n->bol;

	if (in->indlen == 0 && in->dedlen == 0 && !in->suppress) {
		S_emit(r, s, n->len);
		return;
	}
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		len = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (bol) {
			for (k = 0; k < in->dedlen && k < len &&
			    s[k] == in->ded[k]; k++)
				continue;
			s += k;
			len -= k;
			if (len > 0 && s[0] != '\n' &&
			    !(s[0] == '\r' && len > 1 && s[1] == '\n'))
				S_emit_indent(r, in);
		}
		S_emit(r, s, len);
		s += len;
		bol = 1;
	}
}

/* The part of a raw indentation left after stripping the prefix ded. */
static void
S_strip(const char *s, size_t len, const struct indent *in,
    const char **out, size_t *outlen)
{
	size_t	 k;

	if (s == NULL) {	/* an inline tag has no indentation */
		*out = "";
		*outlen = 0;
		return;
	}
	for (k = 0; k < in->dedlen && k < len && s[k] == in->ded[k]; k++)
		continue;
	*out = s + k;
	*outlen = len - k;
}

/* Render another template (a partial or parent) with extra indentation. */
static int
S_expand(struct render *r, const struct node *n, const struct mst_tpl *cur,
    struct indent *in)
{
	const struct mst_tpl	*p;
	const char		*name = n->s, *extra;
	size_t			 namelen = n->len, extralen;
	struct buf		 dyn = BUF_INIT, ind = BUF_INIT;
	struct indent		 sub;
	int			 rc = -1;

	if (n->dynamic) {
		const void *v = S_lookup(r, n->s, n->len);

		if (v == NULL || r->ops->kind(v) == MST_LIST ||
		    r->ops->kind(v) == MST_MAP)
			return 0;
		r->ops->text(v, &dyn);
		name = buf_cstr(&dyn);
		namelen = dyn.len;
	}
	if (r->depth >= MST_MAX_DEPTH) {
		S_err(r->err, cur->name, n->line, n->col,
		    "partials nested deeper than %d (does '%.*s' include "
		    "itself?)", MST_MAX_DEPTH, (int)namelen, name);
		goto out;
	}
	p = S_env_lookup(r->env, name, namelen, r->err);
	if (p == NULL) {
		if (r->err != NULL && r->err->msg[0] != '\0')
			goto out;
		if (r->env->strict) {
			S_err(r->err, cur->name, n->line, n->col,
			    "no template called '%.*s'", (int)namelen, name);
			goto out;
		}
		rc = 0;
		goto out;
	}
	S_strip(n->ind, n->indlen, in, &extra, &extralen);
	buf_put(&ind, in->ind, in->indlen);
	buf_put(&ind, extra, extralen);
	sub.ind = buf_cstr(&ind);
	sub.indlen = ind.len;
	sub.ded = "";
	sub.dedlen = 0;
	sub.suppress = 0;
	/* An inline partial at a line start gets the line's indentation; a
	 * standalone one indents its own lines instead. */
	if (n->bol)
		S_emit_indent(r, in);
	r->depth++;
	rc = S_render(r, p, p->root, &sub);
	r->depth--;
out:
	buf_free(&dyn);
	buf_free(&ind);
	return rc;
}

/* The override for block name, outermost parent first; NULL when none. */
static const struct node *
S_override(struct render *r, const struct node *blk)
{
	size_t			 i;
	const struct node	*k;

	for (i = 0; i < r->novr; i++)
		for (k = r->ovr[i]->kids; k != NULL; k = k->next)
			if (k->type == N_BLOCK && k->len == blk->len &&
			    memcmp(k->s, blk->s, k->len) == 0)
				return k;
	return NULL;
}

/* Indentation of a block's own lines at its definition. */
static void
S_block_indent(const struct node *b, const char **s, size_t *len)
{
	if (b->standalone) {
		*s = b->ind;
		*len = b->indlen;
	} else {
		*s = "";
		*len = 0;
	}
}

static int
S_block(struct render *r, const struct mst_tpl *tpl, const struct node *n,
    struct indent *in)
{
	const struct node	*o = S_override(r, n);
	const char		*site;
	size_t			 sitelen;
	struct buf		 ind = BUF_INIT;
	struct indent		 sub;
	int			 rc;

	if (n->bol)
		S_emit_indent(r, in);
	if (o == NULL) {
		/* The default content, where it stands. */
		return S_render(r, tpl, n->kids, in);
	}
	/* The override's own indentation is removed, and the site's added:
	 * a standalone site's intrinsic indentation on every line, an inline
	 * site's leading whitespace on the lines after the first. */
	if (n->standalone)
		S_strip(n->ind, n->indlen, in, &site, &sitelen);
	else {
		site = n->ind;
		sitelen = n->ind ? n->indlen : 0;
	}
	buf_put(&ind, in->ind, in->indlen);
	buf_put(&ind, site, sitelen);
	sub.ind = buf_cstr(&ind);
	sub.indlen = ind.len;
	S_block_indent(o, &sub.ded, &sub.dedlen);
	sub.suppress = !n->standalone && !r->atbol;
	rc = S_render(r, tpl, o->kids, &sub);
	buf_free(&ind);
	return rc;
}

static int
S_render(struct render *r, const struct mst_tpl *tpl, const struct node *n,
    struct indent *in)
{
	const void	*v;
	size_t		 i, cnt, mark;
	int		 rc;

	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case N_TEXT:
			S_text(r, n, in);
			break;
		case N_VAR:
		case N_RAW:
			if (n->bol)
				S_emit_indent(r, in);
			v = S_lookup(r, n->s, n->len);
			if (v == NULL)
				break;
			switch (r->ops->kind(v)) {
			case MST_LIST:
			case MST_MAP:
			case MST_NULL:
				break;
			default:
				mark = r->out->len;
				r->ops->text(v, r->out);
				if (n->type == N_VAR && !r->env->plain) {
					struct buf t = BUF_INIT;

					buf_put(&t, r->out->data + mark,
					    r->out->len - mark);
					r->out->len = mark;
					buf_put_html(r->out, t.data, t.len);
					buf_free(&t);
				}
				if (r->out->len > mark)
					r->atbol =
					    r->out->data[r->out->len - 1] ==
					    '\n';
				break;
			}
			break;
		case N_SECTION:
		case N_INVERTED:
			if (n->bol)
				S_emit_indent(r, in);
			v = S_lookup(r, n->s, n->len);
			if (n->type == N_INVERTED) {
				if (!S_truthy(r, v) &&
				    S_render(r, tpl, n->kids, in) == -1)
					return -1;
				break;
			}
			if (!S_truthy(r, v))
				break;
			if (r->nctx > MST_MAX_DEPTH * 4) {
				S_err(r->err, tpl->name, n->line, n->col,
				    "sections nested too deep");
				return -1;
			}
			if (r->ops->kind(v) == MST_LIST) {
				cnt = r->ops->count(v);
				for (i = 0; i < cnt; i++) {
					S_ctx_push(r, r->ops->at(v, i));
					rc = S_render(r, tpl, n->kids, in);
					r->nctx--;
					if (rc == -1)
						return -1;
				}
			} else {
				S_ctx_push(r, v);
				rc = S_render(r, tpl, n->kids, in);
				r->nctx--;
				if (rc == -1)
					return -1;
			}
			break;
		case N_PARTIAL:
			if (S_expand(r, n, tpl, in) == -1)
				return -1;
			break;
		case N_PARENT:
			if (r->novr == r->capovr) {
				r->capovr = r->capovr ? r->capovr * 2 : 8;
				r->ovr = xrealloc(r->ovr,
				    r->capovr * sizeof(*r->ovr));
			}
			r->ovr[r->novr++] = n;
			rc = S_expand(r, n, tpl, in);
			r->novr--;
			if (rc == -1)
				return -1;
			break;
		case N_BLOCK:
			if (S_block(r, tpl, n, in) == -1)
				return -1;
			break;
		}
	}
	return 0;
}

int
mst_render(const struct mst_env *env, const struct mst_tpl *tpl,
    const struct mst_data *ops, const void *data, struct buf *out,
    struct mst_error *err)
{
	return mst_render_with(env, tpl, ops, data, NULL, 0, out, err);
}

int
mst_render_with(const struct mst_env *env, const struct mst_tpl *tpl,
    const struct mst_data *ops, const void *data,
    const struct mst_bind *binds, size_t nbinds, struct buf *out,
    struct mst_error *err)
{
	struct render	 r;
	struct indent	 in = { "", 0, "", 0, 0 };
	size_t		 mark = out->len;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.env = env;
	r.ops = ops;
	r.binds = binds;
	r.nbinds = nbinds;
	r.out = out;
	r.atbol = 1;
	r.err = err;
	if (err != NULL)
		err->msg[0] = '\0';
	S_ctx_push(&r, data);
	rc = S_render(&r, tpl, tpl->root, &in);
	free(r.ctx);
	free(r.ovr);
	if (rc == -1) {
		out->len = mark;
		if (out->data != NULL)
			out->data[mark] = '\0';
	}
	return rc;
}
