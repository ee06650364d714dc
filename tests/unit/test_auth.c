/*
 * test_auth: the cryptography of staff sign-in: an Argon2id hash made by
 * the reference implementation verified, a round trip, wrong passwords;
 * the password rule (characters counted, not bytes; the common list);
 * TOTP against RFC 6238's vectors and against an HMAC-SHA1 computed here,
 * one step either side, a reused code; tokens, digests, the otpauth URI
 * and the QR code. Run from the repository's top (the list's path).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth.h"
#include "check.h"

#define LIST	"fcgi/db/common-passwords.txt"

/* RFC 6238's SHA-1 key, "12345678901234567890", in base32. */
#define RFC_SECRET	"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

/* The code of key at time t, computed here (RFC 4226 section 5.3). */
static void
S_totp(const unsigned char *key, size_t keylen, time_t t, char out[7])
{
	unsigned char	 msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0, off;
	uint64_t	 c = (uint64_t)t / 30;
	uint32_t	 bin;
	int		 i;

	for (i = 7; i >= 0; i--, c >>= 8)
		msg[i] = (unsigned char)(c & 0xff);
	HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof(msg), mac, &maclen);
	off = mac[maclen - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	    ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
	    mac[off + 3];
	snprintf(out, 7, "%06u", bin % 1000000);
}

