"""The file name suffix of maskmeme's own files, in a module with no imports, so the modules the
window needs before its first paint can name project files without loading the project reader
(and Pillow behind it)."""

PROJECT_SUFFIX = ".maskmeme"
