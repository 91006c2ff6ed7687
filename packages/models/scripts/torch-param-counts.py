"""Parameter counts of the PyTorch twins of Avalanche's models, to check @avalanche-ts/models.
Run: /usr/bin/python3 scripts/torch-param-counts.py  (prints one JSON object {model: count}; the tests quote these)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_twins import *  # noqa: E402,F401,F403

counts = {
    "SimpleMLP()": count(SimpleMLP()),
    "SimpleMLP(num_classes=5,hidden_size=64,hidden_layers=3)": count(SimpleMLP(5, hidden_size=64, hidden_layers=3)),
    "MTSimpleMLP()": count(MTSimpleMLP()),
    "SimpleCNN(num_classes=10)": count(SimpleCNN(10)),
    "MTSimpleCNN()": count(MTSimpleCNN()),
    "SlimResNet18(nclasses=10,nf=20)": count(SlimResNet18(10)),
    "MTSlimResNet18(nclasses=10,nf=20)": count(SlimResNet18(10, mt=True)),
    "LeNet5(n_classes=10,input_channels=1)": count(LeNet5(10, 1)),
    "IcarlNet(num_classes=100,n=5,c=3)": count(IcarlNet(100)),
    "MobileNetV1(num_classes=50)": count(MobileNetV1()),
    "MobileNetV1(num_classes=50,width_scale=0.25)": count(MobileNetV1(50, 0.25)),
    "MlpVAE(shape=(1,28,28),nhid=16,n_classes=10)": count(MlpVAE((1, 28, 28))),
    "CosineLinear(64,10)": count(CosineLinear(64, 10)),
    "IncrementalClassifier(512,initial_out_features=2)": count(IncrementalClassifier(512)),
    "MLP(784,[256,128],10)": count(mlp(784, [256, 128], 10)),
}
print(json.dumps(counts, indent=1))
