/*
 * ui_lesson.h - a lesson's words for a step, written into a pane: the
 * lesson pane shows them for the selected step, the detail pane for a
 * step's own line.
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

#endif
