"""What incop's engine costs on top of the training itself: one prune step's retraining run by incop and by a plain
PyTorch loop written as a user would, side by side in one process, from the same dense network, masks and batches.

    python bench/engine_bench.py                          # quick preset (LeNet-300-100, Fashion-MNIST), 1 thread, 3 epochs
    python bench/engine_bench.py --epochs 5 --repeats 3 --json runs/engine_bench.json
    python bench/engine_bench.py --model lenet5 --epochs 1 --repeats 2 --parts 1   # a conv net (about 5 minutes)

For each checks_per_epoch c in --parts (1: a check per epoch; 4: quarter-epoch checks, as InCoP's tuned rule):
- incop: `run_imp` of SAP with 1 prune step retrained for --epochs epochs (cap = epochs x c checks), its dense network
  trained beforehand (not timed); timed end to end around `IMPLoop(...).run()`, i.e. everything a user waits for:
  prune, retraining, a validation pass and a rolling checkpoint at every check, the CSV/JSON tables, the masks and
  the ticket file, the lock, the environment record;
- plain: the same model from the same dense state, the same masks installed with torch.nn.utils.prune (incop's
  format), the same optimizer and the same batches (incop's Batches, same seed), a validation pass after every
  check and a test pass at the end, nothing written;
- plain, held: the same loop as incop's train_epoch runs it since the masks are held (`incop.models.held_masks`): prune's
  hooks set aside, the forward reading weight_orig itself, the gradients masked before each step and the pruned entries
  zeroed after it (the same numbers as `plain`, checked);
- plain, hard zeros: the same loop without prune's hooks: the weights are multiplied by their masks after every
  optimizer step (another common way to keep a network sparse);
- plain, dense: the same loop without masks (what the masking costs).

Printed: seconds per run (median over --repeats), the ratios to `plain`, and whether incop's retrained network equals
the plain loop's (final test accuracy and the weights, which should be the same digits: one recipe, one order).
"""
import argparse, copy, json, shutil, statistics, sys, tempfile, time
from pathlib import Path
import torch, torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one
from incop.cli import preset, _at_least
from incop.imp import IMPLoop
from incop.data import Batches
from incop.models import evaluate, held_masks
from incop.prune import apply_masks, load_masks, get_masks

def plain_retrain(model, masks, train, val_xy, test_xy, cfg, epochs:int, parts:int, how:str):
    "A user's loop: SGD with the config's recipe, `epochs` epochs in `parts` checks each, validation at every check."
    if how in ('hooks', 'held'): apply_masks(model, masks)
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    tb = Batches(*train, cfg.batch_size, shuffle=True, seed=cfg.seed)
    mods = dict(model.named_modules())
    hard = [(mods[n].weight, mk.to(mods[n].weight.dtype)) for n, mk in masks.items()] if how == 'hard' else []
    if hard:
        with torch.no_grad():
            for w, m in hard: w.mul_(m)
    for e in range(epochs):
        for i in range(parts):
            model.train()
            with held_masks(model if how == 'held' else torch.nn.Sequential()) as held:
                for x, y in tb.part(cfg.dense_checks + e, i, parts):   # incop counts epochs on from the dense phase's
                    loss = F.cross_entropy(model(x), y)
                    opt.zero_grad(set_to_none=True); loss.backward(); held.grads(); opt.step(); held.weights()
                    if hard:
                        with torch.no_grad():
                            for w, m in hard: w.mul_(m)
            val = evaluate(model, val_xy)
    return evaluate(model, test_xy), val

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('--epochs', type=_at_least(1), default=3, help='retraining epochs of the prune step (default 3)')
    ap.add_argument('--parts', default='1,4', help='checks_per_epoch values to measure, comma-separated (default 1,4)')
    ap.add_argument('--repeats', type=_at_least(1), default=3, help='timed repeats of each, the median is reported (default 3)')
    ap.add_argument('--threads', type=_at_least(1), default=1, help='torch CPU threads (default 1)')
    ap.add_argument('--seed', type=_at_least(0), default=0)
    ap.add_argument('--model', default='lenet300', help="the quick preset's network, or another by name (default lenet300; lenet5 is a conv net)")
    ap.add_argument('--work', default=None, help='folder for the run folders (default: a temporary one)')
    ap.add_argument('--json', default=None, help='also write the figures to this file (an existing one is not replaced without --overwrite)')
    ap.add_argument('--overwrite', action='store_true', help='replace an existing --json file')
    a = ap.parse_args(argv)
    if a.json and Path(a.json).exists() and not a.overwrite: ap.error(f"--json {a.json} exists: give another file, or --overwrite")
    try: parts = [int(p) for p in a.parts.split(',') if p]
    except ValueError: ap.error(f"--parts {a.parts!r}: comma-separated whole numbers >= 1, e.g. 1,4")
    if not parts or min(parts) < 1: ap.error(f"--parts {a.parts!r}: comma-separated whole numbers >= 1, e.g. 1,4")
    from incop.models import MODELS
    if ':' not in a.model and a.model.lower() not in MODELS: ap.error(f"unknown --model {a.model!r}; available: {sorted(MODELS)}, or package.module:factory")
    torch.set_num_threads(a.threads)
    work = Path(a.work or tempfile.mkdtemp(prefix='engine_bench_'))
    try: return _bench(a, ap, parts, work)
    finally:
        if not a.work: shutil.rmtree(work, ignore_errors=True)   # its own temporary folder (the dense network in it too)

