"""Makes the ONNX test fixtures and their PyTorch reference explanations.

Run with Debian's python3-torch, python3-torchvision and python3-onnx (CI never runs it):

    /usr/bin/python3 scripts/onnx-fixtures/make_fixtures.py src/engine/onnx/fixtures

Per network it writes <name>.onnx (exported with torch.onnx.export, eval mode) and
<name>.reference.json: the seeded input (NCHW, already preprocessed), the logits, and for
several layers (named by their ONNX tensor names) and targets (class + mask) the
Seg-Grad-CAM ingredients computed by PyTorch in float64: S, alpha and the map before ReLU.
Weights are random but seeded; BatchNorm statistics are randomised so that they matter.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper


def conv_bn(cin, cout, k=3, stride=1, dilation=1, groups=1, act=None):
    layers = [nn.Conv2d(cin, cout, k, stride, dilation * (k // 2), dilation, groups, bias=False), nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act)
    return nn.Sequential(*layers)


class TinyUNet(nn.Module):
    """Transposed and bilinear upsampling, skip concatenations, a standalone BatchNorm, ceil-mode max pool."""

    def __init__(self, classes=5):
        super().__init__()
        self.enc1 = nn.Sequential(conv_bn(3, 8, act=nn.ReLU()), conv_bn(8, 8, act=nn.ReLU()))
        self.pool1 = nn.MaxPool2d(2, ceil_mode=True)
        self.enc2 = conv_bn(8, 16, act=nn.ReLU())
        self.pool2 = nn.MaxPool2d(3, 2, padding=1)
        self.bottleneck = conv_bn(16, 32, dilation=2, act=nn.ReLU())
        self.up2 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.merge2_bn = nn.BatchNorm2d(32)
        self.merge2_act = nn.ReLU()
        self.dec2 = nn.Sequential(nn.Conv2d(32, 16, 3, padding=1), nn.ELU())
        self.dec1 = nn.Sequential(nn.Conv2d(24, 8, 3, padding=1), nn.LeakyReLU(0.1))
        self.head = nn.Conv2d(8, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool1(e1))
        b = self.bottleneck(self.pool2(e2))
        d2 = self.dec2(self.merge2_act(self.merge2_bn(torch.cat([self.up2(b), e2], 1))))
        up = F.interpolate(d2, scale_factor=2, mode='bilinear', align_corners=False)
        return self.head(self.dec1(torch.cat([up, e1], 1)))


class DeepLabish(nn.Module):
    """Dilated convolutions, an ASPP with global pooling, ReLU6 (Clip), average pooling without padding counts."""

    def __init__(self, classes=4):
        super().__init__()
        self.stem = conv_bn(3, 16, stride=2, act=nn.ReLU6())
        self.pool = nn.MaxPool2d(3, 2, padding=1, ceil_mode=True)
        self.smooth = nn.AvgPool2d(3, 1, padding=1, count_include_pad=False)
        self.block = conv_bn(16, 24, dilation=2, act=nn.ReLU())
        self.aspp1 = conv_bn(24, 16, k=1, act=nn.ReLU())
        self.aspp2 = conv_bn(24, 16, dilation=2, act=nn.ReLU())
        self.aspp3 = conv_bn(24, 16, dilation=4, act=nn.ReLU())
        self.image_pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(24, 16, 1), nn.ReLU())
        self.project = conv_bn(64, 16, k=1, act=nn.ReLU())
        self.classifier = nn.Conv2d(16, classes, 1)

    def forward(self, x):
        size = x.shape[-2:]
        f = self.block(self.smooth(self.pool(self.stem(x))))
        pooled = F.interpolate(self.image_pool(f), size=f.shape[-2:], mode='bilinear', align_corners=False)
        y = self.project(torch.cat([self.aspp1(f), self.aspp2(f), self.aspp3(f), pooled], 1))
        return F.interpolate(self.classifier(y), size=size, mode='bilinear', align_corners=True)


class SqueezeExcite(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(c, c // r, 1)
        self.act = nn.ReLU()
        self.fc2 = nn.Conv2d(c // r, c, 1)
        self.gate = nn.Hardsigmoid()

    def forward(self, x):
        return x * self.gate(self.fc2(self.act(self.fc1(self.pool(x)))))


class InvertedResidual(nn.Module):
    def __init__(self, cin, expand, cout, stride, se):
        super().__init__()
        self.expand = conv_bn(cin, expand, k=1, act=nn.Hardswish())
        self.depthwise = conv_bn(expand, expand, stride=stride, groups=expand, act=nn.Hardswish())
        self.se = SqueezeExcite(expand) if se else nn.Identity()
        self.project = conv_bn(expand, cout, k=1)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.project(self.se(self.depthwise(self.expand(x))))
        return x + y if self.residual else y


class MobileBlocks(nn.Module):
    """HardSwish, squeeze-excite (Mul), depthwise and grouped convs, PReLU, reflect/edge padding, nearest upsampling."""

    def __init__(self, classes=3):
        super().__init__()
        self.pad = nn.ReflectionPad2d(1)
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 0, bias=False), nn.BatchNorm2d(16), nn.Hardswish())
        self.block1 = InvertedResidual(16, 32, 16, 1, se=True)
        self.block2 = InvertedResidual(16, 48, 24, 2, se=True)
        self.block3 = InvertedResidual(24, 48, 24, 1, se=False)
        self.edge = nn.ReplicationPad2d((1, 2, 0, 1))
        self.grouped = nn.Sequential(nn.Conv2d(24, 24, 3, 1, 0, groups=3), nn.PReLU(24))
        self.head = nn.Sequential(nn.Conv2d(24, 16, 1), nn.Tanh(), nn.Conv2d(16, classes, 1))

    def forward(self, x):
        y = self.block3(self.block2(self.block1(self.stem(self.pad(x)))))
        y = self.grouped(self.edge(y))[:, :, :-1, :-1]
        y = F.interpolate(self.head(torch.sigmoid(y) * y), scale_factor=4, mode='nearest')
        return y


class Logits(nn.Module):
    """torchvision's segmentation models return {'out': ...}."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x)['out']


