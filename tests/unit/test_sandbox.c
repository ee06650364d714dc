/*
 * test_sandbox: what wasl-forms' least privilege promises (sandbox.h).
 * Each case runs in a child process of its own, since neither a filter
 * nor a change of user can be undone: the child confines itself, tries
 * one thing, and the parent reads how it ended. A forbidden call must
 * kill it with SIGSYS; what serving requests needs must still work,
 * from the thread that loaded the filter and from threads started after.
 * Dropping root is tried when the test runs as root (as CI does), with
 * Debian's "nobody" account.
 */
#define _GNU_SOURCE	/* syscall() */
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "sandbox.h"

static char	 dir[] = "/tmp/test_sandbox.XXXXXX";

/* In the child: confine, or end with 100 (which no case uses). */
static void
S_confine(void)
{
	struct buf	 err = BUF_INIT;

	if (sandbox_confine(&err) == -1) {
		fprintf(stderr, "%s", buf_cstr(&err));
		_exit(100);
	}
	buf_free(&err);
}

/* Run fn in a child; the status waitpid() gave, or -1. */
static int
S_child(int (*fn)(void))
{
	pid_t	 pid;
	int	 status;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0)
		_exit(fn());
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	return status;
}

/* Run fn in a child: it must be killed by signal sig, or with sig 0 end
 * normally with status 0. */
static void
S_expect(int (*fn)(void), int sig, const char *name)
{
	char	 why[64];
	int	 st = S_child(fn);

	if (st != -1 && WIFEXITED(st))
		snprintf(why, sizeof(why), "exited with %d", WEXITSTATUS(st));
	else if (st != -1 && WIFSIGNALED(st))
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(st));
	else
		snprintf(why, sizeof(why), "no child");
	if (sig == 0)
		check(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, name,
		    why);
	else
		check(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == sig, name,
		    why);
}

/* A child that must die of SIGSYS (the filter's verdict). */
static void
S_refused(int (*fn)(void), const char *name)
{
	S_expect(fn, SIGSYS, name);
}

/* A child that must end normally with 0. */
static void
S_allowed(int (*fn)(void), const char *name)
{
	S_expect(fn, 0, name);
}

/* ---- what a worker does, which must go on working ---- */

static void *
S_thread_work(void *arg)
{
	char	*p;

	(void)arg;
	/* Large enough to be an mmap of its own. */
	if ((p = malloc(1 << 20)) == NULL)
		return (void *)1;
	memset(p, 'x', 1 << 20);
	free(p);
	return NULL;
}

static int
c_serving(void)
{
	char		 path[sizeof(dir) + 16], rnd[16], back[5];
	pthread_t	 t;
	void		*res = (void *)1;
	struct timespec	 ts;
	int		 fd, pfd[2];

	/* Made before, as the listening socket and the database are. */
	if (pipe(pfd) == -1)
		return 1;
	S_confine();
	snprintf(path, sizeof(path), "%s/db-wal", dir);
	/* SQLite's files: opened, written, flushed, truncated, removed. */
	if ((fd = open(path, O_RDWR | O_CREAT, 0600)) == -1 ||
	    pwrite(fd, "page", 4, 0) != 4 || fdatasync(fd) == -1 ||
	    fsync(fd) == -1 || ftruncate(fd, 0) == -1 || close(fd) == -1 ||
	    unlink(path) == -1)
		return 2;
	/* Threads, memory, time, randomness, the request descriptors. */
	if (pthread_create(&t, NULL, S_thread_work, NULL) != 0 ||
	    pthread_join(t, &res) != 0 || res != NULL)
		return 3;
	if (clock_gettime(CLOCK_REALTIME, &ts) == -1 ||
	    getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return 4;
	if (write(pfd[1], "ping", 4) != 4 || read(pfd[0], back, 4) != 4)
		return 5;
	return 0;
}

static int
S_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* A database opened once confined, as the checkpointer's connection is,
 * through a folder reached by a symbolic link (SQLite reads it). */
static int
c_sqlite(void)
{
	struct buf	 err = BUF_INIT;
	char		 path[sizeof(dir) + 32];
	sqlite3		*db;
	int		 rc;

	snprintf(path, sizeof(path), "%s/link/w.db", dir);
	/* As wasl-forms: never root once confined (SQLite as root would
	 * give its files to the folder's owner, with fchown). */
	if (geteuid() == 0 && sandbox_drop("nobody", &err) != 1)
		return 3;
	S_confine();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return 1;
	rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; CREATE TABLE t (x);"
	    "INSERT INTO t VALUES (1); PRAGMA wal_checkpoint(TRUNCATE);",
	    NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 2;
}

/* Sorting more than 1 KiB: glibc asks for the memory's size. */
static int
c_qsort(void)
{
	static int	 v[4096];
	size_t		 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		v[i] = (int)((i * 7919) % 4096);
	S_confine();
	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), S_cmp_int);
	return v[0] == 0 && v[4095] == 4095 ? 0 : 1;
}

