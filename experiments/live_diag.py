"""What an IF stop sees during retraining, reduced two ways: a SAP run of the quick preset (quarter-epoch checks, cap 20,
seed from argv) whose stop rule is SAP's own (the cap) but which, at every check, also measures the IF on the run's probe
reduced as mean |rho| over all filter pairs ('abs') and over the pairs of filters that vary ('live'), their l2 distances to
the dense network's, validation accuracy and the dead (constant) filters per layer. Written to experiments/live_diag{seed}.json
(09 reads the seed-0 one; an existing file is not replaced: give --json another path, or --overwrite). About 3 minutes.

    python experiments/live_diag.py 0 [--json FILE] [--out DIR] [--overwrite]
"""
import argparse, torch, json, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one
from incop.cli import preset
from incop.core import atomic_write_text
from incop.imp import run_imp, FixedEpochs
from incop.connectivity import flow_stats
torch.set_num_threads(1)
def live_if(model, probe):
    st = flow_stats(model, probe); rho = st.correlations(1e-6); mom = st.moments(1e-6)
    full, live = [], []
    for l, r in enumerate(rho):
        a, b = ~mom[l][2], ~mom[l + 1][2]
        full.append(r.abs().mean()); s = r[a][:, b]; live.append(s.abs().mean() if s.numel() else torch.tensor(0., dtype=r.dtype))
    return torch.stack(full), torch.stack(live), [int(m[2].sum()) for m in mom]
class Begun(RuntimeError): "The run was begun by an earlier launch: its records before this one are not here."
class Rec(FixedEpochs):
    def begin_run(self, loop): self.ref = live_if(loop.model, loop.probes['if']); self.log = []; self.t = 0
    def begin_iteration(self, loop):
        if not hasattr(self, 'log'): raise Begun()   # (a resumed run skips begin_run)
        self.t += 1
    def should_stop(self, loop):
        if not hasattr(self, 'log'): raise Begun()
        f, l, nd = live_if(loop.model, loop.probes['if'])
        self.log.append(dict(t=self.t, k=loop.check, val=loop.val['acc'], d_full=float((f - self.ref[0]).norm()), d_live=float((l - self.ref[1]).norm()), dead=nd))
        return super().should_stop(loop)
if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('seed', type=int, help='the seed of the run (09 reads seed 0)')
    ap.add_argument('--json', default=None, help='where the records go (default: experiments/live_diag{seed}.json)')
    ap.add_argument('--out', default=None, help='the run folder\'s parent (default: a new temporary folder: the records are taken as the run goes, so a finished run cannot give them)')
    ap.add_argument('--overwrite', action='store_true', help='replace an existing --json file')
    a = ap.parse_args()
    if a.seed < 0: ap.error(f"seed must be >= 0, got {a.seed}")
    dest = Path(a.json or Path(__file__).parent/f'live_diag{a.seed}.json')
    if dest.exists() and not a.overwrite: ap.error(f"{dest} exists (the committed records, for seed 0): give --json another path, or --overwrite")
    import tempfile
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix='live_diag'))
    cfg = preset('quick', checks_per_epoch=4, cap=20, monitor=('if',), seed=a.seed, progress=False, threads=1)
    rec = Rec()
    begun = f"live_diag.py: the run in {out} was begun before this launch, so its records are not all here: give --out a new folder"
    try: t0 = time.time(); res = run_imp(cfg, stop=rec, out=out)
    except Begun: sys.exit(begun)   # (interrupted: it resumes, without the records of its first part)
    if not hasattr(rec, 'log'): sys.exit(begun)   # (finished before)
    if dest.exists() and not a.overwrite:   # and again: it may have appeared while this measured
        sys.exit(f"live_diag: {dest} appeared while this ran; give --json another path, or --overwrite")
    atomic_write_text(dest, json.dumps(dict(log=rec.log, ref_full=rec.ref[0].tolist(), ref_live=rec.ref[1].tolist())))   # whole or not at all
    print(f'written {dest} in {time.time() - t0:.0f} s')
