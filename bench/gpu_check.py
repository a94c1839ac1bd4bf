"""incop on a GPU: the checks and figures that need one, as one prepared script for a lent device (or any CUDA machine).

    python bench/gpu_check.py --json runs/gpu_check.json                 # on a CUDA machine
    python bench/gpu_check.py --device cpu --small --json /tmp/gc.json   # a dry run of the script itself, on a CPU

On a lent device machine (torch is there, nbdev is not; the data travel in the git-ignored data/ folder):
    here, once:  mkdir -p data/fashion-mnist && cp /usr/share/datasets/fashion-mnist/* data/fashion-mnist/
    device run:  PYTHONUNBUFFERED=1 python3 bench/gpu_check.py --data data/fashion-mnist --json $OUT/gpu_check.json
                 (carry: data; timeout_s 560; about 7 minutes with the default --budget of 480 s; where the device
                 time is 15 minutes in all, starts included, add --budget 300 and give timeout_s 400, which leaves
                 room for a second try)

Sections (each timed; one that fails is recorded with its error and the next one runs; a section that would not fit in
what is left of --budget is skipped and says so):

1. env: torch, CUDA, the GPU.
2. run: the `#| gpu` cell of 08_imp: InCoP-GF on LeNet-5 with mixed precision; the ticket evaluated in full precision
   equals the row's test accuracy; an exported ticket loads into a plain CPU network with the same accuracy.
3. flows: the IF and GF of one ResNet18 on one probe, computed on the GPU and on the CPU (they should agree to float
   rounding: the flows are reduced in float64).
4. prune: two prune steps of SAP (global, neuron) and LTH (layer) on conv4 and VGG16 give the same masks on the GPU as
   on the CPU (kthvalue against NumPy's introselect), with many tied magnitudes.
5. io: this stop's device-facing changes (see `sec_io`): a GPU run's files load without a GPU; a CPU model reads GPU
   batches correctly; an attention's out_proj in the IF chain; rng_kept and the GPU's stream; Lemma 2's bound on CUDA.
6. syncs: host-device synchronisations in one retraining epoch of a pruned LeNet-5 (torch.cuda.set_sync_debug_mode):
   fewer than one per batch.
7. resume: SAP with deterministic=True, (a) uninterrupted twice (determinism on this GPU) and (b) crashed in the training
   step at several moments and relaunched; masks, metrics and checks must equal the uninterrupted run's (timings aside).
8. speed: one epoch of Fashion-MNIST at batch 128 for each built-in model, fp32 and bf16 autocast (compare the CPU's
   2.4 s, 12 s, 16 min and 22 min for LeNet-300-100, LeNet-5, VGG16 and ResNet18).
9. paper: the paper preset (ResNet18, batch 64, checks of 2 epochs) cut to one dense check and one prune step of at most
   two checks, with the IF monitored: seconds per training epoch and per flow check, and the full schedule's cost
   extrapolated from them (10 dense checks, 14 prune steps of at most 20 checks).

The deterministic cuBLAS workspace the resume section needs (CUBLAS_WORKSPACE_CONFIG=:4096:8, set before torch starts)
holds for the speed section too, as it does for a user's deterministic runs.

The data (Fashion-MNIST's IDX files) are found as incop finds them (--data, $INCOP_DATA, ./data, ...). Run folders go to
--work (a temporary folder by default); the figures are printed and written to --json.
"""
import argparse, collections, contextlib, io, json, math, os, platform, sys, tempfile, time, traceback
from pathlib import Path
os.environ.setdefault('CUBLAS_WORKSPACE_CONFIG', ':4096:8')   # read at the first cuBLAS call: the resume section's deterministic runs, as a user launches them

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, also when it is not installed
import incop
import incop.imp as imp
from incop.cli import preset
from incop.data import Batches, get_data, probe_batches
from incop.imp import IMPConfig, export_ticket, load_result, load_ticket, run_imp
from incop.models import evaluate, get_model, train_epoch
from incop.connectivity import information_flow
from incop.gradflow import gradient_flow
from incop.prune import LTHPruner, SAPPruner, apply_masks, clone_model, load_masks

