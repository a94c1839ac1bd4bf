"""Execute notebooks in place, as nbdev_test runs them (cells flagged with a tst_flag are skipped
unless named in --flags), and save their outputs: `python tools/run_nb.py nbs/08_imp.ipynb --flags slow`.
Run nbdev_clean afterwards. Cells that are skipped keep the outputs they had (the committed results of
`#| slow` / `#| gpu` cells): rerun those with --flags when you change them."""
import argparse, os, re, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def flags_of(src):
    return {m for line in src.splitlines() if (g := re.match(r'\s*#\|\s*(\w+)\s*$', line)) for m in [g[1]]}

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('nbs', nargs='+'); ap.add_argument('--flags', default='')
    a = ap.parse_args()
    tst = {'slow', 'gpu'} - set(a.flags.split())
    for fn in map(Path, a.nbs):
        nb = read_nb(fn)
        def skip(cell):
            if cell.cell_type != 'code' or 'nbdev_export(' in cell.source: return True
            if flags_of(cell.source) & tst: return True   # its committed outputs stay
            cell.outputs = []   # (execnb keeps a cell's old outputs when it now prints nothing)
            return False
        t0, cwd = time.time(), os.getcwd()
        os.chdir(fn.parent.resolve())
        try:
            sh = CaptureShell(fn.resolve())
            sh.run_all(nb, exc_stop=True, preproc=skip)
        finally: os.chdir(cwd)
        write_nb(nb, fn)
        print(f'{fn}: {time.time() - t0:.1f}s', flush=True)

if __name__ == '__main__': main()
