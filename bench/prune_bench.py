#!/usr/bin/env python
"""What masking and pruning cost: a training epoch of a masked model against the same model
unmasked, and SAP's prune count and the exact global threshold on 10^7 weights.

Measured side by side in one run, repeated, medians:

    python bench/prune_bench.py                                  # lenet5 and lenet300 on the CPU, 1 thread
    python bench/prune_bench.py --models resnet18 --device cuda  # on a GPU (add lenet5,lenet300 to see launch-bound ones)
    python bench/prune_bench.py --skip-epochs                    # only the 10^7-weight timings
    python bench/prune_bench.py --limit 20000 --repeats 5        # shorter epochs, more repeats

1. Throughput. Two copies of one model with the same initial weights: one dense, one pruned
   (torch.nn.utils.prune format via `incop.prune.apply_masks`: two SAP (1, 2) global steps,
   about 40 % of the weights removed, 60 % left; the cost of the mask does not depend on how many are
   zero). Each repeat trains one epoch of each on Fashion-MNIST (55,000 training images,
   `incop.models.train_epoch`, SGD with momentum and weight decay), in alternating order
   (dense first in odd repeats, masked first in even ones) so that drift in the machine's load
   falls on both. Reported: the per-repeat throughput ratio masked/dense (= dense time /
   masked time) and its median. Target: >= 0.90 for lenet5 on the CPU, resnet18 on a GPU.
2. Pruning at scale (CPU unless --device): 10^7 Gaussian weights. `sap_prune_count` for both
   (p, q) pairs; the exact global selection of c weights (`_smallest`: kthvalue + ties by
   index); a whole `SAPPruner(scope='global')` and `LTHPruner(scope='global')` call on a
   10^7-weight MLP (PQ statistics, count, selection, report). For comparison, one full sort of
   the 10^7 magnitudes, which the reference code does per (p, q) grid point. Target: < 1 s.
The ratios are what matter: the machine may be shared, so absolute times drift between runs.
"""
import argparse, os, statistics, sys, time
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from incop.core import get_device, seed_everything, sync
from incop.data import Batches, get_data
from incop.models import MODELS, get_model, train_epoch
from incop.pqi import sap_prune_count
from incop.prune import LTHPruner, SAPPruner, _smallest, apply_masks, sparsity
from incop.cli import _at_least_1   # argparse type: a whole number >= 1, said clearly otherwise


def timed(f, dev):
    sync(dev); t0 = time.perf_counter(); out = f(); sync(dev)
    return time.perf_counter() - t0, out

def bench_epochs(name, data, args, dev):
    seed_everything(0)
    kw = dict(in_channels=data.in_channels, n_classes=data.n_classes, img_size=data.img_size)
    dense = get_model(name, **kw).to(dev)
    masked = get_model(name, **kw).to(dev); masked.load_state_dict(dense.state_dict())
    for _ in range(2): apply_masks(masked, SAPPruner(1, 2, scope='global')(masked)[0])
    remaining = sparsity(masked)['remaining_prunable']
    opt = lambda m: torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    runs = {'dense': (dense, opt(dense)), 'masked': (masked, opt(masked))}
    n = len(data.x_train) if args.limit is None else min(args.limit, len(data.x_train))
    x, y = data.x_train[:n], data.y_train[:n]
    warm = Batches(x[:8 * args.batch_size], y[:8 * args.batch_size], args.batch_size)
    for m, o in runs.values(): train_epoch(m, warm, o)  # allocator, kernels, autotuning
    ratios, times = [], {'dense': [], 'masked': []}
    for r in range(args.repeats):
        order = ['dense', 'masked'] if r % 2 == 0 else ['masked', 'dense']
        t = {}
        for k in order:
            m, o = runs[k]
            t[k], _ = timed(lambda: train_epoch(m, Batches(x, y, args.batch_size, seed=r), o), dev)
            times[k].append(t[k])
        ratios.append(t['dense'] / t['masked'])
        print(f"  {name} repeat {r + 1}: dense {t['dense']:.2f}s, masked {t['masked']:.2f}s, "
              f"throughput ratio {ratios[-1]:.3f}", flush=True)
    return dict(n=n, remaining=remaining, dense=statistics.median(times['dense']),
                masked=statistics.median(times['masked']), ratio=statistics.median(ratios), ratios=ratios)

