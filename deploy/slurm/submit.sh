#!/bin/bash
# Queues an N-way sharded extraction and its merge:
#   N=8 DATASET=ijbb DATA=/data/IJB/IJBB BACKBONE=/models/adaface_ir101.onnx OUT=/scratch/features/ijbb \
#     deploy/slurm/submit.sh
set -euo pipefail
: "${N:?set N}"
mkdir -p logs
array=$(sbatch --parsable --array="0-$((N - 1))" --export=ALL deploy/slurm/extract.sbatch)
sbatch --dependency="afterok:${array}" --export=ALL deploy/slurm/merge.sbatch
echo "extraction array ${array} (${N} parts), merge queued after it"
