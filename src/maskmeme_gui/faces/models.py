"""The three networks, loaded once, on first use, and shared under a lock (an OpenCV network is
not safe to run from two threads at once)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maskmeme_gui.locate import MissingResourceError, resource_path

DETECTOR_FILE = "centerface.onnx"
LANDMARKS_FILE = "face_landmark.tflite"
IRIS_FILE = "iris_landmark.tflite"
_DETECTOR_COPIES = 4
_PROBE_SIDE = 32


class FaceModelError(RuntimeError):
    """Face finding cannot run here: a model file or OpenCV is missing or broken."""


@dataclass
class Networks:
    detector_path: Path
    landmarks: Any  # cv2.dnn.Net
    iris: Any  # cv2.dnn.Net
    lock: threading.Lock = field(default_factory=threading.Lock)
    _detectors: dict[tuple[int, int], Any] = field(default_factory=dict)

    def detector(self, shape: tuple[int, int]) -> Any:
        """The detector for inputs of one (height, width): OpenCV keeps the first input's
        shape inside a loaded network and answers later shapes wrongly, so each shape gets its
        own copy (21 ms to load; a handful of shapes in practice)."""
        import cv2

        if shape not in self._detectors:
            if len(self._detectors) >= _DETECTOR_COPIES:
                self._detectors.pop(next(iter(self._detectors)))
            self._detectors[shape] = _read(cv2.dnn.readNetFromONNX, self.detector_path)
        return self._detectors[shape]


_loaded: Networks | None = None
_loading = threading.Lock()


def networks() -> Networks:
    """The loaded networks; raises FaceModelError with one sentence saying what is wrong."""
    global _loaded
    with _loading:
        if _loaded is None:
            _loaded = _load()
        return _loaded


def _load() -> Networks:
    try:
        import cv2
    except ImportError as exc:
        raise FaceModelError(f"face finding needs OpenCV, which is not installed ({exc})") from None
    try:
        detector_path = resource_path("models", DETECTOR_FILE)
        landmarks_path = resource_path("models", LANDMARKS_FILE)
        iris_path = resource_path("models", IRIS_FILE)
    except MissingResourceError as exc:
        raise FaceModelError(str(exc)) from None
    networks = Networks(
        detector_path,
        _read(cv2.dnn.readNetFromTFLite, landmarks_path),
        _read(cv2.dnn.readNetFromTFLite, iris_path),
    )
    networks.detector((_PROBE_SIDE, _PROBE_SIDE))  # a damaged detector fails here, not later
    return networks


def _read(reader: Callable[[str], Any], path: Path) -> Any:
    import cv2

    try:
        return reader(str(path))
    except cv2.error:
        # OpenCV's own text names C++ source files: of no use to the person reading this.
        raise FaceModelError(
            f"the face-finding model {path.name} is damaged: OpenCV cannot read it"
        ) from None


def forget_networks() -> None:
    """Drop the loaded networks (tests that swap the model files use this)."""
    global _loaded
    with _loading:
        _loaded = None
