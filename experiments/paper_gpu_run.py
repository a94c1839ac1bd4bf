"""What fits of the paper preset's SAP and InCoP-GF δ ends on one lent GPU, for a fixed number of seconds.

    python experiments/paper_gpu_run.py OUT_TAR [--seconds S] [--jobs J] [--data DIR] [overrides as key=value ...]

Runs `compare` on the `paper` preset, seed 0: SAP at the cap (20 checks of 2 epochs a step) and InCoP-GF at the
ends of the paper's δ_GF range (0.3 and 0.7), from one shared dense phase, J runs at a time (`--methods` and
`--no-gf-ends` choose other runs, e.g. `OUT.tar --methods incop-if,incop-gf --no-gf-ends model=vgg16`). After S seconds it
interrupts the runs (what each saved is kept: the steps it finished and every check of the step it was in) and
packs the run folders' JSON and CSV files (not the masks or checkpoints) into OUT_TAR, with the launch's log
(`paper_gpu_run.log` in `--out`: what it printed, timings included). `--out` (default /tmp/paper_gpu) is resumed, not
cleared: a second launch into it goes on with the runs the first left, and its archive holds the runs of both.
It runs on CUDA (or on $INCOP_DEVICE's device), and without a GPU it stops before anything starts (a node whose GPU is hidden would otherwise train for S
seconds on the CPU and pack nothing). The overrides (e.g. `device=cpu model=lenet300 limit=3000 val_size=1000 iterations=2
cap=2 probe_if=512 probe_gf=512`) are for trying the script on a CPU; they are checked, with the data and the device,
before anything starts. The exit status is the runs' own
(0 when they finished or were interrupted at S seconds), so a failed run is not mistaken for a short one.
"""
import argparse, json, os, signal, subprocess, sys, tarfile, threading, time
from pathlib import Path

def args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('tar'); ap.add_argument('--seconds', type=float, default=480); ap.add_argument('--jobs', type=int, default=3)
    ap.add_argument('--data', default=None, help="the data set's folder (default: looked for as incop does)"); ap.add_argument('--out', default='/tmp/paper_gpu')
    ap.add_argument('--methods', default='sap', help='comma-separated methods at the preset (default: sap)')
    ap.add_argument('--no-gf-ends', action='store_true', help='leave out the InCoP-GF runs at delta_GF 0.3 and 0.7')
    ap.add_argument('overrides', nargs='*')
    a = ap.parse_intermixed_args()
    if a.jobs < 1: ap.error(f"--jobs must be >= 1, got {a.jobs}")
    if not a.seconds > 0: ap.error(f"--seconds must be > 0, got {a.seconds}")
    if '=' in a.tar: ap.error(f"OUT_TAR {a.tar!r} looks like an override (key=value): name the archive first, e.g. OUT.tar {a.tar}")
    if os.path.exists(a.tar) and os.environ.get('_PAPER_GPU_CHILD') != '1': ap.error(f"OUT_TAR {a.tar!r} exists: name another archive, or move that one (it is not overwritten)")
    return a

def config(a):
    "The paper preset with the overrides, validated (a misspelt field or a bad value is said here, before any run starts)."
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from incop.cli import preset
    kw = {}
    for o in a.overrides:
        if '=' not in o: sys.exit(f"paper_gpu_run.py: override {o!r} is not key=value (e.g. model=lenet300)")
        k, v = o.split('=', 1)
        try: kw[k] = json.loads(v)
        except json.JSONDecodeError: kw[k] = v
    from incop.imp import METHODS
    if bad := [m for m in a.methods.split(',') if m and m not in METHODS]: sys.exit(f"paper_gpu_run.py: --methods: unknown {bad}; available: {list(METHODS)}")
    if not [m for m in a.methods.split(',') if m] and a.no_gf_ends: sys.exit("paper_gpu_run.py: no runs: --methods is empty and --no-gf-ends leaves out the others")
    kw.setdefault('device', os.environ.get('INCOP_DEVICE') or 'cuda')   # (a GPU study: $INCOP_DEVICE's, or CUDA; the CPU only when asked for)
    try:
        P = preset('paper', data_path=a.data, progress=False, monitor=('if', 'gf'), **kw).validate()
        from incop.core import get_device
        get_device(P.device)
    except (TypeError, ValueError) as e: sys.exit(f"paper_gpu_run.py: {e}" + (" (device=cpu tries the script on the CPU)" if 'CUDA' in str(e) else ''))
    return P