/* ---- what a compromised worker might try, which must be refused ---- */

static int
c_socket(void)
{
	S_confine();
	/* A connection out (to exfiltrate what the database holds). */
	return socket(AF_INET, SOCK_STREAM, 0) == -1 ? 1 : 2;
}

static int
c_exec(void)
{
	char	*argv[] = { (char *)"/bin/true", NULL };

	S_confine();
	execv("/bin/true", argv);
	return 1;
}

static int
c_setuid(void)
{
	S_confine();
	return setuid(0) == -1 ? 1 : 2;
}

static int
c_chmod(void)
{
	char	 path[sizeof(dir) + 16];

	snprintf(path, sizeof(path), "%s/file", dir);
	S_confine();
	/* Making a file readable to others goes by path: not needed. */
	return chmod(path, 0644) == -1 ? 1 : 2;
}

static void *
S_thread_socket(void *arg)
{
	(void)arg;
	(void)socket(AF_UNIX, SOCK_STREAM, 0);
	return NULL;
}

static int
c_thread(void)
{
	pthread_t	 t;

	S_confine();
	/* A thread started afterwards inherits the filter; its breach
	 * ends the whole process, not only the thread. */
	if (pthread_create(&t, NULL, S_thread_socket, NULL) != 0)
		return 1;
	pthread_join(t, NULL);
	return 2;
}

#if !SANDBOX_SANITIZED
/* The sanitizers' run-time needs these; the plain build refuses them. */
static int
c_fork(void)
{
	pid_t	 pid;

	S_confine();
	if ((pid = fork()) == 0)
		_exit(0);
	return pid == -1 ? 1 : 2;
}

static int
c_exec_memory(void)
{
	void	*p;

	S_confine();
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? 1 : 2;
}

static int
c_mprotect_exec(void)
{
	void	*p;

	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	S_confine();
	return mprotect(p, 4096, PROT_READ | PROT_EXEC) == -1 ? 1 : 2;
}

static int
c_kill_other(void)
{
	S_confine();
	/* Signals go to its own threads only. */
	return kill(getppid(), 0) == -1 ? 1 : 2;
}

static int
c_ptrace(void)
{
	S_confine();
	return ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1 ? 1 : 2;
}
#endif

/* ---- giving up root ---- */

static int
c_drop_nobody(void)
{
	struct buf	 err = BUF_INIT;
	struct passwd	*pw;
	gid_t		 groups[8];
	int		 n;

	if ((pw = getpwnam("nobody")) == NULL)
		return 10;
	if (sandbox_drop("nobody", &err) != 1)
		return 1;
	if (getuid() != pw->pw_uid || geteuid() != pw->pw_uid ||
	    getgid() != pw->pw_gid || getegid() != pw->pw_gid)
		return 2;
	/* Root's supplementary groups are gone too. */
	n = getgroups(8, groups);
	if (n != 1 || groups[0] != pw->pw_gid)
		return 3;
	/* For good. */
	if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1)
		return 4;
	/* Root's files are out of reach. */
	if (open("/etc/shadow", O_RDONLY) != -1 || errno != EACCES)
		return 5;
	return 0;
}

