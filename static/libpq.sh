#!/usr/bin/env bash
# Makes OUT/libfactql-pq.a for the static release build (make release): Debian's libpq.a with what it
# needs merged in, so that the link finds everything in one archive, in any order:
#   libpgcommon and libpgport   from postgresql-server-dev-N of libpq's version: used where
#                               installed, else its .deb is fetched with apt-get download and
#                               unpacked into OUT (not installed: it depends on clang and llvm)
#   libssl and libcrypto        libssl-dev's static libraries
#   GSSAPI and LDAP             Debian has no static libraries of them: gss-ldap-stubs.c stands
#                               in (no Kerberos or ldap:// service lookups in the static build)
# Exits non-zero when something is missing; make release then builds a plain, dynamic factql.
set -euo pipefail
out=${1:?usage: $0 OUT}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
libdir=$(pkg-config --variable=libdir libpq)
major=$(pkg-config --modversion libpq | cut -d. -f1)
for library in pq ssl crypto; do
  [ -e "$libdir/lib$library.a" ] || { echo "no $libdir/lib$library.a" >&2; exit 1; }
done
common=""
for dir in "/usr/lib/postgresql/$major/lib" "$out/server-dev/usr/lib/postgresql/$major/lib"; do
  if [ -e "$dir/libpgcommon_shlib.a" ] && [ -e "$dir/libpgport_shlib.a" ]; then common=$dir; break; fi
done
if [ -z "$common" ]; then
  version=$(dpkg-query -W -f='${Version}' libpq-dev)
  rm -rf "$out/server-dev" "$out"/postgresql-server-dev-*.deb
  (cd "$out" && apt-get download -q "postgresql-server-dev-$major=$version" >/dev/null 2>&1) ||
    { echo "cannot fetch postgresql-server-dev-$major=$version (for libpgcommon.a and libpgport.a)" >&2; exit 1; }
  dpkg-deb -x "$out"/postgresql-server-dev-*.deb "$out/server-dev"
  common="$out/server-dev/usr/lib/postgresql/$major/lib"
fi
cc -c -O2 -o "$out/gss-ldap-stubs.o" "$here/gss-ldap-stubs.c"
rm -f "$out/libfactql-pq.a.new"
ar -M <<SCRIPT
create $out/libfactql-pq.a.new
addlib $libdir/libpq.a
addlib $common/libpgcommon_shlib.a
addlib $common/libpgport_shlib.a
addlib $libdir/libssl.a
addlib $libdir/libcrypto.a
addmod $out/gss-ldap-stubs.o
save
end
SCRIPT
mv "$out/libfactql-pq.a.new" "$out/libfactql-pq.a"
