/*
 * markdown: Markdown to HTML with anchors, contents and bidi isolation
 * (see markdown.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "keys.h"
#include "markdown.h"
#include "names.h"
#include "sha256.h"

void
md_anchor(const char *text, size_t len, struct buf *out)
{
	const uint8_t	*s = (const uint8_t *)text;
	int32_t		 i = 0, n = (int32_t)len;
	UChar32		 c;
	size_t		 start = out->len;
	int		 hyphen = 0;
	char		 u8[4];
	int32_t		 k;
	UBool		 err;

	while (i < n) {
		U8_NEXT(s, i, n, c);
		if (c < 0)
			continue;
		if (c == 0x0640 || u_charType(c) == U_NON_SPACING_MARK ||
		    u_charType(c) == U_ENCLOSING_MARK ||
		    u_charType(c) == U_FORMAT_CHAR)
			continue;	/* tatweel, harakat, bidi marks */
		if (u_isalnum(c)) {
			if (hyphen && out->len > start)
				buf_putc(out, '-');
			hyphen = 0;
			if (c < 0x80)
				c = u_tolower(c);
			k = 0;
			err = 0;
			U8_APPEND((uint8_t *)u8, k, 4, c, err);
			if (!err)
				buf_put(out, u8, (size_t)k);
		} else
			hyphen = 1;
	}
	if (out->len == start)
		buf_puts(out, "section");
}

void
md_plain(void *node, struct buf *out)
{
	cmark_node	*n = node;
	cmark_node	*k;
	const char	*lit;

	for (k = cmark_node_first_child(n); k != NULL; k = cmark_node_next(k)) {
		switch (cmark_node_get_type(k)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(k);
			if (lit != NULL)
				buf_puts(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			md_plain(k, out);
			break;
		}
	}
}

/* ---- left-to-right runs inside text ---- */

enum run { RUN_NONE, RUN_URL, RUN_EMAIL, RUN_PHONE };

static int
S_is_email_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '+' || c == '%';
}

/* Digit value of an ASCII, Arabic-Indic or Persian digit at s, with its
 * byte length in *n; -1 when not a digit. */
static int
S_digit(const char *s, size_t left, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (left >= 1 && u[0] >= '0' && u[0] <= '9') {
		*n = 1;
		return u[0] - '0';
	}
	if (left >= 2 && u[0] == 0xD9 && u[1] >= 0xA0 && u[1] <= 0xA9) {
		*n = 2;
		return u[1] - 0xA0;
	}
	if (left >= 2 && u[0] == 0xDB && u[1] >= 0xB0 && u[1] <= 0xB9) {
		*n = 2;
		return u[1] - 0xB0;
	}
	return -1;
}

/*
 * Bytes that can start a run: 'h' (http), '@' (scanned back from), '+',
 * ASCII digits and the lead bytes of Arabic-Indic (0xD9) and Persian
 * (0xDB) digits. Anything else is skipped without the checks below.
 */
static const unsigned char run_start[256] = {
	['h'] = 1, ['@'] = 1, ['+'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	[0xD9] = 1, [0xDB] = 1
};

/* Find the first run in s; its offset and length in *off and *len. */
static enum run
S_find_run(const char *s, size_t len, size_t *off, size_t *rlen)
{
	size_t	 i, j, n, digits;

	for (i = 0; i < len; i++) {
		if (!run_start[(unsigned char)s[i]])
			continue;
		/* 0xD9 leads most Arabic letters too: only its digits */
		if ((unsigned char)s[i] == 0xD9 && (i + 1 == len ||
		    (unsigned char)s[i + 1] < 0xA0 ||
		    (unsigned char)s[i + 1] > 0xA9)) {
			i++;
			continue;
		}
		/* web address */
		if (s[i] == 'h' &&
		    ((len - i >= 8 && strncmp(s + i, "https://", 8) == 0) ||
		    (len - i >= 7 && strncmp(s + i, "http://", 7) == 0))) {
			for (j = i; j < len && (unsigned char)s[j] > ' ' &&
			    (unsigned char)s[j] < 0x80 && s[j] != '<' &&
			    s[j] != '>' && s[j] != '"'; j++)
				continue;
			while (j > i && strchr(".,:;!?)]'", s[j - 1]) != NULL)
				j--;
			*off = i;
			*rlen = j - i;
			return RUN_URL;
		}
		/* e-mail: scan back and forth from an '@' */
		if (s[i] == '@') {
			size_t a = i, b = i + 1, dot = 0;

			while (a > 0 && S_is_email_char((unsigned char)s[a - 1]))
				a--;
			while (b < len && S_is_email_char((unsigned char)s[b])) {
				if (s[b] == '.')
					dot = b;
				b++;
			}
			while (b > i + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
				b--;
			if (a < i && dot > i + 1 && dot < b - 2) {
				*off = a;
				*rlen = b - a;
				return RUN_EMAIL;
			}
		}
		/* phone: + or a digit, then digits, spaces and hyphens,
		 * at least 7 digits, not glued to letters or slashes */
		if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
		    s[i - 1] == ':') &&
		    (s[i] == '+' || S_digit(s + i, len - i, &n) >= 0)) {
			digits = 0;
			for (j = i + (s[i] == '+'); j < len; ) {
				if (S_digit(s + j, len - j, &n) >= 0) {
					digits++;
					j += n;
				} else if ((s[j] == ' ' || s[j] == '-') &&
				    j + 1 < len &&
				    S_digit(s + j + 1, len - j - 1, &n) >= 0)
					j++;
				else
					break;
			}
			/* a date such as 14/08/2024 is not a phone */
			if (digits >= 7 && digits <= 15 &&
			    (j == len || s[j] != '/')) {
				*off = i;
				*rlen = j - i;
				return RUN_PHONE;
			}
		}
	}
	return RUN_NONE;
}

