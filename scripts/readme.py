#!/usr/bin/env python
"""README.md from nbs/index.ipynb, without Quarto (which `nbdev_readme` needs).

    python scripts/readme.py          # write README.md
    python scripts/readme.py --check  # exit 1 if README.md differs from what would be written

Markdown cells are copied (a link to a notebook, `](09_experiments.ipynb)`, is pointed at `nbs/`, where
README.md's readers, at the repository root, find it); code cells (except those with `#| hide`) become ```python blocks,
followed by their text outputs; cells with `#| hide` and the nbdev directive lines are dropped.
"""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path=root/'nbs'/'index.ipynb'):
    nb = json.loads(Path(nb_path).read_text())
    out = ['<!-- Generated from nbs/index.ipynb by scripts/readme.py: edit the notebook, not this file. -->']
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': out.append(re.sub(r'\]\((?![a-z]+:|/|#|nbs/)([^)\s]+\.ipynb)', r'](nbs/\1', src.strip())); continue
        lines = src.split('\n')
        if any(l.strip().replace(' ', '') in ('#|hide', '#|export') or l.startswith('#| default_exp') for l in lines): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if code: out.append(f'```python\n{code}\n```')
        txt = ''
        for o in c.get('outputs', []):
            if o.get('output_type') == 'stream': txt += ''.join(o['text'])
            elif 'text/plain' in o.get('data', {}): txt += ''.join(o['data']['text/plain']) + '\n'
        if txt.strip(): out.append(f'```\n{txt.rstrip()}\n```')
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    if bad := [a for a in sys.argv[1:] if a not in ('--check', '-h', '--help')]:   # a typo: said, and README.md left alone
        print(f"readme.py: unknown option(s) {' '.join(bad)}\n\n{__doc__.strip()}", file=sys.stderr); sys.exit(2)
    if {'-h', '--help'} & set(sys.argv[1:]): print(__doc__.strip()); sys.exit(0)
    txt, readme = render(), root/'README.md'
    if '--check' in sys.argv:
        ok = readme.exists() and readme.read_text() == txt
        if not ok: print('README.md differs from nbs/index.ipynb: run python scripts/readme.py')
        sys.exit(0 if ok else 1)
    readme.write_text(txt); print(f'wrote {readme}')
