"""Unit tests of the engine's pieces: wire format, config validation, inputs,
references, comparisons, templates, submissions and the command line."""
import dataclasses
import json
import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest
import yaml

from autograder import bug_catalog, cases, comparison, config, loading, mutation_testing, references, results, templates
from autograder.sandbox.student_side import wire
from autograder.submission import SubmissionError, prepared
from conftest import ROOT, SCHEMA, assignment_code, grade_folder, solution_copy

PYTHON = sys.executable


# ------------------------------------------------------------------ wire
def roundtrip(value):
    read_fd, write_fd = os.pipe()
    try:
        wire.send(write_fd, value)
        return wire.receive(read_fd)
    finally:
        os.close(read_fd)
        os.close(write_fd)


def test_wire_keeps_structure_types_and_dtypes():
    value = {"a": (np.arange(6, dtype=np.int32).reshape(2, 3), [1, 2.5, None, True, "s"]),
             "scalar": np.float32(1.5), "empty": np.zeros((0, 3)), "nan": float("nan")}
    back = roundtrip(value)
    assert isinstance(back["a"], tuple) and isinstance(back["a"][1], list)
    assert back["a"][0].dtype == np.int32 and np.array_equal(back["a"][0], value["a"][0])
    assert back["scalar"] == np.float32(1.5) and isinstance(back["scalar"], np.float32)
    assert back["empty"].shape == (0, 3) and np.isnan(back["nan"])


def test_wire_turns_objects_into_descriptions_not_pickles():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True
    sneaky = np.arange(3.0).view(Sneaky)
    back = roundtrip([object(), np.array([1, "a"], dtype=object), sneaky])
    assert isinstance(back[0], wire.Unsupported) and "object" in back[0].description
    assert isinstance(back[1], wire.Unsupported) and "dtype object" in back[1].description
    assert type(back[2]) is np.ndarray and not (back[2] == np.ones(3)).all()


def test_wire_refuses_pickled_arrays_and_oversized_messages():
    header = json.dumps({"value": {"array": 0}, "blobs": [10]}).encode()
    pickled = b"\x80\x04garbage!"  # not an .npy blob: must not be unpickled
    read_fd, write_fd = os.pipe()
    os.write(write_fd, wire.HEADER.pack(len(header)) + header + pickled + b"xx")
    with pytest.raises(wire.ProtocolError):
        wire.receive(read_fd)
    os.write(write_fd, wire.HEADER.pack(2**40))
    with pytest.raises(wire.ProtocolError, match="over the limit"):
        wire.receive(read_fd)
    os.close(read_fd)
    os.close(write_fd)


# ---------------------------------------------------------------- config
def write_config(tmp_path, edit):
    raw = yaml.safe_load(open(os.path.join(ROOT, "assignments/perceptron/assignment.yaml")))
    edit(raw)
    folder = tmp_path / "perceptron"
    folder.mkdir(exist_ok=True)
    (folder / "assignment.yaml").write_text(yaml.safe_dump(raw))
    return folder


def first_test(raw):
    return raw["tests"][0]


@pytest.mark.parametrize("edit, words", [
    (lambda r: first_test(r).update(wieght=3), ["test '1.1'", "unknown key 'wieght'"]),
    (lambda r: first_test(r).update(weight="three"), ["test '1.1'", "key 'weight'"]),
    (lambda r: first_test(r).update(visibility="secret"), ["test '1.1'", "'visibility'", "after_due_date"]),
    (lambda r: first_test(r).update(check="magic"), ["test '1.1'", "'check'"]),
    (lambda r: first_test(r).update(function="nowhere.f"), ["test '1.1'", "module 'nowhere'"]),
    (lambda r: first_test(r).pop("name"), ["test '1.1'", "missing required key 'name'"]),
    (lambda r: first_test(r).update(number="1.2"), ["duplicate test number"]),
    (lambda r: first_test(r).update(weight=4), ["add up to 101", "total_points is 100"]),
    (lambda r: r.update(seeds={"visible": 1, "hidden": 1}), ["hidden seed must differ"]),
    (lambda r: r.pop("files"), ["missing required key 'files'"]),
    (lambda r: first_test(r).update(cases=[]), ["test '1.1'", "'cases'"]),
    (lambda r: first_test(r).update(keep=["cache"]), ["'keep'", "not one of the returns"]),
    (lambda r: r["tests"][-1].update(function="perceptron.perceptron_predict"),
     ["test '4.1'", "key 'function'", "inputs_untouched test", "takes no function"]),
    (lambda r: r["tests"][-1].update(cases=[{}]), ["test '4.1'", "takes no cases"]),
    (lambda r: next(t for t in r["tests"] if t["check"] == "backward").pop("forward"),
     ["missing required key 'forward'", "a backward test needs it"]),
    (lambda r: next(t for t in r["tests"] if t["check"] == "backward").update(returns=["dx", "dy"]),
     ["key 'returns'", "one gradient per entry of 'grads'"]),
])
def test_config_errors_name_file_test_and_key(tmp_path, edit, words):
    folder = write_config(tmp_path, edit)
    with pytest.raises(config.ConfigError) as error:
        config.load("perceptron", str(folder))
    message = str(error.value)
    assert str(folder / "assignment.yaml") in message
    for word in words:
        assert word in message
    assert "{" not in message, f"a placeholder was left unfilled: {message}"