def bench_scale(args, dev):
    g = torch.Generator(device='cpu').manual_seed(0)
    w = torch.randn(10**7, generator=g).to(dev)
    keys = w.abs()
    med = lambda f: statistics.median(timed(f, dev)[0] for _ in range(args.scale_repeats))
    rows = []
    for p, q in [(0.5, 1.0), (1.0, 2.0)]:
        c = sap_prune_count(w, p, q)
        rows.append((f"sap_prune_count, (p, q) = ({p:g}, {q:g})", med(lambda: sap_prune_count(w, p, q)), f"c = {c:,}"))
        sel = _smallest(keys, c)
        assert int(sel.sum()) == c and keys[sel].max() <= keys[~sel].min()
        rows.append((f"exact global selection of c = {c:,}", med(lambda: _smallest(keys, c)), "O(n) selection + ties by index"))
    sizes = [(2000, 2000), (2000, 2000), (1000, 2000)]  # 4e6 + 4e6 + 2e6 = 10^7 weights
    mlp = nn.Sequential(*[nn.Linear(i, o) for i, o in sizes]).to(dev)
    with torch.no_grad():
        for m in mlp: m.weight.copy_(torch.randn(m.weight.shape, generator=g).to(dev))
    for pruner in (SAPPruner(0.5, 1, scope='global'), SAPPruner(1, 2, scope='global'), LTHPruner(0.2, scope='global')):
        new, rep = pruner(mlp)
        label = f"LTHPruner({pruner.rate})" if isinstance(pruner, LTHPruner) else f"SAPPruner{pruner.pq}"
        rows.append((f"{label}(mlp), scope global: whole call", med(lambda: pruner(mlp)),
                     f"removes {rep.prune_count:,}"))
    rows.append(("reference: one full sort of 10^7 magnitudes", med(lambda: torch.sort(keys)), 'per (p, q) grid point'))
    return rows

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--models', default='lenet5,lenet300', help='comma-separated models for the epoch comparison')
    ap.add_argument('--dataset', default='fashion_mnist')
    ap.add_argument('--device', default=None, help='cpu, cuda, ... (default: automatic) for the epochs')
    ap.add_argument('--scale-device', default='cpu', help='device of the 10^7-weight timings (default cpu)')
    ap.add_argument('--threads', type=_at_least_1, default=1, help='torch CPU threads (default 1)')
    ap.add_argument('--repeats', type=_at_least_1, default=4, help='epoch pairs per model (default 4)')
    ap.add_argument('--scale-repeats', type=_at_least_1, default=5)
    ap.add_argument('--batch-size', type=_at_least_1, default=128)
    ap.add_argument('--limit', type=_at_least_1, default=None, help='training samples per epoch (default: all)')
    ap.add_argument('--skip-epochs', action='store_true')
    ap.add_argument('--skip-scale', action='store_true')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for opt, v in (('--device', args.device), ('--scale-device', args.scale_device)):
        if v is not None and not v.strip(): ap.error(f"{opt} {v!r} is empty (an unset variable?): give cpu, cuda or cuda:N")
    for opt, v in (('--device', args.device), ('--scale-device', None if args.skip_scale else args.scale_device)):   # (both before any is timed)
        try: d = get_device(v) if opt == '--device' or v is not None else None
        except (ValueError, RuntimeError) as e: ap.error(f"{opt}: {e}")
        if opt == '--device': dev = d
        else: sdev = d
    print(f"torch {torch.__version__}, device {dev}{' (' + torch.cuda.get_device_name(dev) + ')' if dev.type == 'cuda' else ''}, "
          f"{args.threads} thread(s), load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus", flush=True)
    if bad := [m for m in args.models.split(',') if m.lower() not in MODELS and ':' not in m]: ap.error(f"unknown model(s) {bad}; available: {sorted(MODELS)}")   # before any is timed
    summary = {}
    if not args.skip_epochs:
        data = get_data(args.dataset, device=dev)
        print(f"{args.repeats} epoch pairs per model, batch {args.batch_size}", flush=True)
        for name in args.models.split(','): summary[name] = bench_epochs(name, data, args, dev)
        print("\nmasked vs unmasked training epoch (median over repeats)")
        print(f"{'model':10s} {'samples':>8s} {'remaining':>9s} {'dense s':>8s} {'masked s':>9s} {'ratio':>6s}  per repeat")
        for name, s in summary.items():
            print(f"{name:10s} {s['n']:8d} {s['remaining']:9.1%} {s['dense']:8.2f} {s['masked']:9.2f} {s['ratio']:6.3f}  "
                  + ' '.join(f"{r:.3f}" for r in s['ratios']))
    if not args.skip_scale:
        print(f"\n10^7 weights on {sdev}, median of {args.scale_repeats}", flush=True)
        for what, t, note in bench_scale(args, sdev): print(f"  {what:52s} {t * 1000:8.1f} ms   {note}")

if __name__ == '__main__': main()
