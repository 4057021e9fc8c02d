"""The Qt-free core: the content model and validator, the deck state machine, the event
schema, opening hours, the PIN, built-in texts. Nothing here imports Qt (an import-linter
contract in pyproject.toml enforces it), so all of it is tested without a display and the
supervisor and ``validate`` use it without loading Qt."""
