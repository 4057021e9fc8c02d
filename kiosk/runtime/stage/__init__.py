"""The stage and its parts: the slide strip, the view cache, the Qt widget.

The slide strip lives here whole: ``strip`` (no Qt: importing it loads no Qt, so this package
imports nothing itself) says where every slide view sits during a push or a drag;
``painters`` holds the one strip-painter interface, the pictures both painters share and the
raster painter; ``gpu`` the OpenGL painter. ``cache`` builds and keeps the views; ``stage`` is
the widget that applies the strip's numbers to the views and the painter, and animates.
"""
