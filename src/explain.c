/*
 * explain.c - the teaching text: what segments, calls, returns, states
 * and analysis notes mean (explain.h).
 *
 * Every sentence is written whole, with its numbers and names as
 * arguments, and marked with _() so a catalogue can translate it. Must
 * not draw, do I/O or decide layout: views wrap and place the text.
 */
#include "explain.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

const char *explain_side(bool client)
{
	return client ? _("client") : _("server");
}

void explain_queue(char *out, size_t cap, const struct kstate_event *k)
{
	if (!k->has_queue)
		return;
	/* TRANSLATORS: after a listener's state: how many finished
	 * connections wait for accept(), and listen()'s backlog. */
	strcatf(out, cap, _(", accept queue %u (backlog %u)"), k->queue,
	        k->backlog);
}

const char *explain_queue_why(void)
{
	return _(" The accept queue holds the connections whose handshake "
	         "the kernel has completed and that no accept() has taken "
	         "yet. Once it holds more than the backlog, Linux drops a "
	         "new client's SYN (the client sends it again later).");
}

bool explain_named(const struct actor *a)
{
	return a != NULL && a->label != NULL &&
	       (a->pid != 0 || event_is_child(a));
}

const char *explain_who(const struct actor *a, enum side s)
{
	/* A traced program by its own name; the demo's and a lesson's
	 * actors ("client", "server") in the reader's language. */
	if (event_is_child(a))
		/* TRANSLATORS: the child process a lesson's server forked,
		 * making calls as the server and client do. */
		return _("child");
	return a != NULL && a->label != NULL && a->pid != 0
	               ? a->label
	               : explain_side(s == SIDE_CLIENT);
}

/* Why a segment was sent and what it does, by its role. */
/* The handshake's SYN and SYN-ACK, with the data a Fast Open SYN
 * carries. */
static void explain_syn(char *out, size_t cap, const struct explain_seg *s,
                        const char *src, const char *dst)
{
	/* TRANSLATORS: %s below is "client" or "server" (explain_side). */
	switch (s->role) {
	case ROLE_HANDSHAKE_1:
		strcatf(out, cap,
		        _("SYN: the %s asks to open a connection, the "
		          "first of the three-way handshake's segments, "
		          "and picks its initial sequence number (ISN %u, "
		          "relative 0). A SYN counts as one byte of "
		          "sequence space."),
		        src, s->seq);
		if (s->len > 0)
			strcatf(out, cap,
			        _(" It carries %u bytes of data too (TCP Fast "
			          "Open, RFC 7413: with a cookie the server "
			          "gave before, its kernel takes them at "
			          "once)."),
			        s->len);
		break;
	case ROLE_HANDSHAKE_2:
		strcatf(out, cap,
		        _("SYN-ACK: the %s agrees and picks its own ISN "
		          "(%u). ACK number = %s's ISN + 1: it "
		          "acknowledges the SYN, which counts as one byte "
		          "of sequence space."),
		        src, s->seq, dst);
		if (s->rack > 1)
			strcatf(out, cap,
			        _(" Here it acknowledges the %u bytes of data "
			          "the SYN carried as well (TCP Fast Open)."),
			        s->rack - 1);
		break;
	default:
		break;
	}
}

