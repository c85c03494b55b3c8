#include "CLineEdit.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

/* ---- Editor ------------------------------------------------------------------------------ */

/* What the editor keeps for us in EL_CLIENTDATA. */
struct cle_state {
    char *prompt;
    void *client;
};

static struct cle_state *state_of(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) {
        return NULL;
    }
    return (struct cle_state *)data;
}

static char empty_prompt[] = "";

static char *prompt_function(EditLine *el) {
    struct cle_state *state = state_of(el);
    if (state == NULL || state->prompt == NULL) {
        return empty_prompt;
    }
    return state->prompt;
}

EditLine *cle_init(const char *program_name) {
    struct cle_state *state = calloc(1, sizeof *state);
    if (state == NULL) {
        return NULL;
    }
    EditLine *el = el_init(program_name, stdin, stdout, stderr);
    if (el == NULL) {
        free(state);
        return NULL;
    }
    el_set(el, EL_CLIENTDATA, (void *)state);
    el_set(el, EL_PROMPT, prompt_function);
    return el;
}

void cle_end(EditLine *el) {
    if (el == NULL) {
        return;
    }
    struct cle_state *state = state_of(el);
    el_end(el);
    if (state != NULL) {
        free(state->prompt);
        free(state);
    }
}

int cle_set_prompt(EditLine *el, const char *prompt) {
    struct cle_state *state = state_of(el);
    if (state == NULL) {
        return -1;
    }
    char *copy = strdup(prompt != NULL ? prompt : "");
    if (copy == NULL) {
        return -1;
    }
    free(state->prompt);
    state->prompt = copy;
    return 0;
}

int cle_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

int cle_set_signal_handling(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

void cle_set_client_data(EditLine *el, void *data) {
    struct cle_state *state = state_of(el);
    if (state != NULL) {
        state->client = data;
    }
}

void *cle_client_data(EditLine *el) {
    struct cle_state *state = state_of(el);
    return state != NULL ? state->client : NULL;
}

int cle_add_function(EditLine *el, const char *name, const char *help, cle_function function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

int cle_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

int cle_set_history(EditLine *el, History *list) {
    return el_set(el, EL_HIST, history, list);
}

int cle_source_editrc(EditLine *el) {
    return el_source(el, NULL);
}

int cle_prepare_terminal(EditLine *el, int editing) {
    return el_set(el, EL_PREP_TERM, editing);
}

int cle_terminal_width(int fd, int fallback) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return fallback;
}

/* ---- Ctrl-C ------------------------------------------------------------------------------ */

static volatile sig_atomic_t interrupt_flag = 0;

static void on_interrupt(int signal_number) {
    (void)signal_number;
    interrupt_flag = 1;
}

int cle_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: a blocked read(2) returns EINTR */
    return sigaction(SIGINT, &action, NULL);
}

int cle_interrupt_requested(void) {
    return interrupt_flag != 0;
}

void cle_clear_interrupt(void) {
    interrupt_flag = 0;
}

/* ---- Stop, continue, resize while reading -------------------------------------------------- */

static volatile sig_atomic_t continued_flag = 0;
static volatile sig_atomic_t resized_flag = 0;
static struct termios cooked_terminal;
static volatile sig_atomic_t have_cooked_terminal = 0;
static struct sigaction previous_stop, previous_continue, previous_resize;
static int catching = 0;

static void on_stop(int signal_number);

static void set_handler(int signal_number, void (*handler)(int), struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: the reader's read(2) returns EINTR */
    sigaction(signal_number, &action, previous);
}

/* Ctrl-Z: give the shell its terminal back as it was, stop, and on `fg` ask for a repair. */
static void on_stop(int signal_number) {
    int saved_errno = errno;
    if (have_cooked_terminal) {
        tcsetattr(STDIN_FILENO, TCSADRAIN, &cooked_terminal);
    }
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signal_number, &default_action, NULL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, signal_number);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    raise(signal_number); /* stops here until SIGCONT */
    set_handler(signal_number, on_stop, NULL);
    continued_flag = 1;
    errno = saved_errno;
}

static void on_continue(int signal_number) {
    (void)signal_number;
    continued_flag = 1;
}

static void on_resize(int signal_number) {
    (void)signal_number;
    resized_flag = 1;
}

int cle_catch_terminal_signals(int on) {
    if (on && !catching) {
        have_cooked_terminal = tcgetattr(STDIN_FILENO, &cooked_terminal) == 0;
        continued_flag = 0;
        resized_flag = 0;
        /* Where the parent ignores Ctrl-Z (no job control to resume us), it stays ignored. */
        sigaction(SIGTSTP, NULL, &previous_stop);
        if (previous_stop.sa_handler != SIG_IGN) {
            set_handler(SIGTSTP, on_stop, NULL);
        }
        set_handler(SIGCONT, on_continue, &previous_continue);
        set_handler(SIGWINCH, on_resize, &previous_resize);
        catching = 1;
    } else if (!on && catching) {
        sigaction(SIGTSTP, &previous_stop, NULL);
        sigaction(SIGCONT, &previous_continue, NULL);
        sigaction(SIGWINCH, &previous_resize, NULL);
        catching = 0;
    }
    return 0;
}