static int
c_drop_root(void)
{
	struct buf	 err = BUF_INIT;

	/* Running "as root" is no drop at all: refused, with a reason. */
	if (sandbox_drop("root", &err) != -1 || err.len == 0 ||
	    strstr(buf_cstr(&err), "--user") == NULL || getuid() != 0)
		return 1;
	return 0;
}

static int
c_drop_missing(void)
{
	struct buf	 err = BUF_INIT;

	if (sandbox_drop("wasl-no-such-user", &err) != -1 ||
	    strstr(buf_cstr(&err), "does not exist") == NULL ||
	    getuid() != 0)
		return 1;
	return 0;
}

int
main(void)
{
	struct buf	 err = BUF_INIT;
	char		 path[sizeof(dir) + 16], link[sizeof(dir) + 16];
	struct passwd	*pw;
	int		 fd;

	if (sandbox_check(&err) == -1) {
		/* Not a pass: this kernel cannot run wasl-forms confined. */
		check(0, "sandbox: seccomp available", buf_cstr(&err));
		return check_exit();
	}
	if (mkdtemp(dir) == NULL)
		return check(0, "sandbox: a temporary folder", NULL), 1;
	snprintf(path, sizeof(path), "%s/file", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) != -1)
		close(fd);
	snprintf(path, sizeof(path), "%s/real", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	if (mkdir(path, 0700) == -1 || symlink(path, link) == -1 ||
	    (geteuid() == 0 && (pw = getpwnam("nobody")) != NULL &&
	    (chown(dir, pw->pw_uid, pw->pw_gid) == -1 ||
	    chown(path, pw->pw_uid, pw->pw_gid) == -1)))
		check(0, "sandbox: a linked folder", NULL);
	snprintf(path, sizeof(path), "%s/file", dir);

	S_allowed(c_serving, "confined: files, threads, memory, time, "
	    "randomness and descriptors still work");
	S_allowed(c_sqlite, "confined: SQLite opens a WAL database through a "
	    "linked folder");
	S_allowed(c_qsort, "confined: a large qsort");
	S_refused(c_socket, "confined: a new socket kills the worker");
	S_refused(c_exec, "confined: running a program kills the worker");
	S_refused(c_setuid, "confined: changing user kills the worker");
	S_refused(c_chmod, "confined: chmod by path kills the worker");
	S_refused(c_thread, "confined: a later thread's forbidden call "
	    "kills the whole worker");
#if !SANDBOX_SANITIZED
	S_refused(c_fork, "confined: a new process kills the worker");
	S_refused(c_exec_memory, "confined: executable memory (mmap) kills "
	    "the worker");
	S_refused(c_mprotect_exec, "confined: making memory executable "
	    "(mprotect) kills the worker");
	S_refused(c_kill_other, "confined: signalling another process kills "
	    "the worker");
	S_refused(c_ptrace, "confined: ptrace kills the worker");
#else
	printf("SKIP confined: fork, executable memory, kill, ptrace: the "
	    "sanitizers' run-time needs them, so their build allows them\n");
#endif

	if (geteuid() == 0) {
		S_allowed(c_drop_nobody, "drop: root becomes nobody, its "
		    "groups gone, for good");
		S_allowed(c_drop_root, "drop: the user root is refused");
		S_allowed(c_drop_missing, "drop: a missing user is refused");
	} else {
		check(sandbox_drop("nobody", &err) == 0,
		    "drop: nothing to do when not root", NULL);
	}

	unlink(path);
	snprintf(path, sizeof(path), "%s/real/w.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/real", dir);
	rmdir(path);
	unlink(link);
	rmdir(dir);
	buf_free(&err);
	return check_exit();
}
