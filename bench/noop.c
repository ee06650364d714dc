/*
 * noop: a FastCGI responder that does nothing, the ceiling of nginx plus
 * FastCGI on this machine for bench/forms.sh.
 *
 *   noop SOCKET [WORKERS]
 *
 * Listens on the Unix socket SOCKET with WORKERS processes (default: one
 * per core, as wasl-forms), reads each request's body and answers 303 to
 * a fixed confirmation address at once. SIGTERM stops it.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <fcgiapp.h>

#define MAX_WORKERS	64

static void
S_worker(int fd)
{
	FCGX_Request	 req;
	char		 buf[4096];

	signal(SIGTERM, SIG_DFL);
	if (FCGX_InitRequest(&req, fd, 0) != 0)
		_exit(1);
	while (FCGX_Accept_r(&req) >= 0) {
		while (FCGX_GetStr(buf, sizeof(buf), req.in) > 0)
			continue;
		/* Closed as wasl-forms closes a request read to its end: at
		 * once, not lingering (fcgi/forms/main.c, S_finish()). */
		FCGX_Detach(&req);
		FCGX_PutS("Status: 303 See Other\r\n"
		    "Location: /forms/support-request/received/AAAAAAAA\r\n"
		    "Cache-Control: no-store\r\nContent-Length: 0\r\n\r\n",
		    req.out);
		FCGX_Finish_r(&req);
	}
	_exit(0);
}

int
main(int argc, char *argv[])
{
	pid_t		 pids[MAX_WORKERS];
	long		 n = sysconf(_SC_NPROCESSORS_ONLN);
	sigset_t	 set;
	int		 fd, i, sig;

	if (argc < 2 || argc > 3) {
		fputs("usage: noop SOCKET [WORKERS]\n", stderr);
		return 2;
	}
	if (argc == 3)
		n = atol(argv[2]);
	if (n < 1 || n > MAX_WORKERS)
		n = 1;
	unlink(argv[1]);
	if (FCGX_Init() != 0 || (fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "noop: cannot listen on %s\n", argv[1]);
		return 1;
	}
	chmod(argv[1], 0666);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (i = 0; i < n; i++)
		if ((pids[i] = fork()) == 0) {
			sigprocmask(SIG_UNBLOCK, &set, NULL);
			S_worker(fd);
		}
	sigwait(&set, &sig);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	unlink(argv[1]);
	return 0;
}
