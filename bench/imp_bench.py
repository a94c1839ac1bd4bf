"""InCoP against SAP on the `quick` preset: the performance targets set for incop, measured side by side.

Runs (or resumes: run folders are reused) SAP at the cap, SAP with fixed budgets of k checks per iteration,
InCoP-IF and InCoP-GF from the same dense network per seed, then prints per-seed figures and the paired
comparisons (mean over seeds ± standard error):

- hardness: SAP at the cap minus SAP with FixedEpochs(1), final test accuracy (target >= 1 point);
- per InCoP method: total retraining epochs / SAP's (target <= 0.35), wall time of the pruning
  iterations / SAP's (flow checks included, shared dense phase apart; target <= 0.40), final test
  accuracy minus SAP's (target >= -0.5 points), remaining weights relative to SAP's (within 10 %),
  and FixedEpochs(k) runs with at most InCoP's epochs that end more accurate (target: none).

    python bench/imp_bench.py --out runs/bench --seeds 3 --jobs 2
    python bench/imp_bench.py --out runs/bench-abs --set if_reduce=mean --set rewind=init
    python bench/imp_bench.py --results experiments/quick3.json --fixed 1,2,3 \\
        --names incop-if=incop-if[abs],incop-gf=incop-gf[active]     # the committed study, analysed
    python bench/imp_bench.py --results experiments/fresh.json --fixed 1,2,4,6,8 \\
        --names "incop-if=incop-gf[active] k=2.5,incop-gf=incop-gf[active] k=3"   # quarter-epoch checks, fresh seeds
    python bench/imp_bench.py --set checks_per_epoch=4 --set cap=20 --fixed 1,2,4,6,8 --seed0 6   # run it on new seeds
    python bench/imp_bench.py --out runs/bench-if8 --seed0 3 --fixed 1,2,4,6,8 --set checks_per_epoch=4 \\
        --set cap=20 --set if_reduce=abs --set calib_k=8 --set calib_draws=4   # combo's IF lead on fresh seeds, side by side
    python bench/imp_bench.py --out runs/bench-if10d16 --seed0 6 --fixed 1,2,4,6,8 --set checks_per_epoch=4 --set cap=20 \\
        --set if_reduce=abs --set calib_k=10 --set calib_draws=16 --json experiments/bench_if10d16.json   # calib16's rule, seeds 6-8
    # ... and again after InCoP's set-up was timed (runs/bench-if10d16-t, experiments/bench_if10d16_t.json, the fixed budgets'
    # run folders copied from runs/bench-if10d16: same results digit for digit, wall ratio 0.419 instead of 0.400)

Not part of CI (about 5 minutes per seed on a 2-core CPU with two jobs).
"""
import argparse, json, math, sys, time
from pathlib import Path
import numpy as np

from incop.cli import preset, PRESETS
from incop.imp import IMPConfig, compare, summary_table
from incop.experiments import paired, ratio, dominated_by, comparison_table, read_runs

def parse_set(items):
    "`key=value` overrides, converted with the CLI's own parsers."
    import dataclasses
    from incop.cli import _parser_for
    fields = {f.name: f for f in dataclasses.fields(IMPConfig)}
    out = {}
    for it in items:
        if '=' not in it: raise SystemExit(f"--set expects key=value, got {it!r}")
        k, v = it.split('=', 1)
        if k not in fields: raise SystemExit(f"--set: unknown config field {k!r}; fields: {sorted(fields)}")
        try: out[k] = _parser_for(fields[k])(v)
        except Exception as e: raise SystemExit(f"--set {it}: {e}") from None
    return out

