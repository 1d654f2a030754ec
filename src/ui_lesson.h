/*
 * ui_lesson.h - a lesson's words for a step, written into a pane: the
 * lesson pane shows them for the selected step, the detail pane for a
 * step's own line; and the detail pane's words for any line. The
 * screen draws them; the HTML page (render_html.c) shows the same
 * words through a pane sink (panel.h).
 */
#ifndef TCPVIZ_UI_LESSON_H
#define TCPVIZ_UI_LESSON_H

#include "panel.h"

/* What the lesson says of step s (-1: before the first): its title,
 * question, narration (or what its call does, when it says nothing) and
 * answer, as far as they have come; at the newest step, the next step's
 * question, put before it runs, or what a key does next. */
void ui_lesson_text(struct pane *p, const struct timeline *tl, int s,
                    const struct screen_state *st);

/* Step s's own words: title, question, and when whole its narration
 * (or what its call does), answer and whether it settled blocked. */
void ui_lesson_step(struct pane *p, const struct timeline *tl, int s,
                    bool whole);

/* What the detail pane shows of a display line (the screen's selected
 * one): every field of a segment, call, kernel state or process event
 * and what it means; a step's line, the lesson's words for it. */
void ui_detail_text(struct pane *p, const struct timeline *tl, size_t line,
                    const struct screen_state *st);

#endif
