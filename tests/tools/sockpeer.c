/*
 * sockpeer: a misbehaving local peer of wasl-forms' Unix socket, for the
 * end-to-end tests.
 *
 *   sockpeer connect PATH
 *       connect once; prints "connected" (exit 0) or the error's name,
 *       e.g. "EACCES" (exit 1)
 *   sockpeer idle PATH N BYTES SECONDS
 *       open N connections that each send BYTES bytes (0 or 1) of a
 *       FastCGI record and nothing more, then wait up to SECONDS for the
 *       server to close them; prints "open N closed K in T s" and exits
 *       0 when all N were opened (however many were closed)
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_PEERS	1000

static int
S_connect(const char *path)
{
	struct sockaddr_un	 sa;
	int			 fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static const char *
S_errname(int e)
{
	switch (e) {
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EPERM: return "EPERM";
	case EAGAIN: return "EAGAIN";
	default: return strerror(e);
	}
}

static double
S_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
S_idle(const char *path, int n, int bytes, int seconds)
{
	static struct pollfd	 p[MAX_PEERS];
	double			 start, end;
	char			 c = 1;	/* a record's version byte */
	char			 tmp[256];
	int			 i, open = 0, closed = 0, left;

	for (i = 0; i < n; i++) {
		if ((p[i].fd = S_connect(path)) == -1) {
			printf("connection %d: %s\n", i + 1, S_errname(errno));
			break;
		}
		p[i].events = POLLIN;
		open++;
		if (bytes > 0 && write(p[i].fd, &c, 1) != 1)
			break;
	}
	start = S_now();
	end = start + seconds;
	for (left = open; left > 0 && S_now() < end; ) {
		int ms = (int)((end - S_now()) * 1000) + 1;

		if (poll(p, (nfds_t)open, ms) <= 0)
			continue;
		for (i = 0; i < open; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			/* Closed by the server: the end of the stream, or a
			 * reset. */
			if (read(p[i].fd, tmp, sizeof(tmp)) <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				closed++;
				left--;
			}
		}
	}
	printf("open %d closed %d in %.1f s\n", open, closed, S_now() - start);
	for (i = 0; i < open; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	return open == n ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	int	 fd;

	if (argc == 3 && strcmp(argv[1], "connect") == 0) {
		if ((fd = S_connect(argv[2])) == -1) {
			printf("%s\n", S_errname(errno));
			return 1;
		}
		close(fd);
		printf("connected\n");
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "idle") == 0 &&
	    atoi(argv[3]) > 0 && atoi(argv[3]) <= MAX_PEERS)
		return S_idle(argv[2], atoi(argv[3]), atoi(argv[4]) > 0,
		    atoi(argv[5]));
	fprintf(stderr, "usage: sockpeer connect PATH\n"
	    "       sockpeer idle PATH N BYTES SECONDS\n");
	return 2;
}