static void explain_role(char *out, size_t cap, const struct explain_seg *s)
{
	/* TRANSLATORS: %s below is "client" or "server" (explain_side). */
	const char *src = explain_side(s->c2s), *dst = explain_side(!s->c2s);
	switch (s->role) {
	case ROLE_HANDSHAKE_1:
	case ROLE_HANDSHAKE_2:
		explain_syn(out, cap, s, src, dst);
		break;
	case ROLE_HANDSHAKE_3:
		strcatf(out, cap,
		        _("The %s acknowledges the %s's SYN (ACK = its ISN "
		          "+ 1). The handshake is complete: both ends are "
		          "ESTABLISHED and accept() can return the "
		          "connection."),
		        src, dst);
		break;
	case ROLE_DATA:
		strcatf(out, cap,
		        _("Carries %u bytes of data (relative seq %u to "
		          "%u). The %s acknowledges them with ACK = %u, "
		          "the next byte it expects."),
		        s->len, s->rseq, s->rseq + s->len - 1, dst,
		        s->rseq + s->len);
		break;
	case ROLE_ACK:
		strcatf(out, cap,
		        _("A bare acknowledgement: ACK = %u is the next "
		          "byte the %s expects. No data, so it takes no "
		          "sequence space and is not acknowledged itself."),
		        s->rack, src);
		break;
	case ROLE_FIN:
		strcatf(out, cap,
		        _("FIN: the %s has no more data to send. A FIN "
		          "takes one byte of sequence space, so its ACK "
		          "will be %u."),
		        src, s->rseq + s->len + 1);
		break;
	case ROLE_FIN_ACK:
		strcatf(out, cap,
		        _("Acknowledges the %s's FIN: ACK = the FIN's "
		          "sequence number + 1."),
		        dst);
		break;
	case ROLE_FIN_AND_ACK:
		strcatf(out, cap,
		        _("FIN and the ACK of a FIN in one segment: the %s "
		          "acknowledges the %s's FIN (ACK = that FIN's "
		          "sequence number + 1) and says it has no more data "
		          "to send itself, so the teardown takes three "
		          "segments instead of four. Its own FIN takes one "
		          "byte of sequence space, so its ACK will be %u."),
		        src, dst, s->rseq + s->len + 1);
		break;
	case ROLE_RST:
		strcatf(out, cap,
		        _("RST aborts the connection: no ACK, no more "
		          "data; the %s goes straight to CLOSED and its "
		          "calls fail (ECONNRESET, or ECONNREFUSED when it "
		          "answers a SYN)."),
		        dst);
		break;
	default:
		break;
	}
}

static bool explain_entered(enum tcp_state before, enum tcp_state after,
                            enum tcp_state st)
{
	return after == st && before != st;
}

/* The teardown's states, where a teacher would say them. */
static void explain_closing(char *out, size_t cap, const struct explain_seg *s)
{
	const char *src = explain_side(s->c2s), *dst = explain_side(!s->c2s);
	if (explain_entered(s->dst_before, s->dst_after, ST_CLOSE_WAIT))
		strcatf(out, cap,
		        _(" The %s goes to CLOSE_WAIT: its recv() returns "
		          "0 (end of stream) and it should close too."),
		        dst);
	if (explain_entered(s->src_before, s->src_after, ST_FIN_WAIT_1))
		strcatf(out, cap,
		        _(" The %s closed first: FIN_WAIT_1 until its FIN "
		          "is acknowledged."),
		        src);
	if (explain_entered(s->src_before, s->src_after, ST_LAST_ACK))
		strcatf(out, cap,
		        _(" The %s closed second: LAST_ACK until its FIN "
		          "is acknowledged."),
		        src);
	if (explain_entered(s->dst_before, s->dst_after, ST_FIN_WAIT_2))
		strcatf(out, cap,
		        _(" The %s's FIN is acknowledged: FIN_WAIT_2, "
		          "waiting for the peer's FIN."),
		        dst);
	if (s->dst_before == ST_ESTABLISHED && s->dst_after == ST_CLOSING)
		strcatf(out, cap,
		        _(" The %s had sent its own FIN before this one "
		          "arrived (its FIN does not acknowledge this one): "
		          "FIN_WAIT_1, and this FIN makes it CLOSING, not "
		          "CLOSE_WAIT."),
		        dst);
	if (s->src_after == ST_CLOSING || s->dst_after == ST_CLOSING)
		strcatf(out, cap,
		        _(" The FINs crossed (simultaneous close): CLOSING "
		          "until the own FIN is acknowledged."));
	if (s->dst_after == ST_CLOSED && s->dst_before == ST_LAST_ACK)
		strcatf(out, cap, _(" The %s is CLOSED: the teardown is over."),
		        dst);
}

/* TIME_WAIT: who enters it and why it lasts. */
static void explain_time_wait(char *out, size_t cap,
                              const struct explain_seg *s)
{
	bool src_tw =
	        explain_entered(s->src_before, s->src_after, ST_TIME_WAIT);
	bool dst_tw =
	        explain_entered(s->dst_before, s->dst_after, ST_TIME_WAIT);
	if (src_tw || dst_tw)
		strcatf(out, cap,
		        _(" The %s enters TIME_WAIT for 2 x MSL (maximum "
		          "segment lifetime; Linux: 60 s): late segments "
		          "die out before the ports are reused, and the "
		          "last ACK can be sent again if it is lost."),
		        explain_side(src_tw ? s->c2s : !s->c2s));
	else if (s->role == ROLE_FIN_ACK && s->src_after == ST_TIME_WAIT)
		strcatf(out, cap,
		        _(" The %s stays in TIME_WAIT: if this ACK is lost, "
		          "the FIN comes again and it can answer."),
		        explain_side(s->c2s));
}

