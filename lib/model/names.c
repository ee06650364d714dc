/*
 * names: the names the software keeps for itself (see names.h).
 */
#include <stddef.h>
#include <string.h>

#include "names.h"

/* The generator writes these at the top of the output (generator/site.c,
 * generator/output.c), and nginx routes /forms/ to wasl-forms. */
const char *const names_reserved_slugs[] = {
	"policies", "channels", "services", "assets", "forms", "changes",
	"status", "results", "data", "404", "feed.xml", "sitemap.xml", "index",
	NULL
};

/* Ids in the templates (templates/NAME.mustache; tests/unit/test_names.c
 * finds any one missing). The form pages' own, last, were missing before
 * the lists were kept here. */
const char *const names_reserved_ids[] = {
	"main", "content", "toc", "toc-title", "approval", "approval-title",
	"top", "nav", "site-nav", "site-title", "footer", "footer-about",
	"footer-contact", "footer-branches", "footer-social", "footer-pages",
	"home-services", "home-policies", "home-channels", "errors",
	"error-summary", "error-summary-title", "form-title", "field-website",
	"result-title", "field-ref", "hint-ref", "error-ref",
	"field-national_id", "hint-national_id", "error-national_id",
	"service-details", NULL
};

const char *const names_reserved_id_prefixes[] = {
	"field-", "hint-", "error-", "staff-", NULL
};

static int
S_in(const char *const *list, const char *s)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int
names_slug_reserved(const char *slug)
{
	return S_in(names_reserved_slugs, slug);
}

int
names_id_prefix_reserved(const char *id)
{
	size_t	 i;

	for (i = 0; names_reserved_id_prefixes[i] != NULL; i++)
		if (strncmp(id, names_reserved_id_prefixes[i],
		    strlen(names_reserved_id_prefixes[i])) == 0)
			return 1;
	return 0;
}

int
names_id_reserved(const char *id)
{
	return names_id_prefix_reserved(id) || S_in(names_reserved_ids, id);
}
