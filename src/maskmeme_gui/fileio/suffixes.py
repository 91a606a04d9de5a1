"""The file name suffixes of the pictures and projects maskmeme opens, in a module with no imports,
so the modules the window needs before its first paint can sort files by name without loading
the image loader or the project reader (and Pillow behind them). The loader still checks every
file's content: a name only says which files are worth trying."""

PROJECT_SUFFIX = ".maskmeme"
IMAGE_SUFFIXES = frozenset(
    {
        ".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".gif", ".bmp", ".dib",
        ".tif", ".tiff",
    }
)  # fmt: skip
