"""The headless commands, `maskmeme render` and `maskmeme templates` (see cli.py for the
exit codes). Kept apart from the `maskmeme` entry point so that opening the window never
imports the renderer, Pillow or the project reader before the window shows."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from maskmeme_gui import __version__
from maskmeme_gui.fileio.export import ExportOptions, WriteError, export_image, format_for_path
from maskmeme_gui.fileio.images import ImageLoadError
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import PROJECT_SUFFIX, ProjectError, is_project_file, load_project
from maskmeme_gui.fileio.starters import (
    TEAR_SIDES,
    CaptionRequest,
    TearSides,
    add_captions,
    add_tears,
    document_from_photo,
    document_from_template,
    photo_tear_positions,
)
from maskmeme_gui.fileio.templates import (
    Template,
    UnknownTemplateError,
    get_template,
    load_templates,
)
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.render.compose import RenderError, render_document

EXIT_OK, EXIT_USAGE, EXIT_BAD_INPUT, EXIT_WRITE = 0, 2, 3, 4


class UsageError(Exception):
    pass


class BadInputError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _fractions(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of numbers like 0.5,0.1"
        ) from None
    if not all(0.0 <= v <= 1.0 for v in values):
        raise argparse.ArgumentTypeError(f"{text!r}: positions are fractions from 0 to 1")
    return values


def _point(text: str) -> tuple[float, float]:
    values = _fractions(text)
    if len(values) != 2:
        raise argparse.ArgumentTypeError(f"{text!r} is not a point like 0.5,0.1")
    return values[0], values[1]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="maskmeme", description="Make 'crying behind a mask' memes.")
    parser.add_argument("--version", action="version", version=f"maskmeme {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    render = commands.add_parser(
        "render",
        help="make a meme without opening the window",
        description="Render a meme from an image or a built-in template id to a PNG, JPEG, "
        "WebP or GIF file.",
    )
    render.add_argument(
        "input",
        help="an image (PNG, JPEG, WebP, GIF, BMP, TIFF), a .maskmeme project or a template id",
    )
    render.add_argument("-o", "--output", required=True, type=Path, help="the file to write")
    render.add_argument("--top", help="the top caption")
    render.add_argument("--bottom", help="the bottom caption")
    render.add_argument(
        "--caption", action="append", default=[], metavar="TEXT", help="a caption placed with --at"
    )
    render.add_argument(
        "--at",
        action="append",
        default=[],
        type=_point,
        metavar="X,Y",
        help="where the matching --caption is centred, as fractions of the picture (0.5,0.1)",
    )
    render.add_argument(
        "--tears",
        choices=TEAR_SIDES,
        help="which eyes cry (default: both; none added to a saved project)",
    )
    render.add_argument(
        "--eyes",
        type=_fractions,
        metavar="X,Y[,X,Y]",
        help="where the eyes are on a photo, as fractions (default: a typical portrait)",
    )
    render.add_argument("--template", help="use this template's captions and tears on INPUT")
    render.add_argument("--width", type=int, help="the width of the output in pixels")
    render.add_argument(
        "--quality", type=int, default=92, help="JPEG and WebP quality, 1-100 (default 92)"
    )

    commands.add_parser("templates", help="list the built-in templates")
    return parser


def list_templates() -> int:
    for template in load_templates():
        keywords = ", ".join(template.keywords)
        print(f"{template.id:<16} {template.name} — {keywords}")
    return EXIT_OK


def _caption_requests(args: argparse.Namespace) -> list[CaptionRequest]:
    if len(args.caption) != len(args.at):
        raise UsageError("each --caption needs one --at X,Y")
    requests = [CaptionRequest(text, slot="top") for text in [args.top] if text]
    requests += [CaptionRequest(text, slot="bottom") for text in [args.bottom] if text]
    requests += [
        CaptionRequest(text, at=at) for text, at in zip(args.caption, args.at, strict=True)
    ]
    return requests


def _find_template(template_id: str) -> Template:
    try:
        return get_template(template_id)
    except UnknownTemplateError as exc:
        raise UsageError(str(exc.args[0])) from None


def _open_input(args: argparse.Namespace) -> tuple[MemeDocument, Template | None, bool]:
    """The starting document, the template whose layout applies, and whether it is a saved
    project (which keeps its own tears unless --tears asks for more)."""
    source = Path(args.input)
    template = _find_template(args.template) if args.template else None
    is_project = source.suffix.lower() == PROJECT_SUFFIX or (
        source.is_file() and is_project_file(source)
    )
    try:
        if is_project:
            return load_project(source), template, True
        if source.exists():
            # The photo decodes during the render, beside the layers (errors still exit 3).
            return document_from_photo(source, decode_now=False), template, False
    except (ImageLoadError, ProjectError) as exc:
        raise BadInputError(str(exc)) from None
    if template is None and args.input in {t.id for t in load_templates()}:
        template = get_template(args.input)
        return document_from_template(template), template, False
    raise BadInputError(f"{args.input}: no such file or template (see `maskmeme templates`)")


def build_document(args: argparse.Namespace) -> MemeDocument:
    """The meme the render command describes."""
    if args.eyes is not None and len(args.eyes) not in (2, 4):
        raise UsageError("--eyes takes one or two points: X,Y or X,Y,X,Y")
    doc, template, is_project = _open_input(args)
    slots = template.caption_slots if template else CLASSIC_SLOTS
    add_captions(doc, _caption_requests(args), tuple(slots))
    sides: TearSides = args.tears or ("none" if is_project else "both")
    if template is not None and args.eyes is None:
        positions = list(template.tear_positions)
    else:
        eyes = args.eyes or (0.40, 0.42, 0.60, 0.42)
        positions = photo_tear_positions(tuple(zip(eyes[::2], eyes[1::2], strict=True)))
    add_tears(doc, positions, sides)
    return doc


def render_command(args: argparse.Namespace) -> int:
    try:
        options = ExportOptions(format=format_for_path(args.output), quality=args.quality)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not 1 <= args.quality <= 100:
        raise UsageError("--quality must be between 1 and 100")
    if args.width is not None and not 16 <= args.width <= 20000:
        raise UsageError("--width must be between 16 and 20000 pixels")
    doc = build_document(args)
    scale = args.width / doc.canvas_size[0] if args.width else 1.0
    try:
        image = render_document(doc, scale)
    except (RenderError, ImageLoadError) as exc:
        raise BadInputError(str(exc)) from None
    export_image(image, args.output, options)
    return EXIT_OK


def run_headless(argv: Sequence[str]) -> int:
    try:
        args = build_parser().parse_args(list(argv))
        if args.command == "templates":
            return list_templates()
        return render_command(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except BadInputError as exc:
        return fail(str(exc), EXIT_BAD_INPUT)
    except (WriteError, OSError) as exc:
        return fail(str(exc), EXIT_WRITE)


def fail(message: str, code: int) -> int:
    print(f"maskmeme: {message}", file=sys.stderr)
    return code
