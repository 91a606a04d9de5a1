"""The tear styles: each module paints one look (`realistic`, `cartoon`, `flood`, `single`)
with the shapes and masks of `kit`. `render/tears.py` picks one from its table by the layer's
`style`, so a new style is a module here and a row there."""
