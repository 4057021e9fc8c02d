"""The box report: every box a laid-out slide view (or its open detail) drew, for the audit.

The widgets themselves are the record: every content text is a label made by
:func:`~kiosk.runtime.theme.make_label` (it carries the text as written and how the fit went),
pictures are :class:`PictureBox` es, the QR code is a :class:`QrCode` whose white tile is its
quiet zone, cards, nodes and milestones are :class:`Panel` s, and drawn motifs are
:class:`ProgressDrawn` s. What a view paints itself (a chart's bars and value labels, a
full-bleed photo and its scrims) it reports through the hooks of
:class:`~kiosk.runtime.slides.base.SlideView` (``drawn_boxes``, ``photo_under_texts``,
``scrim_rects``). The boxes go to the pure audit in :mod:`kiosk.core.layout_audit`.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.layout_audit import Box, Rect
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.text_fit import (
    CUT_PROPERTY,
    FITTED_PROPERTY,
    TOO_WIDE_PROPERTY,
    lines_needed,
    plain_text,
)
from kiosk.runtime.theme import CONTENT_PROPERTY, DESIGNED_PROPERTY
from kiosk.runtime.widgets.count_up import CountUpLabel
from kiosk.runtime.widgets.drawn import ProgressDrawn
from kiosk.runtime.widgets.panel import Panel
from kiosk.runtime.widgets.picture_box import PictureBox
from kiosk.runtime.widgets.qr import QrCode
from kiosk.runtime.widgets.rotated_text import RotatedText

KIND_PROPERTY = "box_kind"
"""Label property: the kind its box is reported as (``category``, ``value``); default text."""
SCRIM_PROPERTY = "on_scrim"
"""Widget property: drawn over other content on purpose, on a scrim that keeps contrast."""


def as_rect(rect: QRect) -> Rect:
    """A Qt rectangle as the audit's :class:`Rect`."""
    return Rect(rect.x(), rect.y(), rect.width(), rect.height())


