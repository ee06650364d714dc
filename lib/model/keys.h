/*
 * keys: every key of the JSON documents the content model makes and the
 * other modules read (the generator, lib/view, the templates), declared
 * once: one entry per key, with its type and meaning.
 *
 * The documents:
 *   site      site.yaml, checked (lib/model/siteinfo.h)
 *   policy    a policy folder (lib/model/policies.h): its revisions and
 *             what listings show of it
 *   revision  one policy revision (lib/model/revision.h)
 *   page      a channel, service or page file (lib/model/content.h)
 *   markdown  what every Markdown file adds (lib/model/mddoc.h)
 *   date      a date's forms (schema_date_json(), lib/view/datefmt.h)
 *   form      a form's definition as data (formdef_json())
 *   field     one field of a form's definition
 * A key some documents share ("title", "url") is one entry. The values of
 * the keys that come from content files are written by the association;
 * those marked "made" are the model's own.
 *
 * lib/model uses these names, never the literal keys (tests/keys.test.sh
 * checks); the generator, lib/view and the programs are to follow.
 */
#ifndef WASL_KEYS_H
#define WASL_KEYS_H

/* ---- shared by several documents ---- */
#define KEY_TITLE	"title"		/* string: the document's title
					   (revision, page, form) */
#define KEY_SUMMARY	"summary"	/* string: one sentence about it
					   (revision, policy, page) */
#define KEY_ORDER	"order"		/* integer: place in its list, lower
					   first (page; 1000 when absent) */
#define KEY_SLUG	"slug"		/* string, made: the file's or
					   folder's name, its address part
					   (policy, revision, page) */
#define KEY_URL		"url"		/* string: the document's address,
					   "/channels/x/" (made: policy,
					   revision, page); a social
					   account's or a channel's address
					   (written) */
#define KEY_NAME	"name"		/* string: the association's name
					   (site); a branch's, a social
					   network's; a field's name (field) */
#define KEY_CITY	"city"		/* string: the city (site, branch) */
#define KEY_PHONE	"phone"		/* string: a phone number as written
					   (contact, branch, channel page) */
#define KEY_PHONE_TEL	"phone_tel"	/* string, made beside every "phone":
					   its digits and '+', for tel: */
#define KEY_WHATSAPP	"whatsapp"	/* string: a Saudi mobile number on
					   WhatsApp, as written (contact,
					   channel page) */
#define KEY_WHATSAPP_URL "whatsapp_url"	/* string, made beside "whatsapp":
					   its https://wa.me/966... address */
#define KEY_UNIFIED	"unified"	/* string: the unified number, 920
					   and six digits, as written
					   (contact, channel page) */
#define KEY_UNIFIED_TEL	"unified_tel"	/* string, made beside "unified":
					   its digits, for tel: */
#define KEY_MAP_URL	"map_url"	/* string: an https:// address of the
					   place on a map (contact, channel
					   page) */
#define KEY_EMAIL	"email"		/* string: an e-mail address (contact,
					   channel page) */
#define KEY_ADDRESS	"address"	/* string: a street address (contact,
					   branch, channel page) */
#define KEY_HOURS	"hours"		/* string: working hours (contact,
					   channel page) */
#define KEY_DATE	"date"		/* date: an approval's, a correction's;
					   the build's (struct content's
					   build) */
#define KEY_DRAFT	"draft"		/* true, made: a draft revision shown
					   in a preview (revision, policy);
					   absent otherwise */
#define KEY_APPROVED	"approved"	/* object: the approval record
					   ("by", "meeting", "decision",
					   "date", "signatory") of a
					   revision, and of the policy's
					   latest */

/* ---- site ---- */
#define KEY_NAME_EN	"name_en"	/* string: the English name */
#define KEY_REGISTRATION "registration"	/* string: the NCNP registration
					   number */
#define KEY_SUPERVISOR	"supervisor"	/* string: the supervising ministry */
#define KEY_BASE_URL	"base_url"	/* string: the site's address, made
					   without a trailing slash */
#define KEY_CONTACT	"contact"	/* object: "phone", "whatsapp",
					   "unified", "email", "website",
					   "address", "map_url",
					   "postal_code", "hours" */
#define KEY_WEBSITE	"website"	/* string: an https:// address
					   (contact) */
#define KEY_POSTAL_CODE	"postal_code"	/* string: the postal code (contact) */
#define KEY_BRANCHES	"branches"	/* array of objects: "name", "city",
					   "phone", "address" */
#define KEY_SOCIAL	"social"	/* array of objects: "name", "url" */
#define KEY_RESPONSE_DAYS "response_days" /* integer 1..365: days the
					   committee takes to answer (14 when
					   absent) */
#define KEY_ABOUT	"about"		/* string: a sentence about the
					   association */

/* ---- policy ---- */
#define KEY_HISTORY_URL	"history_url"	/* string, made: the address of the
					   policy's history page */
#define KEY_REVISIONS	"revisions"	/* array of revisions, made, in number
					   order */

/* ---- revision ---- */
#define KEY_REVISION	"revision"	/* integer: its number, the file's
					   name */
