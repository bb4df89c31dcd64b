"""Input generators for `from:` cases of the tricks assignment.

Each is `f(rng, **options) -> dict of argument name -> value` (see the
repository's README, "assignment.yaml"). Nothing here imports torch: these
run at grading time too.
"""
import numpy as np

# The optimisers' state, by name: how each array is drawn (scaled by the
# gradient's scale, so that state and gradients are of a plausible size).
SIGNED_STATE = ("velocity", "m")     # running sums or averages of gradients
POSITIVE_STATE = ("cache", "v")      # running averages of squared gradients


def batchnorm_problem(rng, N, D, scale=1.0):
    """x (N, D) with a different mean and spread per feature (`scale` times a
    factor in [0.5, 2]), gamma in [0.5, 2] (never 1, so a missing gamma
    shows), beta standard normal, running statistics of a plausible earlier
    batch (mean standard normal, variance in [0.5, 2])."""
    spread = scale * rng.uniform(0.5, 2.0, D)
    return {"x": rng.standard_normal((N, D)) * spread + rng.standard_normal(D),
            "gamma": rng.uniform(0.5, 2.0, D),
            "beta": rng.standard_normal(D),
            "running_mean": rng.standard_normal(D),
            "running_var": rng.uniform(0.5, 2.0, D)}


def optimiser_step(rng, shape, state=(), t=0, hyper=None, weight_scale=1.0, grad_scale=1.0):
    """Weights, a gradient and a config dict for one optimiser step.

    `hyper` gives the config's hyper-parameters (none: the defaults apply);
    `state` names the state entries fed in (velocity, cache, m, v, t), drawn
    here (t is the int `t`); state not named is left out of the config, so
    the step must start it at zero."""
    w = rng.standard_normal(shape) * weight_scale
    dw = rng.standard_normal(shape) * grad_scale
    config = dict(hyper or {})
    for name in state:
        if name == "t":
            config["t"] = int(t)
        elif name in SIGNED_STATE:
            config[name] = rng.standard_normal(shape) * grad_scale
        elif name in POSITIVE_STATE:
            config[name] = rng.uniform(0.1, 1.0, shape) * grad_scale ** 2
        else:
            raise ValueError(f"unknown optimiser state {name!r}")
    return {"w": w, "dw": dw, "config": config}


def optimiser_trajectory(rng, shape, steps, state=(), t=0, hyper=None, weight_scale=1.0,
                         grad_scale=1.0):
    """For the multi-step tests (8.x, `steps:` with `vary: {dw: dws}`): as
    optimiser_step, plus `dws`, one gradient per step (the first is `dw`)."""
    problem = optimiser_step(rng, shape, state, t, hyper, weight_scale, grad_scale)
    later = [rng.standard_normal(shape) * grad_scale for _ in range(int(steps) - 1)]
    problem["dws"] = [problem["dw"]] + later
    return problem
