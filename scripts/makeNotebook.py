"""Writes a clean (output-free) notebook from a compact cell list: used to author notebooks/*.ipynb.

    /usr/bin/python3 scripts/makeNotebook.py spec.json notebooks/NAME.ipynb

spec.json: {"cells": [["md", "text"], ["code", "source"], ["params", "source"], ...]}
"""
import json
import sys

spec = json.load(open(sys.argv[1]))
cells = []
for kind, src in spec["cells"]:
    lines = src.split("\n")
    source = [l + "\n" for l in lines[:-1]] + [lines[-1]]
    if kind == "md":
        cells.append({"cell_type": "markdown", "metadata": {}, "source": source})
    else:
        meta = {"tags": ["parameters"]} if kind == "params" else {}
        cells.append({"cell_type": "code", "metadata": meta, "source": source, "outputs": [], "execution_count": None})
nb = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"name": "tslab", "display_name": "TypeScript", "language": "typescript"},
        "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
for i, c in enumerate(nb["cells"]):
    c["id"] = f"cell-{i:02d}"
json.dump(nb, open(sys.argv[2], "w"), indent=1)
open(sys.argv[2], "a").write("\n")
