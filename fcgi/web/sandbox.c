/*
 * sandbox: least privilege for wasl-forms (see sandbox.h).
 */
#define _GNU_SOURCE	/* setresuid(), setresgid(), CLONE_THREAD */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <seccomp.h>

#include "buf.h"
#include "sandbox.h"

int
sandbox_drop(const char *user, struct buf *err)
{
	struct passwd	*pw;
	uid_t		 uid;
	gid_t		 gid;

	if (geteuid() != 0)
		return 0;
	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		buf_printf(err, "started as root, it serves requests as the "
		    "user '%s', which does not exist: create it (adduser "
		    "--system --group %s) or name another with --user\n",
		    user, user);
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (uid == 0 || gid == 0) {
		buf_printf(err, "the user '%s' is root or in root's group: "
		    "name an unprivileged user with --user\n", user);
		return -1;
	}
	/* Groups first, while still allowed to set them. */
	if (setgroups(1, &gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1) {
		buf_printf(err, "cannot become the user '%s': %s\n", user,
		    strerror(errno));
		return -1;
	}
	/* It must be for good. */
	if (setuid(0) != -1 || seteuid(0) != -1 || getuid() != uid ||
	    geteuid() != uid || getgid() != gid || getegid() != gid) {
		buf_printf(err, "root could be regained after becoming '%s'\n",
		    user);
		return -1;
	}
	return 1;
}

/* One rule; a call this architecture does not have is skipped. */
static int
S_allow(scmp_filter_ctx ctx, int nr, unsigned cnt,
    const struct scmp_arg_cmp *cmp)
{
	if (nr < 0)
		return 0;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, cnt, cmp);
}

/*
 * What a worker calls once running, found by tracing the test suite
 * (strace -ff) through every kind of request, start and stop.
 */
static const int allowed[] = {
	/* descriptors: requests, the database and its WAL, stderr */
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(lseek),
	SCMP_SYS(close), SCMP_SYS(fcntl), SCMP_SYS(fstat),
	SCMP_SYS(newfstatat), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(statx), SCMP_SYS(access), SCMP_SYS(faccessat),
	SCMP_SYS(faccessat2), SCMP_SYS(getcwd),
	/* SQLite resolves the database's path (a link on the way is read)
	 * when the checkpointer opens its connection, after the filter */
	SCMP_SYS(readlink), SCMP_SYS(readlinkat),
	/* SQLite: the WAL and shared-memory files, opened, truncated,
	 * flushed and, at the last close, removed */
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(ftruncate),
	SCMP_SYS(fsync), SCMP_SYS(fdatasync), SCMP_SYS(fchmod),
	SCMP_SYS(unlink), SCMP_SYS(unlinkat),
	/* memory (mmap and mprotect have their own rules) */
	SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	SCMP_SYS(brk),
	/* threads: their locks, start and end (clone has its own rule) */
	SCMP_SYS(futex), SCMP_SYS(set_robust_list), SCMP_SYS(rseq),
	SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
	/* signals: SIGTERM, the wake-up of waiting threads */
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigtimedwait),
	SCMP_SYS(sigaltstack),
	/* requests on the inherited listening socket */
	SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(poll),
	SCMP_SYS(ppoll), SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(shutdown),
	/* time, randomness, identity */
	SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(time),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	SCMP_SYS(getrandom), SCMP_SYS(getpid), SCMP_SYS(gettid),
	/* glibc's qsort() asks for the memory's size to sort over 1 KiB */
	SCMP_SYS(sysinfo),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
	SCMP_SYS(getegid),
};

#if SANDBOX_SANITIZED
/* The sanitizers' run-time library: LeakSanitizer stops the world at
 * exit from a traced helper process (clone without CLONE_THREAD, ptrace)
 * and reads /proc; reports symbolise through /proc/self/exe. */
static const int sanitizer[] = {
	SCMP_SYS(clone), SCMP_SYS(ptrace), SCMP_SYS(wait4),
	SCMP_SYS(prctl), SCMP_SYS(getdents64), SCMP_SYS(getppid),
	SCMP_SYS(prlimit64), SCMP_SYS(getrlimit), SCMP_SYS(pipe2),
	SCMP_SYS(kill), SCMP_SYS(tgkill), SCMP_SYS(uname),
	SCMP_SYS(mprotect), SCMP_SYS(mmap),
};
#endif

int
sandbox_check(struct buf *err)
{
	/* Level 3: SCMP_ACT_KILL_PROCESS (Linux 4.14). */
	if (seccomp_api_get() < 3) {
		buf_puts(err, "seccomp cannot confine the workers here "
		    "(it needs Linux 4.14 or later, and valgrind does not "
		    "offer it); --no-seccomp runs them without\n");
		return -1;
	}
	return 0;
}

int
sandbox_confine(struct buf *err)
{
	scmp_filter_ctx		 ctx;
	struct scmp_arg_cmp	 cmp;
	size_t			 i;
	int			 rc = 0;

	/* Anything else kills the process, every thread of it. */
	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL) {
		buf_puts(err, "cannot make the seccomp filter\n");
		return -1;
	}
	for (i = 0; rc == 0 && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		rc = S_allow(ctx, allowed[i], 0, NULL);
#if SANDBOX_SANITIZED
	for (i = 0; rc == 0 && i < sizeof(sanitizer) / sizeof(sanitizer[0]);
	    i++)
		rc = S_allow(ctx, sanitizer[i], 0, NULL);
#endif

	/* Threads, never processes. glibc tries clone3 first, whose flags
	 * a filter cannot see: told it is missing, it falls back to clone,
	 * whose flags (the first argument) must include CLONE_THREAD. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
		    SCMP_SYS(clone3), 0);
	cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD);
	if (rc == 0)
		rc = S_allow(ctx, SCMP_SYS(clone), 1, &cmp);
	/* Memory is never made executable (the third argument, prot). */
	cmp = SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
	if (rc == 0)
		rc = S_allow(ctx, SCMP_SYS(mmap), 1, &cmp);
	if (rc == 0)
		rc = S_allow(ctx, SCMP_SYS(mprotect), 1, &cmp);
	/* Time limits on each accepted connection (main.c), nothing else
	 * of a socket's options. */
	cmp = SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
		    SCMP_SYS(setsockopt), 2, cmp,
		    SCMP_A2(SCMP_CMP_EQ, SO_RCVTIMEO));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
		    SCMP_SYS(setsockopt), 2, cmp,
		    SCMP_A2(SCMP_CMP_EQ, SO_SNDTIMEO));
	/* Signals only to its own threads (pthread_kill, raise, abort). */
	cmp = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid());
	if (rc == 0)
		rc = S_allow(ctx, SCMP_SYS(tgkill), 1, &cmp);

	/* no_new_privs (libseccomp sets it by default): needed to load a
	 * filter without privilege, and no exec could gain any anyway. */
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		buf_printf(err, "cannot load the seccomp filter: %s\n",
		    strerror(-rc));
		return -1;
	}
	return 0;
}