static int
S_inside_link(cmark_node *n)
{
	for (n = cmark_node_parent(n); n != NULL; n = cmark_node_parent(n))
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/* Split one text node around its left-to-right runs. */
static void
S_isolate(cmark_node *text)
{
	const char	*lit = cmark_node_get_literal(text);
	char		*rest;
	size_t		 off, rlen, len, i, n;
	enum run	 kind;
	cmark_node	*before, *wrap, *inner;
	struct buf	 open = BUF_INIT, digits = BUF_INIT;
	int		 linked;

	if (lit == NULL)
		return;
	len = strlen(lit);
	if (S_find_run(lit, len, &off, &rlen) == RUN_NONE)
		return;		/* most text: nothing to isolate */
	rest = xstrdup(lit);
	linked = S_inside_link(text);
	while ((kind = S_find_run(rest, len, &off, &rlen)) != RUN_NONE) {
		before = cmark_node_new(CMARK_NODE_TEXT);
		{
			char *b = xstrndup(rest, off);
			cmark_node_set_literal(before, b);
			free(b);
		}
		cmark_node_insert_before(text, before);
		buf_reset(&open);
		if (linked || kind == RUN_PHONE) {
			buf_puts(&open, "<bdi dir=\"ltr\">");
			if (kind == RUN_PHONE && !linked) {
				buf_reset(&digits);
				for (i = 0; i < rlen; ) {
					int d = S_digit(rest + off + i,
					    rlen - i, &n);
					if (d >= 0) {
						buf_putc(&digits,
						    (char)('0' + d));
						i += n;
					} else {
						if (rest[off + i] == '+')
							buf_putc(&digits, '+');
						i++;
					}
				}
				buf_reset(&open);
				buf_puts(&open, "<a href=\"tel:");
				buf_put_html(&open, digits.data, digits.len);
				buf_puts(&open, "\" dir=\"ltr\">");
			}
		} else {
			buf_puts(&open, "<a href=\"");
			if (kind == RUN_EMAIL)
				buf_puts(&open, "mailto:");
			buf_put_html(&open, rest + off, rlen);
			buf_puts(&open, "\" dir=\"ltr\">");
		}
		wrap = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
		cmark_node_set_on_enter(wrap, buf_cstr(&open));
		cmark_node_set_on_exit(wrap, strncmp(buf_cstr(&open), "<bdi", 4)
		    == 0 ? "</bdi>" : "</a>");
		inner = cmark_node_new(CMARK_NODE_TEXT);
		{
			char *r = xstrndup(rest + off, rlen);
			cmark_node_set_literal(inner, r);
			free(r);
		}
		cmark_node_append_child(wrap, inner);
		cmark_node_insert_before(text, wrap);
		memmove(rest, rest + off + rlen, len - off - rlen + 1);
		len -= off + rlen;
	}
	cmark_node_set_literal(text, rest);
	free(rest);
	buf_free(&open);
	buf_free(&digits);
}

/* ---- headings ---- */

/* Is id one of the templates' own, or a heading's before it (in used)? */
static int
S_id_taken(json_t *used, const char *id)
{
	return names_id_reserved(id) || json_object_get(used, id) != NULL;
}

static int
S_render(const char *src, size_t len, struct buf *html, json_t *toc)
{
	cmark_node	*doc, *n, **heads = NULL, **texts = NULL;
	cmark_iter	*it;
	cmark_event_type ev;
	size_t		 nheads = 0, ntexts = 0, i;
	struct buf	 text = BUF_INIT, id = BUF_INIT, h = BUF_INIT;
	json_t		*used = NULL;	/* the headings' ids so far */
	char		*out, *inner;
	int		 level;

	doc = cmark_parse_document(src, len, CMARK_OPT_DEFAULT);
	if (doc == NULL)
		return -1;
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			heads = xrealloc(heads, (nheads + 1) * sizeof(*heads));
			heads[nheads++] = n;
		} else if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
			texts = xrealloc(texts, (ntexts + 1) * sizeof(*texts));
			texts[ntexts++] = n;
		}
	}
	cmark_iter_free(it);

	/* Anchors come from the text as written, before isolation. */
	for (i = 0; i < nheads; i++) {
		buf_reset(&text);
		buf_reset(&id);
		md_plain(heads[i], &text);
		md_anchor(buf_cstr(&text), text.len, &id);
		if (names_id_prefix_reserved(buf_cstr(&id))) {
			buf_reset(&h);
			buf_printf(&h, "h-%s", buf_cstr(&id));
			buf_reset(&id);
			buf_puts(&id, buf_cstr(&h));
			buf_reset(&h);
		}
		if (S_id_taken(used, buf_cstr(&id))) {
			size_t base = id.len;
			int suffix = 2;

			do {
				id.len = base;
				buf_printf(&id, "-%d", suffix++);
			} while (S_id_taken(used, buf_cstr(&id)));
		}
		if (used == NULL)
			used = json_object();
		json_object_set_new(used, buf_cstr(&id), json_true());
		level = cmark_node_get_heading_level(heads[i]);
		if (toc != NULL && (level == 2 || level == 3)) {
			/* valid UTF-8 (cmark's text and ids made of it):
			 * no json_pack, which checks it again */
			json_t *e = json_object();

			json_object_set_new_nocheck(e, KEY_ID,
			    json_stringn_nocheck(id.data, id.len));
			json_object_set_new_nocheck(e, KEY_TEXT,
			    json_stringn_nocheck(buf_cstr(&text), text.len));
			json_object_set_new_nocheck(e, KEY_LEVEL,
			    json_integer(level));
			json_array_append_new(toc, e);
		}
		/* The heading becomes a custom block holding its own HTML
		 * with the id; cmark has no attribute hook. */
		cmark_node_set_user_data(heads[i], xstrdup(buf_cstr(&id)));
	}
	for (i = 0; i < ntexts; i++)
		S_isolate(texts[i]);
	for (i = 0; i < nheads; i++) {
		char *hid = cmark_node_get_user_data(heads[i]);
		cmark_node *blk;

		level = cmark_node_get_heading_level(heads[i]);
		buf_reset(&h);
		buf_printf(&h, "<h%d id=\"", level);
		buf_put_html(&h, hid, strlen(hid));
		buf_puts(&h, "\">");
		out = cmark_render_html(heads[i], CMARK_OPT_DEFAULT);
		/* out is "<hN>inner</hN>\n" */
		inner = strchr(out, '>');
		if (inner != NULL) {
			char *end = strrchr(inner, '<');

			if (end != NULL && end > inner)
				buf_put(&h, inner + 1, (size_t)(end - inner - 1));
		}
		buf_printf(&h, "</h%d>\n", level);
		free(out);
		free(hid);
		blk = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(blk, buf_cstr(&h));
		cmark_node_insert_before(heads[i], blk);
		cmark_node_free(heads[i]);
	}
	out = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	buf_puts(html, out);
	free(out);
	cmark_node_free(doc);
	free(heads);
	free(texts);
	buf_free(&text);
	buf_free(&id);
	buf_free(&h);
	json_decref(used);
	return 0;
}

