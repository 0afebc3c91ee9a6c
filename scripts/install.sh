#!/usr/bin/env bash
# Installs what the build needs, and with --dev what the tests need: Debian packages (as root,
# through apt-get), then the pinned Python packages into a virtual environment, .venv. The
# system's own Python is left alone (PEP 668); every command then runs as .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(python3-venv libreoffice-writer libreoffice-calc python3-uno fonts-noto-cjk fonts-arphic-ukai
                 poppler-utils fontconfig)
python_requirements=requirements.txt
if [[ "${1:-}" == "--dev" ]]; then
    debian_packages+=(chromium)
    python_requirements=requirements-dev.txt
fi

if command -v dpkg >/dev/null; then
    missing=()
    for package in "${debian_packages[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if ((${#missing[@]})); then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        else
            echo "提示：未安装 ${missing[*]}；请以 root 运行：apt-get install ${missing[*]}" >&2
            echo "      （缺少 LibreOffice 时网站和 Word 表格照常生成，只是没有 PDF。）" >&2
        fi
    fi
fi

if [[ ! -x .venv/bin/python ]]; then
    if ! python3 -m venv .venv; then
        rm -rf .venv
        echo "错误：无法创建虚拟环境 .venv；请先安装 python3-venv（Debian、Ubuntu：apt-get install python3-venv）" >&2
        exit 1
    fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$python_requirements"
# The project itself, editable, for the `hrnotice` command (same as `python build.py`).
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
# Compiled now: where PYTHONDONTWRITEBYTECODE is set (CI images, some servers), every build would
# otherwise compile the package again (0.1-0.2 s each time), and jieba, which pip builds from its
# source and leaves uncompiled, too: its 1.3 MB table of probabilities costs 0.4 s to compile.
.venv/bin/python -m compileall -q hrnotice "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
# What every build would otherwise derive from the libraries, derived once into .venv/share/hrnotice/
# (hrnotice/installed.py): jieba's dictionary in shards, read as text is segmented (0.07 s instead of
# 0.5-1 s), China's working-day calendar as a table (holidays takes 0.15 s to import), and the site's
# templates compiled (half a second a site). Without them, builds are the same, only slower.
.venv/bin/python -m hrnotice.installed
