"""What an IF stop sees during retraining, reduced two ways: a SAP run of the quick preset (quarter-epoch checks, cap 20,
seed from argv) whose stop rule is SAP's own (the cap) but which, at every check, also measures the IF on the run's probe
reduced as mean |rho| over all filter pairs ('abs') and over the pairs of filters that vary ('live'), their l2 distances to
the dense network's, validation accuracy and the dead (constant) filters per layer. Written to experiments/live_diag{seed}.json
(the file 09 reads was written by this code to /tmp and copied). About 3 minutes.

    python experiments/live_diag.py 0
"""
import torch, json, sys, time
from pathlib import Path
from incop.cli import preset
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
class Rec(FixedEpochs):
    def begin_run(self, loop): self.ref = live_if(loop.model, loop.probes['if']); self.log = []; self.t = 0
    def begin_iteration(self, loop): self.t += 1
    def should_stop(self, loop):
        f, l, nd = live_if(loop.model, loop.probes['if'])
        self.log.append(dict(t=self.t, k=loop.check, val=loop.val['acc'], d_full=float((f - self.ref[0]).norm()), d_live=float((l - self.ref[1]).norm()), dead=nd))
        return super().should_stop(loop)
seed = int(sys.argv[1])
cfg = preset('quick', checks_per_epoch=4, cap=20, monitor=('if',), seed=seed, progress=False, threads=1)
rec = Rec()
t0 = time.time(); res = run_imp(cfg, stop=rec, out=f'runs/live_diag{seed}')
json.dump(dict(log=rec.log, ref_full=rec.ref[0].tolist(), ref_live=rec.ref[1].tolist()), open(Path(__file__).parent/f'live_diag{seed}.json', 'w'))
print('done', time.time() - t0)
