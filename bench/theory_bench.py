#!/usr/bin/env python
"""What the numerical checks of `incop.theory` cost, next to one training epoch (LeNet-300-100, Fashion-MNIST, CPU).

    python bench/theory_bench.py [--repeats 5] [--threads 1]

Measured side by side in one run, interleaved, median of `repeats`: one training epoch; the
largest Hessian eigenvalue by power iteration on 2,048 samples (at most 20 iterations, then at most 20 more on a shifted
Hessian when the first pass has not converged; the Hessian-vector products it took are counted and printed);
one trajectory point of 07_theory (validation loss/accuracy, IF twice, GF); Lemma 2's two sides
for one filter (1,024 samples × 300 inputs); Lemma 1's exact local Lipschitz constants (autograd,
20 points) and, beside it, the random-direction lower bound (20 points × 32 directions). Each is
printed in seconds and as a share of the epoch.
"""
import argparse, statistics, sys, time, warnings
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one

from incop.core import seed_everything
from incop.data import get_data, Batches, probe_batches
from incop.models import lenet300, train_epoch, evaluate
from incop.connectivity import information_flow
from incop.gradflow import gradient_flow
from incop.theory import connectivity_difference_bound, lipschitz_estimate, local_lipschitz, max_hessian_eigenvalue, pair_connectivity
from incop.cli import _at_least_1   # argparse type: a whole number >= 1, said clearly otherwise

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--repeats', type=_at_least_1, default=5)
    ap.add_argument('--threads', type=_at_least_1, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); seed_everything(0)
    warnings.filterwarnings('ignore', message='max_hessian_eigenvalue: the power iteration')   # tol=1e-12, tighter than the largest eigenvalue's power iteration reaches in its 20 passes (the pass count is printed)
    fm = get_data('fashion_mnist', device='cpu')
    net = lenet300(); opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    train_epoch(net, Batches(fm.x_train, fm.y_train, 128, seed=0), opt)  # warm-up, and a trained network to measure
    if_probe, gf_probe = probe_batches(fm, 2048, 512, seed=0), probe_batches(fm, 512, 512, seed=1)
    x = probe_batches(fm, 1024, 1024, seed=2)[0][0]
    with torch.no_grad(): f = net[2](net[1](net[0](x))).double()
    W = torch.cat([net[3].weight.detach(), net[3].bias.detach()[:, None]], 1).double()
    fh = torch.cat([f, torch.ones(len(f), 1, dtype=f.dtype)], 1)
    ws = W[:20]; fi = f[:, :20]
    calls = [0]
    def counted_ce(out, y): calls[0] += 1; return F.cross_entropy(out, y)
    jobs = {
        'training epoch': lambda: train_epoch(net, Batches(fm.x_train, fm.y_train, 128, seed=1), opt),
        'λ_max, ≤ 2 × 20 its, 2,048': lambda: max_hessian_eigenvalue(net, if_probe, counted_ce, iters=20, tol=1e-12),   # (tol must be > 0)
        'trajectory point': lambda: (evaluate(net, (fm.x_val, fm.y_val)), information_flow(net, if_probe, reduce='mean'),
                                     information_flow(net, if_probe, reduce='abs'), gradient_flow(net, gf_probe)),
        'Lemma 2, one filter': lambda: connectivity_difference_bound(f, W[0, :-1] * 0.5, W[0, :-1], torch.tanh, 1.0),
        'Lemma 1, exact, 20 pts': lambda: local_lipschitz(lambda w: pair_connectivity(fi, torch.tanh(fh @ w.T)), ws),
        'Lemma 1, 20 pts × 32 dirs': lambda: lipschitz_estimate(lambda w: pair_connectivity(fi, torch.tanh(fh @ w.T)), ws, 1e-4, n_dirs=32),
    }
    times = {k: [] for k in jobs}
    hvps = []   # the loss evaluations of each λ_max call, over the probe's batches: its Hessian-vector products
    for _ in range(a.repeats):
        for k, fn in jobs.items():
            calls[0] = 0; t = time.perf_counter(); fn(); times[k].append(time.perf_counter() - t)
            if k.startswith('λ_max'): hvps.append(calls[0] / len(if_probe))
    ep = statistics.median(times['training epoch'])
    print(f"LeNet-300-100, Fashion-MNIST, {a.threads} thread(s), median of {a.repeats} interleaved repeats")
    for k, ts in times.items():
        m = statistics.median(ts)
        print(f"{k:28s} {m:8.3f} s   {m / ep:7.1%} of an epoch   (min {min(ts):.3f}, max {max(ts):.3f})")
    print(f"λ_max: {', '.join(f'{h:g}' for h in hvps)} passes over the probe per call (one to check the parameters, the rest Hessian-vector products)")

if __name__ == '__main__': main()