if __name__ == '__main__' and os.environ.get('_PAPER_GPU_CHILD') != '1':
    a = args()
    P = config(a)
    from incop.data import DataError, find_data
    if ':' not in str(P.dataset):
        try: find_data(P.dataset, P.data_path)
        except DataError as e: sys.exit(f"paper_gpu_run.py: {e}")
    t0 = time.time()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    log = open(out/'paper_gpu_run.log', 'a', buffering=1)   # what this launch prints, packed with the runs
    def say(line):
        sys.stdout.write(line); sys.stdout.flush(); log.write(line)
    say(f"paper_gpu_run.py {' '.join(sys.argv[1:])}: started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    # the runs in a child process group: an interrupt reaches the workers too, and they save what they have
    p = subprocess.Popen([sys.executable, __file__, *sys.argv[1:]], env={**os.environ, '_PAPER_GPU_CHILD': '1', 'PYTHONUNBUFFERED': '1'},
                         start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors='replace')
    pump = threading.Thread(target=lambda: [say(line) for line in p.stdout], daemon=True); pump.start()
    timed_out = False
    try: rc = p.wait(timeout=a.seconds)
    except (subprocess.TimeoutExpired, KeyboardInterrupt) as e:   # at S seconds, or your Ctrl-C: the runs stop, save, and are packed
        timed_out = True; os.killpg(p.pid, signal.SIGINT)
        if isinstance(e, KeyboardInterrupt): say("interrupted: stopping the runs, then packing what they saved\n")
        try: rc = p.wait(timeout=60)
        except subprocess.TimeoutExpired: os.killpg(p.pid, signal.SIGKILL); rc = p.wait()
    pump.join(timeout=10)
    say(f"runs ended after {time.time() - t0:.0f} s (exit {rc})\n")
    if rc != 0 and not timed_out: say(f"the runs failed (exit {rc}): see the lines above\n")
    log.close()
    files = [f for f in sorted(out.rglob('*')) if f.is_file() and f.suffix in ('.json', '.csv', '.log')]
    if not any(f.name != 'paper_gpu_run.log' for f in files):
        print(f"nothing to pack: no run wrote a file under {out} (no archive written)", flush=True); sys.exit(rc or 1)
    with tarfile.open(a.tar, 'w:gz') as tf:
        for f in files: tf.add(f, arcname=str(f.relative_to(out.parent)))
    print(f"packed {a.tar}", flush=True)
    sys.exit(0 if timed_out else rc)

if __name__ == '__main__':
    a = args()
    P = config(a)
    import torch
    from incop.imp import compare
    print(f"torch {torch.__version__}, cuda {torch.cuda.is_available()}, {torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu'}; "
          f"{P.model}/{P.dataset}, cap {P.cap} checks of {P.check_every} epochs, {P.iterations} steps, {a.jobs} jobs", flush=True)
    variants = {} if a.no_gf_ends else {f'incop-gf d={d}': dict(method='incop-gf', delta_gf=d) for d in (0.3, 0.7)}
    t = time.time()
    try: compare(P, methods=tuple(m for m in a.methods.split(',') if m), seeds=(0,), out=a.out, jobs=a.jobs, variants=variants)
    except KeyboardInterrupt: print(f"interrupted after {time.time() - t:.0f} s; what was saved is kept", flush=True)
    else: print(f"finished in {time.time() - t:.0f} s", flush=True)
