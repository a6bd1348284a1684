# Shared settings for the project's scripts; sourced, never run.
# Puts the tools the scripts install (cargo's bin, the pinned npm tools) first on PATH, so a
# too-old system wasm-opt (Debian's binaryen 108 breaks the page at load) is never picked.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Trunk 0.22 needs a newer rustc than these machines have; 0.21.14 is the last that fits.
TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="132"

# The wasm-bindgen CLI must equal the crate version in Cargo.lock, byte for byte.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { found = 1; next }
         found && /^version = / { gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Stops with a message naming exactly what the user has to install by hand.
need() {
    printf 'setup: cannot install %s automatically.\n  %s\n' "$1" "$2" >&2
    exit 1
}

# The bundle budget: wasm, JS and CSS of dist/ together, each gzip -9, in bytes (250 KB).
BUNDLE_BUDGET=250000

# Prints each file of the built bundle with its raw and gzip size, and leaves the gzip
# total in BUNDLE_BYTES.
bundle_report() {
    BUNDLE_BYTES=0
    local file size
    for file in "$ROOT"/dist/*.wasm "$ROOT"/dist/*.js "$ROOT"/dist/*.css; do
        size=$(gzip -9 -c "$file" | wc -c)
        BUNDLE_BYTES=$((BUNDLE_BYTES + size))
        printf '  %-48s %8d bytes raw, %7d gzip\n' "$(basename "$file")" \
            "$(wc -c <"$file")" "$size"
    done
}
