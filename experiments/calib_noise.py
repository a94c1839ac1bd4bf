"""How stable is the calibrated delta? The noise behind it, per seed, measured three ways (experiments/calibnoise.json).

    python experiments/calib_noise.py     # seeds 0-5, LeNet-300, quick preset; about 3 minutes
    python experiments/calib_noise.py 3 4 --json mine.json   # other seeds, another file (the committed one is kept)

For each seed's dense optimum (the quick preset's, quarter-epoch checks as in the split/combo studies):
- `n4`: the probe-resampling noise of IF (mean |rho|, l2) as the runs calibrate it (4 draws: the median of 6 distances);
- `n16`: the same with 16 draws (the median of 120 distances);
- `train`: the IF distance to the optimum's after each of 8 quarter-epochs of further training (fresh SGD, the
  retraining recipe) on the stop test's probe: how far the flow moves when nothing is pruned.
"""
import argparse, copy, json, sys, time
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one
from incop.cli import preset, _at_least
from incop.core import PhaseTimer, atomic_write_text
from incop.connectivity import information_flow, flow_distance
from incop.data import probe_batches
from incop.gradflow import flow_noise
from incop.imp import IMPLoop, load_data

HERE = Path(__file__).parent

def measure(seed, out='runs/study', draws=16, parts=8):
    cfg = preset('quick', method='incop-if', if_reduce='abs', checks_per_epoch=4, cap=20, seed=seed, progress=False, threads=1,
                 calib_draws=4)   # n4: the calibration of the studies made before 16 draws became the default
    L = IMPLoop(cfg, out=out)
    L.dense_phase()   # the dense optimum the studies share (trained once, then loaded)
    f = lambda m, b: information_flow(m, b, reduce='abs', point=cfg.if_point)
    probe = L.probes['if']
    d = load_data(cfg)
    alts = [probe_batches(d, cfg.probe_if, 512, seed=seed + 1000 * i) for i in range(1, draws)]   # the loop's draws come first
    n4, n16 = flow_noise(f, L.model, probe, *alts[:3]), flow_noise(f, L.model, probe, *alts)
    ref = f(L.model, probe)
    L.model = copy.deepcopy(L.model); opt = L.make_optimizer(); train = []
    for _ in range(parts):
        L.train_part(opt, None, PhaseTimer(L.device))
        train.append(flow_distance(f(L.model, probe), ref))
    return dict(seed=seed, n4=n4, n16=n16, train=train)

_seed = _at_least(0)   # argparse type: a seed, a whole number >= 0

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    ap.add_argument('seeds', nargs='*', type=_seed, default=list(range(6)), help='the seeds (default: 0 to 5)')
    ap.add_argument('--out', default='runs/study', help='the folder of the dense networks (shared with the studies)')
    ap.add_argument('--json', default=str(HERE/'calibnoise.json'), help='where to write the results (default: the committed file)')
    ap.add_argument('--overwrite', action='store_true', help='let the results replace an existing file (the committed one)')
    a = ap.parse_args()
    dest = Path(a.json)
    if dest.exists() and not a.overwrite:   # said before the minutes of measuring, not after
        sys.exit(f"calib_noise: {dest} exists (the committed results?); give --json NEW.json, or --overwrite to replace it")
    torch.set_num_threads(1)
    t0 = time.time(); rows = []
    for s in a.seeds:
        rows.append(measure(s, out=a.out)); print(json.dumps(rows[-1]), flush=True)
    if dest.exists() and not a.overwrite:   # and again: it may have appeared while this measured
        sys.exit(f"calib_noise: {dest} appeared while measuring and is kept; the rows are printed above")
    atomic_write_text(dest, json.dumps(dict(note='calibnoise', rows=rows), indent=1) + '\n')
    print(f'calibnoise: {time.time() - t0:.0f} s; wrote {dest}')
