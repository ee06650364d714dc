/*
 * slowclients: many clients that start a request and never finish it, as
 * a test tool for nginx's capacity, timeouts and per-address limits.
 *
 *   slowclients [-n COUNT] [-f FROM] [-k PER] [-m header|body]
 *               [-e SECONDS] [-r RATE] [-t SECONDS] PORT
 *
 * It opens COUNT connections to 127.0.0.1:PORT (default 100), the first
 * PER of them (default 1) bound to the source address FROM (default
 * 127.2.0.1), the next PER to the address after it, and so on (Linux's
 * loopback answers every 127.x.y.z), so that per-address limits do not
 * stop them. Each sends the start of a request: in `header` mode a
 * request line and a header without the blank line that ends them, then
 * one more header byte every -e SECONDS (default 1; 0: nothing more); in
 * `body` mode a whole header of a form post announcing 60,000 bytes of
 * body, then one body byte every -e SECONDS. -r RATE opens that many
 * connections a second instead of all at once: a server that is handed
 * thousands at once can drop the ones whose first bytes it has not read
 * yet, while clients arriving one after another each get read.
 *
 * Once every connection is open (or has failed) it prints "ready N
 * failed M". SIGUSR1 prints the state, SIGTERM or -t SECONDS (default 60)
 * prints it and ends: "held H answered A closed C codes CODE=N,...":
 * held is connections the server still keeps open without an answer,
 * answered those it answered (a status line; its codes are counted), closed
 * those it closed or reset without an answer. Exit status 0, or 1 on a
 * usage or system error.
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BODY_LEN	60000
#define CONNECT_SECS	20	/* a connection not open by then failed */
#define MAX_CODE	600

enum state { OPENING, HELD, ANSWERED, CLOSED, FAILED };

struct conn {
	int		 fd;
	enum state	 st;
	size_t		 sent;	/* bytes of the opening part sent */
	size_t		 drip;	/* trickled bytes sent */
	double		 t0;	/* when its connect began */
};

static volatile sig_atomic_t	 S_report, S_stop;

static void
S_on_signal(int sig)
{
	if (sig == SIGUSR1)
		S_report = 1;
	else
		S_stop = 1;
}

static double
S_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Closes connection c, which ends in state st. */
static void
S_drop(struct conn *c, enum state st)
{
	close(c->fd);
	c->fd = -1;
	c->st = st;
}

static void
S_print_state(const struct conn *c, size_t n, const size_t *codes)
{
	size_t	 held = 0, answered = 0, closed = 0, i;
	int	 first = 1;

	for (i = 0; i < n; i++) {
		if (c[i].st == HELD)
			held++;
		else if (c[i].st == ANSWERED)
			answered++;
		else if (c[i].st == CLOSED)
			closed++;
	}
	printf("held %zu answered %zu closed %zu codes ", held, answered,
	    closed);
	for (i = 0; i < MAX_CODE; i++) {
		if (codes[i] == 0)
			continue;
		printf("%s%zu=%zu", first ? "" : ",", i, codes[i]);
		first = 0;
	}
	printf("%s\n", first ? "-" : "");
	fflush(stdout);
}

/* The source address of connection i, in network byte order: FROM
 * advanced by i / per, skipping addresses that end in 0 or 255. */
static in_addr_t
S_source(in_addr_t from, size_t i, size_t per)
{
	uint32_t	 a = ntohl(from);
	size_t		 k;

	for (k = 0; k < i / per; k++) {
		a++;
		while ((a & 0xff) == 0 || (a & 0xff) == 0xff)
			a++;
	}
	return htonl(a);
}

/* Sends what is left of the opening part; -1 when the peer is gone. */
static int
S_send_open(struct conn *c, const char *open, size_t len)
{
	ssize_t	 w;

	while (c->sent < len) {
		w = send(c->fd, open + c->sent, len - c->sent, MSG_NOSIGNAL);
		if (w == -1)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		c->sent += (size_t)w;
	}
	return 0;
}

