/*
 * mustache: wasl's Mustache template engine.
 *
 * Implements the official specification (interpolation, sections, inverted
 * sections, comments, set delimiters, partials, template inheritance and
 * dynamic names; not lambdas, since wasl's data carries no code).
 *
 * A template is compiled once into a tree that points into its own copy of
 * the source, then rendered any number of times. Templates live in an
 * environment, which is the namespace for partials and parents: a template
 * is added with its source, or fetched by name through the environment's
 * loader (mst_env_get, mst_env_check).
 *
 * Loading, then rendering. An environment is filled in one thread:
 * mst_env_new, mst_env_set_*, mst_env_add, mst_env_get and mst_env_check
 * change it, and nothing may use it meanwhile. Once filled it is read
 * only: mst_render, mst_render_with, mst_env_find, mst_env_uses and
 * mst_tpl_name never change the environment or its templates (rendering
 * never loads; a partial or parent it does not hold is missing), keep no
 * state between calls and take no lock, so any number of threads may call
 * them at once on the same environment and templates, each with its own
 * out and err. The data must stay unchanged meanwhile; mst_json only
 * reads it (no reference count is touched), so threads may share it.
 *
 * The engine reaches data only through struct mst_data, so any data model
 * can be rendered; mst_json.h adapts jansson's json_t.
 *
 * Interpolation HTML-escapes & < > " and ' unless the tag is {{{x}}} or
 * {{&x}}. Falsy for sections: missing, null, false, an empty list and the
 * empty string. Bounds: section nesting and partial expansion are each
 * limited (MST_MAX_DEPTH), so a template that includes itself forever is
 * an error, not a stack overflow.
 */
#ifndef WASL_MUSTACHE_H
#define WASL_MUSTACHE_H

#include <stddef.h>

#include "buf.h"

#define MST_MAX_DEPTH	100

/* Where and why compiling or rendering failed (1-based line and column
 * in the named template; 0 when not tied to a place). */
struct mst_error {
	char	 name[128];
	int	 line;
	int	 column;
	char	 msg[512];	/* room for a refused link's reason */
};

enum mst_kind {
	MST_NULL,
	MST_FALSE,
	MST_TRUE,
	MST_NUMBER,
	MST_STRING,
	MST_LIST,
	MST_MAP
};

/*
 * The data interface. Values are opaque pointers owned by the caller and
 * valid for the whole render.
 */
struct mst_data {
	enum mst_kind	 (*kind)(const void *v);
	/* Member of a map, or NULL when absent. key is not NUL-terminated. */
	const void	*(*get)(const void *map, const char *key, size_t len);
	/* Length of a list, or of a string in bytes. */
	size_t		 (*count)(const void *v);
	/* Element i of a list (i < count). */
	const void	*(*at)(const void *list, size_t i);
	/* Append the text of a string, number or boolean. */
	void		 (*text)(const void *v, struct buf *out);
};

struct mst_env;
struct mst_tpl;

/*
 * Called by mst_env_get and mst_env_check for a template the environment
 * does not have yet: append its source to src and return 1, return 0 when
 * there is no such template, -1 on error (with err->msg set). Never called
 * by rendering.
 */
typedef int (*mst_loader)(void *arg, const char *name, struct buf *src,
    struct mst_error *err);

/* New environment; load may be NULL. Caller frees with mst_env_free(). */
struct mst_env	*mst_env_new(mst_loader load, void *arg);
/* Frees the environment and every template in it; accepts NULL. */
void		 mst_env_free(struct mst_env *env);
/* With strict set, a partial or parent that cannot be found is an error
 * at render time (and at mst_env_check); otherwise it renders as "". */
void		 mst_env_set_strict(struct mst_env *env, int strict);
/* With plain set, {{x}} is not HTML-escaped either: for templates of
 * plain text (messages that a page template escapes later, terminal
 * output). Off by default, as the specification wants. */
void		 mst_env_set_plain(struct mst_env *env, int plain);

/*
 * Compile src (len bytes, copied) as template name and add it to env,
 * replacing a template of that name (a pointer to the old one is then
 * invalid). Returns the template, owned by env and valid until
 * mst_env_free(), or NULL with *err filled.
 */
const struct mst_tpl *mst_env_add(struct mst_env *env, const char *name,
    const char *src, size_t len, struct mst_error *err);

/*
 * The template called name, compiled through the loader on first use.
 * Returns it (owned by env), or NULL: then err->msg is empty when there is
 * no such template, and says what failed otherwise. A load that failed is
 * remembered with its reason: asking again, finding it and rendering a
 * partial of that name all give the same reason, without loading again.
 */
const struct mst_tpl *mst_env_get(struct mst_env *env, const char *name,
    struct mst_error *err);

/*
 * The template called name if env holds it, as mst_env_get answers but
 * without ever loading. Reads env only: safe from any thread at once.
 */
const struct mst_tpl *mst_env_find(const struct mst_env *env,
    const char *name, struct mst_error *err);

/*
 * Load and compile every partial and parent that tpl names statically,
 * transitively. Returns 0, or -1 with *err naming the first failure (a
 * missing one counts as a failure only in strict mode).
 */
int	 mst_env_check(struct mst_env *env, const struct mst_tpl *tpl,
	    struct mst_error *err);

/*
 * Whether rendering tpl may look name up in the data: 1 when tpl, or a
 * partial or parent it names (transitively), has a tag whose name is
 * name or starts with "name." (wherever it stands: a name inside a
 * section is looked up in the enclosing contexts too); 0 when none has;
 * -1 when it cannot be known (a partial or parent named by the data, or
 * one whose load failed), which callers must take as 1. Like rendering,
 * it looks only at the templates env holds. Reads env only.
 */
int	 mst_env_uses(const struct mst_env *env, const struct mst_tpl *tpl,
	    const char *name);

/*
 * Render tpl against data (the root context), appending to out. Returns 0,
 * or -1 with *err filled and out left as it was. Partials and parents are
 * the templates env holds (mst_env_find); none is loaded. Reads env and
 * tpl only: safe from any thread at once.
 */
int	 mst_render(const struct mst_env *env, const struct mst_tpl *tpl,
	    const struct mst_data *ops, const void *data, struct buf *out,
	    struct mst_error *err);

/*
 * A name bound over the root context for one render: a tag whose first
 * part is name (len bytes) finds value, as if the root map had that
 * member (which it hides). So a caller adds per-render members to a root
 * that threads share, without copying or changing the root.
 */
struct mst_bind {
	const char	*name;
	size_t		 len;
	const void	*value;
};

/* mst_render() with binds[0..nbinds) over the root (borrowed for the
 * call). Reads env, tpl and binds only: safe from any thread at once. */
int	 mst_render_with(const struct mst_env *env, const struct mst_tpl *tpl,
	    const struct mst_data *ops, const void *data,
	    const struct mst_bind *binds, size_t nbinds, struct buf *out,
	    struct mst_error *err);

/* The template's name (borrowed). */
const char *mst_tpl_name(const struct mst_tpl *tpl);

#endif
