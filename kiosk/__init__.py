"""STAR Kiosk: a content-driven, full-screen touchscreen presenter."""

__version__ = "0.1.0"
