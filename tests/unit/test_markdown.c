/*
 * test_markdown: Markdown rendered ahead on another thread gives exactly
 * what md_render gives by itself (HTML and table of contents), texts are
 * told apart by their bytes, and the thread is told when the two meet.
 * Also: addresses, e-mails and phone numbers isolated as before the
 * faster scan (a byte table), in Arabic text.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "markdown.h"

static const char *const texts[] = {
	"## مقدمة\n\nنص عربي فيه https://example.org/a. وبريد a.b@example.org"
	" وهاتف 0551234567 ورقم ٠٥٥١٢٣٤٥٦٧.\n\n## مقدمة\n\n### فرعي\n",
	"## الأول\n\n- بند\n- بند آخر فيه +966 55 123 4567\n",
	"## الأول\n\n- بند\n- بند آخر فيه +966 55 123 4568\n",	/* 1 byte */
	"",
	"بلا عناوين، تاريخ 14/08/2024 ليس هاتفًا.\n",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* md_render(s) alone: HTML and the toc as JSON. */
static void
S_plain(const char *s, struct buf *html, char **toc)
{
	json_t	*t = json_array();

	md_render(s, strlen(s), html, t);
	*toc = json_dumps(t, JSON_COMPACT);
	json_decref(t);
}

static void *
S_ahead_all(void *arg)
{
	size_t	 i;

	(void)arg;
	for (i = NTEXTS; i-- > 0; )
		md_ahead_render(texts[i], strlen(texts[i]));
	return NULL;
}

int
main(void)
{
	struct buf	 want[NTEXTS], got = BUF_INIT;
	char		*wtoc[NTEXTS], *gtoc, name[64];
	pthread_t	 t;
	json_t		*toc;
	size_t		 i;
	int		 same;

	for (i = 0; i < NTEXTS; i++) {
		want[i] = (struct buf)BUF_INIT;
		S_plain(texts[i], &want[i], &wtoc[i]);
	}
	check(strstr(want[0].data, "<a href=\"https://example.org/a\" "
	    "dir=\"ltr\">https://example.org/a</a>.") != NULL &&
	    strstr(want[0].data, "<a href=\"mailto:a.b@example.org\" "
	    "dir=\"ltr\">") != NULL &&
	    strstr(want[0].data, "<a href=\"tel:0551234567\" dir=\"ltr\">")
	    != NULL && strstr(want[0].data, "<h2 id=\"مقدمة-2\">") != NULL,
	    "markdown: address, e-mail, phone and a second heading's id",
	    want[0].data);
	check(strstr(want[4].data, "tel:") == NULL, "markdown: a date is not "
	    "a phone", want[4].data);

	/* all rendered ahead on a thread, then asked for here */
	md_ahead_begin();
	pthread_create(&t, NULL, S_ahead_all, NULL);
	pthread_join(t, NULL);
	same = 1;
	for (i = 0; i < NTEXTS; i++) {
		buf_reset(&got);
		toc = json_array();
		md_render(texts[i], strlen(texts[i]), &got, toc);
		gtoc = json_dumps(toc, JSON_COMPACT);
		json_decref(toc);
		snprintf(name, sizeof(name), "ahead: text %zu as rendered "
		    "alone", i);
		same &= check(strcmp(buf_cstr(&got), buf_cstr(&want[i])) == 0 &&
		    strcmp(gtoc, wtoc[i]) == 0, name, buf_cstr(&got));
		free(gtoc);
	}
	/* taken once: asked again, rendered again, the same */
	buf_reset(&got);
	md_render(texts[1], strlen(texts[1]), &got, NULL);
	check(strcmp(buf_cstr(&got), buf_cstr(&want[1])) == 0,
	    "ahead: a text asked for twice", buf_cstr(&got));
	/* md_render rendered text 1 itself that time: a thread coming to it
	 * has met it */
	check(md_ahead_render(texts[1], strlen(texts[1])) == 1,
	    "ahead: the rendering thread is told when it meets md_render",
	    NULL);
	md_ahead_end();

	/* after the end: as ever */
	buf_reset(&got);
	md_render(texts[2], strlen(texts[2]), &got, NULL);
	check(strcmp(buf_cstr(&got), buf_cstr(&want[2])) == 0,
	    "ahead: md_render after md_ahead_end", buf_cstr(&got));
	check(md_ahead_render(texts[2], strlen(texts[2])) == 1,
	    "ahead: nothing is rendered ahead outside begin and end", NULL);

	for (i = 0; i < NTEXTS; i++) {
		buf_free(&want[i]);
		free(wtoc[i]);
	}
	buf_free(&got);
	return check_failed;
}
