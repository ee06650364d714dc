/*
 * cmd_users: wasl-admin user add|list|disable|reset (see cmd_users.h).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd_users.h"
#include "keys.h"
#include "roles.h"
#include "siteinfo.h"
#include "users.h"

/* The console's address, ending in "/", into out. */
static int
S_console(struct adm *a, const struct adm_opts *o, struct buf *out,
    struct buf *err)
{
	json_t		*site;
	const char	*base;
	int		 nerr = 0;

	if (o->console_url != NULL) {
		if (strncmp(o->console_url, "https://", 8) != 0 &&
		    strncmp(o->console_url, "http://", 7) != 0) {
			buf_printf(err, "--console-url '%s' is not an http(s) "
			    "address", o->console_url);
			return -1;
		}
		buf_puts(out, o->console_url);
		if (out->len == 0 || out->data[out->len - 1] != '/')
			buf_putc(out, '/');
		return 0;
	}
	if ((site = siteinfo_load(a->content_dir, err, &nerr)) == NULL)
		return -1;
	base = json_string_value(json_object_get(site, KEY_BASE_URL));
	if (base == NULL || *base == '\0') {
		buf_printf(err, "%s/site.yaml has no base_url: give "
		    "--console-url URL", a->content_dir);
		json_decref(site);
		return -1;
	}
	buf_printf(out, "%s/staff/", base);
	json_decref(site);
	return 0;
}

static void
S_link(struct adm *a, const char *console, const char *token)
{
	fprintf(a->out, "enrolment link (once, for 24 hours; hand it to its "
	    "holder alone):\n%senrol?token=%s\n", console, token);
}

static int
S_name(const char *name, struct buf *err)
{
	if (users_name_valid(name))
		return 0;
	buf_printf(err, "'%s' is not a valid name: 1 to %d characters, a-z "
	    "first, then a-z, 0-9, '.', '_' or '-'", name, USERS_NAME_MAX);
	return -1;
}

static int
S_add(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf	 console = BUF_INIT;
	char		 token[AUTH_TOKEN_LEN + 1];
	int		 role, rc = -1;

	if (S_name(o->pos[1], err) == -1)
		return -1;
	if (o->role == NULL) {
		buf_puts(err, "give the role: --role officer, committee, "
		    "manager, admin, secretary or chair");
		return -1;
	}
	if ((role = role_index(o->role)) == -1) {
		buf_printf(err, "unknown role '%s': officer, committee, "
		    "manager, admin, secretary or chair", o->role);
		return -1;
	}
	if (S_console(a, o, &console, err) == -1)
		goto out;
	if (users_add(a->store, adm_actor(a), o->pos[1], role, token, err) ==
	    -1)
		goto out;
	fprintf(a->out, "added %s (%s)\n", o->pos[1], role_name(role));
	S_link(a, buf_cstr(&console), token);
	rc = 0;
out:
	buf_free(&console);
	return rc;
}

static int
S_reset(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	struct buf	 console = BUF_INIT;
	char		 token[AUTH_TOKEN_LEN + 1];
	int		 rc = -1;

	if (S_name(o->pos[1], err) == -1 ||
	    S_console(a, o, &console, err) == -1 ||
	    users_reset(a->store, adm_actor(a), o->pos[1], token, err) == -1)
		goto out;
	fprintf(a->out, "reset %s: password and second factor cleared, "
	    "sessions ended\n", o->pos[1]);
	S_link(a, buf_cstr(&console), token);
	rc = 0;
out:
	buf_free(&console);
	return rc;
}

static int
S_list(struct adm *a, struct buf *err)
{
	struct users_list	 l = { NULL, 0 };
	char			 made[17], last[17];
	const char		*state;
	size_t			 i;

	if (users_list(a->store, &l, err) == -1)
		return -1;
	fprintf(a->out, "%-*s %-9s %-12s %-16s %s\n", USERS_NAME_MAX / 2,
	    "name", "role", "state", "created", "last sign-in");
	for (i = 0; i < l.n; i++) {
		state = l.v[i].disabled ? "disabled" : l.v[i].enrolled ?
		    "active" : l.v[i].enrolling ? "enrolling" :
		    "link expired";
		adm_local_time(l.v[i].created_at, made);
		adm_local_time(l.v[i].last_signin[0] ? l.v[i].last_signin :
		    NULL, last);
		fprintf(a->out, "%-*s %-9s %-12s %-16s %s\n",
		    USERS_NAME_MAX / 2, l.v[i].name,
		    role_name(l.v[i].role) ? role_name(l.v[i].role) : "?",
		    state, made, last[0] ? last : "never");
	}
	users_list_free(&l);
	return 0;
}

int
cmd_user(struct adm *a, const struct adm_opts *o, struct buf *err)
{
	const char	*sub = o->npos > 0 ? o->pos[0] : "";
	int		 want;

	want = strcmp(sub, "list") == 0 ? 1 : strcmp(sub, "add") == 0 ||
	    strcmp(sub, "disable") == 0 || strcmp(sub, "reset") == 0 ? 2 : 0;
	if (want == 0) {
		buf_printf(err, "unknown subcommand '%s': add, list, disable "
		    "or reset", sub);
		return -1;
	}
	if (o->npos != want) {
		buf_printf(err, "%s takes %s", sub, want == 1 ?
		    "no name" : "one name");
		return -1;
	}
	if ((o->role != NULL && strcmp(sub, "add") != 0) ||
	    (o->console_url != NULL && strcmp(sub, "add") != 0 &&
	    strcmp(sub, "reset") != 0)) {
		buf_printf(err, "%s takes no %s", sub, o->role ? "--role" :
		    "--console-url");
		return -1;
	}
	if (strcmp(sub, "list") == 0)
		return S_list(a, err);
	if (strcmp(sub, "add") == 0)
		return S_add(a, o, err);
	if (strcmp(sub, "reset") == 0)
		return S_reset(a, o, err);
	if (S_name(o->pos[1], err) == -1 ||
	    users_disable(a->store, adm_actor(a), o->pos[1], err) == -1)
		return -1;
	fprintf(a->out, "disabled %s: its sessions ended\n", o->pos[1]);
	return 0;
}
