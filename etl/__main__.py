"""`python -m etl init|load|demo|rebuild|export` — DESIGN §9."""

from etl.cli import main

raise SystemExit(main())
