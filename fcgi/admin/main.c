/*
 * wasl-admin: the staff's tool over wasl-forms' database: the research
 * committee's workflow, exports, reports, data-subject requests,
 * retention and backups.
 *
 *   wasl-admin [--db PATH] [--content DIR] [--templates DIR] COMMAND
 *       [OPTIONS]
 *
 * Every command takes --help. The database (default var/data/wasl.db, the one
 * `make run` uses) must be mode 0600 or stricter, or nothing runs. The
 * content folder (default content) gives the site's response_days and
 * the form definitions; the templates folder (default templates) the
 * words the tool says (strings.yaml). Exit status: 0 when the command
 * did its work, 1 otherwise (with a message on standard error).
 *
 * Each command (cmd_*.h) parses its options, calls fcgi/db (which holds
 * every SQL statement and the rules' checks) and formats what it returns.
 */
#include <sys/stat.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adm.h"
#include "cmd_backup.h"
#include "cmd_cases.h"
#include "cmd_export.h"
#include "cmd_privacy.h"
#include "cmd_publish.h"
#include "cmd_report.h"
#include "cmd_users.h"

typedef int (*command_fn)(struct adm *, const struct adm_opts *,
    struct buf *);

/* What main() prepares for a command. */
#define C_DB		1	/* the database, opened (adm_open) */
#define C_CONTENT	2	/* the content folder, loaded */
#define C_STRINGS	4	/* the strings catalog, loaded */

struct command {
	const char	*name;
	const char	*usage;		/* the arguments */
	const char	*help;		/* what it does */
	const char	*opts;		/* options allowed: " name name " */
	int		 npos;		/* positional arguments, exactly;
					 * -1: one or two, the command checks */
	int		 needs;		/* C_ bits */
	command_fn	 run;
};

