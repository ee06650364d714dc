/*
 * store: the SQLite database of submissions.
 *
 * One file (created mode 0600), WAL journal, synchronous=FULL: a
 * submission is on disk when store_submit() returns. Every statement is
 * prepared once with bound parameters. The schema is versioned with
 * PRAGMA user_version and migrated forward on open.
 *
 * No client address is stored. To recognise the same submission sent twice
 * (a double click, a reload) a digest of its form, answers and a
 * caller-given key (the page's token, or the client), salted with a
 * secret that never leaves memory, is kept for ten minutes, in memory
 * only (recent.h): with the gate's
 * memory, shared by the processes that share the database. Under more
 * than RECENT_SLOTS submissions in ten minutes the window shortens.
 *
 * Deleted content is overwritten (PRAGMA secure_delete), so that an
 * erasure leaves nothing of the person in the file's free space.
 *
 * Threads: store_submit() and store_case_find() may be called by many
 * threads at once on one store; concurrent submissions are committed
 * together in one transaction (group commit: one flush to disk for all
 * of them), and each call returns only after the commit that holds its
 * submission. A store never crosses fork(): open one in each process.
 *
 * Schema (version 7): submission (id, form, ref, received_at, status,
 * consent_at, notice_version, decided_at), field (submission_id,
 * name, value), audit (id, at, actor, action, ref, from_status,
 * to_status, note, redacted; append-only, enforced by triggers) and
 * tally (form, month, status, reason, n: anonymous counts of erased and
 * purged submissions); and since version 5 the staff's accounts:
 * staff_user, staff_session, signin_attempt (users.h, sessions.h);
 * since version 6 privacy_request (the data-subject requests and their
 * 30-day clock) and audit.revision (the policy revision a decision was
 * made under), policy_draft, content_edit and publish_job (drafts.h,
 * edits.h); since version 7 a rollback undoes one publish
 * (publish_job.undoes, the 'withdrawn' statuses, content_edit.old_text).
 * Times are UTC text "YYYY-MM-DDTHH:MM:SSZ".
 */
#ifndef WASL_STORE_H
#define WASL_STORE_H

#include <jansson.h>
#include <time.h>

#include "buf.h"
#include "formdef.h"

#define STORE_REF_LEN		8	/* reference characters */
#define STORE_DUP_WINDOW	600	/* seconds a duplicate is recognised */

/* The alphabet of references: no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
#define STORE_REF_ALPHABET	"ACDEFGHJKMNPQRTUVWXY34679"

struct store;
struct sqlite3;

/*
 * Open (creating when absent, mode 0600) the database at path and bring
 * its schema up to date. salt (32 bytes, borrowed and copied) keys the
 * duplicate digests; pass the same salt to every process sharing the
 * file. Returns the store (close with store_close()) or NULL with a
 * message appended to err.
 */
struct store	*store_open(const char *path, const unsigned char salt[32],
		    struct buf *err);
void		 store_close(struct store *s);

/*
 * Once the WAL holds this many pages after a commit, a thread of the
 * store's copies them into the database while commits go on. The default
 * keeps the WAL at about 64 MiB; store_set_checkpoint() sets another
 * (tests: a small one, so that copying happens at all).
 */
#define STORE_CHECKPOINT_FRAMES	16000
void		 store_set_checkpoint(struct store *s, int frames);

/*
 * A gate lets the processes sharing a database write one at a time,
 * queueing on a lock in shared memory instead of polling SQLite's busy
 * lock, and holds their recent digests, so that a twin sent to another
 * process is recognised too. Make it before forking (NULL with errno
 * when it cannot be mapped), give it to each process's store with
 * store_set_gate() (borrowed: it must outlive the store; NULL: the
 * store's own again), free it after the last store. A process that dies
 * holding it does not block the others. A store without one has its own,
 * for itself alone.
 */
struct store_gate;
struct store_gate *store_gate_new(void);
void		 store_gate_free(struct store_gate *g);
void		 store_set_gate(struct store *s, struct store_gate *g);

