/*
 * backup: a consistent copy of the database while wasl-forms keeps
 * writing to it, with SQLite's online backup API.
 */
#ifndef WASL_BACKUP_H
#define WASL_BACKUP_H

#include "adm.h"

/*
 * backup FILE: copy the database, as it stood at one moment, into a
 * temporary file beside FILE (mode 0600), check the copy
 * (PRAGMA integrity_check), flush it to disk and rename it to FILE, so
 * that FILE is always either the previous backup or a complete new one.
 * Audited. FILE may not be the database itself.
 */
int	backup_cmd(struct adm *a, const struct adm_opts *o, struct buf *err);

#endif