/*
 * The character reader. Like libedit's own (read.c, read_char): one byte per read(2), decoded
 * with mbrtowc in the current locale. Unlike it, an interrupted read(2) ends the line when
 * Ctrl-C was pressed, and otherwise repairs the display and reads on.
 */
static int read_char_interruptible(EditLine *el, wchar_t *character) {
    FILE *input = NULL;
    int fd = STDIN_FILENO;
    if (el_get(el, EL_GETFP, 0, &input) == 0 && input != NULL) {
        fd = fileno(input);
    }
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        if (interrupt_flag) {
            *character = L'\0';
            errno = EINTR;
            return -1;
        }
        if (continued_flag) {
            continued_flag = 0;
            el_set(el, EL_PREP_TERM, 0); /* libedit thinks the terminal is still raw: */
            el_set(el, EL_PREP_TERM, 1); /* make it set the mode again */
            el_set(el, EL_REFRESH);
        }
        if (resized_flag) {
            resized_flag = 0;
            el_resize(el); /* as libedit's own SIGWINCH handling: the next redraw uses it */
        }
        ssize_t got = read(fd, bytes + count, 1);
        if (got == -1) {
            if (errno == EINTR) {
                continue; /* the flags are checked at the top */
            }
            *character = L'\0';
            return -1;
        }
        if (got == 0) {
            *character = L'\0';
            return 0;
        }
        count += 1;
        for (;;) {
            mbstate_t shift;
            memset(&shift, 0, sizeof shift);
            size_t result = mbrtowc(character, bytes, count, &shift);
            if (result == (size_t)-2) {
                if (count >= MB_LEN_MAX) {
                    count = 0; /* too long: drop it */
                }
                break; /* incomplete: read another byte */
            }
            if (result == (size_t)-1) {
                if (count > 1) {
                    /* invalid sequence: drop all but the last byte and decode that again */
                    bytes[0] = bytes[count - 1];
                    count = 1;
                    continue;
                }
                count = 0; /* invalid byte: drop it */
                break;
            }
            return 1;
        }
    }
}

int cle_use_interruptible_reader(EditLine *el) {
    return el_set(el, EL_GETCFN, read_char_interruptible);
}

/* ---- History ----------------------------------------------------------------------------- */

History *cle_history_init(int size, int unique) {
    History *list = history_init();
    if (list == NULL) {
        return NULL;
    }
    cle_history_set_size(list, size);
    cle_history_set_unique(list, unique);
    return list;
}

void cle_history_end(History *list) {
    if (list != NULL) {
        history_end(list);
    }
}

int cle_history_set_size(History *list, int size) {
    HistEvent event;
    return history(list, &event, H_SETSIZE, size);
}

int cle_history_set_unique(History *list, int unique) {
    HistEvent event;
    return history(list, &event, H_SETUNIQUE, unique);
}

int cle_history_enter(History *list, const char *entry) {
    HistEvent event;
    return history(list, &event, H_ENTER, entry);
}

int cle_history_clear(History *list) {
    HistEvent event;
    return history(list, &event, H_CLEAR);
}

int cle_history_count(History *list) {
    HistEvent event;
    if (history(list, &event, H_GETSIZE) != 0) {
        return 0;
    }
    return event.num;
}

int cle_history_load(History *list, const char *path) {
    HistEvent event;
    return history(list, &event, H_LOAD, path);
}

int cle_history_save(History *list, const char *path) {
    HistEvent event;
    return history(list, &event, H_SAVE, path);
}

int cle_history_save_fd(History *list, int fd) {
    FILE *file = fdopen(fd, "w");
    if (file == NULL) {
        close(fd);
        return -1;
    }
    HistEvent event;
    int saved = history(list, &event, H_SAVE_FP, file);
    if (fflush(file) != 0 || fsync(fd) != 0) {
        saved = -1;
    }
    if (fclose(file) != 0) {
        saved = -1;
    }
    return saved;
}

static const char *history_step(History *list, int operation) {
    HistEvent event;
    if (history(list, &event, operation) != 0) {
        return NULL;
    }
    return event.str;
}

const char *cle_history_first(History *list) { return history_step(list, H_FIRST); }
const char *cle_history_last(History *list) { return history_step(list, H_LAST); }
const char *cle_history_next(History *list) { return history_step(list, H_NEXT); }
const char *cle_history_prev(History *list) { return history_step(list, H_PREV); }
