"""Benchmark: start-up of the main window, against a bare PySide6 QMainWindow.

Both run as fresh processes, offscreen, in the same run: maskmeme with `--exit-after-startup`
(it quits once the main window is painted and the template gallery is filled) and a floor
script that shows an empty QMainWindow and quits after its first paint. The user folders are
temporary; the first maskmeme start (cold thumbnail cache) is reported apart, the median is
over warm starts, like every start after the first. Target: ratio of at most 1.5.

    make bench        (or: .venv/bin/python bench/startup.py [--runs N])
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.5
FLOOR = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class QuitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication([])
window = QMainWindow()
window.resize(1400, 900)
quitter = QuitOnPaint()
window.installEventFilter(quitter)
window.show()
app.exec()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for name in ("DATA", "CACHE", "CONFIG", "LOG"):
            env[f"MASKMEME_{name}_DIR"] = str(Path(scratch, name.lower()))
        app = [sys.executable, "-m", "maskmeme_gui", "--exit-after-startup"]
        floor = [sys.executable, "-c", FLOOR]
        cold = timed(app, env)
        app_times, floor_times = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            app_times.append(timed(app, env))
            floor_times.append(timed(floor, env))
    app_time, floor_time = statistics.median(app_times), statistics.median(floor_times)
    ratio = app_time / floor_time
    print(f"maskmeme start-up (window painted, templates shown): median {app_time * 1000:.0f} ms")
    print(f"  first start with an empty thumbnail cache: {cold * 1000:.0f} ms")
    print(f"bare PySide6 QMainWindow: median {floor_time * 1000:.0f} ms")
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET})")


if __name__ == "__main__":
    main()
