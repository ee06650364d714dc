/*
 * contentview: the content model (lib/model/content.h) as the page
 * templates see it: the model's documents completed with the display
 * data the model itself does not make: every date's forms in words
 * (lib/view/datefmt.h), a revision's approving body when the file does
 * not name it (the board), and a service's form as the form's template
 * data (lib/view/formview.h), the privacy notice's list of the forms'
 * retention periods in words ("retention", from each definition's
 * retention_days, lib/view/datefmt.h); and the form definitions read with the
 * catalog's words for a rating's answers (group "rating"). The words come from a catalog
 * (lib/view/catalog.h) the caller gives; it must hold datefmt's texts
 * (datefmt_require()) and contentview's (contentview_require()).
 */
#ifndef WASL_CONTENTVIEW_H
#define WASL_CONTENTVIEW_H

#include <jansson.h>

#include "buf.h"
#include "content.h"
#include "catalog.h"

/* Check that s holds contentview's texts, datefmt's among them. Returns
 * 0, or -1 with each missing key appended to err. */
int	contentview_require(const struct catalog *s, struct buf *err);

/* The words of the form definitions in s (borrowed from s) into w, for
 * formdef_load() and the like: a rating's labels. */
void	contentview_form_words(const struct catalog *s,
	    struct formdef_words *w);

/* Complete doc, a document of kind k read into c (content_read_file()). */
void	contentview_doc(const struct catalog *s, const struct content *c,
	    enum content_kind_id k, json_t *doc);
/* Complete every document of c. */
void	contentview_all(const struct catalog *s, struct content *c);

/* content_read(), content_read_base() and content_read_file(), then
 * completed: same arguments (after s) and returns. */
int	contentview_load(const struct catalog *s, const char *dir,
	    int drafts, struct content *c, struct buf *err);
int	contentview_load_base(const struct catalog *s, const char *dir,
	    int drafts, struct content *c, struct buf *err);
json_t	*contentview_load_file(const struct catalog *s, const char *dir,
	    const char *key, struct content *c, struct buf *err);

#endif
