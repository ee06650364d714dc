/*
 * fuzz_yaml: front matter splitting and the YAML to JSON loader, with the
 * position lookups the content loader makes.
 */
#include <stdlib.h>

#include <jansson.h>

#include "frontmatter.h"
#include "yamljson.h"
#include "fuzz.h"

int
fuzz_one(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	struct fm_split	 fm;
	struct yj_error	 err;
	struct yj_doc	*doc;
	char		*j;

	if (fm_split(s, size, &fm) == 0)
		yj_free(yj_parse(s + fm.yaml_off, fm.yaml_len,
		    fm.yaml_line - 1, &err));
	if ((doc = yj_parse(s, size, 0, &err)) != NULL) {
		yj_line(doc, "approved.date");
		yj_line(doc, "fields.0.options.1.value");
		yj_line(doc, "");
		j = json_dumps(yj_root(doc), JSON_ENCODE_ANY);
		free(j);
		yj_free(doc);
	}
	return 0;
}