def fmt(d, scale=1.0, p=3, sign='+'):
    "mean ± standard error (no ± for one seed, whose error is NaN)."
    se = d['se'] * scale
    return f"{d['mean']*scale:{sign}.{p}f} ± {se:.{p}f}" if not math.isnan(se) else f"{d['mean']*scale:{sign}.{p}f}"

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--preset', default='quick', choices=sorted(PRESETS))
    ap.add_argument('--out', default='runs/bench')
    ap.add_argument('--seeds', type=int, default=3)
    ap.add_argument('--seed0', type=int, default=0, help='first seed (fresh seeds check a setting tuned on others)')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--fixed', default='1,2', help='fixed budgets k (checks per iteration) to run for SAP')
    ap.add_argument('--set', action='append', default=[], metavar='KEY=VALUE', help='config override (repeatable)')
    ap.add_argument('--json', default=None, help='also write the figures to this JSON file (an existing one is kept: see --overwrite)')
    ap.add_argument('--overwrite', action='store_true', help='let --json replace an existing file')
    ap.add_argument('--results', default=None, help='analyse the runs of a study file (experiments/*.json) instead of running')
    ap.add_argument('--names', default='', help="with --results: role=name pairs, e.g. 'incop-if=incop-if[abs],incop-gf=incop-gf[active]'")
    a = ap.parse_args(argv)
    ks = [int(k) for k in a.fixed.split(',') if k]
    if a.json and Path(a.json).exists() and not a.overwrite:   # checked before hours of runs, not after
        raise SystemExit(f"--json {a.json} exists and is kept; choose another file, or add --overwrite to replace it")
    t0 = time.time()
    if a.results:
        try: got = read_runs(a.results)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise SystemExit(f"--results {a.results}: {e}" if str(a.results) not in str(e) else f"--results: {e}") from None
        if ignored := [o for o, v in (('--set', a.set), ('--seeds', a.seeds != 3), ('--seed0', a.seed0), ('--preset', a.preset != 'quick')) if v]:
            print(f"note: {', '.join(ignored)} only apply to new runs, not to --results", file=sys.stderr)
        roles = {r: r for r in ['sap', 'incop-if', 'incop-gf'] + [f'sap-fixed{k}' for k in ks]}
        named = dict(kv.split('=', 1) for kv in a.names.split(',') if kv)
        if bad := sorted(set(named) - set(roles)): raise SystemExit(f"--names: unknown role(s) {bad}; roles: {sorted(roles)}")
        roles.update(named)
        flows = [m for m in ('incop-if', 'incop-gf') if roles[m] in got or m in named]   # a study of one flow: that one only
        roles = {r: n for r, n in roles.items() if r not in ('incop-if', 'incop-gf') or r in flows}
        missing = [n for n in roles.values() if n not in got]
        if missing or not flows: raise SystemExit(f"{a.results} has no run named {missing or ['incop-if', 'incop-gf']}; it has {sorted(got)}")
        res = {role: got[name] for role, name in roles.items()}
        print(f"runs from {a.results}: " + ', '.join(f'{r} = {n}' for r, n in roles.items()) + '\n')
    else:
        try: cfg = preset(a.preset, **{'progress': False, **parse_set(a.set)}).validate()
        except ValueError as e: raise SystemExit(f"--set: {e}") from None
        variants = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in ks}
        res = compare(cfg, methods=('sap', 'incop-if', 'incop-gf'), seeds=tuple(range(a.seed0, a.seed0 + a.seeds)), out=a.out, jobs=a.jobs, variants=variants)
        print(f"preset {a.preset} with {parse_set(a.set) or 'no overrides'}; {a.seeds} seeds; {time.time()-t0:.0f} s (resumed runs count 0)\n")
    try: analyse(a, res, ks)
    except (ValueError, KeyError) as e: raise SystemExit(f"imp_bench: {e}") from None   # (runs that cannot be paired, a name missing)

def analyse(a, res, ks):
    "Print the tables and the targets of `res` (roles: sap, sap-fixedK, incop-if and/or incop-gf); write --json."
    print(comparison_table(res, ref='sap'), '\n')
    print(f"{'run':<14} {'seed':>4} {'test_acc':>8} {'remaining':>9} {'epochs':>6} {'iters':>5} {'wall_s':>7}")
    for name, rs in res.items():
        for r in rs:
            s = r.summary()
            print(f"{name:<14} {s['seed']:>4} {s['final_test_acc']:>8.4f} {s['remaining_prunable']:>9.4f} {s['total_epochs']:>6} {s['iterations']:>5} {s['wall_s']:>7.1f}")
    fig = {}
    print()
    if 'sap-fixed1' in res:
        h = paired(res, 'sap', 'sap-fixed1'); fig['hardness'] = h
        print(f"hardness: SAP(cap) - SAP(fixed 1) test acc = {fmt(h, 100, 2)} points  "
              f"[target >= +1 point: {'met' if h['mean'] >= 0.01 else 'NOT met'}]")
    for m in [m for m in ('incop-if', 'incop-gf') if m in res]:
        e, w = ratio(res, m, 'sap', 'total_epochs'), ratio(res, m, 'sap', 'wall_s')
        acc, rem = paired(res, m, 'sap', 'final_test_acc'), ratio(res, m, 'sap', 'remaining_prunable')
        dom = dominated_by(res, m, [f'sap-fixed{k}' for k in ks])
        fig[m] = dict(epochs_ratio=e, wall_ratio=w, acc_diff=acc, remaining_ratio=rem, dominated_by=dom)
        ok = lambda c: 'met' if c else 'NOT met'
        print(f"{m}:")
        r3 = lambda x: fmt(x, sign='')
        print(f"  ({e['n']} seed(s) paired with SAP)")
        print(f"  epochs / SAP's     {r3(e)}   [target <= 0.35: {ok(e['mean'] <= 0.35)}]")
        print(f"  wall / SAP's       {r3(w)}   [target <= 0.40: {ok(w['mean'] <= 0.40)}]")
        print(f"  test acc - SAP's   {fmt(acc, 100, 2)} points   [target >= -0.5: {ok(acc['mean'] >= -0.005)}]")
        print(f"  remaining / SAP's  {r3(rem)}   [target within 10 %: {ok(abs(rem['mean'] - 1) <= 0.10)}]")
        print(f"  fixed budgets with <= its epochs and higher accuracy: "
              + (', '.join(f'{n} seed {s} ({es} <= {ei} epochs, {d*100:+.2f} pt)' for n, s, es, ei, d in dom) or 'none')
              + f"   [target none: {ok(not dom)}]")
    if a.json:
        from incop.core import atomic_write_text
        atomic_write_text(Path(a.json), json.dumps(fig, indent=1, default=float) + '\n')

if __name__ == '__main__': main()