#define KEY_STATUS	"status"	/* string: "approved" or "draft" */
#define KEY_BY		"by"		/* string: the approving body
					   (approved; the board, in the
					   catalog's words, when absent) */
#define KEY_MEETING	"meeting"	/* string: the meeting's number
					   (approved) */
#define KEY_DECISION	"decision"	/* string: the decision's number
					   (approved) */
#define KEY_SIGNATORY	"signatory"	/* string: who signed (approved) */
#define KEY_EFFECTIVE	"effective"	/* date: when it takes effect (the
					   approval's date when absent) */
#define KEY_REVIEW	"review"	/* date: the next review */
#define KEY_CHANGES	"changes"	/* string: what this revision changed
					   (required from revision 2 when
					   approved) */
#define KEY_CORRECTIONS	"corrections"	/* array of objects: "date", "note" */
#define KEY_NOTE	"note"		/* string: what a correction changed */

/* ---- page (channel, service, page) ---- */
#define KEY_FORM	"form"		/* a service's form: string, the
					   form's id, as written and in
					   content_read()'s documents; object,
					   the form's template data, in
					   contentview_load()'s (lib/view) */
#define KEY_FORM_ID	"form_id"	/* string, made: the id of a service's
					   form */
#define KEY_VERSION	"version"	/* integer: the privacy notice's
					   version (page) */
#define KEY_UPDATED	"updated"	/* date: the date of that version */
#define KEY_SOURCE_KEY	"source_key"	/* string, made: "channels/x.md" */
#define KEY_SOURCE_SIZE	"source_size"	/* integer, made: the file's bytes */
#define KEY_SOURCE_MTIME "source_mtime"	/* integer, made: the file's
					   modification time (ns) */

/* ---- markdown (every Markdown file: revision, page) ---- */
#define KEY_HTML	"html"		/* string, made: the body as HTML */
#define KEY_TOC		"toc"		/* array, made: {"id", "text",
					   "level"} per heading of level 2
					   or 3 */
#define KEY_HAS_TOC	"has_toc"	/* boolean, made: more than one entry
					   in "toc" */
#define KEY_SOURCE	"source"	/* string, made: the file's path */
#define KEY_MARKDOWN	"markdown"	/* string, made: the body as written */
#define KEY_ID		"id"		/* string: a heading's anchor (toc);
					   a form's id (form) */
#define KEY_TEXT	"text"		/* string: a heading's text (toc) */
#define KEY_LEVEL	"level"		/* integer 2 or 3: a heading's level
					   (toc) */

/* ---- date ---- */
#define KEY_ISO		"iso"		/* string: "YYYY-MM-DD" */
#define KEY_SAUDI	"saudi"		/* string: Hijri and Gregorian, the
					   way Saudi letters write dates */
#define KEY_LONG	"long"		/* string: "14 أغسطس 2024" */
#define KEY_HIJRI_LONG	"hijri_long"	/* string: the Hijri date in words */

/* ---- form (formdef_json()) ---- */
#define KEY_INTRO	"intro"		/* string: the form's introduction */
#define KEY_RETENTION_DAYS "retention_days" /* integer: days answers are
					   kept */
#define KEY_ANONYMOUS	"anonymous"	/* boolean: no personal fields */
#define KEY_PRIVACY_NOTICE_VERSION "privacy_notice_version"
					/* integer: the privacy notice's
					   version consent is recorded
					   against (0: none) */
#define KEY_REFERENCE_PREFIX "reference_prefix"
					/* string: the prefix of its
					   references */
#define KEY_CONFIRMATION "confirmation"	/* object: "title", "body" of the
					   page shown once it is sent */
#define KEY_BODY	"body"		/* string: the confirmation's text */
#define KEY_REQUIRE_ONE_OF "require_one_of"
					/* array of field names: at least one
					   must be answered */
#define KEY_REQUIRE_ONE_OF_MESSAGE "require_one_of_message"
					/* string: the message when none is */
#define KEY_FIELDS	"fields"	/* array of fields, in order */

/* ---- field (one of a form's "fields") ---- */
#define KEY_LABEL	"label"		/* string: the field's label; an
					   option's */
#define KEY_TYPE	"type"		/* string: text, textarea, integer,
					   choice, rating, national_id,
					   mobile, email or consent */
#define KEY_TYPE_PREFIX	"type_"		/* boolean, made: "type_<type>" true
					   for the field's type only */
#define KEY_REQUIRED	"required"	/* boolean */
#define KEY_OPTIONAL	"optional"	/* boolean, made: not required */
#define KEY_HELP	"help"		/* string: the hint under the label */
#define KEY_MAX		"max"		/* integer: most characters; an
					   integer's highest value */
#define KEY_MIN		"min"		/* integer: an integer's lowest value */
#define KEY_OPTIONS	"options"	/* array of objects: "value", "label",
					   "checked" */
#define KEY_VALUE	"value"		/* string: what an option sends */
#define KEY_CHECKED	"checked"	/* boolean, made: false (the template
					   data sets it) */
#define KEY_AUTOCOMPLETE "autocomplete"	/* string: the input's autocomplete */
#define KEY_STATEMENT	"statement"	/* string: what a consent agrees to */
#define KEY_INPUT_TYPE	"input_type"	/* string, made: the <input> type */
#define KEY_INPUTMODE	"inputmode"	/* string, made: the inputmode */
#define KEY_LTR		"ltr"		/* boolean, made: written left to
					   right (numbers, e-mail) */
#define KEY_INDEX	"index"		/* integer, made: place in the form,
					   from 0 */
#define KEY_FIRST	"first"		/* boolean, made: the first field */

#endif
