/*
 * utf8.h - text measured in display cells, for every view.
 *
 * Pure: no I/O, no globals, and no dependence on the process locale
 * (wcwidth() answers differently under C and C.UTF-8; the screen, the
 * text diagram and the tests must not). A CJK character takes two
 * cells, a combining mark none; text is trimmed, wrapped and padded by
 * cells and never split inside a character. Bytes that are not UTF-8
 * read as U+FFFD, one byte at a time, and nothing is read past a bound.
 */
#ifndef TCPVIZ_UTF8_H
#define TCPVIZ_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xfffdu

/* One character from s, of which n bytes may be read: its code point in
 * *cp and the bytes it takes (1 to 4). An invalid or truncated sequence,
 * an overlong form, a surrogate or a value past U+10FFFF gives U+FFFD and
 * takes one byte. n == 0: returns 0 and *cp is U+FFFD. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* cp as UTF-8 into out (room for 4 bytes); a value that is no character
 * (a surrogate, past U+10FFFF) is written as U+FFFD. Returns the bytes. */
size_t utf8_encode(uint32_t cp, char *out);

/* Display cells of a code point, as wcwidth() in a UTF-8 locale, from
 * tcpviz's own table: 2 for East Asian Wide and Fullwidth (CJK, Hangul,
 * kana, fullwidth forms, CJK punctuation, emoji), 0 for combining marks
 * and zero-width characters (and NUL), -1 for other controls (C0, DEL,
 * C1), 1 for the rest. */
int utf8_cp_width(uint32_t cp);

/* Cells of a character as tcpviz shows it: a control is shown as
 * U+FFFD, one cell; otherwise utf8_cp_width. */
int utf8_shown_width(uint32_t cp);

/* Cells of a NUL-terminated string, or of its first n bytes. */
size_t utf8_width(const char *s);
size_t utf8_nwidth(const char *s, size_t n);

/* The bytes of the longest start of s that takes at most w cells, never
 * splitting a character (zero-width marks stay with the character they
 * follow); its cells in *cells when not NULL. */
size_t utf8_fit(const char *s, size_t w, size_t *cells);

/* s in at most w cells into out (cap bytes, always terminated): whole
 * when it fits, else cut at a character and, when ell is not NULL, ended
 * with ell inside the w cells. Returns the cells written. */
size_t utf8_trim(char *out, size_t cap, const char *s, size_t w,
                 const char *ell);

/* The first line of paragraph s wrapped to w cells: returns its bytes
 * and sets *next where the line after it starts (blanks skipped). A line
 * breaks at a blank, or next to a wide (CJK) character, which text
 * without blanks breaks at (never before closing punctuation such as
 * U+3001 or U+FF0C); a word longer than the line is cut at a character.
 * The line never takes more than w cells unless its first character
 * alone does (w < 2 and a wide character). */
size_t utf8_wrap(const char *s, size_t w, const char **next);

/* s padded with blanks to w cells into out (cap bytes, always
 * terminated); a longer s is copied whole (as far as cap allows).
 * Returns the bytes written. */
size_t utf8_pad(char *out, size_t cap, const char *s, size_t w);

/* The first n bytes of s into out (cap bytes, always terminated) with
 * every invalid byte and every control shown as U+FFFD, so it is valid
 * UTF-8 whose cells utf8_width counts. Stops before a character that
 * would not fit; *used (when not NULL) says how many bytes of s were
 * read, so a caller can go on from there. Returns the bytes written. */
size_t utf8_sanitize(char *out, size_t cap, const char *s, size_t n,
                     size_t *used);

/* A single blank next to full-width punctuation (。，：（ ...) taken out
 * of s, in place, as Chinese is written (two or more, which keep
 * columns apart, stay; so does everything between double quotes, which
 * is data): sentences that code joins with a blank
 * read "结束。客户端", not "结束。 客户端". Text without such
 * punctuation (English) is left as it is. Returns the new length. */
size_t utf8_tidy(char *s);

#endif
