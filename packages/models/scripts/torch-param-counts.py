"""PyTorch twins of Avalanche's models (shapes and defaults from avalanche/models/*.py, v0.6), to check the
parameter counts of @avalanche-ts/models. Run: /usr/bin/python3 scripts/torch-param-counts.py
Prints one JSON object {model: count}; the tests quote these numbers."""
import json
import torch
from torch import nn


def count(m):
    return sum(p.numel() for p in m.parameters())


class SimpleMLP(nn.Module):
    def __init__(self, num_classes=10, input_size=784, hidden_size=512, hidden_layers=1, drop_rate=0.5):
        super().__init__()
        layers = nn.Sequential(nn.Linear(input_size, hidden_size), nn.ReLU(), nn.Dropout(drop_rate))
        for i in range(hidden_layers - 1):
            layers.add_module(f"fc{i + 1}", nn.Sequential(nn.Linear(hidden_size, hidden_size), nn.ReLU(), nn.Dropout(drop_rate)))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(hidden_size, num_classes)


class IncrementalClassifier(nn.Module):
    def __init__(self, in_features, initial_out_features=2):
        super().__init__()
        self.classifier = nn.Linear(in_features, initial_out_features)
        self.register_buffer("active_units", torch.zeros(initial_out_features, dtype=torch.int8))


class MultiHeadClassifier(nn.Module):
    def __init__(self, in_features, initial_out_features=2):
        super().__init__()
        self.classifiers = nn.ModuleDict({"0": IncrementalClassifier(in_features, initial_out_features)})
        self.register_buffer("active_units_T0", torch.zeros(initial_out_features, dtype=torch.int8))


class MTSimpleMLP(nn.Module):
    def __init__(self, input_size=784, hidden_size=512):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(input_size, hidden_size), nn.ReLU(), nn.Dropout())
        self.classifier = MultiHeadClassifier(hidden_size)


def simple_cnn_features():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, 1, 1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=0), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=0), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Dropout(0.25),
        nn.Conv2d(64, 64, 1, padding=0), nn.ReLU(), nn.AdaptiveMaxPool2d(1), nn.Dropout(0.25))


class SimpleCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = simple_cnn_features()
        self.classifier = nn.Sequential(nn.Linear(64, num_classes))


class MTSimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = simple_cnn_features()
        self.classifier = MultiHeadClassifier(64)


def conv3x3(i, o, stride=1):
    return nn.Conv2d(i, o, 3, stride, 1, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = conv3x3(in_planes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))


class SlimResNet18(nn.Module):
    def __init__(self, nclasses, nf=20, mt=False):
        super().__init__()
        self.in_planes = nf
        self.conv1 = conv3x3(3, nf)
        self.bn1 = nn.BatchNorm2d(nf)
        self.layer1 = self._make(nf, 2, 1)
        self.layer2 = self._make(nf * 2, 2, 2)
        self.layer3 = self._make(nf * 4, 2, 2)
        self.layer4 = self._make(nf * 8, 2, 2)
        if mt:
            self.linear = MultiHeadClassifier(nf * 8, nclasses)
        else:
            self.linear = nn.Linear(nf * 8, nclasses)

    def _make(self, planes, n, stride):
        layers = []
        for s in [stride] + [1] * (n - 1):
            layers.append(BasicBlock(self.in_planes, planes, s))
            self.in_planes = planes
        return nn.Sequential(*layers)


class LeNet5(nn.Module):
    def __init__(self, n_classes, input_channels):
        super().__init__()
        self.feature_extractor = nn.Sequential(
            nn.Conv2d(input_channels, 6, 5, 1), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5, 1), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(16, 120, 5, 1), nn.Tanh())
        self.classifier = nn.Sequential(nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, n_classes))


