"`python -m incop ...`: the `incop` command line (incop.cli.main)."
import sys
from incop.cli import main

if __name__ == '__main__': sys.exit(main())
