/*
 * buf: the one growable byte buffer used for all rendering and text work.
 *
 * A buffer owns its bytes; data is always NUL-terminated (data[len] == 0)
 * once anything has been written, so it can be passed to C string APIs.
 * Out-of-memory aborts the process (the only OOM policy in wasl, kept in
 * xmalloc and friends below), so append functions cannot fail.
 */
#ifndef WASL_BUF_H
#define WASL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* owned; NULL until the first write */
	size_t	 len;	/* bytes used, excluding the terminating NUL */
	size_t	 cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

/* Allocation wrappers: never return NULL, abort on exhaustion. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

/* Make room for at least n more bytes (plus the NUL). */
void	 buf_grow(struct buf *b, size_t n);
void	 buf_put(struct buf *b, const void *p, size_t n);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_putc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Append with HTML escaping of & < > " and '. */
void	 buf_put_html(struct buf *b, const char *p, size_t n);
/* Forget the contents but keep the allocation. */
void	 buf_reset(struct buf *b);
/* Return the data (never NULL: "" when empty), giving ownership to the
 * caller, who frees it with free(); the buffer is left empty. */
char	*buf_detach(struct buf *b);
/* Release the allocation; accepts an empty buffer. */
void	 buf_free(struct buf *b);
/* data as a C string, "" when nothing was written (borrowed). */
const char *buf_cstr(const struct buf *b);

#endif
