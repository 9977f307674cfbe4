# Shared by scripts/test and scripts/demo. Sourced, not run.

hrc_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# hrc_install_packages [LIST]: installs the missing Debian packages of LIST (default
# scripts/debian-packages.txt). As root it runs apt-get update + install; otherwise it prints the
# exact sudo line and fails.
hrc_install_packages() {
  local wanted missing=() p
  wanted=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "${1:-$hrc_root/scripts/debian-packages.txt}")
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "hrc: these Debian packages are missing: ${missing[*]}" >&2
    echo "hrc: install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "hrc: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { echo "hrc: apt-get update failed; check the network and /etc/apt/sources.list.d" >&2; return 1; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "hrc: apt-get install failed for: ${missing[*]}" >&2; return 1; }
}

# hrc_build BUILD_DIR [extra cmake args...]: configures (once) and builds with all cores.
hrc_build() {
  local dir=$1; shift
  cmake -S "$hrc_root" -B "$dir" "$@" >/dev/null || { echo "hrc: cmake configure failed" >&2; return 1; }
  cmake --build "$dir" -j"$(nproc)" || { echo "hrc: build failed" >&2; return 1; }
}
