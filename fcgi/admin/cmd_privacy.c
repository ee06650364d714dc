/*
 * cmd_privacy: person, erase and purge (see cmd_privacy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_privacy.h"
#include "person.h"
#include "privacy.h"
#include "statusmsg.h"

/* The person named by --national-id, --mobile and --email. */
static int
S_person(const struct adm_opts *o, struct person *p, struct buf *err)
{
	return person_parse(p, o->national_id, o->mobile, o->email, err);
}

int
cmd_person(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf		 safe = BUF_INIT, lines = BUF_INIT;
	struct person		 p;
	struct privacy_words	 words;
	json_t			*doc = NULL;
	char			*text = NULL;
	size_t			 n;
	int			 rc = -1, st;

	if (S_person(o, &p, err) == -1)
		goto out;
	words.consent_given = adm_word(a, ADM_S_CONSENT_GIVEN);
	for (st = 0; st < WF_NSTATUS; st++)
		words.status[st] = statusmsg_label(a->strings, st);
	if ((doc = privacy_access(a->store, a->c.forms, adm_actor(a), &p,
	    json_object_get(a->c.site, "name"), &words, err)) == NULL)
		goto out;
	n = json_array_size(json_object_get(doc, "submissions"));
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL) {
		buf_puts(err, "out of memory");
		goto out;
	}
	/* The same JSON, with nothing in it that could drive a terminal,
	 * and an Arabic value never on its key's line (adm.h). */
	adm_json_text(&lines, text);
	adm_json_lines(&safe, buf_cstr(&lines));
	buf_putc(&safe, '\n');
	if (o->out != NULL) {
		if (adm_write_file(o->out, safe.data, safe.len, 0600, err) ==
		    -1)
			goto out;
		fprintf(a->out, "person: %zu submission%s to %s\n",
		    n, n == 1 ? "" : "s", o->out);
	} else
		fputs(buf_cstr(&safe), a->out);
	rc = 0;
out:
	free(text);
	buf_free(&safe);
	buf_free(&lines);
	json_decref(doc);
	person_clear(&p);
	return rc;
}

/* What erasure will destroy: one line per submission, with why. */
static void
S_list(struct adm *a, const struct privacy_subs *vs)
{
	struct buf	 c1 = BUF_INIT, c2 = BUF_INIT, why = BUF_INIT;
	const json_t	*f;
	char		 local[17];
	size_t		 i, k;

	fprintf(a->out, "%zu submission%s hold%s the data given:\n", vs->n,
	    vs->n == 1 ? "" : "s", vs->n == 1 ? "s" : "");
	if (vs->n > 0)
		fprintf(a->out, "  %-8s  %-20s  %-16s  %s\n", "REF", "FORM",
		    "RECEIVED", "WHY");
	for (i = 0; i < vs->n; i++) {
		buf_reset(&why);
		json_array_foreach(vs->v[i].found, k, f) {
			buf_printf(&why, "%s%s in ", k ? "; " : "",
			    person_what(privacy_identifier_bit(
			    json_string_value(json_object_get(f,
			    "identifier")))));
			if (strcmp(json_string_value(json_object_get(f, "in")),
			    "text") == 0)
				buf_puts(&why, "the text of ");
			adm_text(&why, json_string_value(json_object_get(f,
			    "field")), NULL);
		}
		adm_local_time(vs->v[i].received, local);
		fprintf(a->out, "  %-8s  %-20s  %-16s  %s\n",
		    adm_cell(&c1, vs->v[i].ref), adm_cell(&c2, vs->v[i].form),
		    local, buf_cstr(&why));
	}
	buf_free(&c1);
	buf_free(&c2);
	buf_free(&why);
}

/* 1 when the person at the terminal types "yes". */
static int
S_confirm(size_t n)
{
	char	 line[64];

	fprintf(stderr, "Erase these %zu submission%s for good? Type yes to "
	    "confirm: ", n, n == 1 ? "" : "s");
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0;
}

int
cmd_erase(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf		 note = BUF_INIT;
	struct person		 p;
	struct privacy_subs	 vs, shown;
	int			 rc = -1, listed = 0;

	memset(&vs, 0, sizeof(vs));
	memset(&shown, 0, sizeof(shown));
	if (S_person(o, &p, err) == -1)
		goto out;
	if (o->note != NULL && adm_note(o->note, &note, err) == -1)
		goto out;
	if (!o->yes) {
		/* Shown first, and erased only as shown. */
		if (privacy_find(a->store, a->c.forms, &p, &shown, err) == -1)
			goto out;
		S_list(a, &shown);
		fflush(a->out);
		if (shown.n > 0 && !isatty(STDIN_FILENO)) {
			buf_printf(err, "nothing erased: to erase %s %zu "
			    "submission%s, run the same command with --yes",
			    shown.n == 1 ? "this" : "these", shown.n,
			    shown.n == 1 ? "" : "s");
			goto out;
		}
		if (shown.n > 0 && !S_confirm(shown.n)) {
			buf_puts(err, "nothing erased (not confirmed)");
			goto out;
		}
	}
	rc = privacy_erase(a->store, a->c.forms, adm_actor(a), &p,
	    o->yes ? NULL : &shown, buf_cstr(&note), &vs, &listed, err);
	if (o->yes && listed)
		S_list(a, &vs);
	if (rc == 0)
		fprintf(a->out, "%zu submission%s erased\n", vs.n,
		    vs.n == 1 ? "" : "s");
out:
	privacy_subs_free(&vs);
	privacy_subs_free(&shown);
	person_clear(&p);
	buf_free(&note);
	return rc;
}

int
cmd_purge(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const struct privacy_purged	*f;
	struct privacy_purge		 r;
	struct buf			 cell = BUF_INIT;
	size_t				 i;
	int				 rc;

	memset(&r, 0, sizeof(r));
	rc = privacy_purge(a->store, a->c.forms, adm_actor(a), o->dry_run,
	    &r, err);
	for (i = 0; i < r.norphans; i++)
		fprintf(a->out, "%s: %d submission%s kept: no definition in "
		    "%s/forms, so no retention period\n",
		    adm_cell(&cell, r.orphans[i].form), r.orphans[i].n,
		    r.orphans[i].n == 1 ? "" : "s", a->content_dir);
	for (i = 0; i < r.nforms; i++) {
		f = &r.forms[i];
		if (f->kept)
			fprintf(a->out, "%s: anonymous, kept\n", f->form);
		else
			fprintf(a->out, "%s: %zu submission%s received before "
			    "%04d-%02d-%02d (retention %d days) %s\n",
			    f->form, f->n, f->n == 1 ? "" : "s", f->cut.year,
			    f->cut.month, f->cut.day, f->days, o->dry_run ?
			    "would be deleted" : "deleted");
	}
	privacy_purge_free(&r);
	buf_free(&cell);
	return rc;
}
