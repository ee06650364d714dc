/*
 * adm: shared by wasl-admin's commands (see adm.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "adm.h"
#include "contentview.h"
#include "db.h"
#include "fieldcheck.h"
#include "statusmsg.h"

int
adm_open(struct adm *a, struct buf *err)
{
	/* wasl-admin stores nothing that needs the duplicate salt. */
	static const unsigned char salt[32];

	if (a->store != NULL)
		return 0;
	if (db_check_mode(a->db_path, err) == -1)
		return -1;
	if ((a->store = store_open(a->db_path, salt, err)) == NULL)
		return -1;
	return 0;
}

int
adm_content(struct adm *a, struct buf *err)
{
	if (a->have_content)
		return 0;
	/* The content's display data is said in the catalog's words. */
	if (adm_strings(a, err) == -1)
		return -1;
	if (contentview_load(a->strings, a->content_dir, 0, &a->c, err) ==
	    -1) {
		content_free(&a->c);
		memset(&a->c, 0, sizeof(a->c));
		return -1;
	}
	if (a->c.forms == NULL) {
		buf_printf(err, "%s: no forms/ folder: wasl-admin needs the "
		    "form definitions; give --content DIR", a->content_dir);
		content_free(&a->c);
		memset(&a->c, 0, sizeof(a->c));
		return -1;
	}
	a->have_content = 1;
	return 0;
}

int
adm_strings(struct adm *a, struct buf *err)
{
	static const char *const keys[] = {
		ADM_S_CONSENT_GIVEN, ADM_S_EXPORT_REF, ADM_S_EXPORT_RECEIVED,
		ADM_S_EXPORT_STATUS, ADM_S_EXPORT_DECIDED,
		ADM_S_REPORT_OVERALL
	};
	struct buf	 path = BUF_INIT;
	int		 rc;

	if (a->strings != NULL)
		return 0;
	buf_printf(&path, "%s/strings.yaml", a->templates_dir ?
	    a->templates_dir : "templates");
	a->strings = catalog_load(buf_cstr(&path), err);
	buf_free(&path);
	if (a->strings == NULL)
		return -1;
	rc = catalog_require(a->strings, keys, sizeof(keys) / sizeof(keys[0]),
	    err);
	if (statusmsg_require(a->strings, err) == -1)
		rc = -1;
	if (contentview_require(a->strings, err) == -1)	/* datefmt's too */
		rc = -1;
	if (rc == -1) {
		catalog_free(a->strings);
		a->strings = NULL;
		return -1;
	}
	return 0;
}

const char *
adm_word(const struct adm *a, const char *key)
{
	const char	*s = a->strings ? catalog_get(a->strings, key) : NULL;

	return s ? s : "";
}

void
adm_close(struct adm *a)
{
	store_close(a->store);
	a->store = NULL;
	if (a->have_content)
		content_free(&a->c);
	a->have_content = 0;
	catalog_free(a->strings);
	a->strings = NULL;
}

const char *
adm_actor(struct adm *a)
{
	struct passwd	*pw;
	const char	*sudo = getenv("SUDO_USER");
	char		 name[64];
	uid_t		 uid = getuid();
	size_t		 i;

	if (a->actor[0] != '\0')
		return a->actor;
	if ((pw = getpwuid(uid)) != NULL)
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "uid %lu", (unsigned long)uid);
	/* Under sudo (as root, or as the service's user that owns the
	 * database) the person is the one who ran it. */
	if (sudo != NULL && *sudo != '\0' && strcmp(sudo, name) != 0)
		snprintf(a->actor, sizeof(a->actor), "%.60s (sudo: %.60s)",
		    name, sudo);
	else
		snprintf(a->actor, sizeof(a->actor), "%s", name);
	for (i = 0; a->actor[i] != '\0'; i++)
		if ((unsigned char)a->actor[i] < 0x20 ||
		    (unsigned char)a->actor[i] == 0x7f)
			a->actor[i] = '?';
	return a->actor;
}

