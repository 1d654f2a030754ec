/*
 * view_async.h - a view whose calls run on a thread of their own.
 *
 * Wraps any view: each call (segment, call, kstate, narration, stream,
 * finish) is copied into a fixed-size record of a bounded ring (spsc.h)
 * and returns at once; a second thread takes the records in order and makes
 * the same calls on the inner view. On two cores the model (decode,
 * conntrack, the session's ordering) and a view's formatting and writing
 * then run side by side. The inner view sees exactly the calls, in
 * exactly the order and with exactly the values it would have seen
 * directly, so what it writes is the same, byte for byte.
 *
 * What the wrapped view writes into (an outbuf) belongs to the second
 * thread from the first call until the wrapper says otherwise: the
 * caller may touch it only after view_async_sync(), finish (which syncs)
 * or destroy. Pointers handed in (ev->seg, ev->stream, a call's detail,
 * narration text) need only live until the call returns: they are
 * copied (begin and actor wait for the other thread instead). An actor
 * record is passed on as it is: the session keeps it.
 *
 * For a view whose output is not watched as it comes (a file, a pipe):
 * records wait up to a millisecond, or until a quarter of the ring is
 * full, before the other thread is woken.
 */
#ifndef TCPVIZ_VIEW_ASYNC_H
#define TCPVIZ_VIEW_ASYNC_H

#include "view.h"

/* A view that forwards to inner on another thread; it owns inner, and
 * destroys it. NULL when no thread could be started (use inner as it
 * is). */
struct view *view_async_new(struct view *inner);

/* Wait until the inner view has handled every call made so far. */
void view_async_sync(struct view *v);

#endif
