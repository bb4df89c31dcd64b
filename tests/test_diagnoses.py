"""The likely-cause engine (autograder/misconception_models.py, predictions.py,
diagnoses.py): how each kind of model is judged, and the mistakes in a
misconceptions.py it refuses.  The generic checks (every catalogued mutant
gets its own diagnosis and no other) are in test_assignments.py; the real
students' mistakes are in test_student_mistakes.py."""
import os
import shutil

import numpy as np
import pytest

from autograder import config, diagnoses, predictions
from autograder.errors import ConfigError
from autograder.loading import AssignmentCode
from conftest import ROOT

SENTENCE = "a sentence"


class FakeTest:
    def __init__(self, number, hidden=False):
        self.number, self.hidden, self.tolerance, self.abs_tolerance = number, hidden, 1e-6, 1e-9
        self.check = "forward"


def case(number, predictions_, received=None, passed=False, calls=(), returned=(), failure=None,
         warnings=None, nonfinite=None):
    seen = diagnoses.Observation(calls=list(calls), returned=set(returned), failure=failure,
                                 warnings=warnings or {}, nonfinite=nonfinite or {})
    return diagnoses.SeenCase(FakeTest(number), predictions_, seen, passed, received)


def value(out, model="m#0"):
    return {"model": model, "id": "m", "sentence": SENTENCE, "kind": "values", "target": "f",
            "values": {"out": np.array(out, dtype=np.float64)}}


# ------------------------------------------------------------------ values
def test_a_value_model_is_named_only_when_it_explains_every_case_it_predicts():
    fits = case("1.1", [value([1.0, 2.0])], {"out": np.array([1.0, 2.0 + 1e-9])})
    assert diagnoses.causes([fits]) == {"1.1": [SENTENCE]}
    contradicted = case("1.2", [value([5.0])], {"out": np.array([4.0])})
    assert diagnoses.causes([fits, contradicted]) == {}
    crashed = case("1.2", [value([5.0])], None)  # the code raised where the model has values
    assert diagnoses.causes([fits, crashed]) == {}


def test_a_value_model_is_told_only_on_failed_cases_and_never_for_other_leaves():
    passed = case("1.1", [value([1.0])], {"out": np.array([1.0])}, passed=True)
    assert diagnoses.causes([passed]) == {}
    assert not diagnoses.same(np.array([True, False]), np.array([1, 0]), 1e-6, 1e-9)  # booleans are not 0/1
    assert not diagnoses.same(np.array([np.inf]), np.array([np.nan]), 1e-6, 1e-9)
    assert diagnoses.same({"a": [1, 2]}, {"a": np.array([1, 2])}, 1e-6, 1e-9)
    assert not diagnoses.same(np.zeros((2, 1)), np.zeros(2), 1e-6, 1e-9)


def test_a_shape_model_needs_the_predicted_shape():
    prediction = {"model": "s#0", "id": "s", "sentence": SENTENCE, "kind": "shape", "target": "f",
                  "shapes": {"dx": [1, 2, 0, 0]}}
    assert diagnoses.causes([case("3.2", [prediction], {"dx": np.zeros((1, 2, 0, 0))})]) == {"3.2": [SENTENCE]}
    assert diagnoses.causes([case("3.2", [prediction], {"dx": np.zeros((1, 2, 3, 3))})]) == {}


def test_a_dict_leaf_is_judged_on_the_keys_the_model_gives():
    """The constructor's params: a model of an integer-zero bias says nothing about the weights."""
    prediction = {"model": "b#0", "id": "b", "sentence": SENTENCE, "kind": "values", "target": "net.Net",
                  "values": {"params": {"b1": 0}}}
    bare_zero = case("4.10", [prediction], {"params": {"W1": np.ones((2, 3)), "b1": 0}})
    assert diagnoses.causes([bare_zero]) == {"4.10": [SENTENCE]}
    zeros_array = case("4.10", [prediction], {"params": {"W1": np.ones((2, 3)), "b1": np.zeros(3)}})
    assert diagnoses.causes([zeros_array]) == {}
    rows = {"model": "w#0", "id": "w", "sentence": SENTENCE, "kind": "shape", "target": "net.Net",
            "shapes": {"params": {"W2": [12, 4]}}}
    assert diagnoses.causes([case("6.6", [rows], {"params": {"W2": np.zeros((12, 4))}})]) == {"6.6": [SENTENCE]}
    assert diagnoses.causes([case("6.6", [rows], {"params": {"W2": np.zeros((20, 4))}})]) == {}


