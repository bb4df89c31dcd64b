"""The check kinds a test declares (`check:` in assignment.yaml), one class each.

A kind says which YAML keys it needs, how one case's calls run (the same code
drives the reference solution in the grader and the student's code in the
worker, through an executor: see plan.py), which returned values PyTorch
autograd provides the reference for, and how the call reads in feedback.
A new kind is one class here, added to KINDS, plus its keys in
yaml_validator.TEST_KEYS if it takes new ones.
"""
from .comparison import describe
from .errors import CaseFailed, ConfigError, Mismatch


class CheckKind:
    name = ""
    calls = True          # makes calls of its own; False: summarises the other tests' calls
    gradients = False     # takes grads/torch/reference; some returns come from autograd
    required = ()         # keys it needs besides number, name, weight, check, function
    single_call = True    # one call of `function` per case: it may be repeated (`steps`)
                          # and its arguments read back (`collect`)
    in_yaml = True        # declared in assignment.yaml (False: found in tests_*.py)
    torch_values = False  # `torch:` may name a torch_ops function giving the values' reference
    values_models = True  # misconceptions' values, shape and unstable models predict its cases

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

    def leaves(self, value, returns, unpack):
        """{leaf: value} of what one call gave (`unpack`: plan.unpack, by the returns spec)."""
        return unpack(value, returns)

    def judge(self, test, received, expected):
        """The problems of a case, or None to compare leaf by leaf (grading.py)."""
        return None

    def reference_problem(self, test, values):
        """Why the solution's values cannot be the reference of this kind, or ""."""
        return ""

    def described_after(self, test):
        """What the feedback adds after the main call ("then f(dout, cache)")."""
        return ""


class Forward(CheckKind):
    """Call `function`; compare each returned value with the solution's (or, with
    `torch:`, with what torch_ops.<torch> returns for the case: references.py)."""
    name = "forward"
    torch_values = True


class Raised:
    """A call that raised: its exception class and bases by name, and the feedback's lines."""

    def __init__(self, kinds, lines):
        self.kinds, self.lines = tuple(kinds), list(lines)


class Raises(CheckKind):
    """Call `function`; the case passes when it raises `raises` (an exception
    class by name, a subclass too), and says what happened instead otherwise."""
    name = "raises"
    required = ("raises",)
    single_call = False   # no steps, no arguments read back: one call that must raise
    values_models = False  # models of returned values say nothing about a call that must raise

    def call(self, test, executor, instance, args, kwargs, douts_for, read_back=()):
        try:
            return CheckKind.call(self, test, executor, instance, args, kwargs, douts_for)
        except CaseFailed as failed:  # the student's call, in the worker
            if not failed.raised:     # not implemented, a crash, a timeout, a missing function
                raise
            return Raised(failed.raised, failed.lines), None
        except (ConfigError, Mismatch):
            raise
        except Exception as error:  # the solution's call, in this process
            return Raised([c.__name__ for c in type(error).__mro__],
                          [f"raised {type(error).__name__}: {error}"]), None

    def leaves(self, value, returns, unpack):
        if isinstance(value, Raised):
            return {"raised": list(value.kinds), "raised lines": value.lines}
        try:  # returned: its leaves, which a no_raise model's student returns
            found = unpack(value, returns)
        except Mismatch:
            found = {}
        return dict(found, returned=describe(value))

    def judge(self, test, received, expected):
        wanted = f"it should have raised {test.raises}"
        if "raised" not in received:
            return [f"{wanted}, but it returned normally"
                    + ("" if test.hidden else f" (it returned {received.get('returned')})")]
        if test.raises in received["raised"]:
            return []
        lines = received["raised lines"]
        return [f"{wanted}, but {lines[0]}"] + lines[1:]  # lines[0]: "<function> raised ..."

    def reference_problem(self, test, values):
        if "raised" not in values:
            return f"the solution's {test.function} returned instead of raising {test.raises}"
        if test.raises not in values["raised"]:
            return f"the solution's {test.function} raised {values['raised'][0]}, not {test.raises}"
        return ""


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


KINDS = {kind.name: kind for kind in (Forward(), Backward(), LossGradient(), Raises(),
                                      InputsUntouched(), Python())}
