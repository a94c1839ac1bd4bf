"""Seconds per training epoch under the process settings incop's GPU runs can meet, side by side in one launch.

gpu_check.py's paper section trained ResNet18 at batch 64 at 8.6 s an epoch on an H200, where `incop compare` on the same
kind of machine trained the same dense network at 5.6 s. gpu_check sets CUBLAS_WORKSPACE_CONFIG=:4096:8 for its whole
process (its resume section needs it) and switches deterministic algorithms on and off again. This script times one epoch
in a fresh process for each setting, in turn:

- plain:          nothing set (a user's default run);
- workspace:      CUBLAS_WORKSPACE_CONFIG=:4096:8 in the environment only;
- deterministic:  set_deterministic(True) (deterministic=True / --deterministic true);
- on_then_off:    CUBLAS_WORKSPACE_CONFIG as workspace, then set_deterministic(True) and set_deterministic(False) (what
                  gpu_check's later sections ran under).

    python bench/gpu_epoch_env.py --data data/fashion-mnist --json runs/gpu_epoch_env.json          # on a CUDA machine
    python bench/gpu_epoch_env.py --device cpu --model lenet300 --limit 3000 --json /tmp/e.json     # a dry run of the script

Each mode warms up on 50 batches (cuDNN's algorithm choice, the allocator), then times one epoch; the figures are printed and
written to --json after every mode that ran (a mode that failed is printed, not written).
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

MODES = ('plain', 'workspace', 'deterministic', 'on_then_off')

def at_least_1(v):
    "argparse type: a whole number >= 1, said clearly otherwise."
    try: n = int(v)
    except ValueError: n = 0
    if n < 1 or str(n) != v.strip(): raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {v!r}")
    return n

def child(a):
    if a.mode in ('workspace', 'on_then_off'): os.environ['CUBLAS_WORKSPACE_CONFIG'] = ':4096:8'   # (on_then_off: as gpu_check sets it, for its whole process)
    import torch
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from incop.data import Batches, get_data
    from incop.models import get_model, train_epoch
    from incop.imp import set_deterministic
    if a.mode in ('deterministic', 'on_then_off'): set_deterministic(True)
    if a.mode == 'on_then_off': set_deterministic(False)
    dev = torch.device(a.device)
    if dev.type == 'cpu': torch.set_num_threads(1)
    data = get_data('fashion_mnist', path=a.data, val_size=5000 if not a.limit else 500, limit=a.limit, device=dev)
    torch.manual_seed(0); net = get_model(a.model, 1, 10, 28).to(dev)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, weight_decay=5e-4)
    train_epoch(net, Batches(data.x_train[:50 * a.batch], data.y_train[:50 * a.batch], a.batch, seed=1), opt)
    if dev.type == 'cuda': torch.cuda.synchronize(dev)
    t = time.time(); st = train_epoch(net, Batches(data.x_train, data.y_train, a.batch, seed=0), opt)
    if dev.type == 'cuda': torch.cuda.synchronize(dev)
    print(json.dumps(dict(mode=a.mode, epoch_s=round(time.time() - t, 3), samples=st['n'], cublas=os.environ.get('CUBLAS_WORKSPACE_CONFIG'),
                          det=torch.are_deterministic_algorithms_enabled(), cudnn_det=torch.backends.cudnn.deterministic,
                          cudnn_bench=torch.backends.cudnn.benchmark)))

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--device', default='cuda', help='the device timed (default: cuda; cpu for a dry run)')
    ap.add_argument('--model', default='resnet18', help='a model name of incop.models.MODELS (default: resnet18)')
    ap.add_argument('--batch', type=at_least_1, default=64, help="training batch size (default 64, the paper's)")
    ap.add_argument('--data', default=None, help="Fashion-MNIST's folder (default: looked for as incop does)")
    ap.add_argument('--limit', type=at_least_1, default=None,
                    help='the first LIMIT training samples, 500 of them split off for validation (default: all, 5,000 for validation)')
    ap.add_argument('--modes', default=','.join(MODES), help=f"comma-separated process settings to time (default: all, {', '.join(MODES)})")
    ap.add_argument('--json', default=None, help='write the figures here after every mode (an existing file is refused)')
    ap.add_argument('--mode', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.mode: return child(a)
    modes = a.modes.split(',')
    if bad := [m for m in modes if m not in MODES]: ap.error(f'unknown mode(s) {bad}; available: {list(MODES)}')
    if a.json and Path(a.json).exists(): ap.error(f'--json {a.json} exists; give a new name')
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from incop.models import MODELS   # (torch in this process too; each mode's child sets its environment before its own)
    if a.model.lower() not in MODELS: ap.error(f'unknown --model {a.model!r}; available: {sorted(MODELS)} (any case)')
    if a.limit is not None and a.limit <= 500: ap.error(f'--limit {a.limit} leaves no training sample after the 500 for validation; give more than 500')
    from incop.core import get_device
    try: get_device(a.device)   # (no CUDA: said here, once, not by each mode's process)
    except ValueError as e: ap.error(f'--device: {e}' + (' (--device cpu for a dry run)' if 'CUDA' in str(e) else ''))
    out = {}
    for m in modes:
        env = {k: v for k, v in os.environ.items() if k != 'CUBLAS_WORKSPACE_CONFIG'}   # each mode sets its own
        cmd = [sys.executable, __file__, '--mode', m, '--device', a.device, '--model', a.model, '--batch', str(a.batch)]
        cmd += (['--data', a.data] if a.data else []) + (['--limit', str(a.limit)] if a.limit else [])
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        try: out[m] = json.loads(p.stdout.strip().splitlines()[-1])
        except Exception: out[m] = dict(error=(p.stderr or p.stdout)[-2000:])
        if 'error' in out[m]:   # the traceback's last line (the whole one in --json is not written: a rerun may use the same name)
            lines = [l for l in out[m]['error'].splitlines() if l.strip()]
            print(f"{m}: failed: {lines[-1] if lines else f'exit {p.returncode}, no output'}", flush=True)
        else: print(m, out[m], flush=True)
        done = {k: v for k, v in out.items() if 'error' not in v}
        if a.json and done: Path(a.json).parent.mkdir(parents=True, exist_ok=True); Path(a.json).write_text(json.dumps(done, indent=1) + '\n')
    base = out.get('plain', {}).get('epoch_s')
    if base: print('epoch time / plain:', {m: round(v['epoch_s'] / base, 3) for m, v in out.items() if 'epoch_s' in v})
    if failed := [m for m, v in out.items() if 'error' in v]:
        print(f'failed: {", ".join(failed)} (the error of each is printed above)'); sys.exit(1)

if __name__ == '__main__': main()
