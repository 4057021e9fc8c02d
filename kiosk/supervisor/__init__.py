"""The watchdog process: starts the kiosk as a child, restarts it when it crashes or hangs,
resumes it on the slide it showed, backs off from a crash loop and shows a calm screen."""
