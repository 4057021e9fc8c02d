"""``validate``'s picture pass: every picture the deck accepts is proven to draw.

The reader notes each picture as it meets it (:meth:`DeckPictures.add`); once the settings
are known (their screens give the box pictures are scaled for), :meth:`DeckPictures.prove`
decodes them all in limited children, a few at a time, and returns a located problem for
each one that will not draw. A picture already decoded (same bytes, same box) answers from
the cache at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.core.content import picture_cache
from kiosk.core.content.images import PictureCheck, inspect_picture, picture_kind
from kiosk.core.content.picture_proof import decode_box, prove_all, proven
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node


@dataclass
class DeckPictures:
    """The pictures a deck references, with where each is named (first mention reports)."""

    places: dict[str, list[tuple[Node, str, str]]] = field(default_factory=dict)
    screens: tuple[str, ...] = ()
    """The deck's ``screens`` once its settings are read: the box pictures are scaled for."""

    def inspect(self, path: str) -> PictureCheck:
        """:func:`inspect_picture`, unless the picture is already proven by decoding (the
        same bytes, for the same screens, its size noted): then its structure is not read
        again, so a re-validation of a deck of big pictures (hot reload, the last-good copy)
        costs a hash per picture. Raises only OSError."""
        box = decode_box(self.screens)
        if proven(path, box) is not None:
            size = picture_cache.source_size(picture_cache.content_hash(path), box)
            if size is not None:
                with open(path, "rb") as handle:
                    return PictureCheck(picture_kind(handle.read(512)), "", "", *size)
        return inspect_picture(path)

    def add(self, path: str, node: Node, where: str, shown: str) -> None:
        """Note the picture at ``path``, named at ``node`` (``where``, as ``shown``)."""
        self.places.setdefault(path, []).append((node, where, shown))

    def prove(self) -> list[Problem]:
        """Decode every noted picture for the largest of the deck's screens; a problem at
        each place that names a picture that will not draw."""
        proofs = prove_all(self.places, decode_box(self.screens))
        problems = []
        for path, proof in proofs.items():
            if proof.ok:
                continue
            for node, where, shown in self.places[path]:
                problems.append(node.problem(f"{where}: '{shown}' {proof.problem}", proof.hint))
        return problems
