/*
 * contentview: the content model with its display data (see
 * contentview.h).
 */
#include "contentview.h"
#include "formview.h"

void
contentview_doc(const struct content *c, json_t *doc)
{
	const char		*id;
	const struct formdef	*fd;

	id = json_string_value(json_object_get(doc, "form_id"));
	if (id == NULL || c->forms == NULL ||
	    (fd = formdef_dir_find(c->forms, id)) == NULL)
		return;
	json_object_set_new(doc, "form", formview_json(fd, NULL, NULL));
}

void
contentview_all(struct content *c)
{
	size_t	 i;

	for (i = 0; i < json_array_size(c->services); i++)
		contentview_doc(c, json_array_get(c->services, i));
}

int
content_load(const char *dir, int drafts, struct content *c,
    struct buf *err)
{
	if (content_read(dir, drafts, c, err) == -1)
		return -1;
	contentview_all(c);
	return 0;
}

json_t *
content_load_file(const char *dir, const char *key, struct content *c,
    struct buf *err)
{
	json_t	*doc;

	if ((doc = content_read_file(dir, key, c, err)) != NULL)
		contentview_doc(c, doc);
	return doc;
}
