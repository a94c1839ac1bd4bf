#!/usr/bin/env python
"""What incop's bookkeeping costs in memory and disk on a large network: each case side by side with
the naive way of computing the same thing, each in a process of its own (peak memory is per process),
sampled every 5 ms above the memory the process held just before (after `malloc_trim`).

    python bench/memory_bench.py            # all cases, CPU, about a minute and 5 GB of memory
    python bench/memory_bench.py --small    # a quarter of the sizes

1. A report row's PQ Index (`incop.pqi.pq_index(model)`, as `IMPLoop._pqi`) of one pruned layer of
   25,088 x 4,096 weights (VGG16's first classifier layer, 83 % alive), against `w[mask]` of the whole
   layer and `pq_index` of that vector (what incop did before). The two values must agree to the bit.
2. A data set's checksum (`incop.imp._row_l1`, in a run's data fingerprint) of 13,000 3 x 64 x 64
   float32 images (609 MB), against `torch.linalg.vector_norm(x, 1, dtype=torch.float64)` of it all.
3. A run checkpoint's model state (`incop.imp._bool_masks`: masks stored as bool) of a pruned
   torchvision ResNet50 (weights=None), against the state dict as torch gives it (float32 masks):
   bytes on disk of each.
"""
import argparse, json, os, subprocess, sys, tempfile

CASE = r'''
import ctypes, gc, json, sys, threading, time, torch, torch.nn as nn, torch.nn.utils.prune as P
torch.set_num_threads(1); torch.manual_seed(0)
case, small = sys.argv[1], sys.argv[2] == '1'
def rss(): return int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2 ** 20
import os
if case.startswith('pqi'):
    import incop.pqi as pq
    from incop.prune import get_masks, prunable_layers
    m = nn.Sequential(nn.Flatten(), nn.Linear(25088 // (4 if small else 1), 4096)); P.random_unstructured(m[1], 'weight', amount=0.17)
    run = (lambda: pq.pq_index(m, 0.5, 1.0)) if case == 'pqi_incop' else \
          (lambda: pq.pq_index(torch.cat([l.weight.detach()[get_masks(m)[n]].flatten() for n, l in prunable_layers(m)]), 0.5, 1.0))
else:
    import incop.imp as ii
    x = torch.randn(13000 // (4 if small else 1), 3, 64, 64)
    run = (lambda: float(ii._row_l1(x).sum())) if case == 'l1_incop' else (lambda: float(torch.linalg.vector_norm(x, 1, dtype=torch.float64)))
gc.collect(); ctypes.CDLL('libc.so.6').malloc_trim(0)
r0 = rss(); peak = [r0]; stop = [False]
def sample():
    while not stop[0]: peak[0] = max(peak[0], rss()); time.sleep(0.005)
t = threading.Thread(target=sample, daemon=True); t.start()
t0 = time.perf_counter(); v = run(); dt = time.perf_counter() - t0
stop[0] = True; t.join(); peak[0] = max(peak[0], rss())
print(json.dumps(dict(value=v, seconds=dt, peak_mb=peak[0] - r0)))
'''

CKPT = r'''
import io, json, sys, torch, torchvision
from incop.prune import apply_masks, get_masks, prunable_layers
from incop.imp import _bool_masks
torch.manual_seed(0)
net = torchvision.models.resnet50(weights=None) if sys.argv[1] == '0' else torchvision.models.resnet18(weights=None)
masks = {n: torch.rand(m.weight.shape) < 0.3 for n, m in prunable_layers(net, torch.zeros(2, 3, 64, 64))}
apply_masks(net, masks)
def size(sd): b = io.BytesIO(); torch.save(sd, b); return b.tell() / 2 ** 20
sd = net.state_dict()
print(json.dumps(dict(float_masks_mb=size(sd), bool_masks_mb=size(_bool_masks(sd)))))
'''

def run(code, *args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), os.environ.get('PYTHONPATH', '')]))
    out = subprocess.run([sys.executable, '-c', code, *args], capture_output=True, text=True, env=env)
    if out.returncode: sys.exit(f"case {args} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--small', action='store_true', help='a quarter of the sizes (and ResNet18 for the checkpoint)')
    a = ap.parse_args(); sm = '1' if a.small else '0'
    for name, ours, naive in (('PQ Index of a 25,088 x 4,096 layer' + (' / 4' if a.small else ''), 'pqi_incop', 'pqi_naive'),
                              ('checksum of 13,000 64 px images' + (' / 4' if a.small else ''), 'l1_incop', 'l1_naive')):
        r_o, r_n = run(CASE, ours, sm), run(CASE, naive, sm)
        same = r_o['value'] == r_n['value'] if name.startswith('PQ') else f"{r_o['value']:.5e}" == f"{r_n['value']:.5e}"
        print(f"{name}: incop peak +{r_o['peak_mb']:.0f} MB in {r_o['seconds']:.2f} s, naive +{r_n['peak_mb']:.0f} MB in "
              f"{r_n['seconds']:.2f} s; memory ratio {r_o['peak_mb'] / max(r_n['peak_mb'], 1):.3f}; same value: {same}")
    c = run(CKPT, sm)
    print(f"checkpoint model state of a pruned {'ResNet18' if a.small else 'ResNet50'}: {c['bool_masks_mb']:.1f} MB with bool masks, "
          f"{c['float_masks_mb']:.1f} MB with float32 ones (ratio {c['bool_masks_mb'] / c['float_masks_mb']:.3f})")

if __name__ == '__main__': main()
