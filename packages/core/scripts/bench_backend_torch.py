"""PyTorch twins of the models in bench-models.ts (Avalanche's SimpleMLP and SimpleCNN), timed the same way.

Usage: bench_backend_torch.py MODEL BATCH STEPS REPEATS WARMUP  (prints one JSON line: samples/s per run).
Run by bench-torch.ts with OMP_WAIT_POLICY=PASSIVE and OpenBLAS's own kernel choice.
"""
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(1234)


class SimpleMLP(nn.Module):
    def __init__(self, num_classes=10, input_size=784, hidden_size=512, drop_rate=0.5):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(input_size, hidden_size), nn.ReLU(inplace=True), nn.Dropout(p=drop_rate))
        self.classifier = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x))


class SimpleCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, kernel_size=3, stride=1, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(32, 32, kernel_size=3, padding=0), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=2, stride=2), nn.Dropout(p=0.25),
            nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(64, 64, kernel_size=3, padding=0), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=2, stride=2), nn.Dropout(p=0.25),
            nn.Conv2d(64, 64, kernel_size=1, padding=0), nn.ReLU(inplace=True),
            nn.AdaptiveMaxPool2d(1), nn.Dropout(p=0.25),
        )
        self.classifier = nn.Sequential(nn.Linear(64, num_classes))

    def forward(self, x):
        return self.classifier(self.features(x).view(x.size(0), -1))


def main():
    model_name, batch, steps, repeats, warmup = sys.argv[1], *map(int, sys.argv[2:6])
    if model_name == "mlp":
        model, x = SimpleMLP(), torch.rand(batch, 784)
        macs1, macs2 = 784 * 512, 512 * 10
        train_macs = 2 * macs1 + 3 * macs2
    else:
        model, x = SimpleCNN(), torch.rand(batch, 3, 32, 32)
        conv = [32 * 32 * 27 * 32, 30 * 30 * 288 * 32, 15 * 15 * 288 * 64, 13 * 13 * 576 * 64, 6 * 6 * 64 * 64]
        train_macs = 3 * (sum(conv) + 64 * 10) - conv[0]
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    def eval_step():
        with torch.no_grad():
            return model(x).argmax(1)

    def run(fn, n, training):
        model.train(training)
        t0 = time.perf_counter()
        for _ in range(n):
            out = fn()
        out.item() if out.dim() == 0 else out[0].item()
        return time.perf_counter() - t0

    run(train_step, warmup, True)
    run(eval_step, warmup, False)
    train, evals = [], []
    for _ in range(repeats):
        train.append(steps * batch / run(train_step, steps, True))
        evals.append(steps * batch / run(eval_step, steps, False))
    print(json.dumps({"train": train, "eval": evals, "train_flops_per_sample": 2 * train_macs, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
