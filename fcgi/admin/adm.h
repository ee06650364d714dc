/*
 * adm: what every wasl-admin command shares: the database (fcgi/db),
 * opened only when its permissions are tight; the content (site and form
 * definitions); the operating-system user who acts, as the audit trail
 * names them; the words it says (lib/view/catalog.h); periods, files and
 * stored text as the terminal shows it.
 *
 * Commands are functions
 *	int cmd(struct adm *a, const struct adm_opts *o, struct buf *err)
 * that parse their options, call fcgi/db, write the results to a->out
 * and return 0, or -1 with a message (one line, no trailing newline)
 * appended to err. None exits; none holds SQL.
 */
#ifndef WASL_ADM_H
#define WASL_ADM_H

#include <stdio.h>
#include <sys/types.h>

#include "buf.h"
#include "content.h"
#include "store.h"
#include "catalog.h"
#include "workflow.h"

#define ADM_NOTE_MAX	1000	/* characters in a note */

/* The options a command was given; NULL or 0 when absent. */
struct adm_opts {
	const char	*form, *status, *from, *to, *note, *out;
	const char	*html, *json, *national_id, *mobile, *email, *ref;
	const char	*role, *console_url;
	const char	*site, *build;		/* publish-pending */
	int		 overdue, dry_run, yes;
	const char	*pos[2];	/* positional arguments */
	int		 npos;
};

struct adm {
	const char	*db_path;	/* borrowed */
	const char	*content_dir;	/* borrowed */
	const char	*templates_dir;	/* borrowed: its strings.yaml */
	FILE		*out;		/* results; borrowed (stdout) */
	struct store	*store;		/* opened by adm_open() */
	struct content	 c;		/* loaded by adm_content() */
	int		 have_content;
	struct catalog	*strings;	/* loaded by adm_strings() */
	char		 actor[160];
};

/* Check a->db_path (db_check_mode(); it must exist), open it and bring
 * its schema up to date. Returns 0 or -1 with err. */
int	 adm_open(struct adm *a, struct buf *err);
/* Load a->content_dir once, completed for display in the catalog's
 * words (lib/view/contentview.h; adm_strings() first). Returns 0 or -1
 * with the problems in err. */
int	 adm_content(struct adm *a, struct buf *err);
/* Load a->templates_dir/strings.yaml once, with every text the
 * commands say (ADM_S_ keys, the statuses' names, the dates' words and
 * the content's). Returns 0 or -1 with the problems in err. */
int	 adm_strings(struct adm *a, struct buf *err);
/* Close and free what adm_open(), adm_content() and adm_strings() made;
 * a zeroed or half-opened struct is fine. */
void	 adm_close(struct adm *a);

/* The user acting, as the audit trail names them: the operating-system
 * user, and under sudo the user who ran it ("wasl (sudo: alice)" after
 * `sudo -u wasl wasl-admin ...`). Borrowed from a. */
const char *adm_actor(struct adm *a);
/* The keys of the texts the commands say, and the text of one of them
 * (borrowed from a; "" before adm_strings()). */
#define ADM_S_CONSENT_GIVEN	"admin.consent_given"
#define ADM_S_EXPORT_REF	"admin.export.ref"
#define ADM_S_EXPORT_RECEIVED	"admin.export.received"
#define ADM_S_EXPORT_STATUS	"admin.export.status"
#define ADM_S_EXPORT_DECIDED	"admin.export.decided"
#define ADM_S_REPORT_OVERALL	"admin.report.overall"
const char *adm_word(const struct adm *a, const char *key);

/* The site's response_days, or 0 when site.yaml states none (then
 * nothing is due; content must be loaded). */
int	 adm_response_days(const struct adm *a);
/* The definition of form id, or NULL (content must be loaded). */
const struct formdef *adm_form(const struct adm *a, const char *id);

/*
 * The period of --from and --to (each "YYYY-MM-DD", Saudi dates,
 * inclusive, either may be NULL: unbounded) as stored UTC times
 * [lo, hi), and as months [lo_month, hi_month] ("YYYY-MM"). Returns 0,
 * or -1 with err when a date is malformed or from is after to.
 */
