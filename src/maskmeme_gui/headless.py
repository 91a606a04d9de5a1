"""The headless commands, `maskmeme render`, `maskmeme faces` and `maskmeme templates` (see
cli.py for the exit codes). Kept apart from the `maskmeme` entry point so that opening the
window never imports the renderer, Pillow or the project reader before the window shows."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from maskmeme_gui import __version__
from maskmeme_gui.faces.models import FaceModelError
from maskmeme_gui.fileio.animation_export import export_meme
from maskmeme_gui.fileio.export import ExportError, ExportOptions, WriteError, format_for_path
from maskmeme_gui.fileio.face_finding import FoundFaces, find_faces_in_file
from maskmeme_gui.fileio.face_layers import builtin_mask, mask_for_face, tears_for_face
from maskmeme_gui.fileio.images import ImageLoadError
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.problems import reason_for_os_error
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
from maskmeme_gui.fileio.stickers import UnknownStickerError, get_sticker, load_stickers
from maskmeme_gui.fileio.templates import (
    Template,
    UnknownTemplateError,
    get_template,
    load_templates,
)
from maskmeme_gui.locate import ResourceError
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.faces import Face
from maskmeme_gui.model.layers import TEAR_STYLES, TearLayer
from maskmeme_gui.model.serialize import MAX_LOOP_MS, MAX_TEXT, MIN_LOOP_MS
from maskmeme_gui.quoting import quoted, shortened, unsavable_text
from maskmeme_gui.render.compose import RenderError

EXIT_OK, EXIT_USAGE, EXIT_BAD_INPUT, EXIT_WRITE, EXIT_INSTALL = 0, 2, 3, 4, 5
MAX_MESSAGE = 400  # characters of an error message: a few lines of a terminal
DEFAULT_MASK = "surgical-mask"


class UsageError(Exception):
    pass


class BadInputError(Exception):
    pass


class InstallError(Exception):
    """Part of maskmeme itself is missing or broken (a model file, OpenCV)."""


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
        "WebP or GIF file. An animated INPUT (GIF, WebP, APNG) stays animated in a GIF, WebP "
        "or PNG (APNG) output; a JPEG output holds its first frame.",
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
        choices=("auto", *TEAR_SIDES),
        default="auto",
        help="which eyes cry (default auto: both eyes of every face found on a photo, the "
        "template's tears, none added to a saved project)",
    )
    render.add_argument(
        "--eyes",
        type=_fractions,
        metavar="X,Y[,X,Y]",
        help="where the eyes are on a photo, as fractions (default: the eyes found on it)",
    )
    render.add_argument(
        "--tear-style",
        choices=TEAR_STYLES,
        default="realistic",
        help="how the tears the command adds look (default realistic)",
    )
    render.add_argument(
        "--mask",
        default="none",
        metavar="auto|none|STICKER",
        help="put a mask on every face found: auto is the surgical mask; or a built-in mask's "
        "id, such as cloth-mask (default none)",
    )
    render.add_argument("--template", help="use this template's captions and tears on INPUT")
    render.add_argument("--width", type=int, help="the width of the output in pixels")
    render.add_argument(
        "--quality", type=int, default=92, help="JPEG and WebP quality, 1-100 (default 92)"
    )
    render.add_argument(
        "--animate",
        action="store_true",
        help="make the tears the command adds flow, in a loop (a GIF, WebP or PNG output)",
    )
    render.add_argument(
        "--duration",
        type=float,
        metavar="SECONDS",
        help="the loop's length for --animate on a still picture (default 2)",
    )
    render.add_argument(
        "--fit-under",
        type=float,
        metavar="MB",
        help="make the file smaller than this many megabytes (fewer colours, a lower quality, "
        "a smaller picture, fewer frames), and say what changed",
    )

    faces = commands.add_parser(
        "faces",
        help="list the faces found on a photo",
        description="Find the faces on a photo: each face's box, eye centres and score, in the "
        "pixels of the picture as shown (after its EXIF orientation).",
    )
    faces.add_argument("photo", type=Path, help="an image (PNG, JPEG, WebP, GIF, BMP, TIFF)")
    faces.add_argument("--json", action="store_true", help="print JSON instead of lines")

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
    for flag, texts in (
        ("--top", [args.top]),
        ("--bottom", [args.bottom]),
        ("--caption", args.caption),
    ):
        for text in texts:
            if text is not None and len(text) > MAX_TEXT:
                raise BadInputError(
                    f"the {flag} caption has {len(text)} characters, over the limit of "
                    f"{MAX_TEXT}; shorten it"
                )
    requests = [CaptionRequest(text, slot="top") for text in [args.top] if text]
    requests += [CaptionRequest(text, slot="bottom") for text in [args.bottom] if text]
    requests += [
        CaptionRequest(text, at=at) for text, at in zip(args.caption, args.at, strict=True)
    ]
    for request in requests:
        problem = unsavable_text("the caption", request.text)
        if problem:  # bytes of the argument that were not UTF-8
            raise BadInputError(problem)
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
    try:
        is_project = source.suffix.lower() == PROJECT_SUFFIX or (
            source.is_file() and is_project_file(source)
        )
        if is_project:
            return load_project(source), template, True
        if source.exists():
            # The photo decodes during the render, beside the layers (errors still exit 3).
            return document_from_photo(source, decode_now=False), template, False
    except (ImageLoadError, ProjectError) as exc:
        raise BadInputError(str(exc)) from None
    except OSError as exc:  # a name no file can have, such as one past 255 bytes
        raise BadInputError(f"{quoted(args.input)}: {reason_for_os_error(exc, 'a file')}") from None
    if template is None and args.input in {t.id for t in load_templates()}:
        template = get_template(args.input)
        return document_from_template(template), template, False
    raise BadInputError(
        f"{quoted(args.input)}: no such file or template (see `maskmeme templates`)"
    )


def build_document(args: argparse.Namespace) -> MemeDocument:
    """The meme the render command describes."""
    if args.eyes is not None and len(args.eyes) not in (2, 4):
        raise UsageError("--eyes takes one or two points: X,Y or X,Y,X,Y")
    mask = _mask_choice(args.mask)
    doc, template, is_project = _open_input(args)
    slots = template.caption_slots if template else CLASSIC_SLOTS
    add_captions(doc, _caption_requests(args), tuple(slots))
    sides: TearSides = ("none" if is_project else "both") if args.tears == "auto" else args.tears
    is_photo = template is None and not is_project
    looks_for_faces = is_photo and args.eyes is None and (sides != "none" or mask is not None)
    faces = _faces_for_render(Path(args.input)) if looks_for_faces else []
    if mask is not None:
        _put_on_masks(doc, faces, mask)
    before = len(doc.layers)
    if faces:
        wanted = {"both": (0, 1), "left": (0,), "right": (1,)}.get(sides, ())
        for face in faces:
            tears = tears_for_face(doc, face)
            doc.layers.extend(tears[i] for i in wanted)
    else:
        if template is not None and args.eyes is None:
            positions = list(template.tear_positions)
        else:
            eyes = args.eyes or (0.40, 0.42, 0.60, 0.42)
            positions = photo_tear_positions(tuple(zip(eyes[::2], eyes[1::2], strict=True)))
        add_tears(doc, positions, sides)
    for layer in doc.layers[before:]:
        if isinstance(layer, TearLayer):
            layer.style = args.tear_style
            if args.animate:
                layer.flow = True
    if args.duration is not None:
        doc.loop_ms = round(args.duration * 1000)
    return doc


def _mask_choice(value: str) -> str | None:
    if value == "none":
        return None
    sticker_id = DEFAULT_MASK if value == "auto" else value
    masks = [sticker.id for sticker in load_stickers() if sticker.face_box is not None]
    if sticker_id not in masks:
        raise UsageError(f"--mask takes auto, none or a mask: {', '.join(masks)}")
    return sticker_id


def _faces_for_render(photo: Path) -> list[Face]:
    """The faces on the photo; none found (or no face finding here) is said in one line and
    the render goes on with a typical portrait's eyes."""
    try:
        found = find_faces_in_file(photo).faces
    except ImageLoadError as exc:
        raise BadInputError(str(exc)) from None
    except FaceModelError as exc:
        print(f"maskmeme: {exc}; tears go where a portrait's eyes usually are", file=sys.stderr)
        return []
    if not found:
        print(
            f"maskmeme: no face found in {photo.name}; tears go where a portrait's eyes "
            "usually are",
            file=sys.stderr,
        )
    return found


