"""``validate``'s picture pass: every picture the deck accepts is proven to draw.

The reader notes each picture as it meets it (:meth:`DeckPictures.add`); once the settings
are known (their screens give the box pictures are scaled for), :meth:`DeckPictures.prove`
decodes them all in limited children, a few at a time, and returns a located problem for
each one that will not draw. A picture already decoded (same bytes, same box) answers from
the cache at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kiosk.core.content.loader import Node
from kiosk.core.content.picture_proof import decode_box, prove_all
from kiosk.core.content.problems import Problem


@dataclass
class DeckPictures:
    """The pictures a deck references, with where each is named (first mention reports)."""

    places: dict[str, list[tuple[Node, str, str]]] = field(default_factory=dict)

    def add(self, path: str, node: Node, where: str, shown: str) -> None:
        """Note the picture at ``path``, named at ``node`` (``where``, as ``shown``)."""
        self.places.setdefault(path, []).append((node, where, shown))

    def prove(self, screens: Iterable[str]) -> list[Problem]:
        """Decode every noted picture for the largest of ``screens``; a problem at each
        place that names a picture that will not draw."""
        proofs = prove_all(self.places, decode_box(screens))
        problems = []
        for path, proof in proofs.items():
            if proof.ok:
                continue
            for node, where, shown in self.places[path]:
                problems.append(node.problem(f"{where}: '{shown}' {proof.problem}", proof.hint))
        return problems
