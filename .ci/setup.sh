#!/usr/bin/env bash
# Installs the system packages and sample data the tests use; does nothing when they are already there.
set -euo pipefail
updated=0
apt_install() {
  if [ "$updated" = 0 ]; then apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql

# Real photos for the visual-similarity tests: Debian's MATE wallpapers (JPEG and PNG).
photos_root="${VLSEARCH_PHOTO_CACHE:-/tmp/vlsearch-photos}"
if [ ! -d "$photos_root/usr/share/backgrounds" ]; then
  tmp="$(mktemp -d)"
  if [ "$updated" = 0 ]; then apt-get update -qq; updated=1; fi
  if (cd "$tmp" && apt-get download -qq mate-backgrounds >/dev/null 2>&1); then
    dpkg -x "$tmp"/mate-backgrounds_*.deb "$photos_root"
  else
    echo "warning: mate-backgrounds could not be downloaded; photo tests will be skipped" >&2
  fi
  rm -rf "$tmp"
fi

# Pillow (Debian's python3-pil), the reference for the preprocessing parity tests (tests/parity/pillow-preprocess.py).
/usr/bin/python3 -c "import PIL" >/dev/null 2>&1 || apt_install python3-pil

# transformers.js, an independent client, for parity tests of the models the project exports.
tjs="${VLSEARCH_TRANSFORMERS_JS:-/tmp/vlsearch-transformers-js}"
if command -v npm >/dev/null 2>&1 && [ ! -d "$tjs/node_modules/@huggingface/transformers" ]; then
  mkdir -p "$tjs"
  if ! (cd "$tjs" && npm install --no-audit --no-fund --loglevel=error @huggingface/transformers@4.3.1 >/dev/null 2>&1); then
    echo "warning: transformers.js could not be installed; parity tests will be skipped" >&2
  fi
fi

# Deploy checks: docker-compose (client only) validates the compose file; kubectl renders the Kubernetes overlays and
# kubernetes-models validates them against the API schemas offline.
command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
command -v kubectl >/dev/null 2>&1 || apt_install kubectl || apt_install kubernetes-client
k8s="${VLSEARCH_K8S_TOOLS:-/tmp/vlsearch-k8s-tools}"
if command -v npm >/dev/null 2>&1 && [ ! -d "$k8s/node_modules/kubernetes-models" ]; then
  mkdir -p "$k8s"
  if ! (cd "$k8s" && npm install --no-audit --no-fund --loglevel=error kubernetes-models@5.1.0 yaml@2.9.1 >/dev/null 2>&1); then
    echo "warning: the Kubernetes schema validator could not be installed; manifest checks will be skipped" >&2
  fi
fi

# Debian's chromium for the web app's browser tests (Playwright drives it; it never downloads browsers).
[ -x /usr/bin/chromium ] || apt_install chromium fonts-liberation
