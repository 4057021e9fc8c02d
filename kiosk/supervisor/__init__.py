"""The watchdog process: starts the kiosk as a child, restarts it when it crashes or hangs,
resumes it on the slide it showed, backs off from a crash loop and shows a calm screen (a
program of its own, ``kiosk.runtime.calm_screen``, started as a child: this process never
loads Qt)."""
