"""maskmeme: view and make "crying behind a mask" memes."""

__version__ = "0.1.0"
