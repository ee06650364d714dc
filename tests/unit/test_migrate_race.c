/*
 * test_migrate_race: processes opening one new database at the same
 * moment (wasl-forms' workers and wasl-console, started together) each
 * get it migrated, none failing on a migration another made meanwhile.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "store.h"

#define PROCS	8
#define ROUNDS	10

int
main(void)
{
	char		 dir[] = "/tmp/wasl-migrate-XXXXXX", path[256];
	char		 cmd[300];
	unsigned char	 salt[32] = { 3 };
	int		 r, i, st, failed = 0, pfd[2];
	pid_t		 pid[PROCS];
	char		 go;

	if (mkdtemp(dir) == NULL)
		return 1;
	for (r = 0; r < ROUNDS; r++) {
		snprintf(path, sizeof(path), "%s/wasl-%d.db", dir, r);
		if (pipe(pfd) == -1)
			return 1;
		for (i = 0; i < PROCS; i++) {
			if ((pid[i] = fork()) == 0) {
				struct buf	 err = BUF_INIT;
				struct store	*s;

				close(pfd[1]);
				/* All start once the pipe closes. */
				(void)read(pfd[0], &go, 1);
				s = store_open(path, salt, &err);
				if (s == NULL)
					fprintf(stderr, "store_open: %s\n",
					    buf_cstr(&err));
				store_close(s);
				_exit(s == NULL);
			}
		}
		close(pfd[0]);
		close(pfd[1]);
		for (i = 0; i < PROCS; i++)
			if (waitpid(pid[i], &st, 0) == -1 || !WIFEXITED(st) ||
			    WEXITSTATUS(st) != 0)
				failed++;
	}
	check(failed == 0, "migrate: 8 processes opening a new database at "
	    "once, 10 times: every one opens it migrated", NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return check_failed;
}
