#!/usr/bin/env bash
# Rebuild the shipped stance model (stancemap/stance/weights/) from ../shared data in one command:
#   pip install -e '.[train]' && bash training/stance/reproduce.sh [WORK_DIR]
# Needs ../shared/data/stance beside the repository and network access to PyPI for the base weights.
# Training takes about 90 s on one H200 GPU (bf16), hours on a laptop CPU. GPU training is not
# bit-for-bit deterministic: a rebuild scores like the shipped weights, its file hash differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${1:-build/stance-training}
SHARED=${SHARED:-../shared}
mkdir -p "$WORK"
python training/stance/base.py "$WORK/base"
python training/stance/data.py "$SHARED/data/stance" "$WORK/data"
# The shipped configuration (best of four on the held-out split, docs/stance-model.md).
python training/stance/train.py --data "$WORK/data" --base "$WORK/base" --out "$WORK/run" \
    --configs 'lr=8e-5,epochs=6,batch=64'
python training/stance/export.py --weights "$WORK/run/stance_model.fp16.safetensors" \
    --base "$WORK/base" --data "$WORK/data" --out stancemap/stance/weights --calibration-rows 1500
python training/stance/evaluate.py --shared "$SHARED"
