"""Entry point for `python -m mockserver`."""

from mockserver.run.cli import main

raise SystemExit(main())
