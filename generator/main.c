/*
 * wasl-build: an association's content folder -> its public website.
 *
 *   wasl-build [--content DIR] [--templates DIR] [--out DIR] [--drafts]
 *              [--today YYYY-MM-DD] [--publish] [--keep] [--jobs N]
 *              [--quiet]
 *   wasl-build --withdraw SLUG/N [the build's options]
 *   wasl-build --rollback [--out DIR]
 *
 * Exit status 0 when the site was written, 1 when the content or the
 * templates have problems (each printed as FILE:LINE: message; the
 * previous output is left exactly as it was), 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "build.h"
#include "publish.h"
#include "withdraw.h"

static void
S_usage(FILE *f)
{
	fputs("usage: wasl-build [--content DIR] [--templates DIR] "
	    "[--out DIR] [--drafts]\n"
	    "                  [--today YYYY-MM-DD] [--publish] [--keep] "
	    "[--jobs N] [--quiet]\n"
	    "       wasl-build --withdraw SLUG/N [the options above]\n"
	    "       wasl-build --rollback [--out DIR]\n"
	    "  --content DIR    the association's content (default content)\n"
	    "  --templates DIR  the Mustache templates (default templates)\n"
	    "  --out DIR        where the site is written (default public)\n"
	    "  --drafts         a preview that includes draft revisions\n"
	    "  --today DATE     build as on DATE (which revision is in force)\n"
	    "  --publish        publishing: record the fingerprints of the "
	    "approved texts\n"
	    "                   it publishes in CONTENT/fingerprints.txt, "
	    "sealing them\n"
	    "  --keep           keep the site it replaces at OUT.prev\n"
	    "  --withdraw SLUG/N  take back published revision N of policy "
	    "SLUG (its latest):\n"
	    "                   its file moves to CONTENT/withdrawn/, and the "
	    "site is built\n"
	    "                   with the revision before it in force\n"
	    "  --rollback       put OUT.prev back at OUT, in one step\n"
	    "  --jobs N         write pages on N threads (default: one "
	    "per core)\n"
	    "  --quiet          no summary line\n", f);
}

/* A folder argument without trailing slashes ("public/" -> "public"). */
static char *
S_dir(const char *s)
{
	size_t	 n = strlen(s);
	char	*d;

	while (n > 1 && s[n - 1] == '/')
		n--;
	d = malloc(n + 1);
	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

int
main(int argc, char *argv[])
{
	struct site_opts	 o = { "content", "templates", "public", 0, NULL,
				    0, 0, 0 };
	struct site_stats	 st;
	struct buf		 err = BUF_INIT;
	struct timespec		 t0, t1;
	char			*content, *templates, *out, *moved = NULL;
	const char		*withdraw = NULL;
	int			 i, quiet = 0, rollback = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--drafts") == 0)
			o.drafts = 1;
		else if (strcmp(argv[i], "--keep") == 0)
			o.keep = 1;
		else if (strcmp(argv[i], "--publish") == 0)
			o.publish = 1;
		else if (strcmp(argv[i], "--rollback") == 0)
			rollback = 1;
		else if (i + 1 < argc && strcmp(argv[i], "--withdraw") == 0)
			withdraw = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--today") == 0)
			o.today = argv[++i];
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = 1;
		else if (i + 1 < argc && strcmp(argv[i], "--jobs") == 0 &&
		    (o.jobs = atoi(argv[i + 1])) >= 1 && o.jobs <= 64)
			i++;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			S_usage(stdout);
			return 0;
		} else if (i + 1 < argc && argv[i + 1][0] != '\0' &&
		    strcmp(argv[i], "--content") == 0)
			o.content = argv[++i];
		else if (i + 1 < argc && argv[i + 1][0] != '\0' &&
		    strcmp(argv[i], "--templates") == 0)
			o.templates = argv[++i];
		else if (i + 1 < argc && argv[i + 1][0] != '\0' &&
		    strcmp(argv[i], "--out") == 0)
			o.out = argv[++i];
		else {
			fprintf(stderr, "wasl-build: unknown or incomplete "
			    "argument '%s'\n", argv[i]);
			S_usage(stderr);
			return 2;
		}
	}
	if (o.publish && o.drafts) {
		fputs("wasl-build: --publish with --drafts: a preview is never "
		    "published; build it without --publish\n", stderr);
		return 2;
	}
	if (withdraw != NULL && (rollback || o.drafts)) {
		fputs("wasl-build: --withdraw builds the public site: not with "
		    "--rollback or --drafts\n", stderr);
		return 2;
	}
	content = S_dir(o.content);
	templates = S_dir(o.templates);
	out = S_dir(o.out);
	if (content == NULL || templates == NULL || out == NULL) {
		fputs("wasl-build: out of memory\n", stderr);
		return 1;
	}
	o.content = content;
	o.templates = templates;
	o.out = out;
	if (rollback) {
		rc = publish_rollback(out, &err);
		if (rc == -1)
			fputs(buf_cstr(&err), stderr);
		else if (!quiet)
			printf("wasl-build: %s is the previous site again (the "
			    "one it replaced is at %s.prev)\n", out, out);
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = withdraw != NULL ? withdraw_site(&o, withdraw, &st, &moved,
	    &err) : build_site(&o, &st, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == -1) {
		fputs(buf_cstr(&err), stderr);
		if (!st.replaced)
			fprintf(stderr, "wasl-build: nothing written; %s is "
			    "as it was\n", out);
	} else if (!quiet)
		printf("wasl-build: %zu pages written to %s in %.0f ms%s\n",
		    st.pages, out,
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		    o.drafts ? " (preview with drafts)" : "");
	if (rc == 0 && moved != NULL)
		printf("wasl-build: %s withdrawn: its text is at %s/%s\n",
		    withdraw, content, moved);
done:
	free(moved);
	buf_free(&err);
	free(content);
	free(templates);
	free(out);
	return rc == -1 ? 1 : 0;
}
