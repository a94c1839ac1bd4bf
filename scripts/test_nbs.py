#!/usr/bin/env python
"""Run the notebooks as the test suite, like `nbdev_test`, and end with `N passed, N failed`.

    python scripts/test_nbs.py                  # every notebook, default flags (slow/gpu skipped)
    python scripts/test_nbs.py --flags slow     # also run cells marked #| slow
    python scripts/test_nbs.py --path nbs/03_pqi.ipynb

It uses nbdev's own `test_nb` and `nbglob` (so `tst_flags`, `#| eval: false` and `.notest`
folders behave exactly as under `nbdev_test`), prints one line per notebook with its time, and
exits non-zero if any notebook failed. Each worker gets one torch thread (small models run
faster and steadier that way; set OMP_NUM_THREADS to override). The notebooks' temporary folders
(run folders, checkpoints: about 530 MB a run of the suite) go in one folder under $TMPDIR, removed at
the end, so that repeated runs do not fill the disk.
"""
import argparse, os, shutil, sys, tempfile, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--path', default=None, help='a notebook or glob (default: all of nbs/)')
    ap.add_argument('--flags', default='', help='space-separated test flags to run (e.g. "slow gpu")')
    ap.add_argument('--n_workers', type=int, default=None, help='parallel notebooks (default: min(cpus, 8))')
    a = ap.parse_args()
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    os.environ.setdefault('MKL_NUM_THREADS', os.environ['OMP_NUM_THREADS'])
    from fastcore.parallel import parallel
    from fastcore.xtras import working_directory
    from nbdev.config import get_config
    from nbdev.doclinks import nbglob
    from nbdev.test import test_nb, _keep_file
    cfg = get_config()
    files = sorted(f.absolute() for f in nbglob(a.path, as_path=True) if _keep_file(f, '.notest'))
    if not files: sys.exit(f'No notebooks found for path={a.path!r}')
    n = a.n_workers if a.n_workers is not None else (0 if len(files) == 1 else min(os.cpu_count() or 1, 8))
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix='incop-tests-')   # the notebooks' (and their workers' and subprocesses') tempfile folder
    os.environ['TMPDIR'] = tempfile.tempdir = tmp
    try:
        with working_directory(cfg.nbs_path):
            res = parallel(test_nb, files, skip_flags=cfg.tst_flags.split(), force_flags=a.flags.split(),
                           n_workers=n, basepath=cfg.config_path, pause=0.01)
    finally: shutil.rmtree(tmp, ignore_errors=True)
    for f, (ok, t) in zip(files, res): print(f"{'PASS' if ok else 'FAIL'} {t:6.1f}s  {f.name}")
    npass = sum(ok for ok, _ in res)
    print(f'total {time.time()-t0:.0f}s with {n or 1} worker(s)')
    print(f'{npass} passed, {len(files)-npass} failed')
    sys.exit(0 if npass == len(files) else 1)

if __name__ == '__main__': main()