# ------------------------------------------------------------------- crash
def crash(raises, error="TypeError", message=""):
    return {"model": "c#0", "id": "c", "sentence": SENTENCE, "kind": "crash", "target": "f",
            "raises": raises, "error": error, "message": message}


def run(raised, kind="TypeError", message="boom"):
    return {"calls": ["f"], "failure": ("f", kind, message) if raised else None,
            "returned": () if raised else ("f",), "received": None if raised else {"out": 1.0},
            "passed": not raised}


@pytest.mark.parametrize("pattern, predicted, named", [
    ([True, False], [True, False], True),     # raises exactly where predicted
    ([True, True], [True, False], False),     # also where it should not
    ([False, False], [True, False], False),   # not where it should
    ([True, True], [True, True], False),      # raises everywhere: nothing tells this idea apart
])
def test_a_crash_model_needs_exactly_the_predicted_pattern(pattern, predicted, named):
    seen = [case("4.3", [crash(p)], **run(r)) for r, p in zip(pattern, predicted)]
    assert bool(diagnoses.causes(seen)) == named


def test_a_crash_model_checks_the_exception_and_may_rely_on_its_message():
    assert not diagnoses.causes([case("4.3", [crash(True)], **run(True, kind="IndexError")),
                                 case("4.3", [crash(False)], **run(False))])
    everywhere = [case("3.1", [crash(True, message="float")], **run(True, message="'float' object"))] * 2
    assert diagnoses.causes(everywhere) == {"3.1": [SENTENCE]}
    timeouts = [case("1.4", [crash(True, error="timeout")], **run(True, kind="timeout")),
                case("1.4", [crash(False, error="timeout")], **run(False))]
    assert diagnoses.causes(timeouts) == {"1.4": [SENTENCE]}
    never_reached = case("4.3", [crash(True)])  # e.g. the forward raised first: not judged
    assert diagnoses.causes([never_reached, case("4.3", [crash(False)], **run(False))]) == {}


# ---------------------------------------------------------------- unstable
def unstable(flag, kinds=(), nonfinite=None):
    return {"model": "u#0", "id": "u", "sentence": SENTENCE, "kind": "unstable", "target": "f",
            "unstable": flag, "warnings": list(kinds), "nonfinite": nonfinite or {}, "graded": True}


def test_an_unstable_model_needs_the_same_warnings_and_the_same_inf_and_nan():
    pattern = {"loss": np.array(2, dtype=np.int8)}
    fine = case("3.5", [unstable(False)], {"loss": 1.0}, passed=True, calls=["f"], returned=["f"])
    large = case("3.6", [unstable(True, ["divide"], pattern)], {"loss": np.inf}, calls=["f"],
                 returned=["f"], warnings={"f": {"divide"}}, nonfinite=pattern)
    assert diagnoses.causes([fine, large]) == {"3.6": [SENTENCE]}
    other_warning = case("3.6", [unstable(True, ["overflow"], pattern)], {"loss": np.inf}, calls=["f"],
                         returned=["f"], warnings={"f": {"divide"}}, nonfinite=pattern)
    assert diagnoses.causes([fine, other_warning]) == {}
    nan_not_inf = case("3.6", [unstable(True, ["divide"], {"loss": np.array(1, dtype=np.int8)})],
                       {"loss": np.inf}, calls=["f"], returned=["f"], warnings={"f": {"divide"}},
                       nonfinite=pattern)
    assert diagnoses.causes([fine, nan_not_inf]) == {}
    warns_everywhere = case("3.5", [unstable(False)], {"loss": 1.0}, calls=["f"], returned=["f"],
                            warnings={"f": {"overflow"}})
    assert diagnoses.causes([warns_everywhere, large]) == {}
    assert diagnoses.causes([large]) == {}  # no case predicted stable: nothing tells it apart


def test_warning_kinds_are_read_from_numpy_messages():
    assert predictions.warning_kind("RuntimeWarning: overflow encountered in exp") == "overflow"
    assert predictions.warning_kind("RuntimeWarning: divide by zero encountered in log") == "divide"
    assert predictions.warning_kind("RuntimeWarning: invalid value encountered in divide") == "invalid"
    assert predictions.warning_kind("DeprecationWarning: something") is None


