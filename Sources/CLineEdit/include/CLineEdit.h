#ifndef CLINEEDIT_H
#define CLINEEDIT_H

/*
 * Fixed-arity wrappers around libedit for Swift.
 *
 * el_set, el_get and history are C variadics, which Swift cannot call, and the C globals
 * stdin/stdout/stderr are not concurrency-safe to touch from Swift 6. Everything that needs
 * either lives here; Swift calls the non-variadic libedit functions (el_gets, el_line,
 * el_insertstr, el_deletestr, ...) directly.
 */

#include <stdio.h>
#include <histedit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Editor ------------------------------------------------------------------------------ */

/// el_init on stdin/stdout/stderr, with a prompt function that shows the text given to
/// cle_set_prompt. Returns NULL on failure. Free with cle_end.
EditLine *cle_init(const char *program_name);
/// el_end (restores the terminal) and frees the prompt text.
void cle_end(EditLine *el);

/// Copies `prompt`; the prompt function shows the copy.
int cle_set_prompt(EditLine *el, const char *prompt);
/// EL_EDITOR: "emacs" or "vi".
int cle_set_editor(EditLine *el, const char *mode);
/// EL_SIGNAL: 1 lets libedit install its own handlers while reading a line.
int cle_set_signal_handling(EditLine *el, int on);
/// A pointer for the caller (e.g. the Swift object behind a completion function).
void cle_set_client_data(EditLine *el, void *data);
void *cle_client_data(EditLine *el);

/// A user function for cle_add_function: returns one of the CC_* codes.
typedef unsigned char (*cle_function)(EditLine *el, int ch);
/// EL_ADDFN.
int cle_add_function(EditLine *el, const char *name, const char *help, cle_function function);
/// EL_BIND key command, e.g. ("^I", "complete") or ("^L", "ed-clear-screen").
int cle_bind(EditLine *el, const char *key, const char *command);
/// EL_HIST: Up/Down walk this history.
int cle_set_history(EditLine *el, History *list);
/// el_source(el, NULL): reads $EDITRC or ~/.editrc when present.
int cle_source_editrc(EditLine *el);
/// EL_GETCFN: replaces libedit's character reader with one that
/// - returns -1 with errno EINTR as soon as the SIGINT handler from
///   cle_install_interrupt_handler has set its flag (some libedit versions retry an
///   interrupted read(2) once, which swallows the first Ctrl-C);
/// - after a stop and `fg` (see cle_catch_terminal_signals) puts the terminal back into
///   libedit's mode and redraws the line;
/// - after a window size change tells libedit the new size (used from the next keystroke on).
int cle_use_interruptible_reader(EditLine *el);

/// While reading a line (1 before el_gets, 0 after): catch SIGTSTP (Ctrl-Z: restore the
/// terminal, then stop), SIGCONT and SIGWINCH, without SA_RESTART, so that the reader above
/// can repair the display. Libedit's own EL_SIGNAL does the same but re-sends each signal to
/// the whole process group with kill(0, ...). Outside reading the default actions apply.
int cle_catch_terminal_signals(int on);

/// EL_PREP_TERM: 1 puts the terminal into libedit's editing (raw) mode now, 0 back to normal.
/// el_gets itself switches only when it reads the first key, after it has drawn the prompt:
/// keys typed in between are echoed by the terminal driver and then again by libedit.
int cle_prepare_terminal(EditLine *el, int editing);

/// Columns of the terminal on `fd` (ioctl TIOCGWINSZ), or `fallback`.
int cle_terminal_width(int fd, int fallback);

/* ---- Ctrl-C ------------------------------------------------------------------------------ */

/// sigaction(SIGINT) without SA_RESTART; the handler only sets a flag.
int cle_install_interrupt_handler(void);
int cle_interrupt_requested(void);
void cle_clear_interrupt(void);

/* ---- History ----------------------------------------------------------------------------- */

/// history_init with H_SETSIZE `size` and H_SETUNIQUE `unique`. NULL on failure.
History *cle_history_init(int size, int unique);
void cle_history_end(History *list);
int cle_history_set_size(History *list, int size);
int cle_history_set_unique(History *list, int unique);
/// H_ENTER.
int cle_history_enter(History *list, const char *entry);
/// H_CLEAR.
int cle_history_clear(History *list);
/// H_GETSIZE: the number of entries.
int cle_history_count(History *list);
/// H_LOAD / H_SAVE in libedit's own file format: the number of entries, or -1.
int cle_history_load(History *list, const char *path);
int cle_history_save(History *list, const char *path);
/// H_SAVE_FP into `fd` (e.g. from mkstemp), then fsync and close it (always closed).
/// The number of entries written, or -1.
int cle_history_save_fd(History *list, int fd);
/// Walking the entries. libedit's "first" is the NEWEST entry and "last" the oldest, so
/// oldest-to-newest is cle_history_last then cle_history_prev until NULL.
const char *cle_history_first(History *list);
const char *cle_history_last(History *list);
const char *cle_history_next(History *list);
const char *cle_history_prev(History *list);

#ifdef __cplusplus
}
#endif

#endif
