/*
 * sha256: one-shot SHA-256 (see sha256.h).
 */
#include <stdio.h>

#include <openssl/evp.h>

#include "sha256.h"

int
sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n = 0, i;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

int
sha256_begin(struct sha256 *h)
{
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL || EVP_DigestInit_ex(h->ctx, EVP_sha256(),
	    NULL) != 1) {
		EVP_MD_CTX_free(h->ctx);
		h->ctx = NULL;
		return -1;
	}
	return 0;
}

void
sha256_add(struct sha256 *h, const void *data, size_t len)
{
	if (h->ctx != NULL && EVP_DigestUpdate(h->ctx, data, len) != 1) {
		EVP_MD_CTX_free(h->ctx);
		h->ctx = NULL;
	}
}

int
sha256_end(struct sha256 *h, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n = 0, i;
	int		 ok;

	ok = h->ctx != NULL && EVP_DigestFinal_ex(h->ctx, md, &n) == 1 &&
	    n == 32;
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
	if (!ok)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}
