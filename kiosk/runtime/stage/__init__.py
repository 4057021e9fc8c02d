"""The stage and its parts: the pure strip geometry, the view cache, the Qt widget.

``strip`` (no Qt: importing it loads no Qt, so this package imports nothing itself) says
where every slide view sits during a push or a drag; ``cache`` builds and keeps the views;
``stage`` is the widget that applies the strip's numbers to the views and animates.
"""
