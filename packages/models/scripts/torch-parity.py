"""Loads the state dicts written by torch-parity.ts into the PyTorch twins (strict: same names and shapes) and
compares eval-mode outputs. Run: /usr/bin/python3 scripts/torch-parity.py /tmp/parity"""
import glob
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_twins as twins  # noqa: E402

directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp/parity"
worst = 0.0
for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
    case = json.load(open(path))
    model = eval(case["ctor"], vars(twins))
    reference = model.state_dict()
    state = {}
    for name, t in case["state"].items():
        value = torch.tensor(t["data"], dtype=torch.float32).reshape(t["shape"])
        state[name] = value.to(reference[name].dtype) if name in reference else value
    model.load_state_dict(state, strict=True)
    model.eval()
    if case["input"] is None:
        print(f"{os.path.basename(path)[:-5]:14s} strict load_state_dict OK ({len(state)} tensors)")
        continue
    x = torch.tensor(case["input"]["data"], dtype=torch.float32).reshape(case["input"]["shape"])
    with torch.no_grad():
        y = model(x).flatten()
    diff = (y - torch.tensor(case["output"])).abs().max().item()
    worst = max(worst, diff)
    print(f"{os.path.basename(path)[:-5]:14s} strict load_state_dict OK ({len(state)} tensors), max |torch - tfjs| = {diff:.2e}")
sys.exit(0 if worst < 1e-4 else 1)
