#!/usr/bin/env python3
"""Entry point of bin/fcrp-compare (Python 3.9+, standard library only)."""

import os
import sys

sys.dont_write_bytecode = True  # keep the checkout free of __pycache__ directories
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fcrpcompare.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