struct adm_period {
	char	 lo[WF_TIME_LEN + 1], hi[WF_TIME_LEN + 1];
	char	 lo_month[8], hi_month[8];
};
int	 adm_period(const char *from, const char *to, struct adm_period *p,
	    struct buf *err);

/* A stored UTC time as Saudi local time "YYYY-MM-DD HH:MM" into out
 * ("" when utc is NULL or malformed). */
void	 adm_local_time(const char *utc, char out[17]);

/*
 * Write data to path through a temporary file beside it, renamed into
 * place once complete (readers see the old file or the new one), with
 * permissions mode (e.g. 0600 for personal data). Returns 0 or -1 with
 * err.
 */
int	 adm_write_file(const char *path, const char *data, size_t len,
	    mode_t mode, struct buf *err);

/* Normalise a reference as typed (lower case, spaces, hyphens) into
 * out; returns 0, or -1 with err when it is not a reference. */
int	 adm_ref(const char *s, char out[STORE_REF_LEN + 1], struct buf *err);

/*
 * Stored text as the tool prints it: every answer, note, name or date
 * read from the database is untrusted and may hold anything. Appends s
 * to out so that it can never produce, or pass for, a line of the
 * tool's own (a history entry, a label, a mobile number), nor drive the
 * terminal: a backslash becomes \\; tab, carriage return and the other
 * C0 controls, DEL and the C1 controls become \t, \r, \xHH and
 * \u0080-\u009F; format characters (Unicode Cf: the direction marks,
 * embeddings, overrides and isolates, invisible ones such as U+200B and
 * U+FEFF) and the line and paragraph separators U+2028, U+2029 become
 * \uHHHH (\UHHHHHHHH beyond U+FFFF), except ZWNJ and ZWJ (U+200C, U+200D),
 * which Persian and Arabic spelling needs and which move nothing; bytes
 * that are not UTF-8 become \xHH. A line break becomes \n when cont is
 * NULL (the text stays on its line); otherwise it is kept and followed
 * by cont, so that every further line begins with cont (e.g. "    | ").
 */
void	 adm_text(struct buf *out, const char *s, const char *cont);

/* b reset to adm_text(s, NULL) alone; returns its text, borrowed from b
 * (for one column of a line: one buffer per column). */
const char *adm_cell(struct buf *b, const char *s);

/* 1 when s holds a line break (LF), that is when adm_text() with cont
 * makes several lines of it. */
int	 adm_multiline(const char *s);

/*
 * A JSON text (as json_dumps() writes it: control characters already
 * escaped) with the characters adm_text() escapes that JSON leaves as
 * they are (DEL, the C1 controls, format characters, U+2028, U+2029)
 * written as \uHHHH escapes too: the same JSON value, safe to show on a
 * terminal. Appends to out.
 */
void	 adm_json_text(struct buf *out, const char *json);

/*
 * One direction per line: many terminals show Arabic inside an English
 * line reversed, so the tool never prints the two on one line. The
 * labels are English and ASCII; a value that may be Arabic goes on a
 * line of its own, indented under its label (ADM_VALUE_INDENT).
 */
#define ADM_VALUE_INDENT	"           "

/* 1 when s (may be NULL) is ASCII alone. */
int	 adm_ascii(const char *s);

/*
 * A JSON text as json_dumps() indents it, with each member whose value
 * holds anything but ASCII written over two lines: "key": on its own,
 * then the value indented under it (whitespace JSON allows between
 * tokens: the same JSON value). Appends to out.
 */
void	 adm_json_lines(struct buf *out, const char *json);

/* The text of a note as given on the command line, checked like form
 * text (UTF-8, no controls, at most ADM_NOTE_MAX characters), into out.
 * Returns 0 or -1 with err. */
int	 adm_note(const char *s, struct buf *out, struct buf *err);

#endif