def test_broken_yaml_is_a_clear_error(tmp_path):
    (tmp_path / "assignment.yaml").write_text("tests: [\n  - {number: 1\n")
    with pytest.raises(config.ConfigError, match="not valid YAML"):
        config.load("x", str(tmp_path))


def test_a_key_written_twice_is_an_error_with_its_line(tmp_path):
    text = open(os.path.join(ROOT, "assignments/perceptron/assignment.yaml")).read()
    assert text.count("    weight: 3\n") >= 1
    (tmp_path / "assignment.yaml").write_text(text.replace("    weight: 3\n", "    weight: 3\n    weight: 4\n", 1))
    line = text[:text.index("    weight: 3\n")].count("\n") + 2  # the second weight, 1-based
    with pytest.raises(config.ConfigError) as error:
        config.load("perceptron", str(tmp_path))
    assert "the key 'weight' is written twice" in str(error.value)
    assert f"line {line}," in str(error.value)


def test_unknown_assignment_lists_the_known_ones():
    with pytest.raises(config.ConfigError, match="perceptron"):
        config.load("no-such-assignment")


@pytest.mark.parametrize("spec, words", [
    ({"random": "gaussian", "shape": [2]}, ["'random' must be one of"]),
    ({"random": "normal", "shape": [2], "sigma": 1}, ["takes loc, scale"]),
    ({"random": "integers", "shape": [2]}, ["high is required"]),
    ({"value": [[1, 2], [3]]}, ["not a numeric array"]),
])
def test_bad_input_specs_name_the_argument(tmp_path, spec, words):
    folder = write_config(tmp_path, lambda r: first_test(r).update(cases=[{"X": spec, "w": [3], "b": 0.0}]))
    code = loading.AssignmentCode(config.load("perceptron", str(folder)))
    with pytest.raises(config.ConfigError) as error:
        code.validate()
    assert "test '1.1'" in str(error.value) and "argument 'X'" in str(error.value)
    for word in words:
        assert word in str(error.value)


def test_inputs_that_do_not_fit_the_function_are_reported(tmp_path):
    folder = write_config(tmp_path, lambda r: first_test(r).update(cases=[{"X": [2, 3], "v": [3]}]))
    code = loading.AssignmentCode(config.load("perceptron", str(folder)))
    with pytest.raises(config.ConfigError) as error:
        code.validate()
    assert "test '1.1', case 1: perceptron.perceptron_predict" in str(error.value)
    assert "do not fit" in str(error.value)


def test_a_function_missing_from_the_solution_is_reported(tmp_path):
    folder = write_config(tmp_path, lambda r: first_test(r).update(function="perceptron.predict"))
    code = loading.AssignmentCode(config.load("perceptron", str(folder)))
    with pytest.raises(config.ConfigError, match="perceptron.py has no predict"):
        code.validate()


@pytest.mark.parametrize("damage", ["missing", "not-a-zip", "truncated"])
def test_an_unreadable_data_file_is_named_before_grading(tmp_path, damage):
    folder = tmp_path / "cnn"
    shutil.copytree(os.path.join(ROOT, "assignments", "cnn"), folder)
    data = folder / "digits.npz"
    if damage == "missing":
        data.unlink()
    else:
        data.write_bytes(b"no data here" if damage == "not-a-zip" else data.read_bytes()[:5000])
    code = loading.AssignmentCode(config.load("cnn", str(folder)))
    with pytest.raises(config.ConfigError) as error:
        code.validate()
    message = str(error.value)  # the Python test 6.5 draws the digits (tests_training.py)
    assert str(folder / "tests_training.py") in message and "inputs.py's digits(" in message
    assert "digits.npz is unreadable" in message and "restore it" in message, message


