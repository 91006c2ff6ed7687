"""PyTorch twins of Avalanche's models (shapes, defaults and parameter names from avalanche/models/*.py, v0.6),
used by torch-param-counts.py and torch-parity.py."""
import torch
from torch import nn
from collections import OrderedDict


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
        self.input_size = input_size

    def forward(self, x):
        return self.classifier(self.features(x.reshape(x.size(0), self.input_size)))


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

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


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

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out)) + self.shortcut(x)
        return torch.relu(out)


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

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x.view(x.size(0), 3, 32, 32))))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        out = nn.functional.avg_pool2d(out, 4)
        return self.linear(out.view(out.size(0), -1))

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

    def forward(self, x):
        return self.classifier(self.feature_extractor(x).flatten(1))


class IcarlResBlock(nn.Module):
    """avalanche/models/icarl_resnet.py ResidualBlock (option A shortcut, no parameters)."""

    def __init__(self, in_ch, increase_dim=False, last=False):
        super().__init__()
        self.last = last
        self.increase_dim = increase_dim
        out_ch, stride = (in_ch * 2, 2) if increase_dim else (in_ch, 1)
        self.out_ch = out_ch
        self.direct = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, 3, stride, 1, bias=False), nn.BatchNorm2d(out_ch), nn.ReLU(),
            nn.Conv2d(out_ch, out_ch, 3, 1, 1, bias=False), nn.BatchNorm2d(out_ch))

    def forward(self, x):
        if self.increase_dim:
            q = self.out_ch // 4
            shortcut = nn.functional.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, q, q))
        else:
            shortcut = x
        y = self.direct(x) + shortcut
        return y if self.last else torch.relu(y)


class IcarlNet(nn.Module):
    def __init__(self, num_classes, n=5, c=3):
        super().__init__()
        first_conv = nn.Sequential(nn.Conv2d(c, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        first = nn.Sequential(*[IcarlResBlock(16) for _ in range(n)])
        second = nn.Sequential(IcarlResBlock(16, True), *[IcarlResBlock(32) for _ in range(1, n)])
        third = nn.Sequential(IcarlResBlock(32, True), *[IcarlResBlock(64) for _ in range(1, n - 1)], IcarlResBlock(64, last=True))
        self.feature_extractor = nn.Sequential(first_conv, first, second, third, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x):
        return self.classifier(self.feature_extractor(x))


class ConvBlock(nn.Module):
    """pytorchcv ConvBlock: conv (no bias) + BN + ReLU."""

    def __init__(self, i, o, k, s, groups=1):
        super().__init__()
        self.conv = nn.Conv2d(i, o, k, s, k // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(o)
        self.activ = nn.ReLU()

    def forward(self, x):
        return self.activ(self.bn(self.conv(x)))


class DwsConvBlock(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.dw_conv = ConvBlock(i, i, 3, s, groups=i)
        self.pw_conv = ConvBlock(i, o, 1, 1)

    def forward(self, x):
        return self.pw_conv(self.dw_conv(x))


class MobileNetV1(nn.Module):
    """pytorchcv mobilenet_w1 (width_scale 1) with Avalanche's output Linear(1024, 50, bias=False); the final
    AvgPool2d(4) on a 128x128 input's 4x4 map is a global average pool."""

    def __init__(self, num_classes=50, width_scale=1.0):
        super().__init__()
        channels = [[int(c * width_scale) for c in s] for s in [[64], [128, 128], [256, 256], [512] * 6, [1024, 1024]]]
        cin = int(32 * width_scale)
        self.features = nn.Sequential()
        self.features.add_module("init_block", ConvBlock(3, cin, 3, 2))
        for i, stage_channels in enumerate(channels):
            stage = nn.Sequential()
            for j, cout in enumerate(stage_channels):
                stage.add_module(f"unit{j + 1}", DwsConvBlock(cin, cout, 2 if j == 0 and i != 0 else 1))
                cin = cout
            self.features.add_module(f"stage{i + 1}", stage)
        self.features.add_module("final_pool", nn.AdaptiveAvgPool2d(1))
        self.output = nn.Linear(cin, num_classes, bias=False)

    def forward(self, x):
        return self.output(self.features(x).flatten(1))


class VaeMLP(nn.Module):
    """avalanche/models/generator.py MLP: Linear_i, BatchNorm_i, ReLU_i in an OrderedDict under `mlp`."""

    def __init__(self, sizes, last_activation=True):
        super().__init__()
        q = []
        for i in range(len(sizes) - 1):
            q.append((f"Linear_{i}", nn.Linear(sizes[i], sizes[i + 1])))
            if i < len(sizes) - 2 or last_activation:
                q += [(f"BatchNorm_{i}", nn.BatchNorm1d(sizes[i + 1])), (f"ReLU_{i}", nn.ReLU())]
        self.mlp = nn.Sequential(OrderedDict(q))

    def forward(self, x):
        return self.mlp(x)


def vae_mlp(sizes, last_activation=True):
    return VaeMLP(sizes, last_activation)


class VaeEncoder(nn.Module):
    def __init__(self, flat):
        super().__init__()
        self.encode = nn.Sequential(nn.Flatten(), nn.Linear(flat, 400), nn.BatchNorm1d(400), nn.LeakyReLU(), vae_mlp([400, 128]))

    def forward(self, x):
        return self.encode(x)


class VaeDecoder(nn.Module):
    def __init__(self, nhid, flat):
        super().__init__()
        self.decode = nn.Sequential(vae_mlp([nhid, 64, 128, 256, flat], False), nn.Sigmoid())


class MlpVAE(nn.Module):
    def __init__(self, shape, nhid=16, n_classes=10):
        super().__init__()
        flat = int(torch.Size(shape).numel())
        self.encoder = VaeEncoder(flat)
        self.calc_mean = vae_mlp([128, nhid], False)
        self.calc_logvar = vae_mlp([128, nhid], False)
        self.classification = vae_mlp([128, n_classes], False)
        self.decoder = VaeDecoder(nhid, flat)

    def forward(self, x):
        """The classification path (what the TypeScript model's forward returns)."""
        return self.classification(self.encoder(x))


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


