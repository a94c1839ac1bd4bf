#!/usr/bin/env python
"""Edit notebooks as plain text, keeping cell ids.

    python tools/nbpy.py out nbs/03_pqi.ipynb     # -> .nbpy/03_pqi.py (percent format)
    python tools/nbpy.py in  .nbpy/03_pqi.py      # -> nbs/03_pqi.ipynb

Cells are separated by `# %% id=<cellid>` (code) or `# %% [markdown] id=<cellid>` lines;
markdown lines are written behind `# `. A cell without an id gets a fresh one. Outputs of a
code cell whose id and source are unchanged are kept, everything else starts without outputs
(run the notebook afterwards, then `nbdev_clean`). `.nbpy/` is git-ignored: the notebooks
stay the only source.
"""
import json, re, sys, uuid
from pathlib import Path

_hdr = re.compile(r'^# %%(?P<md> \[markdown\])?(?: id=(?P<id>[\w-]+))?\s*$')

def nb2py(nb_path, out_dir='.nbpy'):
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            body = '\n'.join(('# ' + l) if l else '#' for l in src.split('\n'))
            parts.append(f"# %% [markdown] id={c.get('id','')}\n{body}")
        else: parts.append(f"# %% id={c.get('id','')}\n{src}")
    out = Path(out_dir)/(Path(nb_path).stem + '.py')
    out.parent.mkdir(exist_ok=True)
    out.write_text('\n\n'.join(parts) + '\n')
    return out

def _split(text):
    cells, cur = [], None
    for line in text.split('\n'):
        m = _hdr.match(line)
        if m:
            cur = dict(md=bool(m['md']), id=m['id'], lines=[]); cells.append(cur)
        elif cur is not None: cur['lines'].append(line)
    return cells

def py2nb(py_path, nbs_dir='nbs'):
    py_path = Path(py_path)
    nb_path = Path(nbs_dir)/(py_path.stem + '.ipynb')
    old = json.loads(nb_path.read_text()) if nb_path.exists() else None
    old_cells = {c.get('id'): c for c in old['cells']} if old else {}
    cells, seen = [], set()
    for c in _split(py_path.read_text()):
        lines = c['lines']
        while lines and not lines[-1].strip(): lines.pop()
        if c['md']: lines = [l[2:] if l.startswith('# ') else l.lstrip('#') for l in lines]
        src = '\n'.join(lines)
        cid = c['id'] or uuid.uuid4().hex[:8]
        while cid in seen: cid = uuid.uuid4().hex[:8]
        seen.add(cid)
        source = [l + '\n' for l in src.split('\n')]
        if source: source[-1] = source[-1][:-1]
        if c['md']: cells.append(dict(cell_type='markdown', id=cid, metadata={}, source=source))
        else:
            prev = old_cells.get(cid)
            keep = prev is not None and prev['cell_type'] == 'code' and ''.join(prev['source']) == src
            cells.append(dict(cell_type='code', execution_count=None, id=cid, metadata={},
                              outputs=prev['outputs'] if keep else [], source=source))
    meta = old['metadata'] if old else {"kernelspec": {"display_name": "python3", "language": "python", "name": "python3"}}
    nb = dict(cells=cells, metadata=meta, nbformat=4, nbformat_minor=5)
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return nb_path

if __name__ == '__main__':
    cmd, *paths = sys.argv[1:]
    for p in paths: print((nb2py if cmd == 'out' else py2nb)(p))
