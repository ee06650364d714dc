/*
 * sha256: SHA-256 through OpenSSL's libcrypto, for fingerprints of
 * approved texts.
 */
#ifndef WASL_SHA256_H
#define WASL_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN	64

/* Write the lowercase hex digest of data[0..len) and a NUL to hex.
 * Returns 0, or -1 when libcrypto fails. */
int	sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

/* A digest built piece by piece: begin, add any number of times, end
 * (which writes the hex digest and releases the context; 0 or -1). */
struct sha256 {
	void	*ctx;	/* owned; NULL after sha256_end() */
};
int	sha256_begin(struct sha256 *h);
void	sha256_add(struct sha256 *h, const void *data, size_t len);
int	sha256_end(struct sha256 *h, char hex[SHA256_HEX_LEN + 1]);

#endif
