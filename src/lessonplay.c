/*
 * lessonplay.c - a lesson over its recording (tcpviz lesson NAME
 * --replay): the recorded narration shown step by step, or the lesson's
 * expectations judged on what was recorded.
 *
 * Shell: the replay engine reads the capture and its events file; the
 * lessonrun judges exactly as during a live run (every step starts at
 * its recorded STEP record), so a recording is checked like the kernel.
 * The recording keeps the words it was made with; where they are still
 * the lesson file's English, the file's words are shown instead, in the
 * reader's language (lesson_text_now()).
 */
#include "lessonplay.h"

#include <stdio.h>
#include <unistd.h>

#include "fdsink.h"
#include "i18n.h"
#include "lessonrun.h"
#include "outbuf.h"
#include "session.h"
#include "view.h"

int lessonplay_report(const struct lessonrun *lr, const char *name)
{
	struct fd_sink rs = {.fd = STDOUT_FILENO};
	struct outbuf report;
	outbuf_init(&report, 4096, fd_sink_write, &rs);
	int failed = lessonrun_report(lr, name, &report);
	outbuf_flush(&report);
	outbuf_free(&report);
	return failed;
}

static int lessonplay_check(const struct lesson *l, const char *name,
                            const struct replay_options *ro)
{
	struct replay *r = replay_open(ro);
	if (r == NULL)
		return 2;
	struct lessonrun *lr = lessonrun_new(l);
	session_attach(replay_session(r), lessonrun_view(lr));
	while (replay_pump(r, 4096))
		;
	int status = replay_close(r);
	if (lessonplay_report(lr, name) > 0)
		status = 1;
	lessonrun_free(lr);
	return status;
}

/* replay_options.words for a lesson's recording: the narration by its
 * step and kind, as lesson_text_now() finds it. */
static const char *lessonplay_words(const void *ctx, int step,
                                    enum narration_kind k, const char *recorded)
{
	enum lesson_text_kind tk;

	switch (k) {
	case NARRATION_INTRO:
		tk = LESSON_TEXT_INTRO;
		break;
	case NARRATION_ASK:
		tk = LESSON_TEXT_ASK;
		break;
	case NARRATION_SAY:
		tk = LESSON_TEXT_SAY;
		break;
	case NARRATION_ANSWER:
		tk = LESSON_TEXT_ANSWER;
		break;
	default: /* a step's directive and how it settled are no text */
		return NULL;
	}
	if (step < 0)
		return NULL;
	return lesson_text_now(ctx, tk, (size_t)step, recorded);
}

int lessonplay_run(const struct lesson *l, const char *name,
                   const struct replay_options *opt, bool check)
{
	struct replay_options ro = *opt;

	ro.words = lessonplay_words;
	ro.words_ctx = l;
	if (access(opt->path, R_OK) != 0) {
		fprintf(stderr,
		        /* TRANSLATORS: the lesson file, the recording it
		         * needs; 'make captures' is a command and stays. */
		        _("tcpviz: lesson: %s has no recording (%s; "
		          "'make captures' records every lesson)\n"),
		        name, opt->path);
		return 2;
	}
	if (check)
		return lessonplay_check(l, name, &ro);
	return replay_run(&ro);
}
