"""The check kinds a test declares (`check:` in assignment.yaml), one class each.

A kind says which YAML keys it needs, how one case's calls run (the same code
drives the reference solution in the grader and the student's code in the
worker, through an executor: see plan.py), which returned values PyTorch
autograd provides the reference for, and how the call reads in feedback.
A new kind is one class here, added to KINDS, plus its keys in
yaml_validator.TEST_KEYS if it takes new ones.
"""
from .comparison import describe
from .errors import Mismatch


class CheckKind:
    name = ""
    calls = True          # makes calls of its own; False: summarises the other tests' calls
    gradients = False     # takes grads/torch/reference; some returns come from autograd
    required = ()         # keys it needs besides number, name, weight, check, function
    single_call = True    # one call of `function` per case: it may be repeated (`steps`)
                          # and its arguments read back (`collect`)
    in_yaml = True        # declared in assignment.yaml (False: found in tests_*.py)

    def check_returns(self, count, grads):
        """A problem with the number of returned values, or ""."""
        return ""

    def call(self, test, executor, instance, args, kwargs, douts_for, read_back=()):
        """Run the case's main call(s); return (returned value, upstream gradients or None).
        `read_back`: positions (index or keyword) of arguments to read after the call."""
        keep = [i for i, item in enumerate(test.returns) if item in test.keep]
        on_object = instance if "." not in test.function else None
        return executor.call(test, on_object, test.function, args, kwargs, keep=keep,
                             read_back=read_back), None

    def autograd_leaves(self, leaves):
        """The returned leaves whose reference is the autograd gradient."""
        return []

    def described_after(self, test):
        """What the feedback adds after the main call ("then f(dout, cache)")."""
        return ""


class Forward(CheckKind):
    """Call `function`; compare each returned value with the solution's."""
    name = "forward"


class LossGradient(CheckKind):
    """`function` returns the loss, then one gradient per entry of `grads`."""
    name = "loss_gradient"
    gradients = True

    def check_returns(self, count, grads):
        if count != 1 + len(grads):
            return ("a loss_gradient test returns the loss then one gradient per entry of "
                    f"'grads' ({1 + len(grads)} values, found {count})")
        return ""

    def autograd_leaves(self, leaves):
        return leaves[1:]


class Backward(CheckKind):
    """Call `forward`, keep its cache in the worker, call `function(dout, cache)`
    (or `function(dout)` on an object) with upstream gradients drawn by the reference."""
    name = "backward"
    gradients = True
    required = ("forward", "grads")
    single_call = False

    def check_returns(self, count, grads):
        if count != len(grads):
            return (f"a backward test returns one gradient per entry of 'grads' "
                    f"({len(grads)} values, found {count})")
        return ""

    def call(self, test, executor, instance, args, kwargs, douts_for, read_back=()):
        if instance is not None:
            out = executor.call(test, instance, test.forward, args, kwargs)
            douts = douts_for(out)
            return executor.call(test, instance, test.function, list(douts), {}), douts
        out = executor.call(test, None, test.forward, args, kwargs, keep=[1])
        # (out, cache) or, like batchnorm_forward, (out, cache, more outputs the forward tests compare)
        if not isinstance(out, tuple) or len(out) < 2:
            raise Mismatch(f"but its forward {test.forward} should return (out, cache, ...), "
                           f"got {describe(out)}")
        douts = douts_for(out[0])
        return executor.call(test, None, test.function, [douts[0], out[1]], {}), douts

    def autograd_leaves(self, leaves):
        return leaves

    def described_after(self, test):
        return f"then {test.target(test.function)}" + ("(dout)" if test.construct else "(dout, cache)")


class InputsUntouched(CheckKind):
    """No calls of its own: passes for each graded function that ran and never
    modified an input in place (partial credit per function)."""
    name = "inputs_untouched"
    calls = False

    @staticmethod
    def summary(assignment, completed, mutations):
        """(fraction of functions clean, feedback lines), from what grading saw:
        `completed` functions that returned, `mutations` {function: argument names}."""
        trusted = {name[:-3] for name in assignment.worker_modules}  # the grader's own code
        graded = sorted({t.target(name) for t in assignment.tests for name in (t.function, t.forward)
                         if name and t.target(name).split(".")[0] not in trusted})
        clean = [f for f in graded if f in completed and f not in mutations]
        lines = [f"{len(clean)} of {len(graded)} functions ran and left their inputs untouched."]
        for function in graded:
            if function in mutations:
                lines.append(f"{function} modified {_inputs_phrase(mutations[function])} in place; "
                             + _in_place_advice(mutations[function]))
            elif function not in completed:
                lines.append(f"{function} never ran to completion, so it could not be checked")
        return (len(clean) / len(graded) if graded else 0.0), lines


def _inputs_phrase(names):
    names = sorted(names)
    return ("its input " if len(names) == 1 else "its inputs ") + ", ".join(names)


def _in_place_advice(names):
    """How to avoid it, for an array argument or for an entry of a dict argument."""
    if not any("['" in name or name.endswith(".keys()") for name in names):  # arrays (maybe in a tuple)
        return "work on a copy (x = x.copy()) or build a new array"
    return ("build a new dict (new = dict(config); new['key'] = value) or a new array "
            "(x = x + 1, not x += 1), instead of changing the one passed in")


class Python(CheckKind):
    """A unittest method in the assignment's tests_*.py (python_tests.py finds
    it, python_runner.py runs it in the grader, reaching student code only
    through the proxy of student_proxy.py)."""
    name = "python"
    single_call = False
    in_yaml = False


KINDS = {kind.name: kind for kind in (Forward(), Backward(), LossGradient(), InputsUntouched(),
                                      Python())}
