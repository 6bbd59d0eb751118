"""kiennghi: the ward's petitions, from the MTTQ's sheet to the conclusion notice and beyond.

The package root is the domain core (model, configuration, store, rules). It imports no
Textual and no file format: `kiennghi.io` reads and writes files, `kiennghi.tui` is the app,
and `kiennghi.cli` wires them together.
"""

__version__ = "0.1.0"
