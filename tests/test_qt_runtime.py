"""The Qt binding the project installs survives the way the app uses it.

PySide6 6.12.0 on Python 3.11 released None and True once too often per setter call and
signal emission, and the app aborted after a few hundred keystrokes. This runs that pattern
in a child process so a regression shows up as a failure, not as a crash of the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])

class Emitter(QObject):
    text = Signal(str)
    flag = Signal(bool)

emitter, label = Emitter(), QLabel()
emitter.text.connect(label.setText)
emitter.flag.connect(label.setVisible)
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for index in range(5000):
    label.setText(str(index))
    emitter.text.emit("typed")
    emitter.flag.emit(True)
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_setters_and_signals_do_not_leak_or_free_singletons() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    none_drift, true_drift = (int(value) for value in result.stdout.split())
    assert abs(none_drift) < 100 and abs(true_drift) < 100
