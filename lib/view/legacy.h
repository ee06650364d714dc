/*
 * legacy: the words of the functions that said them in C before the
 * catalog (templates/strings.yaml) existed, kept for their callers until
 * they render with their program's catalog:
 *
 *   fc_message()          (lib/model/fieldcheck.h) -> fieldmsg_put()
 *   submission_check()    (lib/model/submission.h) -> submission_validate()
 *                                                     + fieldmsg_errors()
 *   wf_status_label()     (lib/model/workflow.h)   -> statusmsg_label()
 *   wf_status_explain()   (lib/model/workflow.h)   -> statusmsg_explain()
 *
 * Each is a thin wrapper over its replacement, given a catalog built in:
 * the groups "fieldcheck" and "workflow" of templates/strings.yaml, which
 * tests/unit/test_fieldmsg.c keeps equal to the shipped one. When the
 * callers have moved, this module goes.
 */
#ifndef WASL_LEGACY_H
#define WASL_LEGACY_H

#include "strings.h"

/* The built-in catalog, parsed on first use (any thread); NULL should it
 * not parse. Borrowed for the life of the process. */
const struct strings	*legacy_strings(void);

#endif