def _put_on_masks(doc: MemeDocument, faces: list[Face], sticker_id: str) -> None:
    try:
        art = get_sticker(sticker_id)
    except UnknownStickerError as exc:
        raise UsageError(str(exc)) from None
    sticker = builtin_mask(art)
    doc.assets.setdefault(sticker.asset, sticker.png)
    doc.layers.extend(mask_for_face(doc, face, sticker, art.face_box) for face in faces)


def faces_command(args: argparse.Namespace) -> int:
    try:
        found = find_faces_in_file(args.photo)
    except ImageLoadError as exc:
        raise BadInputError(str(exc)) from None
    except FaceModelError as exc:
        raise InstallError(str(exc)) from None
    if args.json:
        print(json.dumps(faces_as_json(found)))
    elif not found.faces:
        print(f"no face found in {args.photo.name}")
    else:
        for number, face in enumerate(found.faces, start=1):
            x, y, w, h = (round(v) for v in face.box)
            eyes = ", ".join(f"({round(ex)}, {round(ey)})" for ex, ey in face.eyes)
            print(f"face {number}: {w}x{h} at ({x}, {y}), eyes {eyes}, score {face.score:.2f}")
    return EXIT_OK


def faces_as_json(found: FoundFaces) -> dict[str, object]:
    def point(p: tuple[float, float]) -> list[float]:
        return [round(p[0], 1), round(p[1], 1)]

    return {
        "width": found.size[0],
        "height": found.size[1],
        "faces": [
            {
                "box": [round(v, 1) for v in face.box],
                "eyes": [point(face.eyes[0]), point(face.eyes[1])],
                "score": round(face.score, 3),
                "nose": point(face.nose),
                "mouth": point(face.mouth),
                "tilt": round(face.tilt, 1),
            }
            for face in found.faces
        ],
    }


