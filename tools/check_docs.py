#!/usr/bin/env python
"""Check the docs site's links and tables without building it (Quarto needs a download; CI runs this instead).

    python tools/check_docs.py            # every notebook in nbs/; exit status 1 and a list if anything is broken
    python tools/check_docs.py --pandoc   # also compare the heading ids and table counts with pandoc's (where installed)

What it checks, in the markdown cells of every notebook:
- a link to a page of the site (`04_prune.ipynb`, `#a-heading`, `11_paper.ipynb#a-heading`) names a notebook that
  exists and a heading that page has (not its first H1: nbdev makes that the page's title). Heading ids follow pandoc's `auto_identifiers` (Quarto renders with pandoc):
  formatting and link targets dropped, every character that is not a letter, digit, `_`, `-` or `.` removed, spaces
  to hyphens, lower case, everything before the first letter removed (`section` if nothing is left), a repeated id
  numbered `-1`, `-2`, ...; `{#id}` after a heading sets it.
- a relative link to a file of the repository (`../experiments/x.json`) names one that exists, and so does every
  relative link of README.md;
- a pipe table starts after a blank line (else pandoc reads it as a paragraph of `|` characters) and its rows have as
  many cells as its separator line; a list starts after a blank line (else it is the paragraph's text, run on) unless
  it follows a heading or another list's item; so do a heading and a block quote;
- no code cell that prints ends with `;` (execnb, which runs the notebooks, then saves none of its printed lines);
- the code a reader sees (cells not exported and not hidden: the site shows an exported cell as its docs only) uses no
  name that it does not import or define itself (its page's module exports too: `from incop.<mod> import *` in a visible
  cell): a cell copied from the page runs after the page's visible imports. (One namespace for all cells, as pyflakes would see them concatenated, but
  without scopes: a name bound anywhere counts as bound.)
`--pandoc` is how the rules above were checked (all headings and tables of the notebooks, 2026-12-05).
"""
import ast, builtins, json, re, subprocess, sys, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
_fence = re.compile(r'^\s*(```|~~~)')
_heading = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')
_link = re.compile(r'(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)')
_item = re.compile(r'^\s*([-*+]|\d+[.)])\s+\S')
_sep = re.compile(r'^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$')

