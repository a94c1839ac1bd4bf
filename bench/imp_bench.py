"""InCoP against SAP on the `quick` preset: the performance targets set for incop, measured side by side.

Runs (or resumes: run folders are reused) SAP at the cap, SAP with fixed budgets of k checks per iteration,
InCoP-IF and InCoP-GF from the same dense network per seed, then prints per-seed figures and the paired
comparisons (mean over seeds ± standard error):

- hardness: SAP at the cap minus SAP with FixedEpochs(1), the minimum budget of one check a step, final test
  accuracy (target >= 1 point); with checks within an epoch (checks_per_epoch=c) also minus SAP with the one-epoch
  budget, FixedEpochs(c), when that was run;
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
    python bench/imp_bench.py --results experiments/nonefresh.json --fixed 1,2,4,5,6,7 --names "incop-if=incop-if[abs] k=16 draws=16" \\
        --json experiments/bench_none_if16.json   # no rewind (fine-tuning) and quarter-epoch checks, IF k=16, seeds 6-8
    python bench/imp_bench.py --results experiments/nonefresh2.json --fixed 1,2,3,4,5,6,7 --names "incop-if=incop-if[abs] k=16 draws=16" \\
        --json experiments/bench_none_if16_2.json   # ... seeds 9-11 (with experiments/nonefresh.json too: bench_none_if16_six.json)
    python bench/imp_bench.py --results experiments/nonesparsefresh.json --fixed 1,2,3,4,5,6,7 \\
        --names "incop-gf=incop-gf[active] k=8 draws=16" --json experiments/bench_sparse_gf8.json   # the same down to 1 %, GF k=8, seeds 9-11
    python bench/imp_bench.py --results experiments/nonesparsefresh2.json --fixed 1,2,3,4,5,6,7,8 \\
        --names "incop-gf=incop-gf[active] k=8 draws=16" --json experiments/bench_sparse_gf8_2.json   # ... seeds 12-14
    python bench/imp_bench.py --results experiments/nonesparsefresh.json experiments/nonesparsefresh2.json --fixed 1,2,3,4,5,6,7,8 \\
        --names "incop-gf=incop-gf[active] k=8 draws=16" --json experiments/bench_sparse_gf8_six.json   # ... the six seeds together
    python bench/imp_bench.py --results experiments/nonesparsepoolfresh.json --fixed 1,2,3,4,5,6,7,8 \
        --names "incop-gf=incop-gf[active] k=8 draws=16" --json experiments/bench_pool_fresh_draws.json   # ... seeds 15-17
    python bench/imp_bench.py --results experiments/nonesparsepoolfresh.json --fixed 1,2,3,4,5,6,7,8 \
        --names "incop-gf=incop-gf[active] k=8 draws=16 pooled" --json experiments/bench_pool_fresh.json   # ... gf_calib=batches
    python bench/imp_bench.py --results experiments/nonesparsefresh.json experiments/nonesparsefresh2.json \
        experiments/nonesparsepoolfresh.json --fixed 1,2,3,4,5,6,7,8 --names "incop-gf=incop-gf[active] k=8 draws=16" \
        --json experiments/bench_sparse_gf8_nine.json   # ... the nine unseen seeds, 9-17

With --study FILE the runs are also written as one study file (runs, rows, checks; no weights), which --results
reads back later, so the figures can be checked without the run folders. --results takes study files and folders
(a --out of this script). Bad options are refused before anything runs; no results file is replaced without
--overwrite.

Not part of CI (about 5 minutes per seed on a 2-core CPU with two jobs).
"""
import argparse, json, math, re, shlex, sys, time
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one
from incop.cli import preset, PRESETS, _at_least_1
from incop.imp import IMPConfig, compare, summary_table
from incop.experiments import paired, ratio, dominated_by, comparison_table, load_runs, export_runs

ROLES = ('sap', 'incop-if', 'incop-gf')

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

positive = _at_least_1   # argparse type: an integer >= 1

def budgets(s):
    "argparse type: fixed budgets 'k,k,...', each a whole number of checks >= 1."
    try: ks = [positive(k) for k in s.split(',') if k.strip()]
    except argparse.ArgumentTypeError as e: raise argparse.ArgumentTypeError(f"{s!r}: each budget is {e}") from None
    if not ks: raise argparse.ArgumentTypeError(f"expected budgets such as 1,2,4, got {s!r}")
    return sorted(set(ks))

def role_names(s):
    "argparse type: 'role=name,role=name' pairs (a name may hold '=' but not ',')."
    out = {}
    for kv in (x for x in s.split(',') if x):
        if '=' not in kv: raise argparse.ArgumentTypeError(f"expected role=name pairs such as 'incop-if=incop-if[abs]', got {kv!r}")
        k, v = kv.split('=', 1); out[k.strip()] = v.strip()
    return out

