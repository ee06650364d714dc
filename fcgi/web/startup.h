/*
 * startup: what wasl-forms and wasl-console do alike before and after
 * they serve: the options both take, the socket's group, the sandbox's
 * checks, the socket and the privilege drop, running the server
 * (server.h) and removing the socket at the end. Each program's main.c
 * keeps its own options, its usage text and its own work in between.
 *
 * The order is the programs':
 *
 *	startup_args()		options, umask, --socket-group
 *	(the program's own start: content, templates, salt...)
 *	startup_secure()	seccomp check, socket, root given up
 *	(the database opened once, the --check report)
 *	startup_serve()		the workers until SIGTERM
 *	startup_end()		always, last
 *
 * Ownership: struct startup is the program's, and so is the struct
 * web_program given to startup_args(), which must outlive it
 * (startup_args() sets its confine, startup_secure() its listen_fd). The
 * strings it holds are argv's or static defaults; nothing here
 * allocates.
 *
 * Errors: no function here exits. Each prints its messages to standard
 * error, each line starting with the program's name (prog->name, as
 * "wasl-forms: ..."), and returns what main is to do: the exit status,
 * 2 for bad usage and 1 for any other failure, or STARTUP_GO to go on.
 */
#ifndef WASL_STARTUP_H
#define WASL_STARTUP_H

#include <stdio.h>
#include <sys/types.h>

#include "server.h"

/* Returned when start-up goes on; any other value is an exit status. */
#define STARTUP_GO	(-1)

struct startup {
	/* Set by the program. */
	void		 (*usage)(FILE *f);	/* the program's usage text */
	/*
	 * The program's own options, or NULL for none: whether argv[*i]
	 * is one of them. Returns 1 when it is (with *i moved past a
	 * value it took), 0 when it is not, or 2 when its value is wrong,
	 * with the message printed.
	 */
	int		 (*option)(int argc, char *argv[], int *i);

	/* Set by startup_args(): the program, the defaults, then the
	 * command line's. */
	struct web_program *prog;	/* its name starts every message */
	const char	*content;	/* --content, "content" */
	const char	*templates;	/* --templates, "templates" */
	const char	*db;		/* --db, "var/data/wasl.db" */
	const char	*socket;	/* --socket, NULL: inherited */
	const char	*user;		/* --user, SANDBOX_USER */
	gid_t		 socket_gid;	/* --socket-group, or (gid_t)-1 */
	int		 check;		/* --check: load, report, exit */

	/* Set by startup_secure(). */
	int		 dropped;	/* root was given up for user */
};

/*
 * Start p: block SIGHUP (one that comes while starting waits for the
 * supervisor to reload), read the options, set the umask to 077 and look
 * up --socket-group. Besides the program's own options (s->option):
 * --help (s->usage to standard output: exit status 0), --check,
 * --no-seccomp (p->confine = 0), and --content, --templates, --db,
 * --socket, --user and --socket-group, each with a value. Anything else,
 * or an option missing its value, is bad usage: a message and s->usage
 * to standard error. Returns STARTUP_GO, or the exit status: 0 after
 * --help, 2 on bad usage (--socket-group without --socket too), 1 when
 * the group does not exist.
 */
int	startup_args(struct startup *s, struct web_program *p, int argc,
	    char *argv[]);

/*
 * Check that this kernel can load the seccomp filter (when the program
 * is confined), open the listening socket while still root (not with
 * --check) and give root up for s->user for good (sandbox.h).
 * Returns STARTUP_GO, with s->dropped set, or 1 when any step failed.
 */
int	startup_secure(struct startup *s);

/*
 * Run the server (web_run()) with workers processes, grace seconds for
 * requests in flight at a stop and rl for SIGHUP, until SIGTERM; *app is
 * the app in use at the end. Returns the exit status: 0, or 1 when the
 * workers could not start.
 */
int	startup_serve(struct startup *s, int workers, int grace, void **app,
	    const struct sv_reload *rl);

/*
 * For s->option: the value of the option name when argv[*i] is that
 * option and a value follows it, with *i moved onto the value; else NULL
 * (another option, or name with nothing after it).
 */
const char	*startup_value(int argc, char *argv[], int *i,
	    const char *name);

/* Remove the socket made with --socket, if it was made. */
void	startup_end(struct startup *s);

#endif
