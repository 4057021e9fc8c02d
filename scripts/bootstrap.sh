#!/usr/bin/env bash
# STAR Kiosk set-up: the one script behind the README's two commands.
#
#   bash scripts/bootstrap.sh run  [kiosk args]   install everything, start the kiosk
#   bash scripts/bootstrap.sh test [pytest args]  install everything, run ruff, lint-imports,
#                                                 mypy (strict on the whole package) and pytest:
#                                                 every test (CI runs this); the fast loop
#                                                 while working is `test -m "not slow"`
#
# "Install everything" is idempotent and fast the second time:
#   1. Debian/Ubuntu packages Qt 6 (the PySide6 wheels) needs on a bare machine,
#      plus Xvfb/xdotool for the tests that drive a real X server. apt-get is
#      called only when something is missing (apt-get update once, then install).
#   2. .venv with Python >= 3.11, created if absent (or broken).
#   3. pip install -e '.[test]', skipped while pyproject.toml is unchanged since
#      the last successful install (its sha256 is kept in .venv/.installed-hash).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

VENV="$REPO_ROOT/.venv"
HASH_FILE="$VENV/.installed-hash"

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: bash scripts/bootstrap.sh run  [star-kiosk run args]
       bash scripts/bootstrap.sh test [pytest args]
       bash scripts/bootstrap.sh install
EOF
}

# --- system packages ---------------------------------------------------------
# Each entry is "pkg" or "alt1|alt2" (first one apt knows is installed; the
# alternatives cover Ubuntu 24.04's t64 renames). Why each one is here: the
# sonames are the NEEDED entries of PySide6/Qt/plugins/platforms/libqxcb.so,
# Qt/lib/libQt6XcbQpa.so.6, libQt6Gui.so.6, libQt6Core.so.6, libQt6DBus.so.6 and
# Qt/plugins/xcbglintegrations/*.so (checked with readelf -d / ldd).
SYSTEM_PACKAGES=(
    # OpenGL / EGL (libQt6Gui: libEGL.so.1 libGL.so.1; QtOpenGL: libOpenGL.so.0)
    libegl1 libgl1 libopengl0
    # Mesa's drivers: a GPU's for `run --renderer gpu|auto`, and llvmpipe, the software
    # OpenGL the GPU-renderer test uses on Xvfb (swrast_dri.so)
    libgl1-mesa-dri
    # fonts (libQt6Gui: libfontconfig.so.1 libfreetype.so.6; fontconfig = config + fc-* tools)
    fontconfig libfontconfig1 libfreetype6
    # keyboard (libQt6Gui: libxkbcommon.so.0; libqxcb: libxkbcommon-x11.so.0)
    libxkbcommon0 libxkbcommon-x11-0
    # libQt6DBus: libdbus-1.so.3; libQt6Core/Gui: libglib-2.0.so.0 libgthread-2.0.so.0
    libdbus-1-3 "libglib2.0-0t64|libglib2.0-0"
    # X11 / xcb (libqxcb.so + libQt6XcbQpa.so.6 NEEDED)
    libx11-6             # libX11.so.6
    libx11-xcb1          # libX11-xcb.so.1
    libxcb1              # libxcb.so.1
    libxcb-cursor0       # libxcb-cursor.so.0
    libxcb-icccm4        # libxcb-icccm.so.4
    libxcb-image0        # libxcb-image.so.0
    libxcb-keysyms1      # libxcb-keysyms.so.1
    libxcb-randr0        # libxcb-randr.so.0
    libxcb-render0       # libxcb-render.so.0
    libxcb-render-util0  # libxcb-render-util.so.0
    libxcb-shape0        # libxcb-shape.so.0
    libxcb-shm0          # libxcb-shm.so.0
    libxcb-sync1         # libxcb-sync.so.1
    libxcb-util1         # libxcb-util.so.1
    libxcb-xfixes0       # libxcb-xfixes.so.0
    libxcb-xkb1          # libxcb-xkb.so.1
    libxcb-glx0          # libqxcb-glx-integration.so: libxcb-glx.so.0
    # tests drive a real X server: Xvfb, xauth (xvfb-run), xdotool, xdpyinfo/xwininfo
    xvfb xauth xdotool x11-utils
    # a real X window manager, for the test that Super+D and desktop switches cannot hide it
    openbox
    # desktop-file-validate for the .desktop entry
    desktop-file-utils
    # pdftotext: the handout test searches the PDF's text layer as a curator's reader would
    poppler-utils
    # Wayland (libqwayland.so + libQt6WaylandClient.so.6 + wayland-graphics-integration-client
    # NEEDED): libwayland-client.so.0 libwayland-cursor.so.0 libwayland-egl.so.1
    libwayland-client0 libwayland-cursor0 libwayland-egl1
    # the kiosk session's compositor (kiosk-shell.so), and the Wayland end-to-end test's
    weston
    # the content repository a fleet of kiosks follows (install-session --content-repo)
    git
)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    fi
fi

pkg_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ] || [ "$status" = "hold ok installed" ]
}

# First alternative of "a|b|c" apt can install (call after apt-get update).
pkg_candidate() {
    local alt cand
    local IFS='|'
    for alt in $1; do
        cand="$(apt-cache policy "$alt" 2>/dev/null | awk '/Candidate:/ {print $2}')"
        if [ -n "$cand" ] && [ "$cand" != "(none)" ]; then
            printf '%s\n' "$alt"
            return 0
        fi
    done
    return 1
}

py_ok() {  # usable interpreter: Python >= 3.11 with a working venv + ensurepip
    "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
        >/dev/null 2>&1
}

