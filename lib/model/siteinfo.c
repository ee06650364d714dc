/*
 * siteinfo: site.yaml into the site's document (see siteinfo.h).
 */
#include <errno.h>
#include <string.h>

#include "diag.h"
#include "fsx.h"
#include "keys.h"
#include "mddoc.h"
#include "schema.h"
#include "siteinfo.h"
#include "utf8.h"
#include "yamljson.h"

static const struct schema_key contact_fields[] = {
	{ KEY_PHONE, SCHEMA_PHONE, 0, NULL, "a phone number" },
	{ KEY_WHATSAPP, SCHEMA_MOBILE, 0, NULL, "a mobile number on WhatsApp" },
	{ KEY_UNIFIED, SCHEMA_UNIFIED, 0, NULL, "the unified number" },
	{ KEY_EMAIL, SCHEMA_EMAIL, 0, NULL, "an e-mail address" },
	{ KEY_WEBSITE, SCHEMA_URL, 0, NULL, "an https:// address" },
	{ KEY_ADDRESS, SCHEMA_STR, 0, NULL, "the street address" },
	{ KEY_MAP_URL, SCHEMA_HTTPS, 0, NULL, "the map's https:// address" },
	{ KEY_POSTAL_CODE, SCHEMA_TEXT, 0, NULL, "the postal code" },
	{ KEY_HOURS, SCHEMA_STR, 0, NULL, "working hours, as text" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key branch_fields[] = {
	{ KEY_NAME, SCHEMA_STR, 1, NULL, "the branch's name" },
	{ KEY_CITY, SCHEMA_STR, 0, NULL, "its city" },
	{ KEY_PHONE, SCHEMA_PHONE, 0, NULL, "its phone number" },
	{ KEY_ADDRESS, SCHEMA_STR, 0, NULL, "its address" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key social_fields[] = {
	{ KEY_NAME, SCHEMA_STR, 1, NULL, "the network's name" },
	{ KEY_URL, SCHEMA_URL, 1, NULL, "the account's https:// address" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key appeal_fields[] = {
	{ KEY_TEXT, SCHEMA_STR, 1, NULL,
	    "how an applicant objects to a rejection, in the association's "
	    "words" },
	{ KEY_URL, SCHEMA_URL, 0, NULL, "the https:// address to object at" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key site_fields[] = {
	{ KEY_NAME, SCHEMA_STR, 1, NULL, "the association's name in Arabic" },
	{ KEY_NAME_EN, SCHEMA_STR, 0, NULL, "its English name" },
	{ KEY_REGISTRATION, SCHEMA_TEXT, 0, NULL,
	    "the NCNP registration number" },
	{ KEY_SUPERVISOR, SCHEMA_STR, 0, NULL, "the supervising ministry" },
	{ KEY_CITY, SCHEMA_STR, 0, NULL, "the city" },
	{ KEY_BASE_URL, SCHEMA_URL, 1, NULL,
	    "the site's address, e.g. https://example.org.sa" },
	{ KEY_CONTACT, SCHEMA_MAP, 0, contact_fields, NULL },
	{ KEY_BRANCHES, SCHEMA_LIST, 0, branch_fields, NULL },
	{ KEY_SOCIAL, SCHEMA_LIST, 0, social_fields, NULL },
	{ KEY_RESPONSE_DAYS, SCHEMA_INT, 0, NULL,
	    "the days the association's policy says an answer takes, "
	    "e.g. 14" },
	{ KEY_APPEAL, SCHEMA_MAP, 0, appeal_fields, NULL },
	{ KEY_ABOUT, SCHEMA_STR, 0, NULL, "a sentence about the association" },
	{ NULL, 0, 0, NULL, NULL }
};

json_t *
siteinfo_load(const char *dir, struct buf *err, int *nerr)
{
	struct buf	 path = BUF_INIT, src = BUF_INIT;
	struct yj_error	 yerr;
	struct diag	 x;
	json_t		*site = NULL;
	const char	*base;
	size_t		 bad;

	memset(&x, 0, sizeof(x));
	x.err = err;
	x.line = 1;
	buf_printf(&path, "%s/site.yaml", dir);
	x.path = path.data;
	if (fsx_read_in(dir, path.data, MDDOC_MAX_FILE, &src) == -1) {
		diag_at(&x, NULL, "cannot read: %s%s", fsx_strerror(errno),
		    errno != ENOENT ? "" : " (every content folder needs "
		    "site.yaml with at least 'name:' and 'base_url:')");
		goto out;
	}
	if (!utf8_valid(buf_cstr(&src), src.len, &bad)) {
		diag_at(&x, NULL, "not valid UTF-8 text: save it as UTF-8");
		goto out;
	}
	if ((x.doc = yj_parse(buf_cstr(&src), src.len, 0, &yerr)) == NULL) {
		x.line = yerr.line ? yerr.line : 1;
		diag_at(&x, NULL, "bad YAML: %s", yerr.msg);
		goto out;
	}
	site = yj_root(x.doc);
	if (!json_is_object(site)) {
		diag_at(&x, NULL, "site.yaml must be keys such as "
		    "'name: ...', one a line");
		site = NULL;
		goto out;
	}
	json_incref(site);
	schema_check(&x, site, "", site_fields);
	/* No default: the time an answer takes is the association's word,
	 * and without it the pages promise no date. */
	if (json_is_integer(json_object_get(site, KEY_RESPONSE_DAYS)) &&
	    (json_integer_value(json_object_get(site, KEY_RESPONSE_DAYS)) < 1 ||
	    json_integer_value(json_object_get(site, KEY_RESPONSE_DAYS)) > 365))
		diag_at(&x, KEY_RESPONSE_DAYS, "response_days must be between "
		    "1 and 365");
	/* base_url without its trailing slash, for absolute addresses */
	base = json_string_value(json_object_get(site, KEY_BASE_URL));
	if (base != NULL) {
		size_t l = strlen(base);

		while (l > 0 && base[l - 1] == '/')
			l--;
		json_object_set_new(site, KEY_BASE_URL, json_stringn(base, l));
	}
	if (x.nerr > 0) {
		json_decref(site);
		site = NULL;
	}
out:
	*nerr += x.nerr;
	yj_free(x.doc);
	buf_free(&path);
	buf_free(&src);
	return site;
}
