"""`python -m desertion …`: see `desertion.cli`."""

import sys

from desertion.cli import main

sys.exit(main())
