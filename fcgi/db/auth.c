/*
 * auth: passwords, authenticator codes, tokens and the enrolment's QR
 * code (see auth.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include "auth.h"
#include "utf8.h"

_Static_assert(AUTH_HASH_SIZE >= crypto_pwhash_STRBYTES,
    "room for an encoded hash");
_Static_assert(AUTH_TOKEN_LEN + 1 == sodium_base64_ENCODED_LEN(32,
    sodium_base64_VARIANT_URLSAFE_NO_PADDING), "a token's length");

/* The list, folded to ASCII lower case and sorted, for bsearch(). */
struct auth_common {
	char	**v;
	size_t	  n;
	char	 *text;		/* the file, which v points into */
};

int
auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	if (oath_init() != OATH_OK)
		return -1;
	return 0;
}

static void
S_fold(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int
S_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct auth_common *
auth_common_load(const char *path, struct buf *err)
{
	struct auth_common	*c = NULL;
	FILE			*f = NULL;
	struct buf		 text = BUF_INIT;
	char			 chunk[8192], *p, *nl;
	size_t			 n, cap = 0;

	if ((f = fopen(path, "r")) == NULL) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&text, chunk, n);
	if (ferror(f)) {
		buf_printf(err, "%s: cannot read it", path);
		goto fail;
	}
	c = xcalloc(1, sizeof(*c));
	buf_putc(&text, '\n');
	c->text = buf_detach(&text);
	for (p = c->text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		S_fold(p);
		if (c->n == cap) {
			cap = cap ? cap * 2 : 1024;
			c->v = xrealloc(c->v, cap * sizeof(*c->v));
		}
		c->v[c->n++] = p;
	}
	qsort(c->v, c->n, sizeof(*c->v), S_strcmp);
	fclose(f);
	return c;
fail:
	if (f != NULL)
		fclose(f);
	buf_free(&text);
	auth_common_free(c);
	return NULL;
}

void
auth_common_free(struct auth_common *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c->text);
	free(c);
}

size_t
auth_common_count(const struct auth_common *c)
{
	return c ? c->n : 0;
}

enum auth_pw
auth_password_check(const struct auth_common *common, const char *pw)
{
	size_t		 len = strlen(pw), chars = 0, i;
	char		*folded;
	int		 found;
	unsigned char	 b;

	/* Past 4 bytes a character, no need to look further. */
	if (len > 4 * AUTH_PW_MAX)
		return AUTH_PW_LONG;
	if (!utf8_valid(pw, len, NULL))
		return AUTH_PW_INVALID;
	for (i = 0; i < len; i++) {
		b = (unsigned char)pw[i];
		if (b < 0x20 || b == 0x7f)
			return AUTH_PW_INVALID;
		/* C1 controls, U+0080-U+009F: C2 80 to C2 9F. */
		if (b == 0xc2 && i + 1 < len &&
		    (unsigned char)pw[i + 1] < 0xa0)
			return AUTH_PW_INVALID;
		if ((b & 0xc0) != 0x80)
			chars++;
	}
	if (chars < AUTH_PW_MIN)
		return AUTH_PW_SHORT;
	if (chars > AUTH_PW_MAX)
		return AUTH_PW_LONG;
	if (common == NULL || common->n == 0)
		return AUTH_PW_OK;
	folded = xstrdup(pw);
	S_fold(folded);
	found = bsearch(&folded, common->v, common->n, sizeof(*common->v),
	    S_strcmp) != NULL;
	sodium_memzero(folded, len);
	free(folded);
	return found ? AUTH_PW_COMMON : AUTH_PW_OK;
}

int
auth_password_hash(const char *pw, char out[AUTH_HASH_SIZE])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int
auth_password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || *hash == '\0')
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static pthread_once_t	 dummy_once = PTHREAD_ONCE_INIT;
static char		 dummy_hash[AUTH_HASH_SIZE];

/* A hash of 32 random bytes that nobody knows, made once. */
static void
S_dummy_make(void)
{
	unsigned char	 r[32];
	char		 pw[65];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
	if (auth_password_hash(pw, dummy_hash) == -1)
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof(pw));
}

void
auth_password_prepare(void)
{
	pthread_once(&dummy_once, S_dummy_make);
}

void
auth_password_dummy(const char *pw)
{
	auth_password_prepare();
	/* Without memory for the hash there is no hash to check against
	 * for anyone, which costs alike. */
	if (dummy_hash[0] != '\0')
		(void)auth_password_verify(dummy_hash, pw);
}