def md_cells(nb:Path) -> list:
    "The sources of a notebook's markdown cells."
    return [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown']

def prose_lines(md:str):
    "The lines of markdown outside fenced code blocks, with their line numbers (from 1)."
    fence = None
    for i, l in enumerate(md.split('\n'), 1):
        m = _fence.match(l)
        if m and fence is None: fence = m.group(1); continue
        if m and l.strip().startswith(fence): fence = None; continue
        if fence is None: yield i, l

def links(lines):
    "The targets of the markdown links in these numbered prose lines, with the line each ends on (a link's text may wrap)."
    lines = list(lines)
    text = '\n'.join(l for _, l in lines)
    for m in _link.finditer(text): yield lines[text.count('\n', 0, m.end())][0], m.group(1)

def plain(text:str) -> str:
    "A heading's text without its markdown: link targets, emphasis marks and code ticks dropped (their text kept)."
    text = re.sub(r'!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)', r'\1', text)   # [text](url) -> text
    text = re.sub(r'<[^>]+>', '', text)                                       # inline HTML tags
    parts = re.split(r'(`+[^`]*`+)', text)   # code spans keep their text as it is; the rest loses its emphasis marks, and
    for k in range(0, len(parts), 2):        # pandoc's smart punctuation makes ... and -- / --- one character (not kept)
        t = re.sub(r'(\*{1,3})(?=\S)(.+?)(?<=\S)\1', r'\2', parts[k])              # *x*, **x**
        t = re.sub(r'(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)', r'\2', t)          # _x_, __x__ (not snake_case)
        parts[k] = re.sub(r'\.\.\.|-{2,3}', '\u2026', t)
    return ''.join(parts).replace('`', '')

def pandoc_id(text:str) -> str:
    "The id pandoc's `auto_identifiers` gives a heading with this text (before numbering repeats)."
    s = ''.join(ch for ch in plain(text) if ch in '_-.' or ch.isspace() or unicodedata.category(ch)[0] in 'LN')
    s = re.sub(r'\s+', '-', s.strip()).lower()
    s = s[next((i for i, ch in enumerate(s) if ch.isalpha()), len(s)):]   # nothing before the first letter
    return s or 'section'

def heading_ids(mds:list) -> list:
    "The ids of the headings in these markdown cells, in order, repeats numbered as pandoc numbers them."
    ids, seen = [], set()
    for md in mds:
        for _, l in prose_lines(md):
            if not (m := _heading.match(l)): continue
            text = m.group(2)
            if (x := re.search(r'\{[^}]*#([\w.:-]+)[^}]*\}\s*$', text)): i = x.group(1)
            else:
                base = i = pandoc_id(text)
                n = 0
                while i in seen: n += 1; i = f'{base}-{n}'
            seen.add(i); ids.append(i)
    return ids

def _titled(mds:list) -> bool:
    "Whether a page's first heading is an H1, which nbdev makes the page's title (front matter, not a heading with an id)."
    first = next((l for md in mds for _, l in prose_lines(md) if _heading.match(l)), '')
    return first.startswith('# ')

def _exports(mod:str) -> set:
    "The names `incop/<mod>.py` lists in its `__all__` (read, not imported)."
    f = NBS.parent/'incop'/f'{mod}.py'
    if not f.exists(): return set()
    for node in ast.parse(f.read_text()).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__all__' for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()

def unseen_names(nb:Path) -> dict:
    """{name: [cell ids]} of the names the visible code cells of a notebook load but neither bind in a visible cell (import,
    assign, define, take as an argument; `from incop.<mod> import *` binds that module's `__all__`) nor get from builtins. A
    page's own exports count only once a visible cell imports them: its exported cells show their docs, not a definition."""
    cells = json.loads(nb.read_text())['cells']
    mod, bound, loads = None, set(dir(builtins)) | {'get_ipython', 'display', '__file__'}, []
    for c in cells:
        src = ''.join(c['source'])
        if c['cell_type'] != 'code': continue
        if m := re.search(r'^#\|\s*default_exp\s+(\S+)', src, re.M): mod = m.group(1); continue
        if {'export', 'exporti', 'hide'} & set(re.findall(r'^#\|\s*(\S+)', src, re.M)): continue
        try: tree = ast.parse('\n'.join(l for l in src.split('\n') if not l.lstrip().startswith(('%', '!'))))
        except SyntaxError: continue
        for n in ast.walk(tree):
            if isinstance(n, ast.Name): (loads.append((n.id, c.get('id'))) if isinstance(n.ctx, ast.Load) else bound.add(n.id))
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): bound.add(n.name)
            elif isinstance(n, ast.arg): bound.add(n.arg)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                for a in n.names:
                    if a.name == '*': bound |= _exports(n.module.split('.', 1)[1] if '.' in (n.module or '') else '__init__') if (n.module or '').split('.')[0] == 'incop' else set()
                    else: bound.add(a.asname or a.name.split('.')[0])
            elif isinstance(n, ast.ExceptHandler) and n.name: bound.add(n.name)
            elif isinstance(n, (ast.Global, ast.Nonlocal)): bound |= set(n.names)
            elif isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name: bound.add(n.name)
    out = {}
    for name, cid in loads:
        if name not in bound and cid not in out.setdefault(name, []): out[name].append(cid)
    return {k: v for k, v in out.items() if v}

