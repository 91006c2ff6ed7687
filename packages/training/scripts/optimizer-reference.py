import torch, json
def run(opt_fn, steps=5):
    w = torch.tensor([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], requires_grad=True)
    target = torch.tensor([[1.0, 0.0], [0.0, -1.0], [0.5, 0.5]])
    scale = torch.tensor([[1.0, 2.0], [0.5, 1.5], [3.0, 0.1]])
    opt = opt_fn([w])
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * ((w - target) ** 2 * scale).sum()
        loss.backward()
        opt.step()
    return [round(v, 7) for v in w.detach().flatten().tolist()]
out = {
 'sgd': run(lambda p: torch.optim.SGD(p, lr=0.1)),
 'sgd_momentum_wd': run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01)),
 'sgd_nesterov': run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
 'sgd_dampening': run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.5, dampening=0.3)),
 'adam': run(lambda p: torch.optim.Adam(p, lr=0.05)),
 'adam_wd': run(lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
}
print(json.dumps(out))
