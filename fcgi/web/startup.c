/*
 * startup: the start and the end that wasl-forms and wasl-console share
 * (see startup.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"
#include "startup.h"

const char *
startup_value(int argc, char *argv[], int *i, const char *name)
{
	if (*i + 1 >= argc || strcmp(argv[*i], name) != 0)
		return NULL;
	return argv[++*i];
}

/* One of the options both programs take: 1 when argv[*i] is one, else
 * 0. --help is the caller's. */
static int
S_common(struct startup *s, int argc, char *argv[], int *i,
    const char **sgroup)
{
	static const char *const named[] = { "--content", "--templates",
	    "--db", "--socket", "--user", "--socket-group" };
	const char	**value[] = { &s->content, &s->templates, &s->db,
	    &s->socket, &s->user, sgroup };
	const char	 *v;
	size_t		  k;

	if (strcmp(argv[*i], "--check") == 0) {
		s->check = 1;
		return 1;
	}
	if (strcmp(argv[*i], "--no-seccomp") == 0) {
		s->prog->confine = 0;
		return 1;
	}
	for (k = 0; k < sizeof(named) / sizeof(named[0]); k++)
		if ((v = startup_value(argc, argv, i, named[k])) != NULL) {
			*value[k] = v;
			return 1;
		}
	return 0;
}

int
startup_args(struct startup *s, struct web_program *p, int argc,
    char *argv[])
{
	const char	*name = p->name, *sgroup = NULL;
	struct group	*gr;
	sigset_t	 hup;
	int		 i, r;

	s->prog = p;
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	sigprocmask(SIG_BLOCK, &hup, NULL);
	s->content = "content";
	s->templates = "templates";
	s->db = "var/data/wasl.db";
	s->socket = NULL;
	s->user = SANDBOX_USER;
	s->socket_gid = (gid_t)-1;
	s->check = 0;
	s->dropped = 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			s->usage(stdout);
			return 0;
		}
		if (S_common(s, argc, argv, &i, &sgroup))
			continue;
		r = s->option != NULL ? s->option(argc, argv, &i) : 0;
		if (r == 1)
			continue;
		if (r != 0)
			return r;
		fprintf(stderr, "%s: unknown or incomplete argument '%s'\n",
		    name, argv[i]);
		s->usage(stderr);
		return 2;
	}
	umask(077);
	if (sgroup != NULL) {
		if (s->socket == NULL) {
			fprintf(stderr, "%s: --socket-group is for the socket "
			    "made with --socket PATH\n", name);
			return 2;
		}
		if ((gr = getgrnam(sgroup)) == NULL) {
			fprintf(stderr, "%s: --socket-group: there is no group "
			    "'%s'\n", name, sgroup);
			return 1;
		}
		s->socket_gid = gr->gr_gid;
	}
	return STARTUP_GO;
}

int
startup_secure(struct startup *s)
{
	struct web_program	*p = s->prog;
	struct buf		 err = BUF_INIT;
	int			 rc = 1;

	if (p->confine && sandbox_check(&err) == -1) {
		fprintf(stderr, "%s: %s", p->name, buf_cstr(&err));
		goto out;
	}
	/* The socket while still root (a folder only root may write in),
	 * then root is given up before the program opens its database. */
	if (!s->check && (p->listen_fd = web_listen(s->socket,
	    s->socket_gid, &err)) < 0) {
		if (err.len > 0)
			fprintf(stderr, "%s: %s", p->name, buf_cstr(&err));
		goto out;
	}
	if ((s->dropped = sandbox_drop(s->user, &err)) == -1) {
		s->dropped = 0;
		fprintf(stderr, "%s: %s", p->name, buf_cstr(&err));
		goto out;
	}
	rc = STARTUP_GO;
out:
	buf_free(&err);
	return rc;
}

int
startup_serve(struct startup *s, int workers, int grace, void **app,
    const struct sv_reload *rl)
{
	if (web_run(s->prog, workers, grace, app, rl) == -1) {
		fprintf(stderr, "%s: cannot start workers: %s\n",
		    s->prog->name, strerror(errno));
		return 1;
	}
	return 0;
}

void
startup_end(struct startup *s)
{
	if (s->socket != NULL && s->prog->listen_fd >= 0)
		unlink(s->socket);
}