def _bench(a, ap, parts, work):
    out = dict(model=a.model, epochs=a.epochs, repeats=a.repeats, threads=a.threads, torch=torch.__version__, parts={})
    for c in parts:
        base = preset('quick', method='sap', model=a.model, seed=a.seed, iterations=1, target_remaining=None, checks_per_epoch=c,
                      cap=a.epochs * c, threads=a.threads, progress=False, device='cpu')
        t_incop, t_plain, t_held, t_hard, t_dense, same = [], [], [], [], [], []
        for r in range(a.repeats):
            loop = IMPLoop(base, out=work)
            if loop.run_dir.exists(): ap.error(f"{loop.run_dir} exists: give --work a folder of its own (the benchmark deletes the run folders it makes)")
            loop.dense_phase()   # trained at the first repeat (untimed), then loaded; the run below loads it again, as a relaunch does
            dense_model = copy.deepcopy(loop.model)   # the dense optimum: every plain loop starts here
            train, val_xy, test_xy = (loop.train_data.x, loop.train_data.y), loop.val_data, loop.test_data   # incop's tensors
            t0 = time.perf_counter(); res = loop.run(); t_incop.append(time.perf_counter() - t0)
            masks = load_masks(loop.run_dir/'masks'/'iter_01.pt')
            for how, ts in (('hooks', t_plain), ('held', t_held), ('hard', t_hard), ('dense', t_dense)):
                m = copy.deepcopy(dense_model)
                t0 = time.perf_counter(); test, val = plain_retrain(m, masks if how != 'dense' else {}, train, val_xy, test_xy, base, a.epochs, c, how); ts.append(time.perf_counter() - t0)
                if how == 'hooks':
                    mine = {k: v for k, v in m.state_dict().items()}; theirs = loop.model.state_dict()
                    same.append(dict(test_acc_incop=res.final['test_acc'], test_acc_plain=test['acc'],
                                     weights_equal=mine.keys() == theirs.keys() and all(torch.equal(mine[k], theirs[k]) for k in mine)))
                if how == 'held':   # the same numbers as the hooks' loop, weight for weight
                    held_sd = m.state_dict(); same[-1]['held_equal'] = held_sd.keys() == mine.keys() and all(torch.equal(held_sd[k], mine[k]) for k in mine)
            shutil.rmtree(loop.run_dir)   # made by this repeat (checked above): the next one runs anew
        med = {k: statistics.median(v) for k, v in dict(incop=t_incop, plain=t_plain, plain_held=t_held, plain_hard=t_hard, plain_dense=t_dense).items()}
        out['parts'][c] = dict(seconds=med, runs=dict(incop=t_incop, plain=t_plain, plain_held=t_held, plain_hard=t_hard, plain_dense=t_dense),
                               ratio_to_plain={k: v / med['plain'] for k, v in med.items()}, same=same,
                               incop_phases={k[2:]: v for k, v in res.final.items() if k.startswith('t_')}, incop_wall_s=res.final['wall_s'])
        f = out['parts'][c]
        print(f"checks_per_epoch={c}: {a.epochs} epochs of retraining, {a.repeats} repeats (median s)")
        for k, v in med.items(): print(f"  {k:<12} {v:7.2f} s   {v / med['plain']:.3f} x plain")
        print("  incop's phases (last repeat): " + ', '.join(f"{k} {v:.2f}" for k, v in f['incop_phases'].items() if v) + f"; its wall_s {f['incop_wall_s']:.2f}")
        print("  same network as the plain loop: " + ', '.join(f"test acc {s['test_acc_incop']:.4f} vs {s['test_acc_plain']:.4f}, weights "
                                                          f"{'equal' if s['weights_equal'] else 'DIFFER'}" for s in same[:1])
              + f"; the held loop's weights {'equal' if all(s['held_equal'] for s in same) else 'DIFFER from'} the hooks' loop's")
    if a.json: Path(a.json).write_text(json.dumps(out, indent=1) + '\n'); print('written', a.json)
    return out

if __name__ == '__main__': main()