/* The clock the store reads the time from: time() unless set (tests;
 * NULL: time() again). */
void		 store_set_clock(struct store *s, time_t (*clock)(time_t *));
/* The time by that clock (for the modules of fcgi/db). */
time_t		 store_now(struct store *s);

/*
 * Store one submission, committed before this returns: in one
 * transaction (BEGIN IMMEDIATE ... COMMIT, waiting while the database is
 * busy up to a timeout) with the submissions other threads are storing
 * at the same moment; should that transaction fail, each of them is
 * tried alone, so that only a faulty one fails. form is the form
 * id; fields maps field names to their normalised values (strings,
 * integers, or true for a consent, stored as text: "5", "yes");
 * notice_version is the privacy notice version the applicant consented
 * to (0: the form asks for no consent); key tells apart the senders of
 * the same answers (e.g. the form page's token, or the client; used only
 * inside the transient digest; may be ""), and NULL means the submission
 * is never taken for a twin nor recognised as one's.
 * On success returns 0 and writes the reference (STORE_REF_LEN characters
 * and a NUL) to ref; *dup is 1 when the same submission (same form,
 * answers and key) was already stored within STORE_DUP_WINDOW seconds
 * (or earlier in the same transaction) and is still there, whose
 * reference is returned and nothing new is stored.
 * Returns -1 with a message appended to err when nothing was stored.
 * The arguments are borrowed until it returns.
 */
int		 store_submit(struct store *s, const char *form,
		    const json_t *fields, int notice_version, const char *key,
		    char ref[STORE_REF_LEN + 1], int *dup, struct buf *err);

/* 1 when ref has the form of a reference (length and alphabet). */
int		 store_ref_valid(const char *ref);

/* A tracked submission as its applicant may see it. */
struct store_case {
	char	 form[FORMDEF_MAX_NAME + 1];
	char	 status[16];
	char	 received_at[21];	/* UTC */
	char	 decided_at[21];	/* UTC; "" while undecided */
};

/*
 * Find the submission with reference ref whose national ID field (a
 * field of type national_id, per its definition in forms, of a tracked
 * form: workflow.h) holds national_id (10 ASCII digits). Returns 1 with
 * *c filled; 0 when there is no such pair, whether the reference is
 * unknown or the ID does not match (nothing tells the two apart); -1
 * with a message appended to err on a database error.
 */
int		 store_case_find(struct store *s,
		    const struct formdef_dir *forms, const char *ref,
		    const char *national_id, struct store_case *c,
		    struct buf *err);

/*
 * Confine s's connections to adding submissions and looking them up: an
 * SQLite authorizer (sqlite3_set_authorizer) lets through only what
 * store_submit() and store_case_find() run (transactions, reading
 * submission and field, inserting into them) and refuses, at prepare
 * time (SQLITE_AUTH: "not authorized"), anything else: an UPDATE or
 * DELETE of any table (submission, field, audit, tally, privacy_request
 * ...), any read or write of the staff's tables (staff_user,
 * staff_session, signin_attempt) and of privacy_request, audit or tally,
 * a PRAGMA, ATTACH, a change of the schema. For the public wasl-forms,
 * which keeps only adding submissions: should a flaw let a request run
 * SQL of its own on the worker's connection, it could read or change
 * nothing of the staff's. Call it after store_open() (the schema is
 * migrated by then), before the first submission; it holds for the
 * checkpointer's connection too. For good: there is no way back.
 */
void		 store_restrict_to_adding(struct store *s);

/* The schema version this program writes (PRAGMA user_version): a
 * database of an older one is migrated to it on open, a newer one
 * refused. */
int		 store_schema_version(void);

/* The path the store was opened with, borrowed until store_close(). */
const char	*store_path(const struct store *s);

/*
 * The connection itself, borrowed, valid until store_close(), for the
 * other modules of fcgi/db (db.h: audit, cases, privacy, ...; bound
 * parameters only). Front ends never use it. Do not close it or change
 * its settings.
 */
struct sqlite3	*store_db(struct store *s);

#endif
