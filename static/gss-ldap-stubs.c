/*
 * Stand-ins for the GSSAPI and LDAP functions that Debian's libpq.a calls: Debian ships no
 * static libgssapi_krb5 or libldap, so the static release build of factql links these instead
 * (static/libpq.sh; never the ordinary, dynamic build, where libpq.so brings the real
 * ones). Each says "not available": libpq then goes on without GSSAPI encryption or Kerberos
 * (gss_acquire_cred fails, as when there is no credential cache), and an ldap:// service lookup
 * fails with "could not create LDAP structure". Password, SCRAM, trust and TLS work as in psql.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
typedef struct { size_t length; void *value; } gss_buffer_desc;

#define GSS_S_FAILURE (13u << 16)
#define GSS_S_UNAVAILABLE (16u << 16)

static char not_available[] = "GSSAPI is not available in this build of factql";

void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

static OM_uint32 fail(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return GSS_S_UNAVAILABLE;
}

static OM_uint32 done(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return 0;
}

OM_uint32 gss_acquire_cred(OM_uint32 *minor) { return fail(minor); }
OM_uint32 gss_import_name(OM_uint32 *minor) { return fail(minor); }
OM_uint32 gss_init_sec_context(OM_uint32 *minor) { return fail(minor); }
OM_uint32 gss_wrap(OM_uint32 *minor) { return fail(minor); }
OM_uint32 gss_unwrap(OM_uint32 *minor) { return fail(minor); }
OM_uint32 gss_wrap_size_limit(OM_uint32 *minor) { return fail(minor); }
OM_uint32 gss_delete_sec_context(OM_uint32 *minor) { return done(minor); }
OM_uint32 gss_release_buffer(OM_uint32 *minor) { return done(minor); }
OM_uint32 gss_release_cred(OM_uint32 *minor) { return done(minor); }
OM_uint32 gss_release_name(OM_uint32 *minor) { return done(minor); }

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech, OM_uint32 *context,
                             gss_buffer_desc *text) {
    (void)status; (void)type; (void)mech;
    if (context) *context = 0;
    if (text) { text->value = not_available; text->length = sizeof not_available - 1; }
    return done(minor);
}

void *ldap_init(const char *host, int port) { (void)host; (void)port; return NULL; }
int ldap_set_option(void *ld) { (void)ld; return -1; }
int ldap_simple_bind(void *ld) { (void)ld; return -1; }
int ldap_search_st(void *ld) { (void)ld; return -1; }
int ldap_result(void *ld) { (void)ld; return -1; }
int ldap_count_entries(void *ld) { (void)ld; return 0; }
void *ldap_first_entry(void *ld) { (void)ld; return NULL; }
void *ldap_get_values_len(void *ld) { (void)ld; return NULL; }
void ldap_value_free_len(void *values) { (void)values; }
int ldap_msgfree(void *message) { (void)message; return 0; }
int ldap_unbind(void *ld) { (void)ld; return 0; }
char *ldap_err2string(int error) { (void)error; return "LDAP is not available in this build of factql"; }