def render_command(args: argparse.Namespace) -> int:
    try:
        options = ExportOptions(format=format_for_path(args.output), quality=args.quality)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not 1 <= args.quality <= 100:
        raise UsageError("--quality must be between 1 and 100")
    if args.width is not None and not 16 <= args.width <= 20000:
        raise UsageError("--width must be between 16 and 20000 pixels")
    if args.duration is not None and not MIN_LOOP_MS <= args.duration * 1000 <= MAX_LOOP_MS:
        raise UsageError(
            f"--duration must be between {MIN_LOOP_MS / 1000:g} and {MAX_LOOP_MS / 1000:g} seconds"
        )
    if args.fit_under is not None and not args.fit_under > 0:
        raise UsageError("--fit-under must be a positive number of megabytes")
    options = ExportOptions(format=options.format, quality=options.quality, width=args.width)
    doc = build_document(args)
    fit_under = round(args.fit_under * 1_000_000) if args.fit_under is not None else None
    try:
        result = export_meme(doc, args.output, options, fit_under_bytes=fit_under)
    except (RenderError, ImageLoadError, ExportError) as exc:
        raise BadInputError(str(exc)) from None
    if result.message:
        print(f"maskmeme: {result.message}", file=sys.stderr)
    return EXIT_OK


def run_headless(argv: Sequence[str]) -> int:
    try:
        args = build_parser().parse_args(list(argv))
        if args.command == "templates":
            return list_templates()
        if args.command == "faces":
            return faces_command(args)
        return render_command(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except BadInputError as exc:
        return fail(str(exc), EXIT_BAD_INPUT)
    except (InstallError, ResourceError) as exc:
        return fail(f"{exc} (maskmeme's installation is incomplete or damaged)", EXIT_INSTALL)
    except (WriteError, OSError) as exc:
        return fail(str(exc), EXIT_WRITE)


def fail(message: str, code: int) -> int:
    # Shortened: a message may quote an argument thousands of characters long (argparse does).
    print(f"maskmeme: {shortened(message, MAX_MESSAGE)}", file=sys.stderr)
    return code
