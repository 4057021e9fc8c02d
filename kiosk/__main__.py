"""``python -m kiosk`` is ``star-kiosk``."""

from kiosk.entry import main

raise SystemExit(main())