def problems(nbs=None) -> list:
    "Every broken link and malformed table in the markdown of these notebooks (default: all of nbs/), as messages."
    whole = nbs is None
    nbs = sorted(NBS.glob('*.ipynb')) if whole else [Path(p) for p in nbs]
    cells = {nb.name: md_cells(nb) for nb in nbs}
    ids = {}
    def page_ids(name):
        if name not in ids:
            p = NBS/name
            mds = cells[name] if name in cells else md_cells(p) if p.exists() else None
            ids[name] = None if mds is None else set(heading_ids(mds)[1:] if _titled(mds) else heading_ids(mds))   # (the title is no anchor)
        return ids[name]
    out = []
    for name, mds in cells.items():
        for k, md in enumerate(mds):
            where = f'{name}, markdown cell {k + 1}'
            lines = list(prose_lines(md))
            for i, target in links(lines):
                if re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I): continue   # http:, https:, mailto:, ...
                path, _, anchor = target.partition('#')
                if path and not path.endswith('.ipynb'):
                    if not (NBS/path).resolve().exists(): out.append(f'{where}, line {i}: {target}: no file {path} (relative to nbs/)')
                    continue
                page = path or name
                got = page_ids(page)
                if got is None: out.append(f'{where}, line {i}: {target}: no notebook {page} in nbs/')
                elif anchor and anchor not in got:
                    out.append(f'{where}, line {i}: {target}: {page} has no heading with id {anchor!r} (its ids: {", ".join(sorted(got))})')
            prev = {i: l for i, l in lines}
            inlist = False
            for i, l in lines:   # a list right under a paragraph's line is that paragraph's text to pandoc (not to Jupyter)
                before = prev.get(i - 1, '')
                if _item.match(l):
                    if before.strip() and not inlist and not before.lstrip().startswith(('|', '#')):
                        out.append(f'{where}, line {i}: a list starts without a blank line before it (pandoc reads it as text)')
                    inlist = True
                elif l.strip() and not before.strip() and not l.startswith((' ', '\t')): inlist = False
                if (_heading.match(l) or l.startswith('>')) and before.strip() and not before.startswith('>') and i - 1 in prev:
                    out.append(f'{where}, line {i}: a {"heading" if l.startswith("#") else "block quote"} without a blank line before it (pandoc reads it as text)')
            for i, l in lines:
                if not _sep.match(l) or '|' not in l: continue
                head = prev.get(i - 1, '')
                if '|' not in head: continue    # a setext heading's underline or a rule, not a table
                if prev.get(i - 2, '').strip() and not _heading.match(prev[i - 2]):   # (right under a heading is fine)
                    out.append(f'{where}, line {i - 1}: a table starts without a blank line before it (pandoc reads it as text)')
                n, rows, j = len(_cells(l)), [i - 1], i + 1
                while prev.get(j, '').strip().startswith('|'): rows.append(j); j += 1
                for j in rows:
                    if (c := len(_cells(prev[j]))) != n: out.append(f'{where}, line {j}: a table row of {c} cells under a separator of {n}')
    for name in cells:   # execnb (nbdev's runner) saves nothing a cell prints when its last line ends with ';'
        for c in json.loads((NBS/name).read_text())['cells']:
            src = ''.join(c['source']).rstrip()
            if c['cell_type'] == 'code' and src.endswith(';') and re.search(r'\bprint\(', src):
                out.append(f"{name}, code cell {c.get('id')}: it prints and ends with ';', so its saved outputs lose the printed lines "
                           f"(execnb); end it with plt.show() or without the ';'")
    for name in cells:
        for n, where in sorted(unseen_names(NBS/name).items()):
            out.append(f"{name}, code cell {', '.join(where)}: uses {n}, which no cell a reader sees imports or defines (the site "
                       f"shows an exported cell's docs, not its imports): import it in the page's first visible cell")
    if whole and (readme := NBS.parent/'README.md').exists():   # the README (made from index.ipynb) links from the repository's root
        for i, target in links(prose_lines(readme.read_text())):
            path = target.partition('#')[0]
            if path and not re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I) and not (NBS.parent/path).exists():
                out.append(f'README.md, line {i}: {target}: no file {path} in the repository')
    return out

