#!/bin/sh
# Unpacks the offline bundle into an empty folder and runs it with the network cut off
# (a network namespace with no interfaces; needs root or user namespaces) and an empty
# DENO_DIR: devices, the embedded default eval, and eval synthetic.
# Usage: tools/bundle/offline_check.sh [dist/caface-harness.tar.xz]
set -eu
archive="$(cd "$(dirname "${1:-dist/caface-harness.tar.xz}")" && pwd)/$(basename "${1:-dist/caface-harness.tar.xz}")"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir "$root/unpacked" "$root/work" "$root/deno_dir"
tar -C "$root/unpacked" -xJf "$archive"
cd "$root/work"
run() {
  unshare -n env -i PATH=/usr/bin:/bin HOME="$root/work" CAFACE_DENO_DIR="$root/deno_dir" \
    "$root/unpacked/caface-harness/bin/caface-harness" "$@"
}
run devices
run eval --out "$root/work/demo"
test -s "$root/work/demo/metrics.json"
run eval synthetic --out "$root/work/synthetic"
echo "offline check passed: $(ls "$root/work" | tr '\n' ' ')"