def write_json(path, res):
    "The figures so far, written atomically (a temporary file, then a rename)."
    p = Path(path); p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + '.tmp'); tmp.write_text(json.dumps(res, indent=1, default=str) + '\n'); os.replace(tmp, p)

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize(dev)

def strip(rows): return [{k: v for k, v in r.items() if not k.startswith('t_') and k != 'wall_s'} for r in rows]

def same_run(a, b) -> dict:
    "Where two results differ (rows, checks, masks), timings aside; {} if nowhere."
    diff = {}
    if strip(a.rows) != strip(b.rows): diff['rows'] = [i for i, (x, y) in enumerate(zip(strip(a.rows), strip(b.rows))) if x != y] or 'lengths'
    if strip(a.checks) != strip(b.checks): diff['checks'] = [i for i, (x, y) in enumerate(zip(strip(a.checks), strip(b.checks))) if x != y] or 'lengths'
    for f in sorted((Path(a.run_dir)/'masks').iterdir()):
        ma, mb = load_masks(f), load_masks(Path(b.run_dir)/'masks'/f.name)
        if any(not torch.equal(ma[k], mb[k]) for k in ma): diff.setdefault('masks', []).append(f.name)
    return diff

class Crash(Exception): pass

def crashing_after(n, real):
    "A `train_epoch` whose loss raises at its n-th call from now on (the loop looks the function up at every epoch)."
    left = [n]
    def step(model, batches, opt, loss_fn, **kw):
        def loss(out, y):
            left[0] -= 1
            if left[0] == 0: raise Crash()
            return loss_fn(out, y)
        return real(model, batches, opt, loss, **kw)
    return step

def sec_env(a, dev, work):
    out = dict(torch=torch.__version__, cuda=torch.version.cuda, incop=incop.__version__, python=platform.python_version(), device=str(dev))
    if dev.type == 'cuda':
        p = torch.cuda.get_device_properties(dev)
        out.update(gpu=p.name, memory_gib=round(p.total_memory / 2**30, 1), capability=f'{p.major}.{p.minor}', sms=p.multi_processor_count,
                   cudnn=torch.backends.cudnn.version(), bf16=torch.cuda.is_bf16_supported())
    return out

def small_data(a, dev): return get_data('fashion_mnist', path=a.data, val_size=1000, limit=3000, device=dev)

def sec_run(a, dev, work):
    "08's `#| gpu` cell, and the exported ticket on the CPU."
    small = small_data(a, dev)
    cfg = IMPConfig(method='incop-gf', model='lenet5', limit=3000, val_size=1000, dense_checks=2, check_every=1, cap=2, iterations=2,
                    batch_size=128, lr=0.05, momentum=0.9, probe_if=512, probe_gf=256, device=str(dev), amp=dev.type == 'cuda', progress=False)
    t = time.time(); r = run_imp(cfg, data=small, out=work/'run'); wall = time.time() - t
    env = json.loads((r.run_dir/'env.json').read_text()); env = env[-1] if isinstance(env, list) else env
    m, sp = load_ticket(r.run_dir, 2)
    acc_dev = evaluate(m.to(dev), (small.x_test, small.y_test))['acc']   # in full precision
    f = export_ticket(r.run_dir, 2, work/'lenet5-sparse.pt')
    plain = get_model('lenet5', 1, 10); plain.load_state_dict(torch.load(f, weights_only=True))
    acc_cpu = evaluate(plain, (small.x_test.cpu(), small.y_test.cpu()))['acc']
    row = r.rows[-1]
    checks = dict(env_device=torch.device(env['device']).type == dev.type, learned=row['test_acc'] > 0.3,   # 3 × chance: it trained
                                                                        # (0.53 on a CPU: 2,000 images, 4 epochs; bf16 may sit lower)
                  ticket_acc_is_rows=abs(acc_dev - row['test_acc']) <= 1e-3, exported_on_cpu_same_acc=abs(acc_cpu - acc_dev) <= 2e-3)
    return dict(wall_s=round(wall, 2), table=r.table(), test_acc=row['test_acc'], ticket_acc=acc_dev, exported_cpu_acc=acc_cpu,
                remaining=row['remaining_prunable'], env_device=env['device'], checks=checks, ok=all(checks.values()))