class IcarlResBlock(nn.Module):
    def __init__(self, in_ch, increase_dim=False, last=False):
        super().__init__()
        out_ch, stride = (in_ch * 2, 2) if increase_dim else (in_ch, 1)
        self.conv_a = nn.Conv2d(in_ch, out_ch, 3, stride, 1, bias=False)
        self.bn_a = nn.BatchNorm2d(out_ch)
        self.conv_b = nn.Conv2d(out_ch, out_ch, 3, 1, 1, bias=False)
        self.bn_b = nn.BatchNorm2d(out_ch)


class IcarlNet(nn.Module):
    def __init__(self, num_classes, n=5, c=3):
        super().__init__()
        self.conv_1_3x3 = nn.Conv2d(c, 16, 3, 1, 1, bias=False)
        self.bn_1 = nn.BatchNorm2d(16)
        self.stage_1 = nn.Sequential(*[IcarlResBlock(16, last=(i == n - 1)) for i in range(n)])
        self.stage_2 = nn.Sequential(IcarlResBlock(16, True), *[IcarlResBlock(32, last=(i == n - 2)) for i in range(n - 1)])
        self.stage_3 = nn.Sequential(IcarlResBlock(32, True), *[IcarlResBlock(64, last=(i == n - 2)) for i in range(n - 1)])
        self.classifier = nn.Linear(64, num_classes)


def conv_bn(i, o, k, s, groups=1):
    return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(o), nn.ReLU())


class MobileNetV1(nn.Module):
    """pytorchcv mobilenet_w1 (width 1), final_pool AvgPool2d(4), output Linear(1024, 50, bias=False)."""

    def __init__(self, num_classes=50):
        super().__init__()
        channels = [[64], [128, 128], [256, 256], [512] * 6, [1024, 1024]]
        layers = [conv_bn(3, 32, 3, 2)]
        cin = 32
        for i, stage in enumerate(channels):
            for j, cout in enumerate(stage):
                stride = 2 if j == 0 and i != 0 else 1
                layers.append(conv_bn(cin, cin, 3, stride, groups=cin))
                layers.append(conv_bn(cin, cout, 1, 1))
                cin = cout
        self.features = nn.Sequential(*layers, nn.AvgPool2d(4))
        self.output = nn.Linear(1024, num_classes, bias=False)


def vae_mlp(sizes, last_activation=True):
    q = []
    for i in range(len(sizes) - 1):
        q.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2 or last_activation:
            q += [nn.BatchNorm1d(sizes[i + 1]), nn.ReLU()]
    return nn.Sequential(*q)


class MlpVAE(nn.Module):
    def __init__(self, shape, nhid=16, n_classes=10):
        super().__init__()
        flat = int(torch.Size(shape).numel())
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(flat, 400), nn.BatchNorm1d(400), nn.LeakyReLU(), vae_mlp([400, 128]))
        self.calc_mean = vae_mlp([128, nhid], False)
        self.calc_logvar = vae_mlp([128, nhid], False)
        self.classification = vae_mlp([128, n_classes], False)
        self.decoder = nn.Sequential(vae_mlp([nhid, 64, 128, 256, flat], False), nn.Sigmoid())


class CosineLinear(nn.Module):
    def __init__(self, in_features, out_features, sigma=True):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.sigma = nn.Parameter(torch.ones(1)) if sigma else None


def mlp(input_size, hidden, num_classes, act=nn.ReLU, drop=0.0):
    layers, w = [], input_size
    for h in hidden:
        layers += [nn.Linear(w, h), act()] + ([nn.Dropout(drop)] if drop > 0 else [])
        w = h
    return nn.Sequential(nn.Sequential(*layers), nn.Linear(w, num_classes))


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
    "MlpVAE(shape=(1,28,28),nhid=16,n_classes=10)": count(MlpVAE((1, 28, 28))),
    "CosineLinear(64,10)": count(CosineLinear(64, 10)),
    "IncrementalClassifier(512,initial_out_features=2)": count(IncrementalClassifier(512)),
    "MLP(784,[256,128],10)": count(mlp(784, [256, 128], 10)),
}
print(json.dumps(counts, indent=1))
