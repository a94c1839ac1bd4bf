#!/usr/bin/env python
"""What the flows' input checks cost: one IF and one GF measurement as shipped, against the same with the checks
switched off (the probe the model cannot take: `check_input`; NaN or inf among the probe's inputs: `bad_inputs`; a flow
of NaN or inf: `_check_finite` and `FlowStats.moments`'s own check; GF's per-batch label and loss checks: `_mask_later` (the
labels of later batches masked, and the flag read), `scored_loss`'s label range, `check_loss`; the flags these set are still read once at the end, at the cost of one read).

Measured side by side in one run, alternating, medians:

    python bench/check_cost_bench.py                      # lenet300 and lenet5 on the CPU, 1 thread
    python bench/check_cost_bench.py --device cuda        # on a GPU (the checks read one flag back per measurement)
    python bench/check_cost_bench.py --repeats 31

The probes are random images of Fashion-MNIST's shape, 2,048 samples (IF in batches of 512, GF of 128, as a run's);
the weights are fresh (the checks' cost does not depend on them). Reported per model and flow: both medians and
their ratio (checked / unchecked). The machine may be shared: the ratio is what matters.
"""
import argparse, contextlib, statistics, sys, time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import incop.connectivity as C
import incop.gradflow as G
from incop.core import get_device, sync
from incop.models import get_model
from incop.cli import _at_least_1   # argparse type: a whole number >= 1, said clearly otherwise


class Unchecked:
    "A context in which the flows run without the input checks (each replaced by what it returns for a sound probe)."
    def __enter__(self):
        self.saved = (C.check_input, G.check_input, C.bad_inputs, G.bad_inputs, C._check_finite, C._finite_rows,
                      G._mask_later, G._refuse_labels, G.scored_loss, G.check_loss)
        C.check_input = G.check_input = lambda model, x, fork=False: None
        C.bad_inputs = G.bad_inputs = lambda x: torch.zeros((), dtype=torch.bool, device=x.device)
        C._check_finite = lambda stats, inputs_bad=False: None
        C._finite_rows = lambda *groups: [True] * len(groups)
        G._mask_later = lambda loss_fn, out, y, k, first_bad, what, after='': (y, first_bad)
        G._refuse_labels = lambda first_bad, out, what, after='': None
        G.scored_loss = lambda loss_fn, out, y, check_range=True: loss_fn(out, y)
        G.check_loss = lambda loss: loss
    def __exit__(self, *a):
        (C.check_input, G.check_input, C.bad_inputs, G.bad_inputs, C._check_finite, C._finite_rows,
         G._mask_later, G._refuse_labels, G.scored_loss, G.check_loss) = self.saved


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--models', default='lenet300,lenet5')
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--repeats', type=_at_least_1, default=21)
    ap.add_argument('--threads', type=_at_least_1, default=1)
    a = ap.parse_args()
    from incop.models import MODELS
    if bad := [m for m in a.models.split(',') if m.lower() not in MODELS]: ap.error(f"unknown --models {bad}; available: {sorted(MODELS)}")
    try: dev = get_device(a.device)
    except ValueError as e: ap.error(f"--device: {e}")
    torch.set_num_threads(a.threads)
    print(f"device {dev}, torch {torch.__version__}, {a.threads} thread(s), {a.repeats} repeats")
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2048, 1, 28, 28, generator=g).to(dev); y = torch.randint(0, 10, (2048,), generator=g).to(dev)
    pif = [(x[i:i + 512], y[i:i + 512]) for i in range(0, 2048, 512)]
    pgf = [(x[i:i + 128], y[i:i + 128]) for i in range(0, 2048, 128)]
    for name in a.models.split(','):
        torch.manual_seed(0); net = get_model(name).to(dev)
        flows = {'IF': lambda: C.information_flow(net, pif, reduce='abs'), 'GF': lambda: G.gradient_flow(net, pgf)}
        for fl, f in flows.items():
            with Unchecked(): base = f()
            torch.testing.assert_close(f(), base, rtol=0, atol=0)   # the checks change nothing in the values
            t = {'checked': [], 'unchecked': []}
            for r in range(a.repeats):   # alternating, so that drift in the machine's load falls on both
                for kind in (('checked', 'unchecked') if r % 2 == 0 else ('unchecked', 'checked')):
                    with (Unchecked() if kind == 'unchecked' else contextlib.nullcontext()):
                        sync(dev); t0 = time.perf_counter(); f(); sync(dev); t[kind].append(time.perf_counter() - t0)
            mc, mu = statistics.median(t['checked']) * 1e3, statistics.median(t['unchecked']) * 1e3
            print(f"{name:<10} {fl}: checked {mc:8.2f} ms, unchecked {mu:8.2f} ms, ratio {mc / mu:.3f}")


if __name__ == '__main__':
    main()