/* ---- rendering ahead ---- */

/* A text rendered ahead (or being), or claimed by md_render; known by
 * its length and SHA-256, so that no copy of it is kept. */
struct ahead {
	struct ahead	*next;
	char		 digest[SHA256_HEX_LEN + 1];
	size_t		 len;
	int		 claim;	/* md_render renders it itself */
	int		 done;	/* the result is there */
	int		 taken;	/* by an md_render() */
	int		 rc;
	struct buf	 html;
	json_t		*toc;
};

#define AHEAD_BUCKETS	4096

static struct {
	atomic_int	 on;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;		/* an entry is done */
	struct ahead	*bucket[AHEAD_BUCKETS];
} ahead = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* The bucket of a digest: its first hex digits. */
static size_t
S_bucket(const char *digest)
{
	return (size_t)strtoul((char[]){ digest[0], digest[1], digest[2],
	    '\0' }, NULL, 16) % AHEAD_BUCKETS;
}

/* The entry for a text, or NULL; with the lock held. */
static struct ahead *
S_find(const char *digest, size_t len)
{
	struct ahead	*e;

	for (e = ahead.bucket[S_bucket(digest)]; e != NULL; e = e->next)
		if (e->len == len && strcmp(e->digest, digest) == 0)
			return e;
	return NULL;
}

