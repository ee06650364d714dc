/*
 * auth: the cryptography of staff sign-in, on Debian's libraries:
 * passwords hashed with Argon2id (libsodium's crypto_pwhash_str, at its
 * "interactive" limits: 2 passes over 64 MiB), the password rule,
 * authenticator codes (TOTP, RFC 6238: 30-second steps, 6 digits, one
 * step either side accepted; liboath), random secrets and tokens
 * (libsodium's randombytes_buf), their hashes (SHA-256, hex), and the
 * enrolment's otpauth:// URI and QR code (libqrencode).
 *
 * The password rule (NIST SP 800-63B 3.1.1.2): from AUTH_PW_MIN to
 * AUTH_PW_MAX characters (code points, not bytes), valid UTF-8 without
 * control characters, not in the list of common passwords (compared
 * ignoring ASCII case); no rule on its composition.
 *
 * Call auth_init() once before anything else (it is cheap to call
 * again). Nothing here touches the database or prints.
 */
#ifndef WASL_AUTH_H
#define WASL_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

#define AUTH_PW_MIN		8	/* characters */
#define AUTH_PW_MAX		128	/* characters */
#define AUTH_HASH_SIZE		128	/* an encoded Argon2id hash, with NUL */
#define AUTH_SECRET_LEN		32	/* base32 characters: 160 bits */
#define AUTH_TOTP_STEP		30	/* seconds */
#define AUTH_TOTP_DIGITS	6
#define AUTH_TOKEN_LEN		43	/* base64url of 32 random bytes */
#define AUTH_DIGEST_LEN		64	/* hex of a SHA-256 */

/* sodium_init() and oath_init(): 0, or -1 when either fails (then no
 * other function may be used). */
int	 auth_init(void);

/* The common passwords, one a line in a text file; lines starting with
 * "#" and empty ones are skipped. */
struct auth_common;

/* Load the list at path. Returns it (free with auth_common_free()) or
 * NULL with err. */
struct auth_common *auth_common_load(const char *path, struct buf *err);
void	 auth_common_free(struct auth_common *c);
/* How many passwords the list holds. */
size_t	 auth_common_count(const struct auth_common *c);

enum auth_pw {
	AUTH_PW_OK,
	AUTH_PW_SHORT,		/* fewer than AUTH_PW_MIN characters */
	AUTH_PW_LONG,		/* more than AUTH_PW_MAX characters */
	AUTH_PW_COMMON,		/* in the list */
	AUTH_PW_INVALID		/* not UTF-8, or a control character */
};

/* Check pw (NUL-terminated) against the rule; common may be NULL (no
 * list: then AUTH_PW_COMMON is never the answer). */
enum auth_pw auth_password_check(const struct auth_common *common,
	    const char *pw);

/* Hash pw into out (an encoded Argon2id string with its salt and
 * limits). Returns 0, or -1 when memory is short. */
int	 auth_password_hash(const char *pw, char out[AUTH_HASH_SIZE]);
/* 1 when pw matches hash, else 0 (a malformed hash too). */
int	 auth_password_verify(const char *hash, const char *pw);
/* The work of auth_password_verify() against a hash no password
 * matches: for an account that does not exist, so that it costs as much
 * as one that does. */
void	 auth_password_dummy(const char *pw);
/* Make that hash now if not yet made (once a process; it costs one
 * hash): so that the first check of an unknown account costs no more
 * than of one that exists. */
void	 auth_password_prepare(void);

/* A new TOTP secret, 20 random bytes in base32 (RFC 4648, no padding)
 * into out. Returns 0, or -1. */
int	 auth_totp_secret(char out[AUTH_SECRET_LEN + 1]);
/* The code of secret (base32) at time t into out (6 digits and NUL).
 * Returns 0, or -1 when the secret is malformed. */
int	 auth_totp_code(const char *secret, time_t t,
	    char out[AUTH_TOTP_DIGITS + 1]);
/*
 * Check code (as typed: exactly 6 ASCII digits) for secret at time now,
 * accepting the steps now - 30 s, now, now + 30 s. A step at or before
 * last (the last step a code was accepted for; -1 for none) is refused,
 * so that a code serves once. Returns 1 with the step accepted in *step,
 * or 0.
 */
int	 auth_totp_check(const char *secret, time_t now, const char *code,
	    int64_t last, int64_t *step);

/* The otpauth:// URI an authenticator app reads (Key URI Format):
 * otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1
 * &digits=6&period=30, the label and issuer percent-encoded. Appends to
 * out. */
void	 auth_otpauth_uri(struct buf *out, const char *issuer,
	    const char *account, const char *secret);

/* A QR code: width x width modules, dark[y * width + x] 1 when dark. */
struct auth_qr {
	int		 width;
	unsigned char	*dark;
};
/* Encode text (error correction level M). Returns 0 with qr filled
 * (free with auth_qr_free()), or -1 when it cannot be encoded. */
int	 auth_qr_make(const char *text, struct auth_qr *qr);
void	 auth_qr_free(struct auth_qr *qr);
/* The dark modules as the d attribute of one SVG path, in module units
 * (a template draws it in a viewBox of width + 8 for the quiet zone,
 * offset by 4): "M4 4h1v1h-1z..." with runs joined. Appends to out. */
void	 auth_qr_svg_path(const struct auth_qr *qr, struct buf *out);

/* A new random token (32 bytes, base64url without padding: 256 bits)
 * into out. Returns 0. */
int	 auth_token(char out[AUTH_TOKEN_LEN + 1]);
/* The SHA-256 of s (NUL-terminated), lower-case hex, into out: how a
 * token is stored. */
void	 auth_digest(const char *s, char out[AUTH_DIGEST_LEN + 1]);

#endif
