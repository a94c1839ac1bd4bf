"""incop: iterative magnitude pruning (LTH, SAP, InCoP-IF, InCoP-GF) that stops retraining early.

The main entry points are importable from the package itself, loaded on first use (so `import incop` stays light and
the `incop` command starts fast): `incop.IMPConfig`, `incop.run_imp`, `incop.compare`, `incop.load_result`,
`incop.load_ticket`, `incop.export_ticket`, `incop.preset`, `incop.get_data`, `incop.get_model`, `incop.load_runs`,
`incop.comparison_table`, the stopping criteria (`FlowStop`, `FixedEpochs`,
`ValAccuracyRecovered`, `Patience`, `AnyOf`), and every module (`incop.cli`, `incop.imp`, ...) as an attribute.

This file is the one module written by hand, not exported from a notebook: nbdev 2.4.14 cannot export a cell to an
`__init__.py` (`#| export __init__` fails in nbdev.maker.update_var on a module without `__all__`). index.ipynb tests it."""
__version__ = "0.2.5"

import importlib as _importlib

_MODULES = ('core', 'data', 'models', 'pqi', 'prune', 'connectivity', 'gradflow', 'theory', 'imp', 'experiments', 'cli')
_API = {**{n: 'imp' for n in ('IMPConfig', 'run_imp', 'compare', 'Result', 'load_result', 'load_ticket', 'export_ticket',
                              'FlowStop', 'FixedEpochs', 'ValAccuracyRecovered', 'Patience', 'AnyOf', 'TrainingDiverged', 'RunLocked')},
        'preset': 'cli', 'get_data': 'data', 'get_model': 'models', 'load_runs': 'experiments', 'comparison_table': 'experiments'}

__all__ = sorted(_API)   # `from incop import *`: the entry points (their modules are imported then)

def __getattr__(name):   # PEP 562: a module or an entry point, imported when first asked for
    if name in _MODULES: return _importlib.import_module(f'{__name__}.{name}')
    if name in _API: return getattr(_importlib.import_module(f'{__name__}.{_API[name]}'), name)
    raise AttributeError(f"module 'incop' has no attribute {name!r}; its modules are {', '.join(_MODULES)}, "
                         f"and it gives {', '.join(sorted(_API))} from them")

def __dir__(): return sorted({*globals(), *_MODULES, *_API})