static const char *const analysis_why[AN_COUNT_BITS] = {
        N_("these sequence numbers were sent before; no ACK came in time, "
           "so the sender sent them again."),
        N_("sent again after duplicate ACKs, before the retransmission "
           "timer ran out."),
        N_("sent again although the receiver had already acknowledged "
           "it."),
        N_("arrived after a later segment."),
        N_("the same ACK again: the receiver got a segment past a gap."),
        N_("the receiver's buffer is full; the peer must wait."),
        N_("one byte sent into a zero window, to see whether it has "
           "opened."),
        N_("the answer to a zero-window probe."),
        N_("no data, only a larger window: the receiver has made room."),
        N_("this segment fills the receiver's window; the sender must "
           "wait for an ACK."),
        N_("a keep-alive: one old byte sent again, to see whether the "
           "peer is still there."),
        N_("the answer to a keep-alive."),
        N_("a segment before this one is missing from the capture."),
        N_("it acknowledges data the capture never saw."),
        N_("a new SYN on the addresses and ports of an earlier "
           "connection."),
};

const char *explain_analysis(unsigned bit)
{
	return bit < AN_COUNT_BITS ? _(analysis_why[bit]) : NULL;
}

void explain_segment(char *out, size_t cap, const struct explain_seg *s)
{
	explain_role(out, cap, s);
	explain_closing(out, cap, s);
	explain_time_wait(out, cap, s);
	for (unsigned i = 0; i < AN_COUNT_BITS; i++)
		if (s->analysis & (1u << i))
			/* TRANSLATORS: the analysis note's machine name, as
			 * the timeline shows it, then what it means. */
			strcatf(out, cap, _(" [%s]: %s"),
			        conntrack_analysis_label(i),
			        explain_analysis(i));
}

static const char *const call_why[CALL_KIND_COUNT] = {
        [CALL_SOCKET] = N_("socket() makes an endpoint and returns its "
                           "file descriptor. Nothing is sent; the socket "
                           "is CLOSED."),
        [CALL_BIND] = N_("bind() gives the socket its local address and "
                         "port. Nothing is sent."),
        [CALL_LISTEN] = N_("listen() makes the socket passive (LISTEN): "
                           "the kernel now answers SYNs by itself and "
                           "queues finished handshakes for accept()."),
        [CALL_ACCEPT] = N_("accept() waits until a connection has "
                           "finished its handshake (the client's final "
                           "ACK), then returns a new socket for it. The "
                           "listener stays in LISTEN."),
        [CALL_CONNECT] = N_("connect() sends the SYN and waits for the "
                            "SYN-ACK: it returns 0 once the client is "
                            "ESTABLISHED, or fails (ECONNREFUSED after a "
                            "RST)."),
        [CALL_SEND] = N_("send() copies the data into the kernel's send "
                         "buffer and returns; the kernel sends it and "
                         "keeps it until it is acknowledged."),
        [CALL_RECV] = N_("recv() waits until data arrives and returns how "
                         "many bytes it read; it returns 0 once the "
                         "peer's FIN has arrived: end of stream."),
        [CALL_SHUTDOWN] = N_("shutdown(SHUT_WR) sends a FIN but keeps "
                             "receiving: a half-close."),
        [CALL_CLOSE] = N_("close() releases the descriptor and returns at "
                          "once; the kernel sends the FIN (a RST if "
                          "unread data was left) and finishes the "
                          "teardown itself."),
        [CALL_SETSOCKOPT] = N_("setsockopt(SO_LINGER) sets what close() "
                               "does with data not yet sent: with a zero "
                               "timeout, close() drops it and sends a "
                               "RST, no FIN."),
        [CALL_GETSOCKOPT] = N_("getsockopt() reads a socket option; "
                               "SO_ERROR tells how a non-blocking "
                               "connect() ended (0, or the error). "
                               "Nothing is sent."),
        [CALL_GETSOCKNAME] = N_("getsockname() tells the socket's own "
                                "address and port (after connect(), the "
                                "port the kernel chose). Nothing is "
                                "sent."),
        [CALL_GETPEERNAME] = N_("getpeername() tells the address and port "
                                "of the other end. Nothing is sent."),
        [CALL_POLL] = N_("poll(), select() and epoll_wait() wait until a "
                         "socket is readable or writable (a non-blocking "
                         "connect() becomes writable when its handshake "
                         "ends, or fails). Nothing is sent."),
        [CALL_DUP] = N_("dup() makes another descriptor for the same "
                        "socket: close() sends the FIN only when the "
                        "last one is closed."),
};

