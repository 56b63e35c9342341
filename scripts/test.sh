#!/usr/bin/env bash
# Set up and run every test: a virtual environment with the project and its test tools,
# the system tools the tests use (pdftotext/pdftoppm, tmux, a Chinese font), then pytest.
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k register
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"

need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v tmux >/dev/null || need+=(tmux)
# Noto Serif CJK: the serif face the PDFs are printed in, with some CJK Ext-B (𠮷) (tests/forms/test_fonts.py)
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v fc-list >/dev/null || need+=(fontconfig)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "安装测试所需的系统软件 / installing: ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "测试需要这些系统软件，请先安装 / please install: ${need[*]}" >&2
        exit 1
    fi
fi

# Keep compiled bytecode (__pycache__, ignored by git) even where the environment says not to:
# the tests start the program a few hundred times and import every test module in each
# worker; compiling it all afresh each time cost about 4 s of CPU per process at collection.
unset PYTHONDONTWRITEBYTECODE
exec .venv/bin/python -m pytest "$@"
