/*
 * test_names: the names the software keeps for itself stay in step with
 * the templates (every literal element id a template writes is one no
 * heading may take), and a heading named like one gets another anchor.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "check.h"
#include "fsx.h"
#include "markdown.h"
#include "names.h"

#define TEMPLATES	"templates"

/* Every literal id="..." in src (not one made with {{...}}) must be
 * reserved. */
static void
S_ids(const char *file, const char *src)
{
	const char	*p = src, *q;
	char		 id[128], name[256];
	size_t		 n;

	while ((p = strstr(p, "id=\"")) != NULL) {
		if (p == src || !(p[-1] == ' ' || p[-1] == '\t' ||
		    p[-1] == '\n')) {
			p += 4;
			continue;
		}
		p += 4;
		for (q = p; *q != '\0' && *q != '"' && *q != '{'; q++)
			;
		if (*q != '"' || (n = (size_t)(q - p)) == 0 ||
		    n >= sizeof(id))
			continue;
		memcpy(id, p, n);
		id[n] = '\0';
		snprintf(name, sizeof(name), "id %s of %s is reserved", id,
		    file);
		check(names_id_reserved(id), name, "add it to "
		    "names_reserved_ids (lib/model/names.c)");
	}
}

int
main(void)
{
	DIR		*d;
	struct dirent	*e;
	struct buf	 path = BUF_INIT, src = BUF_INIT, html = BUF_INIT;
	size_t		 i, len, nfiles = 0;
	char		 name[128], *md;

	if ((d = opendir(TEMPLATES)) == NULL) {
		check(0, "templates folder", "cannot open " TEMPLATES);
		return check_exit();
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 10 || strcmp(e->d_name + len - 9, ".mustache") != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", TEMPLATES, e->d_name);
		buf_reset(&src);
		if (fsx_read(buf_cstr(&path), 1024 * 1024, &src) == -1) {
			check(0, buf_cstr(&path), "cannot read");
			continue;
		}
		S_ids(e->d_name, buf_cstr(&src));
		nfiles++;
	}
	closedir(d);
	check(nfiles > 5, "templates read", "too few templates");

	/* A heading named like a reserved id takes another anchor. */
	for (i = 0; names_reserved_ids[i] != NULL; i++) {
		len = strlen(names_reserved_ids[i]);
		md = malloc(len + 4);
		memcpy(md, "## ", 3);
		memcpy(md + 3, names_reserved_ids[i], len + 1);
		buf_reset(&html);
		buf_reset(&path);
		buf_printf(&path, " id=\"%s\"", names_reserved_ids[i]);
		md_render(md, len + 3, &html, NULL);
		snprintf(name, sizeof(name), "heading %s gets another id",
		    names_reserved_ids[i]);
		check(strstr(buf_cstr(&html), buf_cstr(&path)) == NULL, name,
		    buf_cstr(&html));
		free(md);
	}
	/* ... and one starting like the templates' own ids. */
	for (i = 0; names_reserved_id_prefixes[i] != NULL; i++) {
		buf_reset(&html);
		buf_reset(&path);
		buf_printf(&path, "## %sname", names_reserved_id_prefixes[i]);
		md_render(buf_cstr(&path), path.len, &html, NULL);
		buf_reset(&path);
		buf_printf(&path, " id=\"h-%sname\"",
		    names_reserved_id_prefixes[i]);
		snprintf(name, sizeof(name), "heading %sname gets h- before "
		    "it", names_reserved_id_prefixes[i]);
		check(strstr(buf_cstr(&html), buf_cstr(&path)) != NULL, name,
		    buf_cstr(&html));
	}

	check(names_slug_reserved("policies") && names_slug_reserved("404") &&
	    !names_slug_reserved("about"), "reserved slugs", NULL);
	buf_free(&path);
	buf_free(&src);
	buf_free(&html);
	return check_exit();
}