# ---------------------------------------------------------------- inputs
def test_inputs_are_deterministic_and_hidden_cases_use_the_hidden_seed():
    assignment = config.load("perceptron")
    code = assignment_code("perceptron")
    visible = next(t for t in assignment.tests if t.number == "1.1")
    hidden = next(t for t in assignment.tests if t.number == "1.2")
    first = cases.make_inputs(assignment, visible, 0, code.inputs)
    again = cases.make_inputs(assignment, visible, 0, code.inputs)
    assert np.array_equal(first["X"], again["X"])
    assert np.array_equal(first["X"], cases.case_rng(assignment.seeds["visible"], "1.1", 0).standard_normal((6, 3)))
    seeded = cases.case_rng(assignment.seeds["hidden"], "1.2", 0).standard_normal((20, 5))
    assert np.array_equal(cases.make_inputs(assignment, hidden, 0, code.inputs)["X"], seeded)


def test_grader_only_extras_never_reach_the_student():
    inputs = {"X": 1, "_X_test": 2}
    assert cases.public(inputs) == {"X": 1}


# ------------------------------------------------------------ references
@pytest.mark.parametrize("assignment_id, number", [
    (i, t.number) for i in config.available() for t in config.load(i).tests
    if t.check in ("backward", "loss_gradient") and t.reference == "torch"])
def test_solution_gradients_agree_with_torch_autograd(assignment_id, number):
    """The two references agree, so neither can be silently wrong."""
    code = assignment_code(assignment_id)
    test = next(t for t in code.assignment.tests if t.number == number)
    solution_only = dataclasses.replace(test, reference="solution")
    for index in range(len(test.cases)):
        inputs = cases.make_inputs(code.assignment, test, index, code.inputs)
        torch_values = references.expected(code, test, index, inputs)["values"]
        solution_values = references.expected(code, solution_only, index, inputs)["values"]
        assert set(torch_values) == set(solution_values)
        for name, value in solution_values.items():
            assert comparison.relative_error(value, torch_values[name]) < 1e-9, name


def test_maxout_tie_reference_differs_from_torch():
    """PyTorch splits a tie; the course sends it to the first piece."""
    code = assignment_code("perceptron")
    test = next(t for t in code.assignment.tests if t.number == "2.17")
    inputs = cases.make_inputs(code.assignment, test, 0, code.inputs)
    ours = references.expected(code, test, 0, inputs)
    torch_grads = references.torch_gradients(code.torch_ops, "maxout", inputs, test.grads, ours["dout"])
    assert np.allclose(ours["values"]["dW1"], 2 * torch_grads[1])
    assert np.all(ours["values"]["dW2"] == 0)


# ------------------------------------------------------------ comparisons
def test_comparison_messages_visible_and_hidden():
    expected = np.arange(6.0).reshape(2, 3)
    received = expected.copy()
    received[1, 2] += 1
    visible, error = comparison.compare("out", received, expected, False, 1e-6, 1e-9)
    assert error == pytest.approx(1 / 11)
    assert "1 of 6 values differ" in visible[0] and "index (1, 2)" in visible[0]
    assert "expected 5, received 6" in visible[0]
    hidden, _ = comparison.compare("out", received, expected, True, 1e-6, 1e-9)
    assert "index" not in hidden[0] and "expected 5" not in hidden[0]
    assert "max relative error" in hidden[0]


@pytest.mark.parametrize("received, words", [
    (np.zeros(3), ["has shape (3,), expected (2, 3)"]),
    (np.zeros((2, 3), dtype=np.int64), ["floating-point"]),
    (np.full((2, 3), np.nan), ["contains NaN in 6 of 6"]),
    ("text", ["should be a NumPy array"]),
    ([[0, 1, 2], [3, 4, "x"]], ["not a numeric array"]),
])
def test_comparison_says_what_is_wrong(received, words):
    problems, _ = comparison.compare("out", received, np.arange(6.0).reshape(2, 3), False, 1e-6, 1e-9)
    for word in words:
        assert word in problems[0]


def test_numeric_lists_are_converted_and_scalars_accept_0d_arrays():
    assert comparison.compare("out", [[0.0, 1.0]], np.array([[0.0, 1.0]]), False, 1e-6, 1e-9)[0] == []
    assert comparison.compare("loss", np.array(2.0), 2.0, False, 1e-6, 1e-9)[0] == []
    assert "should be a number" in comparison.compare("loss", np.array([2.0]), 2.0, False, 1e-6, 1e-9)[0][0]
    assert comparison.compare("mistakes", [3, 1, 0], [3, 1, 0], False, 1e-6, 1e-9)[0] == []
    assert "entries" in comparison.compare("mistakes", [3, 1], [3, 1, 0], False, 1e-6, 1e-9)[0][0]