/* Reads what the server sent: its status code into codes. */
static void
S_read(struct conn *c, size_t *codes)
{
	char	 buf[512];
	ssize_t	 r;
	int	 code;

	r = recv(c->fd, buf, sizeof(buf) - 1, 0);
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (r > 0) {
		buf[r] = '\0';
		code = 0;
		if (sscanf(buf, "HTTP/%*d.%*d %d", &code) == 1 && code > 0 &&
		    code < MAX_CODE)
			codes[code]++;
		S_drop(c, ANSWERED);
	} else
		S_drop(c, CLOSED);
}

static void
S_usage(void)
{
	fprintf(stderr, "usage: slowclients [-n COUNT] [-f FROM] [-k PER] "
	    "[-m header|body] [-e SECONDS] [-r RATE] [-t SECONDS] PORT\n");
}

int
main(int argc, char *argv[])
{
	struct conn		*c = NULL;
	struct pollfd		*pfd = NULL;
	struct sockaddr_in	 to, src;
	struct rlimit		 rl;
	struct sigaction	 sa;
	size_t			 codes[MAX_CODE] = { 0 };
	char			 open[512];
	const char		*from = "127.2.0.1", *mode = "header";
	const char		*drip;
	size_t			 n = 100, per = 1, i, failed, opening, started, target;
	size_t			 open_len, drip_len;
	double			 every = 1, hold = 60, rate = 0, start, next_drip, now;
	in_addr_t		 from_addr;
	int			 port, ch, rc = 1, timeout, e;
	socklen_t		 elen;

	while ((ch = getopt(argc, argv, "n:f:k:m:e:r:t:")) != -1) {
		switch (ch) {
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 'f':
			from = optarg;
			break;
		case 'k':
			per = strtoul(optarg, NULL, 10);
			break;
		case 'm':
			mode = optarg;
			break;
		case 'e':
			every = atof(optarg);
			break;
		case 'r':
			rate = atof(optarg);
			break;
		case 't':
			hold = atof(optarg);
			break;
		default:
			S_usage();
			return 1;
		}
	}
	if (optind + 1 != argc || n == 0 || per == 0 || every < 0 || rate < 0 ||
	    (port = atoi(argv[optind])) <= 0 || port > 65535 ||
	    inet_pton(AF_INET, from, &from_addr) != 1 ||
	    (strcmp(mode, "header") != 0 && strcmp(mode, "body") != 0)) {
		S_usage();
		return 1;
	}
	if (strcmp(mode, "header") == 0) {
		open_len = (size_t)snprintf(open, sizeof(open),
		    "GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		    "User-Agent: slowclients\r\n", port);
		drip = "X-Slow: 1\r\n";
	} else {
		open_len = (size_t)snprintf(open, sizeof(open),
		    "POST /forms/inquiry HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		    "User-Agent: slowclients\r\n"
		    "Content-Type: application/x-www-form-urlencoded\r\n"
		    "Content-Length: %d\r\n\r\nkind=inquiry&message=",
		    port, BODY_LEN);
		drip = "a";
	}
	drip_len = strlen(drip);

	/* One descriptor a connection, and a few of our own. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		perror("slowclients: getrlimit");
		return 1;
	}
	if (rl.rlim_cur < n + 16) {
		if (rl.rlim_max < n + 16) {
			fprintf(stderr, "slowclients: %zu connections need %zu "
			    "descriptors, the limit is %llu: raise ulimit -n\n",
			    n, n + 16, (unsigned long long)rl.rlim_max);
			return 1;
		}
		rl.rlim_cur = n + 16;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
			perror("slowclients: setrlimit");
			return 1;
		}
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = S_on_signal;	/* no SA_RESTART: poll returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if ((c = calloc(n, sizeof(*c))) == NULL ||
	    (pfd = calloc(n, sizeof(*pfd))) == NULL) {
		perror("slowclients");
		goto out;
	}
	for (i = 0; i < n; i++)
		c[i].fd = -1;
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* Open the connections (-r: so many a second), wait until each is
	 * open, and send its opening part. pfd[i] is connection i's; a
	 * negative fd is left out of poll. */
	start = S_now();
	started = 0;
	for (;;) {
		now = S_now();
		target = rate > 0 ? (size_t)((now - start) * rate) + 1 : n;
		for (; started < n && started < target; started++) {
			i = started;
			c[i].t0 = now;
			c[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
			if (c[i].fd == -1) {
				perror("slowclients: socket");
				goto out;
			}
			memset(&src, 0, sizeof(src));
			src.sin_family = AF_INET;
			src.sin_addr.s_addr = S_source(from_addr, i, per);
			if (bind(c[i].fd, (struct sockaddr *)&src,
			    sizeof(src)) == -1) {
				perror("slowclients: bind");
				goto out;
			}
			if (connect(c[i].fd, (struct sockaddr *)&to,
			    sizeof(to)) == -1 && errno != EINPROGRESS)
				S_drop(&c[i], FAILED);
		}
		opening = 0;
		for (i = 0; i < started; i++) {
			if (c[i].st == OPENING && now - c[i].t0 > CONNECT_SECS)
				S_drop(&c[i], FAILED);
			pfd[i].fd = c[i].st == OPENING ? c[i].fd : -1;
			pfd[i].events = POLLOUT;
			pfd[i].revents = 0;
			opening += c[i].st == OPENING;
		}
		if ((started == n && opening == 0) || S_stop)
			break;
		if (poll(pfd, started, rate > 0 ? 10 : 200) == -1 &&
		    errno != EINTR) {
			perror("slowclients: poll");
			goto out;
		}
		for (i = 0; i < started; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			elen = sizeof(e);
			e = 0;
			if (getsockopt(c[i].fd, SOL_SOCKET, SO_ERROR, &e,
			    &elen) == -1 || e != 0) {
				S_drop(&c[i], FAILED);
				continue;
			}
			c[i].st = HELD;
			if (S_send_open(&c[i], open, open_len) == -1)
				S_drop(&c[i], CLOSED);
		}
	}
	for (i = started; i < n; i++)
		c[i].st = FAILED;
	failed = 0;
	for (i = 0; i < n; i++) {
		if (c[i].st == OPENING)
			S_drop(&c[i], FAILED);
		failed += c[i].st == FAILED;
	}
	printf("ready %zu failed %zu\n", n - failed, failed);
	fflush(stdout);

	/* Hold them: read what the server says, trickle, report. */
	next_drip = S_now() + every;
	while (!S_stop && S_now() - start < hold) {
		if (S_report) {
			S_report = 0;
			S_print_state(c, n, codes);
		}
		for (i = 0; i < n; i++) {
			pfd[i].fd = c[i].st == HELD ? c[i].fd : -1;
			pfd[i].events = POLLIN |
			    (c[i].sent < open_len ? POLLOUT : 0);
			pfd[i].revents = 0;
		}
		now = S_now();
		timeout = 200;
		if (every > 0 && next_drip - now < 0.2)
			timeout = next_drip > now ?
			    (int)((next_drip - now) * 1000) : 0;
		if (poll(pfd, n, timeout) == -1 && errno != EINTR) {
			perror("slowclients: poll");
			goto out;
		}
		for (i = 0; i < n; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				S_read(&c[i], codes);
			else if (S_send_open(&c[i], open, open_len) == -1)
				S_drop(&c[i], CLOSED);
		}
		if (every > 0 && S_now() >= next_drip) {
			next_drip += every;
			for (i = 0; i < n; i++) {
				if (c[i].st != HELD || c[i].sent < open_len)
					continue;
				if (send(c[i].fd, drip + c[i].drip % drip_len,
				    1, MSG_NOSIGNAL) == 1)
					c[i].drip++;
				else if (errno != EAGAIN &&
				    errno != EWOULDBLOCK)
					S_read(&c[i], codes);
			}
		}
	}
	S_print_state(c, n, codes);
	rc = 0;
out:
	if (c != NULL)
		for (i = 0; i < n; i++)
			if (c[i].fd != -1)
				close(c[i].fd);
	free(c);
	free(pfd);
	return rc;
}
