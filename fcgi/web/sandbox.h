/*
 * sandbox: least privilege for wasl-forms.
 *
 * Two steps. sandbox_drop() runs once, early in the supervisor: started
 * as root, the program becomes an unprivileged account (its user, its
 * group and no others) for good, before it opens the database or
 * answers anything. sandbox_confine() runs in each worker once its
 * database connection is open and before its request threads start: a
 * seccomp filter (libseccomp) then allows only the system calls serving
 * requests needs, with their arguments narrowed where that is possible
 * (new threads but no new processes, memory never made executable,
 * signals to itself only), and kills the whole process on any other.
 * The filter and no_new_privs are inherited by every thread and cannot
 * be undone. A worker that breaks a rule dies with SIGSYS, which the
 * supervisor logs before replacing it.
 *
 * Neither function exits: each returns -1 with a message in err.
 */
#ifndef WASL_SANDBOX_H
#define WASL_SANDBOX_H

#include <sys/types.h>

#include "buf.h"

/* The sanitizers' run-time needs more (sandbox.c says what): built with
 * them, the filter allows it, and the tests know. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANDBOX_SANITIZED	1
#else
#define SANDBOX_SANITIZED	0
#endif

/* The account wasl-forms runs as when started as root. */
#define SANDBOX_USER	"wasl"

/*
 * When the effective user is root: look user up, refuse it when it is
 * root itself, then set the groups to its group alone, the group, and
 * the user (real, effective and saved alike), and check that root cannot
 * be regained. When not root: nothing to drop. Returns 1 when it
 * dropped, 0 when there was nothing to do, -1 on failure (err says why;
 * the caller must not go on).
 */
int	sandbox_drop(const char *user, struct buf *err);

/* Whether this kernel can load the filter. Returns 0, or -1 (err says
 * why): checked once at start-up, so that workers do not fail one after
 * another. */
int	sandbox_check(struct buf *err);

/*
 * Load the workers' seccomp filter into the calling thread (and so into
 * the threads it starts afterwards). Returns 0, or -1 when the filter
 * could not be loaded (the caller must not serve requests).
 */
int	sandbox_confine(struct buf *err);

#endif