int
auth_totp_secret(char out[AUTH_SECRET_LEN + 1])
{
	unsigned char	 raw[AUTH_SECRET_LEN * 5 / 8];
	char		*b32 = NULL;
	size_t		 n = 0;
	int		 rc = -1;

	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &n) ==
	    OATH_OK && n == AUTH_SECRET_LEN) {
		memcpy(out, b32, AUTH_SECRET_LEN);
		out[AUTH_SECRET_LEN] = '\0';
		rc = 0;
	}
	if (b32 != NULL) {
		sodium_memzero(b32, n);
		free(b32);
	}
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

/* The raw secret of a base32 one into *raw (free with S_raw_free()):
 * 0, or -1 when malformed. */
static int
S_raw(const char *secret, char **raw, size_t *n)
{
	*raw = NULL;
	*n = 0;
	if (secret == NULL || *secret == '\0' ||
	    oath_base32_decode(secret, strlen(secret), raw, n) != OATH_OK ||
	    *n == 0) {
		free(*raw);
		*raw = NULL;
		return -1;
	}
	return 0;
}

static void
S_raw_free(char *raw, size_t n)
{
	if (raw != NULL) {
		sodium_memzero(raw, n);
		free(raw);
	}
}

int
auth_totp_code(const char *secret, time_t t, char out[AUTH_TOTP_DIGITS + 1])
{
	char	*raw;
	size_t	 n;
	int	 rc;

	if (S_raw(secret, &raw, &n) == -1)
		return -1;
	rc = oath_totp_generate(raw, n, t, AUTH_TOTP_STEP, 0,
	    AUTH_TOTP_DIGITS, out) == OATH_OK ? 0 : -1;
	S_raw_free(raw, n);
	return rc;
}

int
auth_totp_check(const char *secret, time_t now, const char *code,
    int64_t last, int64_t *step)
{
	char		*raw;
	size_t		 n, i;
	int		 pos = 0, rc;
	uint64_t	 counter = 0;

	*step = -1;
	if (code == NULL || strlen(code) != AUTH_TOTP_DIGITS)
		return 0;
	for (i = 0; i < AUTH_TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	if (S_raw(secret, &raw, &n) == -1)
		return 0;
	rc = oath_totp_validate3(raw, n, now, AUTH_TOTP_STEP, 0, 1, &pos,
	    &counter, code);
	S_raw_free(raw, n);
	if (rc < 0 || counter > INT64_MAX)
		return 0;
	if (last >= 0 && (int64_t)counter <= last)
		return 0;
	*step = (int64_t)counter;
	return 1;
}

/* Percent-encode s but for RFC 3986's unreserved characters. */
static void
S_pct(struct buf *out, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_putc(out, (char)c);
		else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

void
auth_otpauth_uri(struct buf *out, const char *issuer, const char *account,
    const char *secret)
{
	buf_puts(out, "otpauth://totp/");
	S_pct(out, issuer);
	buf_putc(out, ':');
	S_pct(out, account);
	buf_printf(out, "?secret=%s&issuer=", secret);
	S_pct(out, issuer);
	buf_printf(out, "&algorithm=SHA1&digits=%d&period=%d",
	    AUTH_TOTP_DIGITS, AUTH_TOTP_STEP);
}

int
auth_qr_make(const char *text, struct auth_qr *qr)
{
	QRcode	*q;
	size_t	 i, n;

	memset(qr, 0, sizeof(*qr));
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return -1;
	n = (size_t)q->width * (size_t)q->width;
	qr->width = q->width;
	qr->dark = xmalloc(n);
	/* Bit 0 of each byte: dark; the others say which part of the
	 * symbol the module belongs to. */
	for (i = 0; i < n; i++)
		qr->dark[i] = q->data[i] & 1;
	QRcode_free(q);
	return 0;
}

void
auth_qr_free(struct auth_qr *qr)
{
	free(qr->dark);
	memset(qr, 0, sizeof(*qr));
}

void
auth_qr_svg_path(const struct auth_qr *qr, struct buf *out)
{
	int	 x, y, run;

	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x += run) {
			run = 0;
			while (x + run < qr->width &&
			    qr->dark[y * qr->width + x + run])
				run++;
			if (run == 0) {
				run = 1;
				continue;
			}
			buf_printf(out, "M%d %dh%dv1h-%dz", x + 4, y + 4, run,
			    run);
		}
}

int
auth_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char	 r[32];

	randombytes_buf(r, sizeof(r));
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, r, sizeof(r),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(r, sizeof(r));
	return 0;
}

void
auth_digest(const char *s, char out[AUTH_DIGEST_LEN + 1])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, AUTH_DIGEST_LEN + 1, h, sizeof(h));
}