def _cells(row:str) -> list:
    "A pipe-table row's cells (escaped pipes and pipes inside code spans or `$math$` are not separators: pandoc reads those first)."
    row = re.sub(r'`[^`]*`|\$[^$]+\$', 'x', row.replace('\\|', 'x')).strip()
    return row.strip('|').split('|')

def against_pandoc(nbs=None) -> list:
    "Where our heading ids or table counts differ from what pandoc makes of each notebook's markdown."
    out = []
    for nb in sorted(NBS.glob('*.ipynb')) if nbs is None else [Path(p) for p in nbs]:
        mds = md_cells(nb)
        html = subprocess.run(['pandoc', '-f', 'markdown', '-t', 'html'], input='\n\n'.join(mds), capture_output=True, text=True, check=True).stdout
        theirs = re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', html)
        if theirs != (ours := heading_ids(mds)):
            out.append(f'{nb.name}: heading ids differ: ' + '; '.join(f'{a!r} (ours) vs {b!r} (pandoc)' for a, b in zip(ours, theirs) if a != b)
                       + (f'; {len(ours)} headings (ours) vs {len(theirs)} (pandoc)' if len(ours) != len(theirs) else ''))
        n_ours = sum(1 for md in mds for i, l in prose_lines(md) if _sep.match(l) and '|' in l)
        if (n_theirs := html.count('<table')) != n_ours: out.append(f'{nb.name}: {n_ours} tables (ours) vs {n_theirs} (pandoc)')
    return out