const char *explain_call(enum call_kind c)
{
	return (unsigned)c < CALL_KIND_COUNT ? _(call_why[c]) : NULL;
}

const char *explain_call_on(enum call_kind c, int state)
{
	if (c == CALL_CLOSE && state == ST_LISTEN)
		return _(
		        "close() on a listening socket sends nothing: it has "
		        "no connection, so no FIN. Connections still waiting "
		        "in its accept queue are reset (RST), and a SYN to the "
		        "port is refused from now on.");
	if (c == CALL_CLOSE && state == ST_CLOSED)
		return _("close() on a socket that never connected sends "
		         "nothing: there is no connection to end.");
	return explain_call(c);
}

/* What the errors a lesson meets mean. */
static const char *explain_errno(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return _("Nobody listens there: the peer's kernel answered the "
		         "SYN with a RST.");
	case ECONNRESET:
		return _("The peer aborted the connection with a RST.");
	case EPIPE:
		return _("The connection can no longer send: a RST came back, "
		         "or this side shut it down.");
	case ETIMEDOUT:
		return _("No answer came in time.");
	case EADDRINUSE:
		return _("Another socket holds that address and port: a "
		         "listener, or a connection (one in TIME_WAIT too) "
		         "that did not allow SO_REUSEADDR.");
	case EINPROGRESS:
		return _("The socket is non-blocking: the handshake has "
		         "started, and poll() tells when it has ended.");
	case EAGAIN:
		return _("The socket is non-blocking, and the call would "
		         "have to wait: nothing is ready yet.");
	case EBADF:
		return _("The descriptor is not open: it was closed, or "
		         "never made.");
	default:
		return NULL;
	}
}

/* What a successful return's value means, where it teaches something. */
static void explain_value(char *out, size_t cap, const struct call_event *c)
{
	switch (c->call) {
	case CALL_ACCEPT:
		strcatf(out, cap,
		        _("accept() returned descriptor %ld, a new socket "
		          "for the connection; the listener stays open."),
		        c->ret);
		break;
	case CALL_CONNECT:
		strcatf(out, cap,
		        _("connect() returned 0: the SYN-ACK has arrived "
		          "and the client is ESTABLISHED."));
		break;
	case CALL_RECV:
		if (c->ret == 0)
			strcatf(out, cap,
			        _("recv() returned 0: the peer's FIN has "
			          "arrived, end of stream."));
		else
			strcatf(out, cap,
			        _("recv() returned %ld: that many bytes were "
			          "waiting in the receive buffer."),
			        c->ret);
		break;
	case CALL_SEND:
		strcatf(out, cap,
		        _("send() returned %ld: that many bytes are in the "
		          "kernel's send buffer, not necessarily on the "
		          "wire yet."),
		        c->ret);
		break;
	default:
		break;
	}
}

void explain_return(char *out, size_t cap, const struct call_event *c)
{
	if (c->enter)
		return;
	if (c->err == 0) {
		explain_value(out, cap, c);
		return;
	}
	const char *name = event_errno_name(c->err);
	const char *why = explain_errno(c->err);
	strcatf(out, cap, _("It failed with errno %s."), name ? name : "?");
	if (why)
		strcatf(out, cap, " %s", why);
}

void explain_release(char *out, size_t cap, const struct call_event *c)
{
	const char *e = event_errno_name(c->err);
	if (e)
		strcatf(out, cap,
		        _(" It unblocks the %s's %s(), which returns %ld "
		          "%s."),
		        explain_who(c->actor, c->side),
		        event_call_name(c->call), c->ret, e);
	else
		strcatf(out, cap,
		        _(" It unblocks the %s's %s(), which returns %ld."),
		        explain_who(c->actor, c->side),
		        event_call_name(c->call), c->ret);
}

