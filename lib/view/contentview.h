/*
 * contentview: the content model (lib/model/content.h) as the page
 * templates see it: the model's documents with the display data the
 * model itself does not make. Today that is a service's form, made the
 * form's template data (lib/view/formview.h).
 */
#ifndef WASL_CONTENTVIEW_H
#define WASL_CONTENTVIEW_H

#include <jansson.h>

#include "buf.h"
#include "content.h"

/* doc, a service's document read into c, with "form" made the template
 * data of its form ("form_id"); any other document is left as it is. */
void	contentview_doc(const struct content *c, json_t *doc);

/* contentview_doc() of every service of c. */
void	contentview_all(struct content *c);

/* content_read() then contentview_all(): same arguments and return. */
int	content_load(const char *dir, int drafts, struct content *c,
	    struct buf *err);
/* content_read_file() then contentview_doc(): same arguments and
 * return. */
json_t	*content_load_file(const char *dir, const char *key,
	    struct content *c, struct buf *err);

#endif