def self_test():
    "The checks find what they should, on notebooks written for it (ids worked out by hand, and by pandoc 2.17)."
    import tempfile
    global NBS
    cases = {"1. Intro": 'intro', "**Bold** and *it*": 'bold-and-it', "x_y_z and __init__": 'x_y_z-and-init', "A -- B": 'a-b',
             "Wait...": 'wait', "Run `incop run --method lth`": 'run-incop-run---method-lth', "What's `run_imp(cfg)`?": 'whats-run_impcfg',
             "δ ablation": 'δ-ablation', "InCoP-IF vs. SAP (0.5, 1)": 'incop-if-vs.-sap-0.5-1', "2026": 'section', "Tabs\tand  spaces": 'tabs-and-spaces',
             "[link](http://u) text": 'link-text', "Lemma 1 ($w\\mapsto\\rho$)": 'lemma-1-wmapstorho', "Mine {#my-id}": 'my-id'}
    for text, want in cases.items(): assert heading_ids(['## ' + text]) == [want], (text, heading_ids(['## ' + text]), want)
    assert heading_ids(['# Same\n\n## Same', '### Same']) == ['same', 'same-1', 'same-2']
    assert heading_ids(['```\n# a comment, not a heading\n```\n## Real']) == ['real']
    def nb(*mds): return json.dumps({'cells': [{'cell_type': 'code' if m.startswith('CODE:') else 'markdown', 'source': m.removeprefix('CODE:'), 'id': 'c'}
                                              for m in mds], 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5})
    old = NBS
    with tempfile.TemporaryDirectory() as d:
        NBS = Path(d)/'nbs'; NBS.mkdir(); (Path(d)/'data.json').write_text('{}')
        (Path(d)/'README.md').write_text('[ok](nbs/a.ipynb), [a\nwrapped one](nbs/gone.ipynb#x)\n\n```\n[code](nope)\n```')
        (NBS/'a.ipynb').write_text(nb('# A\n\n## Two words', 'See [x](#two-words), [y](b.ipynb#the-end), [z](b.ipynb), [f](../data.json), [w](https://x.org/#no)',
                                      '```\n[in code](#nowhere)\n```', '| a | b |\n|---|---|\n| 1 | `x|y` |\n| $|x|$ | 2 |'))
        (NBS/'b.ipynb').write_text(nb('# B\n\n## The end', 'Bad: [p](#two-words) [q](a.ipynb#two) [r](c.ipynb) [s](../nothing.json) [a link\nthat wraps](#nope)',
                                      'text\n| a | b |\n|---|---|\n| 1 | 2 | 3 |', 'A list:\n- one\n- two', 'Fine:\n\n- one\n  more\n- two\nlazy\n1. three',
                                      '## H\n- fine\n\nThen text\n2. not fine', 'Text\n## Not a heading\n> nor a quote\n> but a second line\n\n```\ncode\n```\n# Fine',
                                      'CODE:print(1)\nplt.plot([1]);', 'CODE:x = 1;', 'CODE:print(2); plt.show()',
                                      '## Under a heading\n| a | b |\n|---|---|', 'text\n|a|b|\n|-|-|', 'The title is no anchor: [t](a.ipynb#a)',
                                      'CODE:#| export\nimport math, os', 'CODE:import json\ndef f(a, *b, k=1):\n    try: return [x for x in b]\n    except OSError as e: return e, os\nmath.pi, json, f, sorted  # k: an argument (bound, without scopes)'))
        try: got = problems()
        finally: NBS = old
    want = ["b.ipynb, markdown cell 2, line 1: #two-words: b.ipynb has no heading with id 'two-words'",
            "b.ipynb, markdown cell 2, line 1: a.ipynb#two: a.ipynb has no heading with id 'two'",
            'b.ipynb, markdown cell 2, line 1: c.ipynb: no notebook c.ipynb in nbs/',
            'b.ipynb, markdown cell 2, line 1: ../nothing.json: no file ../nothing.json (relative to nbs/)',
            "b.ipynb, markdown cell 2, line 2: #nope: b.ipynb has no heading with id 'nope'",
            'b.ipynb, markdown cell 3, line 2: a table starts without a blank line before it (pandoc reads it as text)',
            'b.ipynb, markdown cell 3, line 4: a table row of 3 cells under a separator of 2',
            'b.ipynb, markdown cell 4, line 2: a list starts without a blank line before it (pandoc reads it as text)',
            'b.ipynb, markdown cell 6, line 5: a list starts without a blank line before it (pandoc reads it as text)',
            'b.ipynb, markdown cell 7, line 2: a heading without a blank line before it (pandoc reads it as text)',
            'b.ipynb, markdown cell 7, line 3: a block quote without a blank line before it (pandoc reads it as text)',
            'b.ipynb, markdown cell 9, line 2: a table starts without a blank line before it (pandoc reads it as text)',
            "b.ipynb, markdown cell 10, line 1: a.ipynb#a: a.ipynb has no heading with id 'a'",
            "b.ipynb, code cell c: it prints and ends with ';', so its saved outputs lose the printed lines (execnb); end it with plt.show() or without the ';'",
            "b.ipynb, code cell c: uses math, which no cell a reader sees imports or defines (the site shows an exported cell's docs, not its imports): import it in the page's first visible cell",
            "b.ipynb, code cell c: uses os, which no cell a reader sees imports or defines (the site shows an exported cell's docs, not its imports): import it in the page's first visible cell",
            "b.ipynb, code cell c: uses plt, which no cell a reader sees imports or defines (the site shows an exported cell's docs, not its imports): import it in the page's first visible cell",
            'README.md, line 2: nbs/gone.ipynb#x: no file nbs/gone.ipynb in the repository']
    assert [g.split(' (its ids')[0] for g in got] == want, got

if __name__ == '__main__':
    self_test()
    bad = problems()
    if '--pandoc' in sys.argv[1:]: bad += against_pandoc()
    for b in bad: print(b)
    n = sum(len(md_cells(nb)) for nb in NBS.glob('*.ipynb'))
    print(f'check_docs: {len(bad)} problem(s) in {len(list(NBS.glob("*.ipynb")))} notebooks ({n} markdown cells) and README.md')
    sys.exit(1 if bad else 0)