static const char *const state_why[ST_COUNT] = {
        [ST_CLOSED] = N_("CLOSED: no connection. A new socket starts here "
                         "and a finished one ends here."),
        [ST_LISTEN] = N_("LISTEN: a passive socket waiting for SYNs; the "
                         "kernel completes handshakes by itself and "
                         "queues them for accept()."),
        [ST_SYN_SENT] = N_("SYN_SENT: the SYN is out; connect() waits for "
                           "the SYN-ACK."),
        [ST_SYN_RECEIVED] = N_("SYN_RECEIVED: a SYN came and a SYN-ACK "
                               "went back; the handshake's final ACK is "
                               "awaited."),
        [ST_ESTABLISHED] = N_("ESTABLISHED: the handshake is complete; "
                              "data can flow both ways."),
        [ST_FIN_WAIT_1] = N_("FIN_WAIT_1: this side closed first and sent "
                             "its FIN; it waits for the FIN's ACK."),
        [ST_FIN_WAIT_2] = N_("FIN_WAIT_2: its FIN is acknowledged; it "
                             "waits for the peer's FIN and can still "
                             "receive data."),
        [ST_CLOSING] = N_("CLOSING: the two FINs crossed (simultaneous "
                          "close); it waits for the ACK of its own FIN."),
        [ST_TIME_WAIT] = N_("TIME_WAIT: the teardown is done on this side, "
                            "but the socket stays 2 x MSL (Linux: 60 s) "
                            "so late segments die out and the last ACK "
                            "can be sent again."),
        [ST_CLOSE_WAIT] = N_("CLOSE_WAIT: the peer's FIN has arrived "
                             "(recv() returns 0); the program should "
                             "close its side too."),
        [ST_LAST_ACK] = N_("LAST_ACK: this side closed second and sent its "
                           "FIN; it waits for the last ACK."),
};

const char *explain_state(enum tcp_state s)
{
	return (unsigned)s < ST_COUNT ? _(state_why[s]) : NULL;
}