def torchvision_models(classes=5):
    from torchvision.models import mobilenet_v3_large
    from torchvision.models.segmentation.deeplabv3 import ASPP, DeepLabV3
    from torchvision.models.segmentation.lraspp import _lraspp_mobilenetv3
    from torchvision.models._utils import IntermediateLayerGetter

    lraspp = Logits(  # torchvision's lraspp_mobilenet_v3_large, narrower
        _lraspp_mobilenetv3(mobilenet_v3_large(weights=None, dilated=True, width_mult=0.25), classes))
    # torchvision's _deeplabv3_mobilenetv3 with a narrower backbone and ASPP (DeepLabHead fixes 256 channels).
    features = mobilenet_v3_large(weights=None, dilated=True, width_mult=0.25).features
    stage_indices = [0] + [i for i, b in enumerate(features) if getattr(b, '_is_cn', False)] + [len(features) - 1]
    out_pos = stage_indices[-1]
    backbone = IntermediateLayerGetter(features, return_layers={str(out_pos): 'out'})
    head = nn.Sequential(
        ASPP(features[out_pos].out_channels, [12, 24, 36], 32),
        nn.Conv2d(32, 32, 3, padding=1, bias=False),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        nn.Conv2d(32, classes, 1),
    )
    deeplab = Logits(DeepLabV3(backbone, head, None))
    return lraspp, deeplab


def randomise(model, seed):
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.2)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) * 1.5 + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=g) * 0.2)
        if hasattr(m, 'inplace'):
            m.inplace = False
    return model.eval()


def onnx_name(graph, modules, module_path, op_types):
    """The ONNX tensor name of a module's output (torch names tensors after module scopes)."""
    scopes, names, path = [], [], []
    for part in module_path.split('.'):
        # a Sequential's child k is scoped "<parent>.k"; a ModuleList has no scope of its own
        name = f'{names[-1]}.{part}' if part.isdigit() and names else part
        names.append(name)
        path.append(part)
        if not isinstance(modules['.'.join(path)], nn.ModuleList):
            scopes.append(name)
    prefix = '/' + '/'.join(scopes) + '/'
    hits = [n.output[0] for n in graph.node if n.output[0].startswith(prefix) and n.op_type in op_types
            and n.output[0][len(prefix):].count('/') == 0]
    if len(hits) != 1:
        raise SystemExit(f'{module_path}: expected one {op_types} output under {prefix}, found {hits}')
    return hits[0]


ACTIVATION_OPS = {'Relu', 'HardSwish', 'Clip', 'PRelu', 'LeakyRelu', 'Elu', 'Tanh', 'Sigmoid', 'HardSigmoid', 'Mul'}


