"""How steady is InCoP-GF's calibrated delta on the sparse fine-tuning preset? (experiments/calibnoise_gf.json)

    python experiments/calib_noise_gf.py      # seeds 0-2 and 9-14, 128 draws; about 20 s a seed on a 2-core CPU
    python experiments/calib_noise_gf.py 3 4 --draws 64 --json mine.json   # other seeds or draws, another file

The studies nonesparse* run InCoP-GF with delta = k x the GF's probe noise, the median l2 distance between the GFs of
16 independent probe draws (2,048 samples each) on the dense optimum. Here, per seed, the GF of `--draws` draws on that
optimum (the loop's own 16 first, so that group 0 is the noise the runs calibrated on):
- `n16_groups`: the noise from each disjoint group of 16 draws (what one calibration could have given);
- `pooled_groups`: the same groups' noise from their batches pooled (`pooled_noise`, what gf_calib='batches' takes);
- `nall`: the noise from all draws (the median over all pairs), the reference both are compared with.
"""
import argparse, itertools, json, statistics, sys, time
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_study import base
from incop.cli import _at_least
from incop.core import atomic_write_text
from incop.connectivity import flow_distance
from incop.data import probe_batches
from incop.gradflow import gradient_flow, pooled_noise
from incop.imp import IMPLoop, load_data

HERE = Path(__file__).parent

def measure(seed, out='runs/study', draws=128, probe=2048):
    cfg = base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30, method='incop-gf',
               gf_normalise='active', calib_k=8.0, calib_draws=16, probe_gf=probe, seed=seed, threads=1)   # nonesparsefresh's rule
    L = IMPLoop(cfg, out=out); L.dense_phase()   # the dense optimum the studies share (trained once, then loaded)
    d = load_data(cfg)
    ps = [L.probes['gf']] + [probe_batches(d, probe, batch_size=128, seed=seed + 1000 * i) for i in range(1, draws)]   # the loop's draws first
    vs = [gradient_flow(L.model, p, normalise='active') for p in ps]   # the GFs as the runs measure them
    rows = [gradient_flow(L.model, p, normalise='active', per_batch=True) for p in ps]
    noise = lambda idx: statistics.median(flow_distance(vs[a], vs[b], 'l2') for a, b in itertools.combinations(idx, 2))
    groups = range(0, draws - 15, 16)
    return dict(seed=seed, probe=probe, draws=draws, n16_groups=[noise(range(g, g + 16)) for g in groups],
                pooled_groups=[pooled_noise(lambda m, r: r, None, *rows[g:g + 16]) for g in groups], nall=noise(range(draws)))

_seed = _at_least(0)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    ap.add_argument('seeds', nargs='*', type=_seed, default=[0, 1, 2, 9, 10, 11, 12, 13, 14], help='the seeds (default: 0-2 and 9-14)')
    ap.add_argument('--draws', type=_at_least(16), default=128, help='probe draws per seed (default 128; at least 16)')
    ap.add_argument('--probe', type=_at_least(128), default=2048, help='samples per draw (default 2048, the runs\')')
    ap.add_argument('--out', default='runs/study', help='the folder of the dense networks (shared with the studies)')
    ap.add_argument('--json', default=str(HERE/'calibnoise_gf.json'), help='where to write the results (default: the committed file)')
    ap.add_argument('--overwrite', action='store_true', help='let the results replace an existing file (the committed one)')
    a = ap.parse_args()
    dest = Path(a.json)
    if dest.exists() and not a.overwrite:
        sys.exit(f"calib_noise_gf: {dest} exists (the committed results?); give --json NEW.json, or --overwrite to replace it")
    torch.set_num_threads(1)
    t0 = time.time(); rows = []
    for s in a.seeds:
        rows.append(measure(s, out=a.out, draws=a.draws, probe=a.probe)); print(json.dumps(rows[-1]), flush=True)
    if dest.exists() and not a.overwrite:
        sys.exit(f"calib_noise_gf: {dest} appeared while measuring and is kept; the rows are printed above")
    atomic_write_text(dest, json.dumps(dict(note='calibnoise_gf', rows=rows), indent=1) + '\n')
    print(f'calibnoise_gf: {time.time() - t0:.0f} s; wrote {dest}')