def _tensors(o):
    "Every tensor in a loaded file's object, at any depth."
    if torch.is_tensor(o): yield o
    elif isinstance(o, dict): yield from (t for v in o.values() for t in _tensors(v))
    elif isinstance(o, (list, tuple)): yield from (t for v in o for t in _tensors(v))

_LOAD_ALL = """import sys, torch
bad = []
for f in sys.argv[1:]:
    try: torch.load(f, weights_only=True)
    except Exception as e: bad.append(f'{f}: {type(e).__name__}: {str(e)[:120]}')
print('\\n'.join(bad) or 'all loaded')
"""

def sec_io(a, dev, work):
    """This stop's device-facing changes. (1) Every file a GPU run writes holds CPU tensors, and loads with plain
    torch.load(weights_only=True) in a process that sees no GPU (CUDA_VISIBLE_DEVICES=''). (2) A CPU model fed batches
    that live on the GPU (evaluate, train_epoch at lr 0) gives what CPU batches give: a copy to the CPU waits for its data.
    (3) An attention's out_proj in the IF chain, on the GPU as on the CPU. (4) rng_kept puts the GPU's random stream back.
    (5) Lemma 2's bound of CUDA tensors equals the CPU's."""
    import subprocess, torch.nn as nn
    from incop.connectivity import rng_kept, flow_stats
    from incop.theory import connectivity_difference_bound
    out = {}
    small = small_data(a, dev)
    cfg = IMPConfig(method='incop-if', model='lenet300', limit=3000, val_size=1000, dense_checks=1, check_every=1, cap=1, iterations=1,
                    probe_if=512, probe_gf=256, device=str(dev), progress=False)
    r = run_imp(cfg, data=small, out=work/'io')
    files = sorted(str(f) for f in (work/'io').rglob('*.pt'))
    on_dev = [f for f in files if any(t.device.type != 'cpu' for t in _tensors(torch.load(f, weights_only=True, map_location=None)))]
    p = subprocess.run([sys.executable, '-c', _LOAD_ALL, *files], capture_output=True, text=True, env={**os.environ, 'CUDA_VISIBLE_DEVICES': ''}, timeout=300)
    out['files'] = dict(n=len(files), with_device_tensors=on_dev, load_without_gpu=p.stdout.strip()[-500:] or p.stderr[-500:])
    cpu_net = get_model('lenet300', 1, 10, 28); torch.manual_seed(0)
    xs, ys = small.x_test.to(dev), small.y_test.to(dev)
    batches_dev = [(xs[i:i + 1024], ys[i:i + 1024]) for i in range(0, len(xs), 1024)]
    batches_cpu = [(x.cpu(), y.cpu()) for x, y in batches_dev]
    e_dev, e_cpu = evaluate(cpu_net, batches_dev), evaluate(cpu_net, batches_cpu)
    sgd0 = lambda: torch.optim.SGD(cpu_net.parameters(), lr=0.0)
    t_dev, t_cpu = train_epoch(cpu_net, batches_dev, sgd0()), train_epoch(cpu_net, batches_cpu, sgd0())
    out['cpu_model_gpu_batches'] = dict(evaluate_equal=e_dev == e_cpu, train_epoch_equal=t_dev == t_cpu, acc=e_cpu['acc'])
    class AttnNet(nn.Module):
        def __init__(s): super().__init__(); s.inp, s.mha, s.head = nn.Linear(12, 8), nn.MultiheadAttention(8, 2, batch_first=True), nn.Linear(8, 3)
        def forward(s, x): z = s.inp(x); return s.head(s.mha(z, z, z)[0].mean(1))
    torch.manual_seed(0); an = AttnNet(); xa = torch.randn(64, 3, 12)
    st_cpu = flow_stats(an, [xa]); c_cpu = st_cpu.correlations()
    st_dev = flow_stats(an.to(dev), [xa.to(dev)]); c_dev = st_dev.correlations()
    out['attention'] = dict(names=st_dev.names, max_abs_diff=max((u.cpu() - v.cpu()).abs().max().item() for u, v in zip(c_dev, c_cpu)))
    if dev.type == 'cuda':
        before = torch.cuda.get_rng_state(dev)
        with rng_kept(dev): torch.randn(1000, device=dev)
        out['rng_kept_cuda'] = torch.equal(torch.cuda.get_rng_state(dev), before)
    g = torch.Generator().manual_seed(0); f = torch.randn(400, 6, generator=g, dtype=torch.float64)
    wa, wb = torch.randn(6, generator=g, dtype=torch.float64), torch.randn(6, generator=g, dtype=torch.float64)
    b_cpu = connectivity_difference_bound(f, wa, wb, torch.tanh, 1.0, 0.3, -0.2)
    b_dev = connectivity_difference_bound(f.to(dev), wa.to(dev), wb.to(dev), torch.tanh, 1.0, 0.3, -0.2)
    out['lemma2_bound'] = dict(rhs_equal=abs(b_cpu['rhs'] - b_dev['rhs']) <= 1e-9 * abs(b_cpu['rhs']),
                               lhs_max_diff=(b_cpu['lhs'] - b_dev['lhs'].cpu()).abs().max().item())
    out['ok'] = (not on_dev and out['files']['load_without_gpu'] == 'all loaded' and out['cpu_model_gpu_batches']['evaluate_equal']
                 and out['cpu_model_gpu_batches']['train_epoch_equal'] and 'mha.out_proj' in out['attention']['names']
                 and out['attention']['max_abs_diff'] < 1e-3 and out.get('rng_kept_cuda', True) and out['lemma2_bound']['rhs_equal'])
    return out

