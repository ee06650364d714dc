/*
 * cmd_backup: the backup and restore commands over fcgi/db's backup.h.
 */
#ifndef WASL_CMD_BACKUP_H
#define WASL_CMD_BACKUP_H

#include "adm.h"

/* backup FILE: a consistent copy of the database into FILE (mode 0600),
 * checked and renamed into place (backup_copy()). Audited. */
int	cmd_backup(struct adm *a, const struct adm_opts *o, struct buf *err);

/* restore FILE: the backup FILE in place of the database a->db_path,
 * which main() has not opened (backup_restore() says how and when it is
 * refused). Audited in the restored database. */
int	cmd_restore(struct adm *a, const struct adm_opts *o,
	    struct buf *err);

#endif