def fmt(d, scale=1.0, p=3, sign='+'):
    "mean ± standard error (no ± for one seed, whose error is NaN)."
    se = d['se'] * scale
    return f"{d['mean']*scale:{sign}.{p}f} ± {se:.{p}f}" if not math.isnan(se) else f"{d['mean']*scale:{sign}.{p}f}"

TOL = 1e-9   # a mean exactly on a target meets it: the float sum of per-seed ratios may land 4e-17 on the wrong side

def meets(x, op, target):
    "Whether the mean `x` meets `op` ('<=' or '>=') `target`, up to float rounding (TOL)."
    if op not in ('<=', '>='): raise ValueError(f"op must be '<=' or '>=', got {op!r}")
    return x <= target + TOL if op == '<=' else x >= target - TOL

def epochs_a_check(c) -> float:
    "The real epochs of one check of a run of config `c` (check_every epochs, or a 1/checks_per_epoch part of one)."
    return c.check_every if c.checks_per_epoch == 1 else 1 / c.checks_per_epoch

def untried_budgets(res, name, ks):
    """Per seed, the budgets k (checks a step, below the cap, which is SAP itself) that were not run for that seed and that
    would fit within `name`'s epochs on SAP's number of prune steps: the dominance test cannot speak for them.
    {seed: [k, ...]} for the seeds that have any."""
    out = {}
    for r in res[name]:
        s, seed = r.summary(), r.config.seed
        sap = next((x for x in res['sap'] if x.config.seed == seed), None)
        if sap is None: continue
        steps, c = sap.summary()['iterations'], r.config
        per_check = epochs_a_check(c)
        kmax = min(c.cap - 1, int(s['total_epochs'] / (steps * per_check) + TOL)) if steps else 0
        ran = {k for k in ks if any(x.config.seed == seed for x in res.get(f'sap-fixed{k}', []))}
        if miss := [k for k in range(1, kmax + 1) if k not in ran]: out[seed] = miss
    return out