int
adm_response_days(const struct adm *a)
{
	json_int_t	 d = json_integer_value(json_object_get(a->c.site,
			    "response_days"));

	return d > 0 ? (int)d : 0;
}

const struct formdef *
adm_form(const struct adm *a, const char *id)
{
	if (!a->have_content || a->c.forms == NULL || id == NULL)
		return NULL;
	return formdef_dir_find(a->c.forms, id);
}

int
adm_period(const char *from, const char *to, struct adm_period *p,
    struct buf *err)
{
	struct date	 f, t, next;

	snprintf(p->lo, sizeof(p->lo), "0000-00-00T00:00:00Z");
	snprintf(p->hi, sizeof(p->hi), "9999-12-31T23:59:59Z");
	snprintf(p->lo_month, sizeof(p->lo_month), "0000-00");
	snprintf(p->hi_month, sizeof(p->hi_month), "9999-99");
	if (from != NULL) {
		if (date_parse(from, strlen(from), &f) == -1) {
			buf_printf(err, "--from %s: not a date; write "
			    "YYYY-MM-DD, e.g. 2024-08-14", from);
			return -1;
		}
		wf_day_start(&f, p->lo);
		snprintf(p->lo_month, sizeof(p->lo_month), "%.7s", from);
	}
	if (to != NULL) {
		if (date_parse(to, strlen(to), &t) == -1 ||
		    date_add_days(&t, 1, &next) == -1) {
			buf_printf(err, "--to %s: not a date; write "
			    "YYYY-MM-DD, e.g. 2024-08-14", to);
			return -1;
		}
		wf_day_start(&next, p->hi);
		snprintf(p->hi_month, sizeof(p->hi_month), "%.7s", to);
	}
	if (from != NULL && to != NULL && date_cmp(&f, &t) > 0) {
		buf_printf(err, "--from %s is after --to %s", from, to);
		return -1;
	}
	return 0;
}

void
adm_local_time(const char *utc, char out[17])
{
	time_t		 t;
	struct tm	 tm;

	out[0] = '\0';
	if (utc == NULL || wf_time_parse(utc, &t) == -1)
		return;
	t += 3 * 3600;	/* Asia/Riyadh: UTC+3, no daylight saving */
	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

int
adm_write_file(const char *path, const char *data, size_t len,
    mode_t mode, struct buf *err)
{
	struct buf	 tmp = BUF_INIT;
	int		 fd = -1, rc = -1;
	size_t		 off = 0;
	ssize_t		 n;

	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp.data)) == -1) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, mode) == -1)
		goto fail;
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.data, path) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	buf_printf(err, "%s: %s", path, strerror(errno));
	unlink(tmp.data);
out:
	if (fd != -1)
		close(fd);
	buf_free(&tmp);
	return rc;
}

int
adm_ref(const char *s, char out[STORE_REF_LEN + 1], struct buf *err)
{
	size_t	 i, n = 0;
	char	 c;

	for (i = 0; s[i] != '\0' && n <= STORE_REF_LEN; i++) {
		c = s[i];
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n < STORE_REF_LEN)
			out[n] = c;
		n++;
	}
	if (n == STORE_REF_LEN) {
		out[n] = '\0';
		if (store_ref_valid(out))
			return 0;
	}
	out[0] = '\0';
	buf_printf(err, "'%s' is not a reference: 8 characters of %s",
	    s, STORE_REF_ALPHABET);
	return -1;
}

int
adm_note(const char *s, struct buf *out, struct buf *err)
{
	int	 rc = fc_text(s, strlen(s), 1, ADM_NOTE_MAX, out);

	switch (rc) {
	case FC_OK:
		return 0;
	case FC_EMPTY:
		buf_puts(err, "--note is empty: say why, in a few words");
		break;
	case FC_TOO_LONG:
		buf_printf(err, "--note is longer than %d characters",
		    ADM_NOTE_MAX);
		break;
	default:
		buf_puts(err, "--note must be UTF-8 text without control "
		    "characters");
		break;
	}
	return -1;
}

