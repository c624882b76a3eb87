"""Write a SYNTHETIC data folder for benchmarks: the shipped tables plus N invented court records
(`desertion.synthetic`, which marks them NOT REAL in their own source row).

Never point this at data/.

    python bench/generate.py 1000000 /tmp/bench-data
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `python bench/generate.py` puts bench/ first

from desertion.synthetic import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    path = generate(args.rows, args.out)
    print(f"{path}: {args.rows:,} synthetic court records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
