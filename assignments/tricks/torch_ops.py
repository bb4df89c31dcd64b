"""The PyTorch equivalents of the tricks assignment: autograd references for
the backward tests, and the optimisers' trajectories under torch.optim.

Float arrays arrive as float64 tensors (other arguments, such as `mode`, `p`
and `seed`, as given). Each autograd function declares only the inputs it
uses, by the student function's argument names, and returns the forward's
output. Imported only when references are computed (never while grading).
"""
import numpy as np
import torch
import torch.nn.functional as F


# ---------------------------------------------------------------- dropout.py
def dropout_mask(shape, p, seed):
    """The contract's mask, as a boolean tensor."""
    return torch.from_numpy(np.random.default_rng(seed).random(tuple(shape)) < p)


def dropout(x, p, mode, seed=0):
    """Inverted dropout: `x * mask / p` in train mode, the identity in test mode.
    (F.dropout draws its own mask, so the contract's mask is applied by hand.)"""
    if mode == "test":
        return x.clone()
    return x * dropout_mask(x.shape, p, seed) / p


# -------------------------------------------------------------- batchnorm.py
def batchnorm(x, gamma, beta, running_mean, running_var, mode, momentum=0.1, eps=1e-5):
    """F.batch_norm's output; in train mode its autograd goes through the batch
    statistics. The running statistics are copies (F.batch_norm updates them in place)."""
    return F.batch_norm(x, running_mean.clone(), running_var.clone(), gamma, beta,
                        training=mode == "train", momentum=momentum, eps=eps)


def batchnorm_with_running(x, gamma, beta, running_mean, running_var, mode, momentum=0.1,
                           eps=1e-5):
    """(out, new_running_mean, new_running_var) as F.batch_norm leaves them."""
    new_mean, new_var = running_mean.clone(), running_var.clone()
    out = F.batch_norm(x, new_mean, new_var, gamma, beta, training=mode == "train",
                       momentum=momentum, eps=eps)
    return out, new_mean, new_var


# ------------------------------------------------------------------ optim.py
# The course's names for torch.optim's: the class, its hyper-parameters and
# its state, each as (course name, torch name).
OPTIMISERS = {
    "sgd": (torch.optim.SGD, {"learning_rate": ("lr", 1e-2)}, {}),
    "sgd_momentum": (torch.optim.SGD,
                     {"learning_rate": ("lr", 1e-2), "momentum": ("momentum", 0.9)},
                     {"velocity": "momentum_buffer"}),
    "rmsprop": (torch.optim.RMSprop,
                {"learning_rate": ("lr", 1e-2), "decay_rate": ("alpha", 0.99),
                 "epsilon": ("eps", 1e-8)},
                {"cache": "square_avg"}),
    "adam": (torch.optim.Adam,
             {"learning_rate": ("lr", 1e-3), "beta1": ("betas", 0.9), "beta2": ("betas", 0.999),
              "epsilon": ("eps", 1e-8)},
             {"m": "exp_avg", "v": "exp_avg_sq", "t": "step"}),
}


def _torch_hyper(name, config):
    """torch.optim keyword arguments from a course config (course defaults)."""
    _, hyper, _ = OPTIMISERS[name]
    value = {key: float(config.get(key, default)) for key, (_, default) in hyper.items()}
    kwargs = {torch_name: value[key] for key, (torch_name, _) in hyper.items() if torch_name != "betas"}
    if name == "adam":
        kwargs["betas"] = (value["beta1"], value["beta2"])
    if name == "sgd_momentum" and kwargs["momentum"] == 0:
        raise ValueError("sgd_momentum with momentum 0 keeps no buffer in torch.optim")
    return kwargs


def _set_state(name, optimiser, param, config):
    """Feed a course config's state into torch.optim's (missing state: torch starts it)."""
    _, _, state_names = OPTIMISERS[name]
    given = {torch_name: config[key] for key, torch_name in state_names.items() if key in config}
    if not given:
        return
    state = {}
    for torch_name, value in given.items():
        if torch_name == "step":
            state["step"] = torch.tensor(float(value))
        else:
            state[torch_name] = torch.tensor(np.asarray(value, np.float64))
    if name in ("rmsprop", "adam"):
        state.setdefault("step", torch.tensor(0.0))  # torch only reads it for Adam's corrections
        for torch_name in state_names.values():
            if torch_name not in state:
                state[torch_name] = torch.zeros_like(param)
    optimiser.state[param] = state


def _get_state(name, optimiser, param):
    _, _, state_names = OPTIMISERS[name]
    state = optimiser.state[param]
    found = {}
    for key, torch_name in state_names.items():
        value = state[torch_name]
        found[key] = int(value.item()) if torch_name == "step" else value.detach().numpy().copy()
    return found


def optimiser_steps(name, w, dws, config):
    """Run torch.optim's equivalent of the course's `name` optimiser for
    len(dws) steps from weights `w` and the course config `config` (its
    hyper-parameters and state), with the given gradients. Returns a list,
    one per step, of what the course's function returns after that step:
    (next_w, config), the config holding the keys of the argument and the
    state under the course's names (`t` an int)."""
    cls = OPTIMISERS[name][0]
    param = torch.nn.Parameter(torch.tensor(np.asarray(w, np.float64)))
    optimiser = cls([param], **_torch_hyper(name, config))
    _set_state(name, optimiser, param, config)
    trajectory = []
    for dw in dws:
        param.grad = torch.tensor(np.asarray(dw, np.float64))
        optimiser.step()
        trajectory.append((param.detach().numpy().copy(),
                           dict(config, **_get_state(name, optimiser, param))))
    return trajectory


def sgd_steps(w, dws, config):
    return optimiser_steps("sgd", w, dws, config)


def sgd_momentum_steps(w, dws, config):
    return optimiser_steps("sgd_momentum", w, dws, config)


def rmsprop_steps(w, dws, config):
    return optimiser_steps("rmsprop", w, dws, config)


def adam_steps(w, dws, config):
    return optimiser_steps("adam", w, dws, config)