@pytest.mark.parametrize("received", [np.array([[3, 1, 0]] * 3), np.array(3), [3.0, 1.0, 0.0]])
def test_a_list_of_whole_numbers_must_be_one_dimensional_integers(received):
    assert comparison.compare("mistakes", received, [3, 1, 0], False, 1e-6, 1e-9)[0]


@pytest.mark.parametrize("received", [np.datetime64(0, "D"), np.bytes_(b"1"), "1.0", 10 ** 400, True, 1j])
def test_a_number_must_be_a_real_number(received):
    assert "should be a number" in comparison.compare("loss", received, 1.0, False, 1e-6, 1e-9)[0][0]


# -------------------------------------------------------------- templates
def test_templates_are_in_sync_with_the_solutions():
    for assignment_id in config.available():
        assert templates.stale(assignment_id) == [], "run `make templates`"


def test_template_generation_keeps_docstrings_and_drops_solutions():
    source = 'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n'
    assert templates.strip_solution(source) == \
        'def f(x):\n    """Doc."""\n    raise NotImplementedError("f: not implemented yet")\n'
    with pytest.raises(templates.TemplateError, match="never closed"):
        templates.strip_solution("def f():\n    ### BEGIN SOLUTION\n")


def test_no_solution_text_leaks_into_templates():
    for assignment_id in config.available():
        for name, text in templates.render(assignment_id).items():
            assert "SOLUTION" not in text, name


# ------------------------------------------------------------ submissions
def test_zip_with_nested_folder_traversal_and_absolute_paths(tmp_path):
    archive = tmp_path / "s.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hw/perceptron.py", "A = 1\n")
        z.writestr("../evil.py", "B = 1\n")
        z.writestr("/abs.py", "C = 1\n")
        z.writestr("hw/notes.txt", "ignored")
    with prepared(str(archive), ["perceptron.py"]) as folder:
        assert sorted(os.listdir(folder)) == ["perceptron.py"]
    assert not (tmp_path.parent / "evil.py").exists()


def test_unreadable_submission_path_is_an_error(tmp_path):
    with pytest.raises(SubmissionError, match="does not exist"):
        with prepared(str(tmp_path / "nope"), ["a.py"]):
            pass