def refuse_existing(path, what, overwrite):
    if path and Path(path).exists() and not overwrite:
        raise SystemExit(f"{what} {path} exists and is kept; choose another file, or add --overwrite to replace it")

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--preset', default='quick', choices=sorted(PRESETS))
    ap.add_argument('--out', default='runs/bench')
    ap.add_argument('--seeds', type=positive, default=3)
    ap.add_argument('--seed0', type=int, default=0, help='first seed (fresh seeds check a setting tuned on others)')
    ap.add_argument('--jobs', type=positive, default=2)
    ap.add_argument('--fixed', type=budgets, default=None,
                    help='fixed budgets k (checks per iteration) for SAP: runs them (default 1,2), or with --results picks them '
                         '(default: every sap-fixedK the results have)')
    ap.add_argument('--set', action='append', default=[], metavar='KEY=VALUE', help='config override (repeatable)')
    ap.add_argument('--json', default=None, help='also write the figures to this JSON file (an existing one is kept: see --overwrite)')
    ap.add_argument('--study', default=None, help='also write the runs as a study file (export_runs), which --results reads back')
    ap.add_argument('--overwrite', action='store_true', help='let --json and --study replace existing files')
    ap.add_argument('--results', nargs='+', default=None, metavar='PATH',
                    help='analyse saved runs instead of running: study files (experiments/*.json) or folders (a --out of this script)')
    ap.add_argument('--names', type=role_names, default={},
                    help="with --results: role=name pairs, e.g. 'incop-if=incop-if[abs],incop-gf=incop-gf[active]'")
    a = ap.parse_args(argv)
    for path, what in ((a.json, '--json'), (a.study, '--study')): refuse_existing(path, what, a.overwrite)   # before hours of runs
    if a.json and a.study and Path(a.json).resolve() == Path(a.study).resolve(): ap.error('--json and --study must be two files')
    t0 = time.time()
    if a.results:
        notes = []
        try: got = load_runs(*a.results, skip=notes.append)
        except (OSError, ValueError, KeyError, TypeError) as e:
            for n in notes: print(f"note: {n}", file=sys.stderr)   # (why: a file skipped as damaged, say)
            raise SystemExit(f"--results: {e}") from None
        for n in notes: print(f"note: {n}", file=sys.stderr)
        if ignored := [o for o, v in (('--set', a.set), ('--seeds', a.seeds != 3), ('--seed0', a.seed0), ('--preset', a.preset != 'quick'),
                                      ('--jobs', a.jobs != 2)) if v]:
            print(f"note: {', '.join(ignored)} only apply to new runs, not to --results", file=sys.stderr)
        have = sorted(int(m.group(1)) for n in got if (m := re.fullmatch(r'sap-fixed(\d+)', n)))
        ks = a.fixed if a.fixed is not None else have
        roles = {r: r for r in list(ROLES) + [f'sap-fixed{k}' for k in ks]}
        if bad := sorted(set(a.names) - set(roles)): raise SystemExit(f"--names: unknown role(s) {bad}; roles: {sorted(roles)}")
        roles.update(a.names)
        flows = [m for m in ('incop-if', 'incop-gf') if roles[m] in got or m in a.names]   # a study of one flow: that one only
        roles = {r: n for r, n in roles.items() if r not in ('incop-if', 'incop-gf') or r in flows}
        missing = [n for n in roles.values() if n not in got]
        if missing or not flows: raise SystemExit(f"--results {' '.join(a.results)} has no run named {missing or ['incop-if', 'incop-gf']}; it has {sorted(got)}: "
                                                  f"name the runs of those roles with --names ROLE=NAME,... (e.g. --names 'incop-if=incop-if[abs],incop-gf=incop-gf[active]')")
        res = {role: got[name] for role, name in roles.items()}
        print(f"runs from {' '.join(a.results)}: " + ', '.join(f'{r} = {n}' if r == n else f'{r} = "{n}"' for r, n in roles.items()) + '\n')
    else:
        ks = a.fixed or [1, 2]
        try: cfg = preset(a.preset, **{'progress': False, **parse_set(a.set)}).validate()
        except ValueError as e: raise SystemExit(f"--set: {e}") from None
        variants = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in ks}
        try: res = compare(cfg, methods=ROLES, seeds=tuple(range(a.seed0, a.seed0 + a.seeds)), out=a.out, jobs=a.jobs, variants=variants)
        except ValueError as e: raise SystemExit(f"imp_bench: {e}") from None
        print(f"preset {a.preset} with {parse_set(a.set) or 'no overrides'}; {a.seeds} seeds; {time.time()-t0:.0f} s (resumed runs count 0)\n")
        roles = {r: r for r in res}
        if a.study:
            refuse_existing(a.study, '--study', a.overwrite)   # (again: it may have appeared while the runs ran)
            note = shlex.join(['imp_bench.py'] + list(sys.argv[1:] if argv is None else argv))
            print(f"runs written to {export_runs(res, a.study, note=note, overwrite=a.overwrite)}")
    if a.results and a.study:
        refuse_existing(a.study, '--study', a.overwrite)
        note = shlex.join(['imp_bench.py'] + list(sys.argv[1:] if argv is None else argv))   # (with its --names: the file keeps the runs' own names)
        print(f"runs written to {export_runs({roles[r]: rs for r, rs in res.items()}, a.study, note=note, overwrite=a.overwrite)}")
    try: analyse(a, res, ks, roles)
    except (ValueError, KeyError) as e: raise SystemExit(f"imp_bench: {e}") from None   # (runs that cannot be paired, a name missing)

