"""Allow ``python -m qualitycheck``."""

from qualitycheck.cli import main

raise SystemExit(main())
