"""The meme document and its undoable edits: pure Python, no Qt and no Pillow."""