/* Decode base32 (upper case, no padding) into out; its length. */
static size_t
S_b32(const char *s, unsigned char *out)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	uint32_t		 acc = 0;
	int			 bits = 0;
	size_t			 n = 0;

	for (; *s != '\0'; s++) {
		acc = (acc << 5) | (uint32_t)(strchr(abc, *s) - abc);
		if ((bits += 5) >= 8) {
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return n;
}

static void
S_passwords(void)
{
	/* Made by the reference implementation (Debian's argon2:
	 * `echo -n 'correct horse battery staple' | argon2
	 * wasl-test-salt16 -id -t 2 -m 16 -p 1 -l 32 -e`). */
	static const char known[] = "$argon2id$v=19$m=65536,t=2,p=1$"
	    "d2FzbC10ZXN0LXNhbHQxNg$"
	    "xphU6ds+dds+xECEGl/zPTRd3WzFZcCIzlk4RpV/WFs";
	char	 h[AUTH_HASH_SIZE], h2[AUTH_HASH_SIZE];

	check(auth_password_verify(known, "correct horse battery staple"),
	    "argon2id: the reference implementation's hash verifies", NULL);
	check(!auth_password_verify(known, "correct horse battery stapl"),
	    "argon2id: ... and not with a wrong password", NULL);
	check(auth_password_hash("كلمة مرور طويلة بما يكفي", h) == 0 &&
	    strncmp(h, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0,
	    "argon2id: a hash at the interactive limits (64 MiB, 2 passes)",
	    h);
	check(auth_password_verify(h, "كلمة مرور طويلة بما يكفي"),
	    "argon2id: round trip", NULL);
	check(!auth_password_verify(h, "كلمة مرور طويلة بما يكفى"),
	    "argon2id: one letter changed is refused", NULL);
	check(!auth_password_verify(h, "") && !auth_password_verify("", "x")
	    && !auth_password_verify("$argon2id$garbage", "x"),
	    "argon2id: empty password, empty or malformed hash refused", NULL);
	check(auth_password_hash("كلمة مرور طويلة بما يكفي", h2) == 0 &&
	    strcmp(h, h2) != 0, "argon2id: a new salt each time", NULL);
	auth_password_dummy("anything");
	check(1, "argon2id: the dummy check runs", NULL);
}

static void
S_rule(void)
{
	struct auth_common	*c;
	struct buf		 err = BUF_INIT, long_pw = BUF_INIT;
	int			 i;

	c = auth_common_load(LIST, &err);
	if (!check(c != NULL && auth_common_count(c) > 3000,
	    "rule: the common passwords load (over 3000)", buf_cstr(&err)))
		return;
	check(auth_common_load("/nonexistent/list", &err) == NULL &&
	    err.len > 0, "rule: a missing list is an error", NULL);
	check(auth_password_check(c, "") == AUTH_PW_SHORT &&
	    auth_password_check(c, "q7#vX2m") == AUTH_PW_SHORT,
	    "rule: 7 characters are too short", NULL);
	check(auth_password_check(c, "q7#vX2mz") == AUTH_PW_OK,
	    "rule: 8 characters will do, no composition asked", NULL);
	check(auth_password_check(c, "qwertyuiopzxcvbn") == AUTH_PW_OK,
	    "rule: letters only are fine", NULL);
	/* 7 Arabic letters are 14 bytes: still 7 characters. */
	check(auth_password_check(c, "مرحبابك") == AUTH_PW_SHORT,
	    "rule: characters counted, not bytes (7 Arabic letters short)",
	    NULL);
	check(auth_password_check(c, "مرحبابكم") == AUTH_PW_OK,
	    "rule: 8 Arabic letters will do", NULL);
	for (i = 0; i < AUTH_PW_MAX; i++)
		buf_puts(&long_pw, "ب");
	check(auth_password_check(c, buf_cstr(&long_pw)) == AUTH_PW_OK,
	    "rule: 128 characters (256 bytes) accepted", NULL);
	buf_puts(&long_pw, "ب");
	check(auth_password_check(c, buf_cstr(&long_pw)) == AUTH_PW_LONG,
	    "rule: 129 characters too long", NULL);
	check(auth_password_check(c, "password") == AUTH_PW_COMMON &&
	    auth_password_check(c, "PassWord") == AUTH_PW_COMMON &&
	    auth_password_check(c, "12345678") == AUTH_PW_COMMON &&
	    auth_password_check(c, "baseball") == AUTH_PW_COMMON,
	    "rule: common passwords refused, ASCII case ignored", NULL);
	check(auth_password_check(NULL, "password") == AUTH_PW_OK,
	    "rule: without a list only the length counts", NULL);
	check(auth_password_check(c, "abcdefgh\x01") == AUTH_PW_INVALID &&
	    auth_password_check(c, "abcdefgh\n") == AUTH_PW_INVALID &&
	    auth_password_check(c, "abcdefgh\xc2\x85") == AUTH_PW_INVALID &&
	    auth_password_check(c, "abcdefgh\xff") == AUTH_PW_INVALID &&
	    auth_password_check(c, "abcdefgh\xc0\xaf") == AUTH_PW_INVALID,
	    "rule: control characters and bad UTF-8 refused", NULL);
	auth_common_free(c);
	auth_common_free(NULL);
	buf_free(&long_pw);
	buf_free(&err);
}

static void
S_codes(void)
{
	static const struct { time_t t; const char *code; } rfc[] = {
		{ 59, "287082" }, { 1111111109, "081804" },
		{ 1111111111, "050471" }, { 1234567890, "005924" },
		{ 2000000000, "279037" }, { 20000000000, "353130" },
	};
	const time_t	 t = 1765000000;	/* a fixed time */
	char		 secret[AUTH_SECRET_LEN + 1], secret2[AUTH_SECRET_LEN + 1];
	char		 code[7], mine[7];
	unsigned char	 raw[64];
	size_t		 i, n;
	int64_t		 step, s2;
	int		 ok = 1;

	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++)
		if (auth_totp_code(RFC_SECRET, rfc[i].t, code) != 0 ||
		    strcmp(code, rfc[i].code) != 0)
			ok = 0;
	check(ok, "totp: RFC 6238's SHA-1 vectors (6 digits)", NULL);

	check(auth_totp_secret(secret) == 0 && strlen(secret) == 32 &&
	    strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == 32 &&
	    auth_totp_secret(secret2) == 0 && strcmp(secret, secret2) != 0,
	    "totp: a secret is 160 random bits in base32", secret);
	n = S_b32(secret, raw);
	S_totp(raw, n, t, mine);
	check(n == 20 && auth_totp_code(secret, t, code) == 0 &&
	    strcmp(code, mine) == 0, "totp: the code agrees with HMAC-SHA1 "
	    "computed here", mine);
	check(auth_totp_check(secret, t, mine, -1, &step) == 1 &&
	    step == t / 30, "totp: the code computed here is accepted", mine);
	check(auth_totp_check(secret, t, mine, step, &s2) == 0 && s2 == -1,
	    "totp: the same code a second time is refused", NULL);
	check(auth_totp_check(secret, t + 20, mine, step, &s2) == 0,
	    "totp: ... in the next step too", NULL);
	S_totp(raw, n, t - 30, mine);
	check(auth_totp_check(secret, t, mine, -1, &step) == 1 &&
	    step == t / 30 - 1, "totp: the step before is accepted", NULL);
	S_totp(raw, n, t + 30, mine);
	check(auth_totp_check(secret, t, mine, -1, &step) == 1 &&
	    step == t / 30 + 1, "totp: the step after is accepted", NULL);
	S_totp(raw, n, t - 60, mine);
	check(auth_totp_check(secret, t, mine, -1, &step) == 0,
	    "totp: two steps before is refused", mine);
	S_totp(raw, n, t + 60, mine);
	check(auth_totp_check(secret, t, mine, -1, &step) == 0,
	    "totp: two steps after is refused", mine);
	S_totp(raw, n, t, mine);
	check(auth_totp_check(secret, t, mine, t / 30 + 1, &step) == 0,
	    "totp: a code older than the last one used is refused", NULL);
	check(auth_totp_check(secret, t, "12345", -1, &step) == 0 &&
	    auth_totp_check(secret, t, "1234567", -1, &step) == 0 &&
	    auth_totp_check(secret, t, "12a456", -1, &step) == 0 &&
	    auth_totp_check(secret, t, NULL, -1, &step) == 0 &&
	    auth_totp_check("", t, mine, -1, &step) == 0 &&
	    auth_totp_check("!!!", t, mine, -1, &step) == 0,
	    "totp: malformed codes and secrets refused", NULL);
}

static void
S_tokens(void)
{
	struct auth_qr	 qr;
	struct buf	 b = BUF_INIT;
	char		 t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
	char		 d[AUTH_DIGEST_LEN + 1];

	auth_token(t1);
	auth_token(t2);
	check(strlen(t1) == AUTH_TOKEN_LEN && strcmp(t1, t2) != 0 &&
	    strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == AUTH_TOKEN_LEN,
	    "token: 256 random bits, base64url", t1);
	auth_digest("abc", d);
	check_str(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff6"
	    "1f20015ad", "digest: SHA-256 in hex");

	auth_otpauth_uri(&b, "Wasl Test", "alice", RFC_SECRET);
	check_str(buf_cstr(&b), "otpauth://totp/Wasl%20Test:alice?secret="
	    RFC_SECRET "&issuer=Wasl%20Test&algorithm=SHA1&digits=6"
	    "&period=30", "otpauth: the URI an app reads");
	check(auth_qr_make(buf_cstr(&b), &qr) == 0 && qr.width >= 21 &&
	    qr.width % 4 == 1, "qr: the URI encodes", NULL);
	buf_reset(&b);
	auth_qr_svg_path(&qr, &b);
	/* The finder pattern's top row: 7 dark modules at the corner. */
	check(strncmp(buf_cstr(&b), "M4 4h7v1h-7z", 12) == 0 &&
	    strspn(buf_cstr(&b), "Mhvz-0123456789 ") == b.len,
	    "qr: the SVG path starts with the finder pattern", NULL);
	auth_qr_free(&qr);
	buf_free(&b);
}

int
main(void)
{
	if (!check(auth_init() == 0, "auth: libsodium and liboath start",
	    NULL))
		return check_exit();
	S_passwords();
	S_rule();
	S_codes();
	S_tokens();
	return check_exit();
}
