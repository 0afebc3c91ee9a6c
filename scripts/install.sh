#!/usr/bin/env bash
# Installs what the build needs (and, with --dev, what the tests need): Debian packages for
# PDF conversion, CJK fonts and browser tests, then the pinned Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(libreoffice-writer fonts-noto-cjk fonts-arphic-ukai poppler-utils fontconfig)
python_requirements=requirements.txt
if [[ "${1:-}" == "--dev" ]]; then
    debian_packages+=(chromium)
    python_requirements=requirements-dev.txt
fi

missing=()
for package in "${debian_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "提示：未安装 ${missing[*]}（需要 root 权限的 apt-get）；网站照常生成，PDF 等功能将跳过。" >&2
    fi
fi

if [[ "${1:-}" == "--dev" && ! -f build/npm/node_modules/axe-core/axe.min.js ]]; then
    # axe-core, injected into pages by the accessibility tests (tests/e2e).
    npm install --silent --no-audit --no-fund --prefix build/npm axe-core@4.14.1 >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -r "$python_requirements"