static const struct command commands[] = {
	{ "list", "[--form ID] [--status STATUS] [--from DATE] [--to DATE] "
	    "[--overdue]",
	    "Lists submissions (reference, form, status, date received, date\n"
	    "an answer is due), oldest first.",
	    " form status from to overdue ", 0, C_DB | C_CONTENT, cmd_list },
	{ "show", "REF",
	    "Shows one submission: its answers, dates and history. The look\n"
	    "is recorded in the audit trail.",
	    " ", 1, C_DB | C_CONTENT | C_STRINGS, cmd_show },
	{ "status", "REF STATUS --note TEXT",
	    "Moves a submission to STATUS: received, under-study, needs-info,\n"
	    "accepted or rejected. Who (the operating-system user), when, from\n"
	    "what, to what and the note go into the audit trail, which is\n"
	    "never overwritten.",
	    " note ", 2, C_DB | C_CONTENT, cmd_status },
	{ "overdue", "[--form ID]",
	    "Lists tracked requests (forms with a national ID) older than the\n"
	    "site's response_days that have no decision yet. Without\n"
	    "response_days in site.yaml nothing is due, and it says so.",
	    " form ", 0, C_DB | C_CONTENT, cmd_overdue },
	{ "audit", "[--ref REF] [--from DATE] [--to DATE]",
	    "Prints the audit trail: status changes, and every look at,\n"
	    "export, erasure and purge of personal data.",
	    " ref from to ", 0, C_DB, cmd_audit },
	{ "export", "--form ID [--from DATE] [--to DATE] [--out FILE]",
	    "Writes the submissions of a form as CSV for Excel (UTF-8 with a\n"
	    "byte-order mark, one column per question, its label as heading);\n"
	    "cells a spreadsheet would run as formulas are neutralised. To\n"
	    "FILE (mode 0600), or to standard output when that is not a\n"
	    "terminal. Audited.",
	    " form from to out ", 0, C_DB | C_CONTENT | C_STRINGS,
	    cmd_export },
	{ "report", "[--from DATE] [--to DATE] [--html FILE] [--json FILE]",
	    "Satisfaction figures per question (count, mean, distribution over\n"
	    "1 to 5, satisfaction index = share of 4 and 5), per month and\n"
	    "overall, and for tracked requests the counts by status and the\n"
	    "median days to a decision. Any group of fewer than 5 answers is\n"
	    "hidden, and so is any figure from which one could be computed\n"
	    "by subtraction (the overall minus the months shown: a month\n"
	    "more is hidden). --json writes the figures (aggregates only: fit"
	    " to\n"
	    "publish, e.g. content/data/satisfaction.json), --html a page\n"
	    "with SVG charts; without either the JSON goes to standard\n"
	    "output.",
	    " from to html json ", 0, C_DB | C_CONTENT | C_STRINGS,
	    cmd_report },
	{ "person", "[--national-id ID] [--mobile NUMBER] [--email ADDRESS] "
	    "[--out FILE]",
	    "Exports, as JSON, every submission of every form that holds any\n"
	    "of the values given (an access request under the PDPL): in a\n"
	    "field of its type, or written in a text answer (a national ID or\n"
	    "mobile in any digits, with spaces or hyphens between groups, not\n"
	    "inside a longer number; an e-mail address in any case), each\n"
	    "with where it was found. Typed as on the site: digits in any\n"
	    "script; a mobile as 05XXXXXXXX, 5XXXXXXXX, 9665XXXXXXXX,\n"
	    "+9665XXXXXXXX or 009665XXXXXXXX. Audited.",
	    " national-id mobile email out ", 0,
	    C_DB | C_CONTENT | C_STRINGS, cmd_person },
	{ "erase", "[--national-id ID] [--mobile NUMBER] [--email ADDRESS] "
	    "[--note TEXT] [--yes]",
	    "Lists every submission that holds any of the values given (found\n"
	    "as `person` finds them) and why, then, once confirmed (typing\n"
	    "yes at the terminal, or --yes), deletes them, keeping only\n"
	    "anonymous counts, redacts their entries in the audit trail and\n"
	    "rebuilds the file so that nothing of the person remains in it.\n"
	    "Without --yes and without a terminal nothing is erased. Audited\n"
	    "(without the values).",
	    " national-id mobile email note yes ", 0, C_DB | C_CONTENT,
	    cmd_erase },
	{ "purge", "[--dry-run]",
	    "Deletes the submissions older than the retention_days of their\n"
	    "form's definition, keeping anonymous counts; anonymous forms\n"
	    "keep theirs. --dry-run only says what would go.",
	    " dry-run ", 0, C_DB | C_CONTENT, cmd_purge },
	{ "backup", "FILE",
	    "Copies the database to FILE (mode 0600) with SQLite's online\n"
	    "backup: a consistent copy even while wasl-forms is writing.",
	    " ", 1, C_DB, cmd_backup },
	{ "restore", "FILE",
	    "Puts the backup FILE in place of the database, with the servers\n"
	    "stopped (refused while any process has the database open). FILE\n"
	    "must pass SQLite's integrity check and be a wasl database of\n"
	    "this program's schema or an older one. The database it replaces, its\n"
	    "write-ahead log copied into it first, is kept beside it as\n"
	    "NAME.before-restore-YYYYMMDDTHHMMSSZ (mode 0600, never\n"
	    "overwritten); the stale -wal and -shm go; the restored file gets\n"
	    "the owner and group of the one it replaces and mode 0600, and\n"
	    "its audit trail says who restored what, when, and where the\n"
	    "replaced one is kept.",
	    " ", 1, 0, cmd_restore },
	{ "user", "add NAME --role ROLE [--console-url URL] | list | "
	    "disable NAME | reset NAME [--console-url URL]",
	    "The staff console's accounts. add makes one with ROLE (officer,\n"
	    "committee, manager, admin, secretary or chair) and prints a\n"
	    "one-time enrolment link,\n"
	    "valid 24 hours, with which its holder sets a password and an\n"
	    "authenticator app; list shows every account; disable stops one\n"
	    "signing in and ends its sessions; reset clears its password and\n"
	    "second factor, ends its sessions and prints a new link. The link\n"
	    "is URL/enrol?token=..., URL being --console-url or the site's\n"
	    "base_url (content/site.yaml) followed by /staff/. Audited.",
	    " role console-url ", -1, C_DB, cmd_user },
	{ "publish-pending", "--site DIR [--build PATH]",
	    "The publisher of the staff console (run as root by fcgi/ctl.sh,\n"
	    "as make publish is): for each revision confirmed by a second\n"
	    "person, writes CONTENT/policies/SLUG/N.md, builds the site into\n"
	    "DIR with PATH (default bin/wasl-build) --publish --keep, and when\n"
	    "CONTENT is a git repository commits it in the two people's names;\n"
	    "a failed build removes the file and leaves the site as it was;\n"
	    "a rollback asked undoes the last publish for good (a revision\n"
	    "withdrawn with PATH --withdraw SLUG/N, an edited file given back\n"
	    "its text) and builds. Each outcome is recorded and audited, and\n"
	    "printed on a line.",
	    " site build ", 0, C_DB, cmd_publish_pending },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

/* The options, and where each goes in struct adm_opts. */
static const struct option {
	const char	*name;
	int		 value;		/* 1: takes a value; 0: a flag */
	size_t		 off;
	const char	*metavar;
} options[] = {
	{ "form", 1, offsetof(struct adm_opts, form), "ID" },
	{ "status", 1, offsetof(struct adm_opts, status), "STATUS" },
	{ "from", 1, offsetof(struct adm_opts, from), "DATE" },
	{ "to", 1, offsetof(struct adm_opts, to), "DATE" },
	{ "note", 1, offsetof(struct adm_opts, note), "TEXT" },
	{ "out", 1, offsetof(struct adm_opts, out), "FILE" },
	{ "html", 1, offsetof(struct adm_opts, html), "FILE" },
	{ "json", 1, offsetof(struct adm_opts, json), "FILE" },
	{ "national-id", 1, offsetof(struct adm_opts, national_id), "ID" },
	{ "mobile", 1, offsetof(struct adm_opts, mobile), "NUMBER" },
	{ "email", 1, offsetof(struct adm_opts, email), "ADDRESS" },
	{ "ref", 1, offsetof(struct adm_opts, ref), "REF" },
	{ "overdue", 0, offsetof(struct adm_opts, overdue), NULL },
	{ "dry-run", 0, offsetof(struct adm_opts, dry_run), NULL },
	{ "yes", 0, offsetof(struct adm_opts, yes), NULL },
	{ "role", 1, offsetof(struct adm_opts, role), "ROLE" },
	{ "console-url", 1, offsetof(struct adm_opts, console_url), "URL" },
	{ "site", 1, offsetof(struct adm_opts, site), "DIR" },
	{ "build", 1, offsetof(struct adm_opts, build), "PATH" },
	{ NULL, 0, 0, NULL }
};

static void
S_usage(FILE *f)
{
	const struct command	*c;

	fputs("usage: wasl-admin [--db PATH] [--content DIR] COMMAND "
	    "[OPTIONS]\n\ncommands:\n", f);
	for (c = commands; c->name != NULL; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->usage);
	fputs("\n--db PATH      the database (default var/data/wasl.db); it must "
	    "be mode 0600\n"
	    "--content DIR  the site's content, for response_days and the "
	    "form\n"
	    "               definitions (default content)\n"
	    "--templates DIR the words the tool says, in DIR/strings.yaml\n"
	    "               (default templates)\n"
	    "DATE is YYYY-MM-DD, a Saudi date, inclusive.\n"
	    "`wasl-admin COMMAND --help` tells more.\n", f);
}

static void
S_command_help(const struct command *c)
{
	printf("usage: wasl-admin [--db PATH] [--content DIR] %s %s\n\n%s\n",
	    c->name, c->usage, c->help);
}

static const struct command *
S_command(const char *name)
{
	const struct command	*c;

	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static const struct option *
S_option(const char *name, size_t len)
{
	const struct option	*o;

	for (o = options; o->name != NULL; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/* 1 when the command c takes the option named name. */
static int
S_allowed(const struct command *c, const char *name)
{
	char	 key[64];

	snprintf(key, sizeof(key), " %s ", name);
	return strstr(c->opts, key) != NULL;
}

int
main(int argc, char *argv[])
{
	const struct command	*cmd = NULL;
	const struct option	*o;
	struct adm		 a;
	struct adm_opts		 opts;
	struct buf		 err = BUF_INIT;
	const char		*arg, *eq, *val;
	int			 i, rc = 1, help = 0;
	size_t			 len;

	memset(&a, 0, sizeof(a));
	memset(&opts, 0, sizeof(opts));
	a.db_path = "var/data/wasl.db";
	a.content_dir = "content";
	a.templates_dir = "templates";
	a.out = stdout;
	/* Whatever wasl-admin writes may hold personal data. */
	umask(077);

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			help = 1;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (cmd == NULL) {
				if ((cmd = S_command(arg)) == NULL) {
					fprintf(stderr, "wasl-admin: unknown "
					    "command '%s'\n", arg);
					S_usage(stderr);
					return 1;
				}
			} else if (opts.npos < 2)
				opts.pos[opts.npos++] = arg;
			else {
				fprintf(stderr, "wasl-admin: %s: too many "
				    "arguments\n", cmd->name);
				return 1;
			}
			continue;
		}
		arg += 2;
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		if ((len == 2 && strncmp(arg, "db", 2) == 0) ||
		    (len == 7 && strncmp(arg, "content", 7) == 0) ||
		    (len == 9 && strncmp(arg, "templates", 9) == 0)) {
			if (eq == NULL && i + 1 >= argc) {
				fprintf(stderr, "wasl-admin: --%s needs a "
				    "value\n", arg);
				return 1;
			}
			val = eq ? eq + 1 : argv[++i];
			if (len == 2)
				a.db_path = val;
			else if (len == 7)
				a.content_dir = val;
			else
				a.templates_dir = val;
			continue;
		}
		if ((o = S_option(arg, len)) == NULL || cmd == NULL ||
		    !S_allowed(cmd, o->name)) {
			fprintf(stderr, "wasl-admin: %s%sunknown option "
			    "'--%.*s'\n", cmd ? cmd->name : "", cmd ? ": " :
			    "", (int)len, arg);
			if (cmd != NULL)
				fprintf(stderr, "usage: wasl-admin %s %s\n",
				    cmd->name, cmd->usage);
			else
				S_usage(stderr);
			return 1;
		}
		if (!o->value) {
			if (eq != NULL) {
				fprintf(stderr, "wasl-admin: --%s takes no "
				    "value\n", o->name);
				return 1;
			}
			*(int *)(void *)((char *)&opts + o->off) = 1;
			continue;
		}
		if (eq == NULL && i + 1 >= argc) {
			fprintf(stderr, "wasl-admin: --%s needs a value (%s)\n",
			    o->name, o->metavar);
			return 1;
		}
		*(const char **)(void *)((char *)&opts + o->off) =
		    eq ? eq + 1 : argv[++i];
	}
	if (cmd == NULL) {
		S_usage(help ? stdout : stderr);
		return help ? 0 : 1;
	}
	if (help) {
		S_command_help(cmd);
		return 0;
	}
	if (cmd->npos >= 0 ? opts.npos != cmd->npos : opts.npos < 1) {
		fprintf(stderr, "wasl-admin: %s takes %s\nusage: wasl-admin "
		    "%s %s\n", cmd->name, cmd->npos == 0 ? "no arguments" :
		    cmd->npos == 2 ? "two arguments" : cmd->npos == 1 ?
		    "one argument" : "a subcommand",
		    cmd->name, cmd->usage);
		return 1;
	}
	if (((cmd->needs & C_DB) && adm_open(&a, &err) == -1) ||
	    ((cmd->needs & C_CONTENT) && adm_content(&a, &err) == -1) ||
	    ((cmd->needs & C_STRINGS) && adm_strings(&a, &err) == -1))
		goto out;
	if (cmd->run(&a, &opts, &err) == 0)
		rc = 0;
out:
	if (rc != 0 && err.len > 0) {
		/* The content loader's problems are whole FILE:LINE lines. */
		if (err.data[err.len - 1] == '\n')
			fputs(buf_cstr(&err), stderr);
		else
			fprintf(stderr, "wasl-admin: %s: %s\n", cmd->name,
			    buf_cstr(&err));
	}
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, "wasl-admin: cannot write the output\n");
		rc = 1;
	}
	adm_close(&a);
	buf_free(&err);
	return rc;
}