find_python() {
    local py
    for py in python3.11 python3 python3.13 python3.12 python3.14; do
        if command -v "$py" >/dev/null 2>&1 && py_ok "$py"; then
            command -v "$py"
            return 0
        fi
    done
    return 1
}

venv_ok() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c \
        'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

install_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "not a Debian/Ubuntu system (no dpkg-query): skipping system packages;"
        say "install Qt 6's X11/xcb/EGL/fontconfig libraries, Xvfb and xdotool yourself."
        return 0
    fi

    local missing=() spec alt found
    for spec in "${SYSTEM_PACKAGES[@]}"; do
        found=0
        IFS='|' read -r -a alts <<<"$spec"
        for alt in "${alts[@]}"; do
            if pkg_installed "$alt"; then found=1; break; fi
        done
        [ "$found" -eq 1 ] || missing+=("$spec")
    done

    # Python >= 3.11 with venv: only ask apt when no usable interpreter exists.
    local need_python=0
    if ! venv_ok && ! find_python >/dev/null; then
        need_python=1
    fi

    if [ "${#missing[@]}" -eq 0 ] && [ "$need_python" -eq 0 ]; then
        say "system packages: all present"
        return 0
    fi

    if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
        die "missing system packages (${missing[*]}) and not root and no sudo: install them as root"
    fi

    [ "${#missing[@]}" -eq 0 ] || say "system packages missing: ${missing[*]}"
    [ "$need_python" -eq 0 ] || say "no Python >= 3.11 with venv found: will install one"
    say "running apt-get update"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q

    local to_install=() pick
    for spec in "${missing[@]}"; do
        if pick="$(pkg_candidate "$spec")"; then
            to_install+=("$pick")
        else
            die "no apt package available for: $spec"
        fi
    done

    if [ "$need_python" -eq 1 ]; then
        local sys_py_ver
        sys_py_ver="$(apt-cache policy python3 2>/dev/null | awk '/Candidate:/ {print $2}')"
        # Debian 12 / Ubuntu 24.04 ship python3 >= 3.11; older Ubuntu has python3.11 separately.
        if dpkg --compare-versions "${sys_py_ver:-0}" ge 3.11 2>/dev/null; then
            to_install+=(python3 python3-venv)
        elif pick="$(pkg_candidate python3.11)"; then
            to_install+=(python3.11 python3.11-venv)
        else
            die "no Python >= 3.11 available from apt; install one and re-run"
        fi
    fi

    say "apt-get install ${to_install[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${to_install[@]}"
}

# --- Python environment ------------------------------------------------------
ensure_venv() {
    if [ -e "$VENV" ] && ! venv_ok; then
        say ".venv is broken or older than Python 3.11: recreating it"
        rm -rf "$VENV"
    fi
    if [ ! -e "$VENV" ]; then
        local py
        py="$(find_python)" || die "no Python >= 3.11 with venv found (tried python3.11, python3, python3.1[234])"
        say "creating .venv with $py ($("$py" --version 2>&1))"
        "$py" -m venv "$VENV"
    fi
}

install_project() {
    local want have=""
    want="$(sha256sum pyproject.toml | awk '{print $1}')"
    [ -f "$HASH_FILE" ] && have="$(cat "$HASH_FILE")"
    if [ "$want" = "$have" ] && [ -x "$VENV/bin/star-kiosk" ]; then
        say "python packages: up to date (pyproject.toml unchanged)"
        return 0
    fi
    say "pip install -e '.[test]' into .venv"
    rm -f "$HASH_FILE"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e '.[test]'
    printf '%s\n' "$want" >"$HASH_FILE"
}

# Byte-compile the package: an editable install has no .pyc files, and where the environment
# sets PYTHONDONTWRITEBYTECODE none are ever written, so every start would compile ~150
# modules from source (~0.1-0.2 s of the kiosk's start-up). Only changed files are redone.
compile_package() {
    "$VENV/bin/python" -m compileall -q kiosk >/dev/null
}

install_all() {
    [ -f pyproject.toml ] || die "pyproject.toml not found in $REPO_ROOT"
    install_system_packages
    ensure_venv
    install_project
    compile_package
}

# --- commands ----------------------------------------------------------------
cmd="${1:-}"
[ $# -gt 0 ] && shift

case "$cmd" in
    run)
        install_all
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
            say "warning: no DISPLAY/WAYLAND_DISPLAY set; Qt may fail to open a window"
        fi
        say "starting: star-kiosk run $*"
        exec "$VENV/bin/star-kiosk" run "$@"
        ;;
    test)
        install_all
        lint_dirs=()
        for d in kiosk tests bench; do
            [ -d "$d" ] && lint_dirs+=("$d")
        done
        lint_rc=0
        if [ "${#lint_dirs[@]}" -gt 0 ]; then
            say "ruff check ${lint_dirs[*]}"
            "$VENV/bin/ruff" check "${lint_dirs[@]}" || lint_rc=$?
        fi
        say "lint-imports (the layers, and no Qt in kiosk/core)"
        "$VENV/bin/lint-imports" || lint_rc=$?
        say "mypy --strict kiosk"
        "$VENV/bin/mypy" --strict kiosk || lint_rc=$?
        say "pytest $*"
        test_rc=0
        QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@" || test_rc=$?
        if [ "$lint_rc" -ne 0 ]; then
            say "FAILED: ruff, lint-imports or mypy (see above)"
        fi
        if [ "$test_rc" -ne 0 ]; then
            if [ "$test_rc" -eq 5 ]; then
                say "FAILED: pytest collected no tests (exit 5)"
            else
                say "FAILED: pytest (exit $test_rc)"
            fi
            exit "$test_rc"
        fi
        exit "$lint_rc"
        ;;
    install)
        install_all
        say "done"
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        usage
        exit 2
        ;;
esac