# ------------------------------------------------------------ command line
def run_cli(*args, cwd=ROOT):
    return subprocess.run([PYTHON, "-m", "autograder", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_cli_grades_a_submission_and_writes_valid_results(tmp_path):
    import jsonschema
    results = tmp_path / "out" / "results.json"
    done = run_cli("grade", "--assignment", "perceptron", "--submission",
                   "student_template/perceptron", "--results", str(results))
    assert done.returncode == 0, done.stderr
    data = json.loads(results.read_text())
    jsonschema.validate(data, SCHEMA)
    assert data["score"] == 0 and "Total: 0 / 100" in done.stdout


@pytest.mark.parametrize("args, words", [
    (["grade", "--assignment", "nope", "--submission", "x"], ["no assignment 'nope'"]),
    (["grade", "--submission", "x"], ["SUBMISSION needs ASSIGNMENT"]),
    (["grade", "--assignment", "perceptron", "--submission", "/no/such/folder"], ["does not exist"]),
])
def test_cli_exits_2_with_a_reason_when_it_cannot_grade(args, words):
    done = run_cli(*args)
    assert done.returncode == 2
    for word in words:
        assert word in done.stderr


# ----------------------------------------------------------------- worker
def test_grader_modules_preloaded_in_the_worker_win_over_student_files(tmp_path):
    from autograder.sandbox import Worker
    (tmp_path / "trainer.py").write_text("def who():\n    return 'student'\n")
    with Worker(str(tmp_path), preload={"trainer": "def who():\n    return 'grader'\n"}) as worker:
        answer = worker.request({"op": "call", "target": "trainer.who", "args": [], "kwargs": {}}, 10)
    assert answer["ok"] and answer["value"] == "grader"


def test_zip_bombs_are_refused_or_skipped_without_unpacking(tmp_path):
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(2100):
            z.writestr(f"f{i}.py", "")
    with pytest.raises(SubmissionError, match="more than 2000 files"):
        with prepared(str(many), ["perceptron.py"]):
            pass
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("perceptron.py", "A = 1\n")
        z.writestr("big.py", "#" * (200 * 2**20))  # 200 MB that compresses to ~200 KB
    assert bomb.stat().st_size < 2**20
    with prepared(str(bomb), ["perceptron.py"]) as folder:
        assert sorted(os.listdir(folder)) == ["big.py", "perceptron.py"]
        stub = (pathlib.Path(folder) / "big.py").read_text()
    assert stub.startswith("raise ImportError(") and "big.py is 200.0 MB" in stub, stub


# ---------------------------------------------------------------- mutants
def test_mutant_report_flags_survivors_unexpected_catches_and_wrong_diagnoses():
    assignment = config.load("perceptron")
    catalog = bug_catalog.catalog(assignment)
    plain = [m for m in catalog if not m.misconception][:1]
    told = [m for m in catalog if m.misconception]
    other = next(m for m in told if m.misconception != told[0].misconception)
    outcomes = [(plain[0], set(plain[0].caught_by), set()), (told[0], set(), set()),
                (told[1], set(told[1].caught_by) | {"9.9"}, {told[1].misconception}),
                (told[2], set(told[2].caught_by), {told[2].misconception}),
                (told[3], set(told[3].caught_by), set()),
                (other, set(other.caught_by), {other.misconception, told[0].misconception})]
    known = {m.misconception for m in catalog}
    text, problems = mutation_testing.report(assignment, outcomes, known)
    assert problems == 4
    assert f"SURVIVED  {told[0].id}" in text and f"DIFFERENT {told[1].id}" in text
    assert f"caught    {told[2].id}" in text and f"[diagnosed: {told[2].misconception}]" in text
    assert f"UNDIAGNOSED {told[3].id}" in text and f"MISDIAGNOSED {other.id}" in text
    assert f"caught    {plain[0].id}" in text
    assert "5 of 6 caught, 1 survived; 2 of 6 diagnosed (33%), 1 wrong diagnoses" in text
    _, problems = mutation_testing.report(assignment, [(told[2], set(told[2].caught_by),
                                                        {told[2].misconception})], known - {told[2].misconception})
    assert problems == 1  # a misconception id that misconceptions.py does not declare


def test_a_mutant_that_no_longer_applies_is_an_error(tmp_path):
    (tmp_path / "perceptron.py").write_text("def f():\n    return 1\n")
    with pytest.raises(ValueError, match="0 times, not once"):
        bug_catalog.apply(bug_catalog.Mutant("gone", "perceptron.py", "return 2", "return 3", frozenset()), tmp_path)


@pytest.mark.parametrize("received, expected, equal", [
    ([np.nan, 1.0], [np.nan, 1.0], True), ([np.inf, 1.0], [np.inf, 1.0], True),
    ([np.nan, 1.0], [np.inf, 1.0], False), ([-np.inf, 1.0], [np.inf, 1.0], False),
    ([5.0, 1.0], [np.inf, 1.0], False), ([np.nan, 1.0], [0.0, 1.0], False)])
def test_non_finite_values_match_only_themselves(received, expected, equal):
    problems, _ = comparison.compare("out", np.array(received), np.array(expected), False, 1e-6, 1e-9)
    assert (problems == []) == equal, problems


# ------------------------------------------------------- Gradescope feedback
def test_gradescope_feedback_is_markdown_with_a_table_only_for_visible_failures(tmp_path):
    folder = solution_copy("perceptron", tmp_path / "mlp3-1.01")
    with open(folder / "perceptron.py", "a") as out:
        out.write('\n_mlp3_forward = mlp3_forward\n\n\ndef mlp3_forward(*args, **kwargs):\n'
                  '    print("hello\\n# injected <b>markup</b>\\n| a | table |")\n'
                  '    return _mlp3_forward(*args, **kwargs) * 1.01\n')
    data = results.gradescope_json(grade_folder("perceptron", folder))
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    hidden = {t.number for t in config.load("perceptron").tests if t.hidden}
    assert failed and any(t["number"] in hidden for t in failed)
    for test in data["tests"]:
        assert test["output_format"] == "md"
        for line in test["output"].splitlines():  # a student's text never leaves a code block
            if "injected" in line or "a | table" in line:
                assert line.startswith("    "), line
    tables = 0
    for test in failed:
        rows = [line for line in test["output"].splitlines() if line.startswith("| (")]
        if test["number"] in hidden:
            assert not rows and "First differing" not in test["output"], test["output"]
            continue
        for row in rows:  # the table says what the variant did: received = 1.01 * expected
            expected, received, difference = (float(cell) for cell in row.strip("|").split("|")[1:])
            assert received == pytest.approx(1.01 * expected, rel=1e-5)
            assert difference == pytest.approx(0.01 * expected, rel=1e-4)
            tables += 1
    assert tables