def targets_for(logits):
    """A pixel, a block and the whole image, for the class predicted at the first pixel and another one."""
    _, c, h, w = logits.shape
    labels = logits[0].argmax(0)
    first = int(labels[h // 2, w // 3])
    other = (first + 1) % c
    pixel = np.zeros((h, w), np.uint8)
    pixel[h // 2, w // 3] = 1
    block = np.zeros((h, w), np.uint8)
    block[h // 4: h // 2, w // 2: (3 * w) // 4] = 1
    whole = np.ones((h, w), np.uint8)
    return [(first, pixel), (first, block), (other, whole)]


def short(t):
    """Nine significant digits: exact for float32, far below the 1e-4 tolerance for float64."""
    return [float('%.9g' % v) for v in t.detach().flatten().tolist()]


def reference(model, x, layers):
    model = model.double()
    acts = {}
    hooks = [mod.register_forward_hook(lambda _m, _i, o, key=key: acts.__setitem__(key, o)) for key, mod in layers]
    logits = model(x.double())
    for h in hooks:
        h.remove()
    out = []
    for cls, mask in targets_for(logits.detach().numpy()):
        s = (logits[0, cls] * torch.from_numpy(mask).double()).sum()
        grads = torch.autograd.grad(s, [acts[k] for k, _ in layers], retain_graph=True)
        per_layer = {}
        for (key, _), a, g in zip(layers, [acts[k] for k, _ in layers], grads):
            alpha = g.mean(dim=(2, 3))[0]
            raw = (alpha[:, None, None] * a[0]).sum(0)
            per_layer[key] = {'alpha': short(alpha), 'raw': short(raw), 'shape': list(raw.shape) + [a.shape[1]]}
        out.append({'classIndex': cls, 'mask': ''.join(map(str, mask.flatten().tolist())), 'score': s.item(), 'layers': per_layer})
    return logits.detach().numpy(), out


def fuse_conv_bn(model):
    from torch.nn.utils.fusion import fuse_conv_bn_eval
    for seq in [m for m in model.modules() if isinstance(m, nn.Sequential)]:
        for i in range(len(seq) - 1):
            if isinstance(seq[i], nn.Conv2d) and isinstance(seq[i + 1], nn.BatchNorm2d):
                seq[i] = fuse_conv_bn_eval(seq[i], seq[i + 1])
                seq[i + 1] = nn.Identity()


def to_fp16(path):
    m = onnx.load(path)
    for t in m.graph.initializer:
        if t.data_type == onnx.TensorProto.FLOAT:
            t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name))
    onnx.save(m, path)


def make(out_dir, name, model, size, layer_paths, opset, seed, fp16=False):
    torch.manual_seed(seed)
    model = randomise(model, seed)
    if fp16:
        # The exporter folds each BatchNorm into its conv; fold first, so that the weights
        # PyTorch explains are exactly those stored as float16.
        fuse_conv_bn(model)
        for p in list(model.parameters()) + list(model.buffers()):
            if p.dtype == torch.float32:
                p.data.copy_(p.data.half().float())
    x = torch.randn(1, 3, *size, generator=torch.Generator().manual_seed(seed + 1))
    path = os.path.join(out_dir, f'{name}.onnx')
    torch.onnx.export(model, x, path, opset_version=opset, input_names=['image'], output_names=['logits'],
                      do_constant_folding=not fp16, training=torch.onnx.TrainingMode.EVAL)
    if fp16:
        to_fp16(path)
    graph = onnx.load(path).graph
    modules = dict(model.named_modules())
    layers = [(onnx_name(graph, modules, p, ACTIVATION_OPS), modules[p]) for p in layer_paths]
    logits, targets = reference(model, x, layers)
    ref = {
        'model': f'{name}.onnx', 'opset': opset, 'float16Weights': fp16,
        'input': {'dims': list(x.shape), 'data': short(x)},
        'logits': {'dims': list(logits.shape), 'data': short(torch.from_numpy(logits))},
        'targets': targets,
    }
    with open(os.path.join(out_dir, f'{name}.reference.json'), 'w') as f:
        json.dump(ref, f, separators=(',', ':'))
    ops = sorted({n.op_type for n in graph.node})
    print(f'{name}: {os.path.getsize(path)} bytes, opset {opset}, ops {ops}, layers {[k for k, _ in layers]}')


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else 'src/engine/onnx/fixtures'
    os.makedirs(out_dir, exist_ok=True)
    torch.set_grad_enabled(True)
    make(out_dir, 'tiny-unet', TinyUNet(), (48, 64), ['enc1.1.2', 'enc2.2', 'bottleneck.2', 'merge2_act', 'dec2.1', 'dec1.1'], 13, 1)
    make(out_dir, 'deeplabish', DeepLabish(), (40, 56), ['stem.2', 'block.2', 'aspp2.2', 'aspp3.2', 'project.2'], 11, 2)
    make(out_dir, 'mobile-blocks', MobileBlocks(), (36, 52), ['stem.2', 'block1.depthwise.2', 'block2.expand.2', 'block3.depthwise.2', 'grouped.1', 'head.1'], 17, 3)
    lraspp, deeplab = torchvision_models()
    make(out_dir, 'lraspp-mobilenet-v3', lraspp, (64, 96), ['net.backbone.4.block.1.2', 'net.backbone.12.block.0.2', 'net.backbone.16.2', 'net.classifier.cbr.2'], 17, 4, fp16=True)
    make(out_dir, 'deeplabv3-mobilenet-v3', deeplab, (64, 96), ['net.backbone.6.block.1.2', 'net.backbone.16.2', 'net.classifier.0.convs.1.2', 'net.classifier.0.project.2', 'net.classifier.3'], 17, 5, fp16=True)


if __name__ == '__main__':
    main()