def analyse(a, res, ks, roles):
    "Print the tables and the targets of `res` (roles: sap, sap-fixedK, incop-if and/or incop-gf); write --json."
    print(comparison_table(res, ref='sap'), '\n')
    print(f"{'run':<14} {'seed':>4} {'test_acc':>8} {'remaining %':>11} {'epochs':>6} {'iters':>5} {'wall_s':>7}")
    for name, rs in res.items():
        for r in rs:
            s = r.summary()
            print(f"{name:<14} {s['seed']:>4} {s['final_test_acc']:>8.4f} {100 * s['remaining_prunable']:>11.2f} {s['total_epochs']:>6} {s['iterations']:>5} {s['wall_s']:>7.1f}")
    dense = {r.config.seed: r.summary()['dense'] for r in res['sap']}
    print('dense phase (shared by the runs of a seed, not in their wall_s):')
    for s, d in sorted(dense.items()): print(f"{'dense':<14} {s:>4} {d['test_acc']:>8.4f} {100.0:>11.2f} {d['epochs']:>6} {'':>5} {d['wall_s']:>7.1f}")
    for role, name in roles.items():   # a role filled by a run of another method is said, not hidden behind the role's name
        meth = {r.config.method for r in res[role]}; want = 'sap' if role.startswith('sap') else role
        if meth != {want}: print(f'note: role {role} is the run "{name}", whose method is {", ".join(sorted(meth))}')
    cpe = {r.config.checks_per_epoch for r in res['sap']}
    cpe = cpe.pop() if len(cpe) == 1 else None
    fig = dict(roles=roles, fixed=list(ks), checks_per_epoch=cpe,
               dense={str(s): dict(epochs=d['epochs'], wall_s=d['wall_s'], test_acc=d['test_acc']) for s, d in sorted(dense.items())})
    print()
    ok = lambda c: 'met' if c else 'NOT met'
    if 'sap-fixed1' not in res:
        fig['hardness'] = None
        print("hardness: not measured (no run with the minimum budget, sap-fixed1: add 1 to --fixed)  [target >= +1 point: NOT measured]")
    each = {epochs_a_check(r.config) for r in res['sap']}
    each = each.pop() if len(each) == 1 else None   # epochs a check
    one = round(1 / each) if each and abs(1 / each - round(1 / each)) < TOL else None   # the checks of one epoch (none: check_every > 1)
    for k, key in ((1, 'hardness'), (one, 'hardness_one_epoch')):
        if k is None or f'sap-fixed{k}' not in res or (key == 'hardness_one_epoch' and k == 1): continue
        h = paired(res, 'sap', f'sap-fixed{k}'); fig[key] = h
        per = f"{k} check{'s' * (k > 1)} = {k * each:g} epoch{'s' * (k * each != 1)} a step" if each else f"{k} check{'s' * (k > 1)} a step"
        print(f"hardness: SAP(cap) - SAP(fixed {k}: {per}) test acc = {fmt(h, 100, 3)} points"
              + (f"  [target >= +1 point: {ok(meets(h['mean'], '>=', 0.01))}]" if k == 1 else '  (the one-epoch budget)'))
    for m in [m for m in ('incop-if', 'incop-gf') if m in res]:
        e, w = ratio(res, m, 'sap', 'total_epochs'), ratio(res, m, 'sap', 'wall_s')
        acc, rem = paired(res, m, 'sap', 'final_test_acc'), ratio(res, m, 'sap', 'remaining_prunable')
        dom = []   # each budget judged on the seeds it ran (dominated_by refuses seeds a budget lacks; untried_budgets names those)
        for o in (f'sap-fixed{k}' for k in ks):
            seeds_o = {r.config.seed for r in res.get(o, [])}
            if mine := [r for r in res[m] if r.config.seed in seeds_o]: dom += dominated_by({m: mine, o: res[o]}, m, [o])
        untried = untried_budgets(res, m, ks)
        fig[m] = dict(epochs_ratio=e, wall_ratio=w, acc_diff=acc, remaining_ratio=rem, dominated_by=dom if ks else None,
                      untried_budgets={str(s): v for s, v in untried.items()})
        print(m + ('' if roles[m] == m else f' (run "{roles[m]}")') + ':')
        r3 = lambda x: fmt(x, sign='')
        print(f"  ({e['n']} seed(s) paired with SAP{': no standard error, the targets judged on one seed' if e['n'] == 1 else ''})")
        print(f"  epochs / SAP's     {r3(e)}   [target <= 0.35: {ok(meets(e['mean'], '<=', 0.35))}]")
        print(f"  wall / SAP's       {r3(w)}   [target <= 0.40: {ok(meets(w['mean'], '<=', 0.40))}]")
        print(f"  test acc - SAP's   {fmt(acc, 100, 3)} points   [target >= -0.5: {ok(meets(acc['mean'], '>=', -0.005))}]")
        print(f"  remaining / SAP's  {r3(rem)}   [target within 10 %: {ok(meets(abs(rem['mean'] - 1), '<=', 0.10))}]")
        if not ks: print("  fixed budgets: none run, so whether one beats it is not measured  [target none: NOT measured]")
        else:
            print(f"  fixed budgets run ({', '.join(map(str, ks))} check{'' if list(ks) == [1] else 's'}) with <= its epochs and higher accuracy: "
                  + (', '.join(f'{n} seed {s} ({es} <= {ei} epochs, {d*100:+.2f} pt)' for n, s, es, ei, d in dom) or 'none')
                  + f"   [target none: {ok(not dom)}{', among the budgets run' if untried and not dom else ''}]")
            if untried: print("  budgets not run that fit within its epochs (not tested): "
                              + '; '.join(f"seed {s}: {', '.join(map(str, v))}" for s, v in sorted(untried.items())))
    print("\n± after a mean over seeds is its standard error (sd with n-1, over √n) in the lines above and in the table's paired\n"
          "columns, the seeds' sample standard deviation (sd with n-1) in the table's test acc and epochs. A ratio is the mean of the per-seed\n"
          "ratios, a difference the mean of the per-seed differences. A target is judged on the mean (one exactly on it meets\n"
          "it). 'Within 0.5 points' is read one-sided: InCoP may end any amount above SAP. wall_s is the time of\n"
          "the pruning iterations' train, eval, prune and flow phases (InCoP's flow checks included; monitoring of signals\n"
          "that do not decide, and file writes, left out); the dense phase is apart, above.")
    if a.json:
        from incop.core import atomic_write_text
        refuse_existing(a.json, '--json', a.overwrite)   # (again: it may have appeared while the runs ran)
        atomic_write_text(Path(a.json), json.dumps(fig, indent=1, default=float) + '\n')

if __name__ == '__main__': main()