/* 1 when code point c is one adm_text() shows as an escape. */
static int
S_hidden(UChar32 c)
{
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return 1;
	if (c < 0x80 || c == 0x200c || c == 0x200d)
		return 0;
	return u_charType(c) == U_FORMAT_CHAR || c == 0x2028 || c == 0x2029;
}

void
adm_text(struct buf *out, const char *s, const char *cont)
{
	const uint8_t	*u = (const uint8_t *)s;
	int32_t		 i = 0, start, len;
	UChar32		 c;

	if (s == NULL)
		return;
	len = (int32_t)strlen(s);
	while (i < len) {
		start = i;
		U8_NEXT(u, i, len, c);
		if (c < 0) {
			/* Not UTF-8: each byte of the bad sequence. */
			for (; start < i; start++)
				buf_printf(out, "\\x%02X", u[start]);
			continue;
		}
		if (c == '\\')
			buf_puts(out, "\\\\");
		else if (c == '\n' && cont != NULL) {
			buf_putc(out, '\n');
			buf_puts(out, cont);
		} else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c == '\r')
			buf_puts(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(out, "\\x%02X", (unsigned)c);
		else if (S_hidden(c))
			buf_printf(out, c > 0xffff ? "\\U%08X" : "\\u%04X",
			    (unsigned)c);
		else
			buf_put(out, s + start, (size_t)(i - start));
	}
}

const char *
adm_cell(struct buf *b, const char *s)
{
	buf_reset(b);
	adm_text(b, s, NULL);
	return buf_cstr(b);
}

int
adm_multiline(const char *s)
{
	return s != NULL && strchr(s, '\n') != NULL;
}

void
adm_json_text(struct buf *out, const char *json)
{
	const uint8_t	*u = (const uint8_t *)json;
	int32_t		 i = 0, start, len = (int32_t)strlen(json);
	UChar32		 c;

	while (i < len) {
		start = i;
		U8_NEXT(u, i, len, c);
		/* json_dumps() writes valid UTF-8 and escapes C0 itself;
		 * outside strings there is only ASCII punctuation. */
		if (c >= 0x20 && S_hidden(c)) {
			if (c > 0xffff)
				buf_printf(out, "\\u%04X\\u%04X",
				    (unsigned)U16_LEAD(c),
				    (unsigned)U16_TRAIL(c));
			else
				buf_printf(out, "\\u%04X", (unsigned)c);
		} else
			buf_put(out, json + start, (size_t)(i - start));
	}
}

int
adm_ascii(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

void
adm_json_lines(struct buf *out, const char *json)
{
	const char	*line = json, *end, *p, *key;
	size_t		 indent, len;

	while (*line != '\0') {
		end = strchr(line, '\n');
		len = end != NULL ? (size_t)(end - line) : strlen(line);
		for (indent = 0; line[indent] == ' '; indent++)
			continue;
		/* "key": value, the key ASCII without escapes (json_dumps()
		 * writes one member a line, after its indentation) */
		key = p = line + indent;
		if (*p == '"') {
			for (p++; p < line + len && *p != '"' && *p != '\\' &&
			    (unsigned char)*p < 0x80; p++)
				continue;
		}
		if (*key == '"' && p + 2 < line + len && p[0] == '"' &&
		    p[1] == ':' && p[2] == ' ') {
			struct buf	 v = BUF_INIT;

			buf_put(&v, p + 3, (size_t)(line + len - (p + 3)));
			if (!adm_ascii(buf_cstr(&v))) {
				buf_put(out, line, (size_t)(p + 2 - line));
				buf_putc(out, '\n');
				buf_put(out, line, indent);
				buf_puts(out, "  ");
				buf_put(out, v.data, v.len);
			} else
				buf_put(out, line, len);
			buf_free(&v);
		} else
			buf_put(out, line, len);
		if (end == NULL)
			break;
		buf_putc(out, '\n');
		line = end + 1;
	}
}