def sec_flows(a, dev, work):
    data = small_data(a, 'cpu')
    torch.manual_seed(0); net = get_model('lenet5' if a.small else 'resnet18', 1, 10, 28)   # (--small: the script, not ResNet18)
    probe = probe_batches(data, 512, 256)
    out = {}
    for name, fn in (('if', lambda m, p: information_flow(m, p, reduce='abs')), ('gf', lambda m, p: gradient_flow(m, p, normalise=None))):
        v_cpu = fn(net.cpu(), probe)
        g = net.to(dev); p_dev = [(x.to(dev), y.to(dev)) for x, y in probe]
        sync(dev); t = time.time(); v_dev = fn(g, p_dev); sync(dev); dt = time.time() - t
        rel = ((v_dev - v_cpu).norm() / v_cpu.norm()).item()
        out[name] = dict(n=len(v_cpu), rel_diff=rel, max_abs_diff=(v_dev - v_cpu).abs().max().item(), s_on_device=round(dt, 4))
        net = net.cpu()
    out['ok'] = all(out[k]['rel_diff'] < 1e-2 for k in ('if', 'gf'))   # cuDNN convolutions run in TF32 by default
    return out

def sec_syncs(a, dev, work):
    """Host-device synchronisations in one training epoch of a pruned LeNet-5 (its masks on, as a retraining epoch runs),
    counted by torch.cuda.set_sync_debug_mode('warn'): a few per epoch are expected (its statistics, read at the end), one
    or more per batch would slow GPU training. Nothing to count on a CPU (a dry run says so)."""
    if dev.type != 'cuda': return dict(note='no CUDA device: nothing to count (a dry run of the script)')
    import warnings
    data = small_data(a, dev); torch.manual_seed(0); net = get_model('lenet5', 1, 10, 28).to(dev)
    apply_masks(net, LTHPruner(0.5)(net)[0])
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9); b = Batches(data.x_train, data.y_train, 128, seed=0)
    train_epoch(net, b, opt)   # (cuDNN's choices and the allocator: outside the count)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always'); torch.cuda.set_sync_debug_mode('warn')
        try: train_epoch(net, b, opt)
        finally: torch.cuda.set_sync_debug_mode(0)
    syncs = [f'{Path(x.filename).name}:{x.lineno}' for x in w if 'synchroniz' in str(x.message).lower()]   # (the Python line that called the op)
    return dict(batches=len(b), syncs=len(syncs), where=dict(collections.Counter(syncs).most_common(8)), ok=len(syncs) < len(b))

