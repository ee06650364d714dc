/*
 * compareview: a comparison in the catalog's words (see compareview.h).
 */
#include "compareview.h"

static const char *const keys[] = {
	"compare.del_start", "compare.del_end", "compare.ins_start",
	"compare.ins_end"
};

int
compareview_require(const struct catalog *s, struct buf *err)
{
	return catalog_require(s, keys, sizeof(keys) / sizeof(keys[0]), err);
}

/* The text at key, or "" when s lacks it. */
static const char *
S_get(const struct catalog *s, const char *key)
{
	const char	*t = catalog_get(s, key);

	return t != NULL ? t : "";
}

int
compareview_html(const struct catalog *s, const char *a, size_t alen,
    const char *b, size_t blen, struct buf *out, struct compare_stats *st)
{
	struct compare_words	 cw;

	cw.del_start = S_get(s, keys[0]);
	cw.del_end = S_get(s, keys[1]);
	cw.ins_start = S_get(s, keys[2]);
	cw.ins_end = S_get(s, keys[3]);
	return compare_html_words(a, alen, b, blen, &cw, out, st);
}
