from __future__ import annotations

import sys

from lint_corpus.cli import main

sys.exit(main())