def sec_resume(a, dev, work):
    small = small_data(a, dev)
    base = IMPConfig(method='sap', dense_checks=2, check_every=1, cap=2, iterations=2, batch_size=128, lr=0.05, momentum=0.9,
                     probe_if=512, probe_gf=256, progress=False, device=str(dev), deterministic=True)
    try: return _resume(base, small, work)
    finally: imp.set_deterministic(False)   # the later sections time the default algorithms

def _resume(base, small, work):
    ref = run_imp(base, data=small, out=work/'ref')
    again = run_imp(base, data=small, out=work/'again')          # another folder: trained again from scratch
    real, crashes = imp.train_epoch, 0
    for n in [12, 30, 2, 48, 25, 19, 36]:                          # batches until the crash (16 an epoch)
        imp.train_epoch = crashing_after(n, real)
        try: run_imp(base, data=small, out=work/'crashed')
        except Crash: crashes += 1
        finally: imp.train_epoch = real
    resumed = run_imp(base, data=small, out=work/'crashed')
    d_again, d_resumed = same_run(ref, again), same_run(ref, resumed)
    return dict(crashes=crashes, deterministic_repeat=d_again or 'equal', resumed_vs_uninterrupted=d_resumed or 'equal',
                final=dict(ref=ref.rows[-1]['test_acc'], resumed=resumed.rows[-1]['test_acc']), ok=crashes >= 5 and not d_again and not d_resumed)

def sec_prune(a, dev, work):
    """Two prune steps on the device give the CPU's masks, for SAP in global scope and LTH per layer (CUDA selects with
    kthvalue, the CPU with NumPy's introselect) and SAP per neuron (a stable sort of each row on either); weights rounded
    to 1/200 make many equal magnitudes, so the tie rule (flat index, forward order) decides too. A mismatch records both
    prune counts (float64 sums that differ would move a count) and how many mask entries differ. With --device cpu both
    sides take the CPU's path: the dry run checks the script, not the GPU."""
    out = {}
    pruners = dict(sap_global=lambda: SAPPruner(1.0, 2.0), sap_neuron=lambda: SAPPruner(scope='neuron'), lth_layer=lambda: LTHPruner(0.2))
    for name in (['conv4', 'vgg16'] if not a.small else ['lenet5']):
        torch.manual_seed(0); net = get_model(name, 1, 10, 28)
        with torch.no_grad():
            for prm in net.parameters(): prm.copy_((prm * 200).round() / 200)
        for label, make in pruners.items():
            models = {'cpu': clone_model(net), 'dev': clone_model(net).to(dev)}
            same, secs, why = True, 0.0, []
            for step in range(2):
                ms, counts = {}, {}
                for where, m in models.items():
                    sync(dev); t = time.time(); ms[where], rep = make()(m); sync(dev)
                    if where == 'dev': secs += time.time() - t
                    counts[where] = int(rep.prune_count); apply_masks(m, ms[where])
                n_diff = sum(int((ms['cpu'][k] != ms['dev'][k].cpu()).sum()) for k in ms['cpu'])
                if n_diff: same = False; why.append(dict(step=step + 1, prune_counts=counts, entries_differ=n_diff))
            out[f'{name} {label}'] = dict(same=same, s_on_device_2_steps=round(secs, 4), **(dict(mismatch=why) if why else {}))
    out['ok'] = all(v['same'] for v in out.values())
    out['compared'] = 'the device with the CPU' if dev.type != 'cpu' else 'the CPU with itself (a dry run of the script)'
    return out