/* A new entry in the table; with the lock held. */
static struct ahead *
S_insert(const char *digest, size_t len)
{
	struct ahead	*e = xcalloc(1, sizeof(*e));
	size_t		 b = S_bucket(digest);

	memcpy(e->digest, digest, sizeof(e->digest));
	e->len = len;
	e->next = ahead.bucket[b];
	ahead.bucket[b] = e;
	return e;
}

/* Take e out of the table; with the lock held. */
static void
S_unlink(struct ahead *e)
{
	struct ahead	**pp = &ahead.bucket[S_bucket(e->digest)];

	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
}

static void
S_ahead_free(struct ahead *e)
{
	buf_free(&e->html);
	json_decref(e->toc);
	free(e);
}

void
md_ahead_begin(void)
{
	atomic_store(&ahead.on, 1);
}

int
md_ahead_render(const char *src, size_t len)
{
	char		 digest[SHA256_HEX_LEN + 1];
	struct ahead	*e;

	if (!atomic_load(&ahead.on) || sha256_hex(src, len, digest) == -1)
		return 1;
	pthread_mutex_lock(&ahead.mu);
	if ((e = S_find(digest, len)) != NULL) {
		/* md_render has it (they met), or the same text twice */
		int met = e->claim;

		pthread_mutex_unlock(&ahead.mu);
		return met;
	}
	e = S_insert(digest, len);
	pthread_mutex_unlock(&ahead.mu);

	/* e is only this thread's until it is done */
	e->toc = json_array();
	e->rc = S_render(src, len, &e->html, e->toc);

	pthread_mutex_lock(&ahead.mu);
	e->done = 1;
	pthread_cond_broadcast(&ahead.cv);
	pthread_mutex_unlock(&ahead.mu);
	return 0;
}

void
md_ahead_end(void)
{
	struct ahead	*e, *next;
	size_t		 i;

	pthread_mutex_lock(&ahead.mu);
	atomic_store(&ahead.on, 0);
	for (i = 0; i < AHEAD_BUCKETS; i++) {
		for (e = ahead.bucket[i]; e != NULL; e = next) {
			next = e->next;
			S_ahead_free(e);
		}
		ahead.bucket[i] = NULL;
	}
	pthread_mutex_unlock(&ahead.mu);
}

/*
 * md_render's side: 1 with the result appended (*rc its return) when src
 * was rendered ahead, waiting for it if it is being rendered; else 0,
 * src claimed, so that it is not rendered ahead too.
 */
static int
S_ahead_take(const char *src, size_t len, struct buf *html, json_t *toc,
    int *rc)
{
	char		 digest[SHA256_HEX_LEN + 1];
	struct ahead	*e;

	if (sha256_hex(src, len, digest) == -1)
		return 0;
	pthread_mutex_lock(&ahead.mu);
	if ((e = S_find(digest, len)) == NULL) {
		e = S_insert(digest, len);
		e->claim = 1;
		e->done = 1;
		pthread_mutex_unlock(&ahead.mu);
		return 0;
	}
	if (e->claim || e->taken) {
		pthread_mutex_unlock(&ahead.mu);
		return 0;	/* claimed, or another md_render's */
	}
	e->taken = 1;
	while (!e->done)
		pthread_cond_wait(&ahead.cv, &ahead.mu);
	S_unlink(e);
	pthread_mutex_unlock(&ahead.mu);
	*rc = e->rc;
	if (e->rc == 0) {
		buf_put(html, e->html.data ? e->html.data : "", e->html.len);
		if (toc != NULL)
			json_array_extend(toc, e->toc);
	}
	S_ahead_free(e);
	return 1;
}

int
md_render(const char *src, size_t len, struct buf *html, json_t *toc)
{
	int	 rc;

	if (atomic_load(&ahead.on) && S_ahead_take(src, len, html, toc, &rc))
		return rc;
	return S_render(src, len, html, toc);
}
