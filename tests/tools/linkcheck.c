/*
 * linkcheck DIR: the generator's link checker (generator/links.c) as a
 * test tool, printing "PASS ..." or one "FAIL page: problem" line each.
 */
#include <stdio.h>
#include <string.h>

#include "links.h"

int
main(int argc, char *argv[])
{
	struct buf		 err = BUF_INIT;
	struct links_stats	 st;
	const char		*p, *nl;
	int			 n;

	if (argc != 2) {
		fprintf(stderr, "usage: linkcheck DIR\n");
		return 2;
	}
	n = links_check(argv[1], &err, &st);
	for (p = buf_cstr(&err); *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		printf("FAIL %.*s\n", (int)(nl - p), p);
	}
	if (n == 0)
		printf("PASS %s: %zu pages, %zu local links and anchors "
		    "resolve, ids unique, lang and dir set, no third-party "
		    "loads\n", argv[1], st.pages, st.links);
	buf_free(&err);
	return n == 0 ? 0 : 1;
}