def _on_slide(widget: QWidget, view: QWidget, rect: QRect | None = None) -> QRect:
    """``rect`` (default: the whole widget) in ``view``'s pixels, clipped to what its parents
    leave visible (a label cut by its card shows only the part inside it)."""
    local = rect if rect is not None else widget.rect()
    room = QRect(widget.mapTo(view, local.topLeft()), local.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not view:
        room &= QRect(parent.mapTo(view, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return room


def slide_boxes(view: SlideView, root: QWidget | None = None, *, language: str = "en",
                floor_px: int = 0) -> list[Box]:
    """Every box drawn under ``root`` (default: the whole ``view``, its detail left out),
    in ``view``'s pixels, in painting order."""
    root = root if root is not None else view
    detail = view.detail
    ids: dict[int, int] = {}
    boxes: list[Box] = []

    def ident(widget: QWidget) -> int:
        return ids.setdefault(id(widget), len(ids) + 1)

    def owner(widget: QWidget) -> int | None:
        parent = widget.parentWidget()
        while parent is not None and parent is not view:
            if isinstance(parent, Panel) and id(parent) in ids:
                return ids[id(parent)]
            parent = parent.parentWidget()
        return None

    widgets = [root, *root.findChildren(QWidget)] if root is not view else \
        view.findChildren(QWidget)
    # A photo the view paints itself under its texts (a full-bleed picture slide), and the
    # gradients over it that keep text readable: texts may sit on it only there.
    scrims = [as_rect(rect) for rect in view.scrim_rects()] if root is view else []
    if root is view and view.photo_under_texts():
        boxes.append(Box(0, "picture", Rect(0, 0, view.width(), view.height()),
                         name="the photo", free=True))
    for widget in widgets:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if root is view and detail is not None and (widget is detail
                                                    or detail.isAncestorOf(widget)):
            continue
        scrim = bool(widget.property(SCRIM_PROPERTY))
        if isinstance(widget, QLabel):
            if widget.property(CONTENT_PROPERTY) is None:
                continue
            box = _text_box(widget, view, ident(widget), owner(widget), language, floor_px,
                            scrim)
            if any(box.rect.inside(area, 0) for area in scrims):
                box = replace(box, scrim=True)
            boxes.append(box)
        elif isinstance(widget, PictureBox):
            drawn = widget.rect()
            if widget.pixmap is not None and not widget.pixmap.isNull():
                size = widget.pixmap.size()
                drawn = QRect((widget.width() - size.width()) // 2,
                              (widget.height() - size.height()) // 2, size.width(),
                              size.height()) & widget.rect()
            boxes.append(Box(ident(widget), "picture", as_rect(_on_slide(widget, view, drawn)),
                             name="the picture", owner=owner(widget), scrim=scrim))
        elif isinstance(widget, QrCode):
            boxes.append(Box(ident(widget), "qr", as_rect(_on_slide(widget, view)),
                             name="the QR code", owner=owner(widget)))
        elif isinstance(widget, Panel):
            boxes.append(Box(ident(widget), "panel", as_rect(_on_slide(widget, view)),
                             content=_first_text(widget), owner=owner(widget), scrim=scrim,
                             round=bool(widget.property("round"))))
        elif isinstance(widget, RotatedText):
            drawn_text = widget.drawn_rect().toAlignedRect()
            boxes.append(Box(ident(widget), "category",
                             as_rect(_on_slide(widget, view, drawn_text)),
                             owner=owner(widget), content=widget.text, language=language,
                             px=widget.font_size(), designed_px=widget.font_size(),
                             cut_lines=int(widget.cut)))
        elif isinstance(widget, CountUpLabel):
            # A tile too small for its number squeezes the label, and Qt clips the digits.
            boxes.append(Box(ident(widget), "figure", as_rect(_on_slide(widget, view)),
                             name="a figure", owner=owner(widget), content=widget.final_text(),
                             cut_lines=int(widget.clipped())))
        elif isinstance(widget, ProgressDrawn):
            boxes.append(Box(ident(widget), "decoration", as_rect(_on_slide(widget, view)),
                             owner=owner(widget), round=bool(widget.property("round")),
                             motif=bool(widget.property("motif")),
                             inner=int(widget.property("inner_radius") or 0)))
    if root is view:
        start = len(ids) + 1
        for number, box in enumerate(view.drawn_boxes()):
            boxes.append(replace(box, ident=start + number))
    return boxes


def _first_text(panel: Panel) -> str:
    """The panel's longest text, which names it (a measure's label, not its number)."""
    texts = [label.property(CONTENT_PROPERTY) for label in panel.findChildren(QLabel)]
    return max((t for t in texts if isinstance(t, str)), key=len, default="")


def _text_box(label: QLabel, view: QWidget, ident: int, owner: int | None, language: str,
              floor_px: int, scrim: bool) -> Box:
    size = label.font().pixelSize()
    lines = lines_needed(label, label.width()) or [(0, 1)]
    per_line = max(1, math.ceil(len(plain_text(label)) / len(lines)))
    panel = label.parentWidget()
    while panel is not None and not isinstance(panel, Panel) and panel is not view:
        panel = panel.parentWidget()
    below_picture = isinstance(panel, Panel) and any(
        picture.isVisibleTo(panel) and picture.mapTo(panel, QPoint(0, 0)).y()
        < label.mapTo(panel, QPoint(0, 0)).y() for picture in panel.findChildren(PictureBox))
    kind = label.property(KIND_PROPERTY) or "text"
    cut = int(label.property(CUT_PROPERTY) or 0)
    if not cut and label.wordWrap() and label.width() > 0:
        # Judged on what is finally drawn, not on what the fitting believed: a text that
        # now needs more lines than its label shows is cut, whoever cut it.
        spacing = max(1, label.fontMetrics().lineSpacing())
        hidden = label.heightForWidth(label.width()) - label.height()
        if hidden > spacing // 2:
            cut = max(1, round(hidden / spacing))
    return Box(
        ident, str(kind), as_rect(_on_slide(label, view, label.contentsRect())),
        owner=owner, content=str(label.property(CONTENT_PROPERTY)), language=language,
        px=size, designed_px=int(label.property(DESIGNED_PROPERTY) or size),
        fitted_px=int(label.property(FITTED_PROPERTY) or size),
        floor_px=floor_px, cut_lines=cut,
        too_wide=bool(label.property(TOO_WIDE_PROPERTY)), chars_per_line=per_line,
        below_picture=below_picture, scrim=scrim)