# ---------------------------------------------------------------- in place
def test_an_in_place_model_needs_exactly_its_arguments_changed():
    prediction = {"model": "i#0", "id": "i", "sentence": SENTENCE, "kind": "in_place",
                  "target": "optim.sgd", "arguments": ["config"]}
    seen = [case("1.1", [prediction])]
    assert diagnoses.in_place_causes(seen, {"optim.sgd": {"config['t']"}}) == [SENTENCE]
    # a key added to the dict, or a list argument that grew: still that argument
    assert diagnoses.in_place_causes(seen, {"optim.sgd": {"config.keys()", "config['t']"}}) == [SENTENCE]
    assert diagnoses.in_place_causes(seen, {"optim.sgd": {"len(config)"}}) == [SENTENCE]
    assert diagnoses.in_place_causes(seen, {"optim.sgd": {"config", "w"}}) == []
    assert diagnoses.in_place_causes(seen, {"optim.adam": {"config"}}) == []


# -------------------------------------------------- misconceptions.py refused
@pytest.fixture
def perceptron_copy(tmp_path):
    folder = tmp_path / "perceptron"
    shutil.copytree(os.path.join(ROOT, "assignments", "perceptron"), folder)
    return folder


def misconceptions_of(folder, text):
    (folder / "misconceptions.py").write_text(
        "from autograder.instructor import misconception, values, shape, crash, unstable, in_place\n" + text)
    return AssignmentCode(config.load(folder.name, str(folder))).misconceptions


@pytest.mark.parametrize("text, words", [
    ("MISCONCEPTIONS = [misconception('a', 'Say it.', values('perceptron.nothing', abs))]",
     "no test calls perceptron.nothing"),
    ("MISCONCEPTIONS = [misconception('a', 'Your expected value is off.', values('perceptron.perceptron_predict', abs))]",
     "shown on hidden tests"),
    ("MISCONCEPTIONS = [misconception('a', 'It has shape (3, 4).', values('perceptron.perceptron_predict', abs))]",
     "shown on hidden tests"),
    ("MISCONCEPTIONS = [misconception('a', 'Say it.')]", "at least one model"),
    ("MISCONCEPTIONS = [misconception('a', 'Say it.', values('perceptron.perceptron_predict', abs)),\n"
     "                  misconception('a', 'Say more.', values('perceptron.perceptron_predict', abs))]",
     "share the id 'a'"),
    ("MISCONCEPTIONS = [misconception('a', 'Say it.', values('activations.sigmoid_forward', abs))]", ""),
    ("MISCONCEPTIONS = [misconception('a', 'Say it.', in_place('perceptron.perceptron_train'))]", "names no argument"),
    ("MISCONCEPTIONS = {}", "must be a list"),
])
def test_mistakes_in_misconceptions_py_are_named(perceptron_copy, text, words):
    if not words:  # a well-formed file loads
        assert [m.id for m in misconceptions_of(perceptron_copy, text)] == ["a"]
        return
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        misconceptions_of(perceptron_copy, text)


def test_a_value_model_on_a_function_only_called_before_another_is_refused(tmp_path):
    folder = tmp_path / "cnn"  # relu_forward only makes the cache of relu_backward's tests
    shutil.copytree(os.path.join(ROOT, "assignments", "cnn"), folder)
    with pytest.raises(ConfigError, match="only called before one"):
        misconceptions_of(folder, "MISCONCEPTIONS = [misconception('a', 'Say it.', "
                                  "values('layers.relu_forward', abs))]")
    assert misconceptions_of(folder, "MISCONCEPTIONS = [misconception('a', 'Say it.', "
                                     "in_place('layers.relu_forward', 'x'))]")


def test_a_model_gets_only_the_inputs_it_declares_and_must_ask_for_real_ones():
    code = AssignmentCode(config.load("perceptron"))
    test = next(t for t in code.assignment.tests if t.number == "1.8")
    inputs = {"X": np.array([[0.0, 0.0]]), "w": np.array([1.0, 1.0]), "b": 0.0}
    reference = {"out": np.array([0])}

    def predict_from_b_only(b):
        return np.array([1 if b >= 0 else 0])
    from autograder.misconception_models import misconception, values
    found = predictions.for_case([misconception("ge", SENTENCE, values(test.function, predict_from_b_only))],
                                 test, inputs, None, reference)
    assert [p["values"]["out"].tolist() for p in found] == [[1]]

    def wants_labels(X, labels):
        return X
    with pytest.raises(ConfigError, match=r"x \(wants_labels\) takes 'labels', which test 1.8"):
        predictions.for_case([misconception("x", SENTENCE, values(test.function, wants_labels))],
                             test, inputs, None, reference)
