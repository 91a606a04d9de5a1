"""Finding faces, eyes, nose and mouth in a picture, offline (see docs/FACES.md).

No Qt here. OpenCV and the models load on the first call, never on import, so the window can
import this package's names without paying for them before its first paint.
"""