def sec_speed(a, dev, work):
    models = ['lenet300', 'lenet5', 'conv4', 'vgg16', 'resnet18'] if not a.small else ['lenet300', 'lenet5']
    data = get_data('fashion_mnist', path=a.data, val_size=1000 if a.small else 5000, limit=3000 if a.small else None, device=dev)
    out = {}
    for name in models:
        for amp in ([False, True] if dev.type == 'cuda' else [False]):
            torch.manual_seed(0); net = get_model(name, 1, 10, 28).to(dev)
            opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
            b = Batches(data.x_train, data.y_train, 128, seed=0)
            warm = Batches(data.x_train[:1024], data.y_train[:1024], 128, seed=1)
            train_epoch(net, warm, opt, amp=amp)                  # cuDNN's algorithm choice and the allocator, outside the timing
            sync(dev); t = time.time(); st = train_epoch(net, b, opt, amp=amp); sync(dev); dt = time.time() - t
            out[f"{name}{' bf16' if amp else ''}"] = dict(epoch_s=round(dt, 3), samples=st['n'], train_acc=round(st['acc'], 4))
            print(f'  {name} {"bf16" if amp else "fp32"}: {dt:.2f} s an epoch of {st["n"]} samples', flush=True)
    return out

def sec_paper(a, dev, work):
    cfg = preset('paper', method='incop-gf', monitor=('if',), dense_checks=1, cap=2, iterations=1, device=str(dev), progress=False, data_path=a.data,
                 **(dict(model='lenet5', limit=3000, val_size=1000, probe_if=512, probe_gf=256) if a.small else {}))   # --small: the script, not ResNet18
    t = time.time(); r = run_imp(cfg, out=work/'paper'); wall = time.time() - t
    row = r.rows[1]
    ep = row['t_train'] / max(row['epochs'], 1e-9)
    # one GF check, timed alone on the pruned network (iteration 1's t_gf also holds the reference GF taken at the dense
    # network and the calibration of δ: the run's set-up, which the per-check figure must not carry)
    data = get_data(cfg.dataset, path=a.data, val_size=cfg.val_size, limit=cfg.limit, device=dev)
    m, _ = load_ticket(r.run_dir, 1); m = m.to(dev)
    pb = probe_batches(data, n=cfg.probe_gf, batch_size=128, seed=cfg.seed)
    gradient_flow(m, pb); sync(dev)                          # warm-up (allocator, kernels), outside the timing
    t = time.time()
    for _ in range(3): gradient_flow(m, pb)                  # returns a CPU tensor: each call ends synchronised
    sync(dev); gf_check = (time.time() - t) / 3
    full_sap = (10 * 2 + 14 * 20 * 2) * ep                       # 10 dense checks of 2 epochs, 14 steps at the cap of 20 checks of 2
    return dict(wall_s=round(wall, 1), table=r.table(), train_s_per_epoch=round(ep, 3), gf_s_per_check=round(gf_check, 4),
                gf_s_iteration1_with_setup=round(row['t_gf'], 4),
                gf_check_over_epoch=round(gf_check / ep, 4), row_phases={k: round(v, 3) for k, v in row.items() if k.startswith('t_')},
                sap_full_schedule_hours=round(full_sap / 3600, 2), stop=row['stop_reason'], epochs=row['epochs'])