void explain_note(char *out, size_t cap, const struct note_event *ev)
{
	const char *who = explain_who(ev->actor, ev->side);
	const char *sig = ev->signal > 0 ? sigabbrev_np(ev->signal) : NULL;
	switch (ev->kind) {
	case NOTE_START:
		snprintf(out, cap, _("%s started: %s"), who, ev->text);
		break;
	case NOTE_FORK:
		if (ev->text[0])
			snprintf(out, cap,
			         _("%s forked: child %d, sharing its sockets "
			           "%s"),
			         who, ev->child, ev->text);
		else
			snprintf(out, cap, _("%s forked: child %d"), who,
			         ev->child);
		break;
	case NOTE_EXEC:
		snprintf(out, cap, _("%s runs %s"), who, ev->text);
		break;
	case NOTE_OUTPUT:
		snprintf(out, cap,
		         ev->fd == 2 ? _("%s says on stderr: %s")
		                     : _("%s says: %s"),
		         who, ev->text);
		break;
	default:
		if (ev->signal > 0 && ev->core)
			snprintf(out, cap,
			         _("%s killed by SIG%s (core dumped)"), who,
			         sig ? sig : "?");
		else if (ev->signal > 0)
			snprintf(out, cap, _("%s killed by SIG%s"), who,
			         sig ? sig : "?");
		else
			snprintf(out, cap, _("%s exited with status %d"), who,
			         ev->status);
		break;
	}
	/* A program's output may hold anything: controls become spaces. */
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

const char *explain_note_why(const struct note_event *ev)
{
	switch (ev->kind) {
	case NOTE_START:
		return _("tcpviz started this command line, traced: every "
		         "socket call of it and of what it starts is shown.");
	case NOTE_FORK:
		return _("fork() made a copy of the process. The child shares "
		         "every socket the parent had open: a socket's FIN is "
		         "sent only when its last descriptor, in either "
		         "process, is closed.");
	case NOTE_EXEC:
		return _("The process now runs another program; its open "
		         "descriptors (sockets included) stay open unless "
		         "marked close-on-exec.");
	case NOTE_OUTPUT:
		return _("A line the program wrote on its standard output or "
		         "error, shown where it wrote it.");
	default:
		return _("The process ended. The kernel closes every "
		         "descriptor it still held: a socket left open is "
		         "closed now, and its FIN (or RST, with unread data) "
		         "follows.");
	}
}

const char *explain_guessed_client(void)
{
	return _("No SYN in the capture: the higher port is taken for the "
	         "client, and both start ESTABLISHED.");
}

void explain_detail(char *out, size_t cap, const char *d)
{
	long long n, m;
	int used = -1;
	if (cap == 0)
		return;
	if (d == NULL)
		d = "";
	snprintf(out, cap, "%s", d); /* an address, or words not known */
	if (sscanf(d, "backlog %lld%n", &n, &used) == 1 && d[used] == '\0') {
		snprintf(out, cap, _("backlog %lld"), n);
		return;
	}
	/* TRANSLATORS: in the next two, %s is what follows the count (the
	 * first bytes, in quotes), or nothing. */
	used = -1;
	if (sscanf(d, "up to %lld bytes%n", &n, &used) == 1 && used > 0) {
		snprintf(out, cap, _("up to %lld bytes%s"), n, d + used);
		return;
	}
	used = -1;
	if (d[0] >= '0' && d[0] <= '9' &&
	    sscanf(d, "%lld bytes%n", &n, &used) == 1 && used > 0) {
		snprintf(out, cap, _("%lld bytes%s"), n, d + used);
		return;
	}
	used = -1;
	if (sscanf(d, "SO_LINGER on, %lld s%n", &n, &used) == 1 &&
	    d[used] == '\0') {
		snprintf(out, cap, _("SO_LINGER on, %lld s"), n);
		return;
	}
	used = -1;
	if (sscanf(d, "level %lld, option %lld%n", &n, &m, &used) == 2 &&
	    d[used] == '\0') {
		snprintf(out, cap, _("level %lld, option %lld"), n, m);
		return;
	}
	/* getsockname() of the client: "ADDR (ephemeral ports LO-HI)". */
	const char *eph = strstr(d, " (ephemeral ports ");
	if (eph != NULL &&
	    sscanf(eph, " (ephemeral ports %lld-%lld)%n", &n, &m, &used) == 2 &&
	    eph[used] == '\0') {
		/* TRANSLATORS: an address, then the range the kernel picks
		 * a client's port from. */
		snprintf(out, cap, _("%.*s (ephemeral ports %lld-%lld)"),
		         (int)(eph - d), d, n, m);
		return;
	}
	if (strcmp(d, "not the last descriptor of its socket: nothing is "
	              "sent") == 0)
		snprintf(out, cap, "%s",
		         _("not the last descriptor of its socket: nothing is "
		           "sent"));
}

int explain_teardown_step(enum seg_role r, enum tcp_state src_before,
                          enum tcp_state dst_before)
{
	switch (r) {
	case ROLE_FIN: /* the active closer's, or the passive one's */
		return src_before == ST_ESTABLISHED ||
		                       src_before == ST_SYN_RECEIVED
		               ? 1
		       : src_before == ST_CLOSE_WAIT ? 3
		                                     : 0;
	case ROLE_FIN_ACK: /* to the FIN_WAIT_1 end, or the LAST_ACK one */
		return dst_before == ST_FIN_WAIT_1 ? 2
		       : dst_before == ST_LAST_ACK ? 4
		                                   : 0;
	case ROLE_FIN_AND_ACK:
		return src_before == ST_CLOSE_WAIT ? 23 : 0;
	default:
		return 0;
	}
}

const char *explain_teardown_label(enum seg_role r, int step)
{
	/* TRANSLATORS: the four segments of a teardown, 四次挥手; in
	 * English the role's own label. */
	switch (step) {
	case 1:
		return P_("teardown 1/4", "FIN");
	case 2:
		return P_("teardown 2/4", "ACK of FIN");
	case 3:
		return P_("teardown 3/4", "FIN");
	case 4:
		return P_("teardown 4/4", "ACK of FIN");
	case 23:
		return P_("teardown 2+3/4", "FIN + ACK of FIN");
	default:
		return endshow_role_label(r);
	}
}
