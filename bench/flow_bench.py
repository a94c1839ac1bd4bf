#!/usr/bin/env python
"""Cost of one information-flow (IF) and one gradient-flow (GF) measurement against one training epoch.

Measured side by side in one run, repeated, medians of the per-repeat ratios:

    python bench/flow_bench.py                                   # lenet5 and conv4 on the CPU, 1 thread
    python bench/flow_bench.py --models resnet18 --device cuda   # on a GPU
    python bench/flow_bench.py --models lenet300,lenet5 --repeats 5 --no-authors

Each repeat times, on Fashion-MNIST at native resolution (55,000 training samples):
- one training epoch (`train_epoch`, SGD as in the paper's recipe, batch 64 by default);
- one IF on its default probe (`information_flow`, 2,048 samples in batches of 512) and one GF on
  its default probe (`gradient_flow`, 2,048 samples in batches of 128);
- the floor: a forward pass over 2,048 samples (no grad, batches of 512) and a forward + backward
  pass (batches of 128);
- the authors' way (first repeat only unless --authors-every): IF over the whole training set,
  twice (their code runs two full passes per check; our one-pass code run twice is a lower bound
  of theirs, which also moves every activation to the CPU), and GF done right over the whole
  training set (one fresh forward + backward pass; their code reads a stale gradient instead).
The ratios are what matter: the machine may be shared, so absolute times drift between runs.
"""
import argparse, statistics, sys, time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from incop.connectivity import information_flow
from incop.core import PhaseTimer, get_device, seed_everything, sync
from incop.data import Batches, get_data, probe_batches
from incop.gradflow import gradient_flow
from incop.models import MODELS, get_model, train_epoch
from incop.cli import _at_least_1   # argparse type: a whole number >= 1, said clearly otherwise


def forward_pass(model, batches):
    model.eval()
    with torch.no_grad():
        for x, _ in batches: model(x)
    model.train()

def forward_backward(model, batches):
    model.eval()
    params = [p for p in model.parameters() if p.requires_grad]
    for x, y in batches: torch.autograd.grad(F.cross_entropy(model(x), y), params)
    model.train()

def bench_model(name, data, args, dev):
    seed_everything(0)
    model = get_model(name, in_channels=data.in_channels, n_classes=data.n_classes, img_size=data.img_size).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=args.momentum, weight_decay=5e-4)
    p_if = probe_batches(data, args.if_probe, args.if_batch, seed=0)
    p_gf = probe_batches(data, args.gf_probe, args.gf_batch, seed=0)
    floor, floor_gf = probe_batches(data, 2048, 512, seed=1), probe_batches(data, 2048, 128, seed=1)
    full, full_gf = Batches(data.x_train, data.y_train, 512, shuffle=False), Batches(data.x_train, data.y_train, 128, shuffle=False)
    train = Batches(data.x_train, data.y_train, args.batch_size, seed=0)
    # warm-up: allocator, kernels, autotuning
    warm = Batches(data.x_train[:4 * args.batch_size], data.y_train[:4 * args.batch_size], args.batch_size)
    train_epoch(model, warm, opt); information_flow(model, p_if[:1]); gradient_flow(model, p_gf[:1])
    ops = {'if': lambda: information_flow(model, p_if), 'gf': lambda: gradient_flow(model, p_gf),
           'fwd2048': lambda: forward_pass(model, floor), 'fwdbwd2048': lambda: forward_backward(model, floor_gf)}
    rows = []
    for r in range(args.repeats):
        t = PhaseTimer(dev)
        with t('epoch'): train_epoch(model, train, opt)
        for k, f in ops.items():
            with t(k): f()
        if args.authors and (r == 0 or args.authors_every):
            with t('authors_if'):
                for _ in range(2): information_flow(model, full)
            with t('gf_full'): gradient_flow(model, full_gf)
        rows.append(dict(t.totals))
        print(f"  {name} repeat {r + 1}: " + ', '.join(f"{k} {v:.2f}s" for k, v in t.totals.items()), flush=True)
    return rows

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--models', default=None, help="comma-separated (default: lenet5,conv4 on the CPU; resnet18 added on CUDA)")
    ap.add_argument('--dataset', default='fashion_mnist')
    ap.add_argument('--device', default=None, help="cpu, cuda, ... (default: automatic)")
    ap.add_argument('--threads', type=_at_least_1, default=1, help='torch CPU threads (default 1)')
    ap.add_argument('--repeats', type=_at_least_1, default=3)
    ap.add_argument('--batch-size', type=_at_least_1, default=64, help="training batch size (the paper's recipe: 64)")
    ap.add_argument('--momentum', type=float, default=0.0)
    ap.add_argument('--if-probe', type=_at_least_1, default=2048, help='IF probe samples (default 2048)')
    ap.add_argument('--gf-probe', type=_at_least_1, default=2048, help='GF probe samples (default 2048)')
    ap.add_argument('--if-batch', type=_at_least_1, default=512, help='IF probe batch size (the value does not depend on it; default 512)')
    ap.add_argument('--gf-batch', type=_at_least_1, default=128, help='GF probe batch size (default 128: the GF value depends on it)')
    ap.add_argument('--no-authors', dest='authors', action='store_false', help="skip the authors' full-training-set passes")
    ap.add_argument('--authors-every', action='store_true', help="time the authors' way in every repeat (default: the first)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    try: dev = get_device(args.device)
    except (ValueError, RuntimeError) as e: ap.error(str(e))
    models = args.models.split(',') if args.models else (['lenet5', 'conv4'] + (['resnet18'] if dev.type == 'cuda' else []))
    if bad := [m for m in models if m.lower() not in MODELS and ':' not in m]: ap.error(f"unknown model(s) {bad}; available: {sorted(MODELS)}")   # before any is timed
    try: data = get_data(args.dataset, device=dev)
    except (ValueError, OSError) as e: ap.error(f"--dataset {args.dataset!r}: {e}")   # (unknown, or its files not found)
    print(f"device {dev}{' (' + torch.cuda.get_device_name(dev) + ')' if dev.type == 'cuda' else ''}, {args.threads} thread(s), "
          f"{len(data.x_train)} training samples, batch {args.batch_size}, IF probe {args.if_probe}/{args.if_batch}, GF probe {args.gf_probe}/{args.gf_batch}, "
          f"{args.repeats} repeats", flush=True)
    summary = {}
    for name in models:
        rows = bench_model(name, data, args, dev)
        med = lambda k: statistics.median(r[k] / r['epoch'] for r in rows if k in r)
        summary[name] = (statistics.median(r['epoch'] for r in rows), {k: med(k) for k in rows[0] if k != 'epoch'})
    cols = ['if', 'gf', 'fwd2048', 'fwdbwd2048'] + (['authors_if', 'gf_full'] if args.authors else [])
    print("\nmedian cost as a share of one training epoch")
    print(f"{'model':10s} {'epoch s':>8s} " + ' '.join(f"{c:>11s}" for c in cols))
    for name, (ep, r) in summary.items():
        print(f"{name:10s} {ep:8.1f} " + ' '.join(f"{100 * r[c]:10.2f}%" for c in cols))
    ok = all(r['if'] <= 0.03 and r['gf'] <= 0.05 for _, r in summary.values())
    print(f"\ntargets (IF <= 3 %, GF <= 5 % of an epoch): {'met' if ok else 'NOT met'}")

if __name__ == '__main__': main()
