#!/bin/sh
# Makes sure the Debian packages libdigicheck builds with are present.
# Installs the missing ones when running as root with apt-get (one
# `apt-get update`, then one `apt-get install`); otherwise prints the exact
# command to run and fails.
#
# Usage: tools/ensure-deps.sh PKGCONFIG-MODULE=DEBIAN-PACKAGE... [-- COMMAND=DEBIAN-PACKAGE...]
set -u

missing=""
mode=pc
for spec in "$@"; do
    if [ "$spec" = "--" ]; then mode=cmd; continue; fi
    name=${spec%%=*}
    pkg=${spec#*=}
    if [ "$mode" = pc ]; then
        if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$name" 2>/dev/null; then
            continue
        fi
    else
        if command -v "$name" >/dev/null 2>&1; then continue; fi
    fi
    case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
# pkg-config itself is needed to ask for the others
command -v pkg-config >/dev/null 2>&1 || case " $missing " in *" pkg-config "*) ;; *) missing="pkg-config$missing" ;; esac

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2; then
        exit 0
    fi
    echo "deps: apt-get failed; run as root: apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "deps: missing Debian packages:$missing" >&2
echo "deps: run as root: apt-get update && apt-get install -y$missing" >&2
exit 1