SECTIONS = dict(env=(sec_env, 5), run=(sec_run, 40), flows=(sec_flows, 20), prune=(sec_prune, 20), io=(sec_io, 30), syncs=(sec_syncs, 15), resume=(sec_resume, 60), speed=(sec_speed, 150), paper=(sec_paper, 120))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--device', default='cuda', help='cuda (default), cuda:N, or cpu for a dry run of the script')
    ap.add_argument('--small', action='store_true', help='3,000 images and the small models only (a dry run on a CPU)')
    ap.add_argument('--only', default=','.join(SECTIONS), help=f'comma-separated sections (default: all: {",".join(SECTIONS)})')
    ap.add_argument('--budget', type=float, default=480, help='seconds; a section whose usual time would not fit in what is left is skipped (default 480)')
    ap.add_argument('--data', default=None, help="Fashion-MNIST's folder (default: found as incop finds it)")
    ap.add_argument('--work', default=None, help='where run folders go: a new or empty folder (default: a new temporary folder)')
    ap.add_argument('--json', default=None, help='write the figures there too (an existing file is kept: give a new name)')
    a = ap.parse_args(argv)
    names = [s.strip() for s in a.only.split(',') if s.strip()]
    if not names: ap.error(f'--only {a.only!r} names no section; available: {list(SECTIONS)}')
    if not a.budget > 0: ap.error(f'--budget must be > 0 seconds, got {a.budget}')
    if bad := [s for s in names if s not in SECTIONS]: ap.error(f'unknown section(s) {bad}; available: {list(SECTIONS)}')
    if a.json and Path(a.json).exists(): ap.error(f'--json {a.json} exists; give a new name (figures are not overwritten)')
    dev = torch.device(a.device)
    if dev.type == 'cuda' and not torch.cuda.is_available(): ap.error('--device cuda, but torch sees no CUDA device (use --device cpu for a dry run)')
    if dev.type == 'cpu': torch.set_num_threads(min(2, os.cpu_count() or 1))
    if a.work and Path(a.work).exists() and (not Path(a.work).is_dir() or any(Path(a.work).iterdir())):
        ap.error(f'--work {a.work} is not a new or empty folder: the checks train their runs anew (a finished run would only be loaded)')
    if a.data and not Path(a.data).is_dir(): ap.error(f'--data {a.data}: no such folder')
    work = Path(a.work or tempfile.mkdtemp(prefix='incop-gpu-check-')); work.mkdir(parents=True, exist_ok=True)
    t0, res = time.time(), {}
    for name in names:
        fn, usual = SECTIONS[name]
        left = a.budget - (time.time() - t0)
        if left < usual * (0.3 if a.small else 1):
            res[name] = dict(skipped=f'{left:.0f} s left of --budget {a.budget:.0f}, it usually takes {usual} s'); print(f'== {name}: skipped', flush=True); continue
        print(f'== {name}', flush=True); t = time.time()
        try: res[name] = fn(a, dev, work)
        except Exception as e: res[name] = dict(error=f'{type(e).__name__}: {e}', traceback=traceback.format_exc()[-3000:])
        res[name]['section_s'] = round(time.time() - t, 1)
        shown = {k: v for k, v in res[name].items() if k not in ('table', 'traceback')}
        print(json.dumps(shown, indent=1, default=str), flush=True)
        if 'table' in res[name]: print(res[name]['table'], flush=True)
        if 'traceback' in res[name]: print(res[name]['traceback'], flush=True)
        if a.json: write_json(a.json, res)   # after every section: a run cut short by a time limit keeps what it measured
    res['total_s'] = round(time.time() - t0, 1)
    verdict = {k: v.get('ok') for k, v in res.items() if isinstance(v, dict) and 'ok' in v}
    failed = [k for k, v in res.items() if isinstance(v, dict) and ('error' in v or v.get('ok') is False)]
    ran = [k for k in names if 'skipped' not in res[k]]
    print(f"\nchecks: {verdict}; failed or broken: {failed or 'none'}; ran {ran or 'nothing (every section skipped)'}; "
          f"total {res['total_s']} s; run folders in {work}")
    if a.json: write_json(a.json, res)
    return 1 if failed or not ran else 0

if __name__ == '__main__': sys.exit(main())
