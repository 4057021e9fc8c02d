"""``python -m kiosk`` is ``star-kiosk``."""

from kiosk.cli import main

raise SystemExit(main())
