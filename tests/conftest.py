import os

# Qt must pick its platform plugin before the first QApplication exists: tests run
# headless by default. Tests that need a real X server start Xvfb and set DISPLAY.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
