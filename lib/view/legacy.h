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
 *   wf_date_json()        (lib/model/workflow.h)   -> datefmt_short_json()
 *   date_format_saudi()   (lib/base/date.h)        -> datefmt_saudi()
 *   date_format_long()    (lib/base/date.h)        -> datefmt_long()
 *   date_format_hijri_long() (lib/base/date.h)     -> datefmt_hijri_long()
 *   content_date_json()   (lib/model/content.h)    -> datefmt_json()
 *   content_load()        (lib/model/content.h)    -> contentview_load()
 *   content_load_base()   (lib/model/content.h)    -> contentview_load_base()
 *   content_load_file()   (lib/model/content.h)    -> contentview_load_file()
 *   compare_html()        (lib/model/compare.h)    -> compareview_html()
 *
 * Each is a thin wrapper over its replacement, given a catalog built in:
 * the groups "fieldcheck", "workflow", "date" and "compare" of
 * templates/strings.yaml, which
 * tests/unit/test_fieldmsg.c keeps equal to the shipped one. When the
 * callers have moved, this module goes.
 */
#ifndef WASL_LEGACY_H
#define WASL_LEGACY_H

#include "catalog.h"

/* The built-in catalog, parsed on first use (any thread); NULL should it
 * not parse. Borrowed for the life of the process. */
const struct catalog	*legacy_strings(void);

#endif
