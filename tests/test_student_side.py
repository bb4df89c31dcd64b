"""The student's side of the handout, unzipped as a student gets it: check.py
(names, exit statuses, short output, colour, --save, --watch) run with a
Python that has numpy and nothing else, gradcheck.py, and what the handout
must not carry.  The notebooks: test_notebooks.py."""
import importlib.util
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

from autograder import bug_catalog, config, emulate, handout
from conftest import ROOT, mutant_catalog, mutate, wait_until
from handout_helpers import ASSIGNMENTS, handouts, load_solution_module, unzip  # noqa: F401 (a fixture)

TEST_LINE = re.compile(r"^(\d+\.\d+)\s+\S.*\s(passed|failed)", re.M)
ENGINE_LEFT_OUT = {"batch.py", "emulate.py", "package.py", "bundles.py", "mutants.py", "bug_catalog.py",
                   "mutation_testing.py", "summary.py", "templates.py", "cli.py", "__main__.py",
                   "report.py", "results.py"}


@pytest.fixture(scope="module")
def numpy_only_python():
    """A Python with numpy alone (as on a student's fresh machine)."""
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as handle:
        numpy_pin = next(line.strip() for line in handle if line.startswith("numpy=="))
    return emulate.grading_python(numpy_pin + "\n")


def check(python, folder, *arguments, environment=None):
    return subprocess.run([python, "check.py", *arguments], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={"PATH": os.environ["PATH"], **(environment or {})})


def numbers(output):
    return [match.group(1) for match in TEST_LINE.finditer(output)]


def visible_numbers(assignment_id, keep=lambda test: True):
    return [t.number for t in config.load(assignment_id).tests
            if not t.hidden and t.check != "inputs_untouched" and not t.compare and not t.python
            and keep(t)]  # Python tests need the solution: Gradescope only


# ------------------------------------------------------------ check.py
def test_help_says_what_names_save_watch_and_the_exit_statuses_are(handouts, tmp_path, numpy_only_python):
    folder = unzip(handouts["cnn"], tmp_path)
    done = check(numpy_only_python, folder, "--help")
    assert done.returncode == 0, done.stderr
    for words in ("3.2", "layers.py", "MaxGate", "conv_forward", "--case 1 --save DIR", "--watch",
                  "allow_pickle=False", "Exit status: 0", "2 for a usage error", "NO_COLOR", "run_checks"):
        assert words in done.stdout, words
    assert numbers(done.stdout) == []  # --help runs nothing


def test_names_select_functions_classes_files_and_numbers(handouts, tmp_path, numpy_only_python):
    cnn = unzip(handouts["cnn"], tmp_path / "cnn")
    backprop = unzip(handouts["backprop"], tmp_path / "backprop")
    layers = visible_numbers("cnn", lambda t: "layers" in t.modules)
    for folder, names, wanted in [
            (cnn, ["conv_forward"], ["3.1"]),            # not conv_backward's tests, which call it too
            (cnn, ["conv_backward"], ["3.2"]),
            (cnn, ["relu_forward"], ["2.3", "2.4"]),     # a forward tested only with its backward
            (cnn, ["layers.conv_forward", "3.2"], ["3.1", "3.2"]),
            (cnn, ["layers.py"], layers),
            (cnn, ["SmallConvNet"], ["6.1", "6.2", "6.3"]),
            (backprop, ["MaxGate"], ["1.3", "1.4"]),
            (backprop, ["SigmoidGate.forward"], ["1.13"]),
            (backprop, ["TwoLayerNet", "softmax"], ["3.3", "3.4", "4.2", "4.3", "4.4", "4.7", "4.8"])]:
        done = check(numpy_only_python, folder, *names)
        assert numbers(done.stdout) == wanted, (names, done.stdout)
        assert done.returncode == 1, (names, done.stdout + done.stderr)  # templates fail


def test_an_unknown_name_is_one_line_listing_what_exists_and_exit_status_2(handouts, tmp_path,
                                                                           numpy_only_python):
    folder = unzip(handouts["cnn"], tmp_path)
    done = check(numpy_only_python, folder, "conv_fwd")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for words in ("conv_fwd", "did you mean conv_forward", "layers.py", "SmallConvNet", "max_pool_backward",
                  "1.1 to 6.3"):
        assert words in done.stderr, words
    for arguments in (["--bogus"], ["3.2", "--case", "1"], ["3.2", "--save", "x", "--watch"]):
        wrong = check(numpy_only_python, folder, *arguments)
        assert wrong.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1, wrong.stderr


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_the_template_exits_1_in_short_output_and_the_solution_exits_0(handouts, tmp_path, assignment_id,
                                                                         numpy_only_python):
    tests = visible_numbers(assignment_id)
    template = check(numpy_only_python, unzip(handouts[assignment_id], tmp_path / "template"))
    assert template.returncode == 1, template.stdout + template.stderr
    assert numbers(template.stdout) == tests
    assert template.stdout.count("failed: not implemented") == len(tests)
    assert len(template.stdout.splitlines()) <= len(tests) + 6, template.stdout  # was 161 lines for cnn
    assert "First failure: test" in template.stdout and "not implemented yet" in template.stdout
    if len(tests) > 1:  # a one-test assignment (make new's skeleton) has no others to count
        assert f"{len(tests) - 1} more failing test" in template.stdout
    last = template.stdout.strip().splitlines()[-1]
    assert re.match(rf"0 of {len(tests)} visible tests? passed", last) and "Gradescope" in last, last
    solution = check(numpy_only_python, unzip(handouts[assignment_id], tmp_path / "solution",
                                              solution_of=assignment_id))
    assert solution.returncode == 0, solution.stdout + solution.stderr
    assert [m.group(2) for m in TEST_LINE.finditer(solution.stdout)] == ["passed"] * len(tests)
    assert "First failure" not in solution.stdout


def test_a_wrong_value_shows_the_first_failing_case_in_full_and_counts_the_others(handouts, tmp_path,
                                                                                 numpy_only_python):
    folder = unzip(handouts["cnn"], tmp_path, solution_of="cnn")
    mutate(folder, "layers.py", "out = x_flat @ w + b\n", "out = x_flat @ w + 2 * b\n")
    done = check(numpy_only_python, folder, "affine_forward")
    assert done.returncode == 1
    assert "First failure: test 2.1 (affine_forward flattens each example), case 1 of 2:" in done.stdout
    assert "Called layers.affine_forward(x=float64 array (4, 2, 3)" in done.stdout
    assert "first differing values of out" in done.stdout and "expected" in done.stdout
    assert "Not shown: 1 more failing case of test 2.1." in done.stdout


def run_in_terminal(python, folder, environment):
    """check.py's output when its stdout is a terminal (a pseudo-terminal)."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([python, "check.py", "correlate2d"], cwd=folder, stdout=secondary,
                               stderr=secondary, env={"PATH": os.environ["PATH"], **environment})
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the process has finished writing
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode()


def test_a_modelled_mistake_shows_its_likely_cause(handouts, tmp_path, numpy_only_python):
    """The handout has no misconceptions.py, but its frozen references carry
    what each misconception predicts, so the checker names the likely cause."""
    folder = unzip(handouts["perceptron"], tmp_path, solution_of="perceptron")
    mutate(folder, "perceptron.py", "return (scores > 0).astype(np.int64)", "return np.where(scores > 0, 1, -1)")
    done = check(numpy_only_python, folder, "perceptron_predict")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Likely cause: Your predictions are −1 where they should be 0" in done.stdout, done.stdout


def test_colour_only_on_a_terminal_and_never_with_no_color(handouts, tmp_path, numpy_only_python):
    folder = unzip(handouts["cnn"], tmp_path)
    assert "\033[31m" in run_in_terminal(numpy_only_python, folder, {})
    assert "\033[" not in run_in_terminal(numpy_only_python, folder, {"NO_COLOR": "1"})
    assert "\033[" not in check(numpy_only_python, folder, "correlate2d").stdout  # a pipe


# ------------------------------------------------------------ --save
def saved_case(python, folder, test, case, target):
    done = check(python, folder, test, "--case", str(case), "--save", target)
    assert done.returncode == 0, done.stdout + done.stderr
    path = os.path.join(folder, target, f"{test}-{case}.npz")
    assert os.path.isfile(path), done.stdout
    snippet = done.stdout.split("notebook):\n", 1)[1]
    return np.load(path, allow_pickle=False), snippet


def test_a_saved_backward_case_replays_on_the_solution(handouts, tmp_path, numpy_only_python):
    folder = unzip(handouts["cnn"], tmp_path)
    case, snippet = saved_case(numpy_only_python, folder, "3.2", 2, "saved")
    assert set(case.files) == {"x", "w", "b", "conv_param", "dout", "expected_dx", "expected_dw",
                               "expected_db"}
    conv_param = json.loads(str(case["conv_param"]))
    assert set(conv_param) == {"stride", "pad"}
    layers = load_solution_module("cnn", "layers")
    out, cache = layers.conv_forward(case["x"], case["w"], case["b"], conv_param)
    assert case["dout"].shape == out.shape
    for name, value in zip(("dx", "dw", "db"), layers.conv_backward(case["dout"], cache)):
        np.testing.assert_allclose(value, case[f"expected_{name}"], rtol=1e-9, atol=1e-12)
    # The printed lines themselves, run in the handout folder with the solution's files:
    for name in ("layers.py", "cnn.py"):
        shutil.copy(os.path.join(config.SOLUTIONS_DIR, "cnn", name), os.path.join(folder, name))
    replay = subprocess.run([numpy_only_python, "-"], input=snippet, cwd=folder, capture_output=True,
                            text=True, timeout=120)
    differences = re.findall(r"^(\w+) max abs difference: (\S+)$", replay.stdout, re.M)
    assert [name for name, _ in differences] == ["dx", "dw", "db"], replay.stdout + replay.stderr
    assert all(float(value) < 1e-9 for _, value in differences), replay.stdout


def test_saved_object_and_float_cases_replay_on_the_solution(handouts, tmp_path, numpy_only_python):
    folder = unzip(handouts["backprop"], tmp_path)
    case, _ = saved_case(numpy_only_python, folder, "4.3", 1, "saved")  # TwoLayerNet: params set, loss()
    net_module = load_solution_module("backprop", "two_layer_net")
    net = net_module.TwoLayerNet(*(json.loads(str(case[n])) for n in ("input_dim", "hidden_dim", "num_classes")))
    net.params = {name: case[name] for name in ("W1", "b1", "W2", "b2")}
    loss, grads = net.loss(case["X"], case["y"])
    assert np.isclose(loss, case["expected_loss"], rtol=1e-10)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(grads[name], case[f"expected_grads_{name}"], rtol=1e-7, atol=1e-12)
    case, snippet = saved_case(numpy_only_python, folder, "1.5", 1, "saved")  # CopyGate on a float, two douts
    x, first, second = (json.loads(str(case[n])) for n in ("x", "dout1", "dout2"))
    assert isinstance(x, float) and "copy_gate.backward(dout1, dout2)" in snippet
    gate = load_solution_module("backprop", "gates").CopyGate()
    gate.forward(x)
    assert np.isclose(gate.backward(first, second), case["expected_dx"])


def test_a_saved_config_dict_keeps_its_arrays_as_arrays(handouts, tmp_path, numpy_only_python):
    folder = unzip(handouts["tricks"], tmp_path)
    case, snippet = saved_case(numpy_only_python, folder, "4.2", 1, "saved")  # a velocity fed in
    config = {**json.loads(str(case["config"])), "velocity": case["config_velocity"]}
    assert "'velocity': case['config_velocity']" in snippet and isinstance(config["velocity"], np.ndarray)
    next_w, new_config = load_solution_module("tricks", "optim").sgd_momentum(case["w"], case["dw"], config)
    np.testing.assert_allclose(next_w, case["expected_next_w"], rtol=1e-12)
    np.testing.assert_allclose(new_config["velocity"], case["expected_config_velocity"], rtol=1e-12)


def test_save_needs_one_visible_test_and_an_existing_case(handouts, tmp_path, numpy_only_python):
    folder = unzip(handouts["cnn"], tmp_path)
    several = check(numpy_only_python, folder, "layers.py", "--save", "saved")
    assert several.returncode == 2 and "--save needs one test" in several.stderr
    beyond = check(numpy_only_python, folder, "3.2", "--case", "9", "--save", "saved")
    assert beyond.returncode == 2 and "--case 1 to --case 4" in beyond.stderr
    hidden = check(numpy_only_python, folder, "3.4", "--save", "saved")  # after_due_date: not in the handout
    assert hidden.returncode == 2 and "no visible test matches '3.4'" in hidden.stderr
    assert not os.path.exists(os.path.join(folder, "saved"))


# ------------------------------------------------------------ --watch
def test_watch_runs_again_when_a_file_changes_and_stops_cleanly_on_ctrl_c(handouts, tmp_path,
                                                                          numpy_only_python):
    folder = unzip(handouts["backprop"], tmp_path / "handout")
    log = tmp_path / "watch.log"
    with open(log, "w") as out:
        process = subprocess.Popen([numpy_only_python, "check.py", "MaxGate", "--watch"], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT, env={"PATH": os.environ["PATH"]})
    try:
        assert wait_until(lambda: "Watching" in log.read_text(), 60), log.read_text()
        assert log.read_text().count("visible tests passed") == 1
        later = time.time() + 5
        os.utime(os.path.join(folder, "gates.py"), (later, later))
        assert wait_until(lambda: log.read_text().count("visible tests passed") == 2, 60), log.read_text()
        assert "gates.py changed: running again" in log.read_text()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    text = log.read_text()
    assert "Stopped watching." in text and "Traceback" not in text, text
    assert process.returncode == 1  # the template's MaxGate still fails


# ------------------------------------------------------------ contents
@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_the_handout_carries_only_what_checking_needs(handouts, assignment_id):
    assignment = config.load(assignment_id)
    with zipfile.ZipFile(handouts[assignment_id]) as archive:
        names = archive.namelist()
        notebook = json.loads(archive.read(f"{assignment_id}.ipynb"))
        readme = archive.read("README.md").decode()
    engine = {n[len(".checker/autograder/"):] for n in names if n.startswith(".checker/autograder/")}
    assert engine and not engine & ENGINE_LEFT_OUT, engine & ENGINE_LEFT_OUT
    assert {"student_check.py", "grading.py", "worker_main.py"} <= {os.path.basename(n) for n in engine}
    assert not [n for n in names if n.endswith(("mutants.py", "assignment.yaml", "torch_ops.py"))]
    for name in assignment.files + ("check.py", "gradcheck.py", "README.md", f"{assignment_id}.ipynb"):
        assert name in names, name
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code_cells and all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)
    for words in ("pip install matplotlib jupyter", "check_layer", "PyTorch's autograd", "fail near kinks",
                  "two evaluations", f"{assignment_id}.ipynb", "--save", "--watch"):
        assert words in readme, words


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_every_assignment_has_a_notebook_stored_without_outputs(assignment_id):
    path = handout.notebook_path(config.load(assignment_id))
    assert os.path.isfile(path), f"{path} is missing: every handout ships a notebook"
    with open(path, encoding="utf-8") as handle:
        cells = json.load(handle)["cells"]
    assert all(c.get("outputs", []) == [] for c in cells if c["cell_type"] == "code"), \
        f"{path} holds outputs: clear them before committing"


def test_the_engine_subset_is_what_student_check_imports():
    modules = handout.engine_modules()
    assert "student_check.py" in modules and "grading.py" in modules
    assert not set(map(os.path.basename, modules)) & ENGINE_LEFT_OUT


# ------------------------------------------------------------ gradcheck.py
@pytest.fixture
def gradcheck():
    spec = importlib.util.spec_from_file_location("_handout_gradcheck", os.path.join(ROOT, "handout", "gradcheck.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rel_error_is_the_cs231n_convention(gradcheck):
    assert gradcheck.rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == pytest.approx(0.2 / 4.2)
    assert gradcheck.rel_error(0.0, 0.0) == 0.0  # the 1e-8 floor, no division by zero


def test_gradcheck_passes_correct_backwards_and_exposes_a_buggy_one(gradcheck, tmp_path):
    layers = load_solution_module("cnn", "layers")
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 3, 5, 5)), rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    conv_param = {"stride": 2, "pad": 1}
    errors = gradcheck.check_layer(layers.conv_forward, layers.conv_backward, x, w, b, conv_param)
    assert set(errors) == {"x", "w", "b"} and errors.worst() < 1e-6, errors
    # A catalogued conv_backward bug, applied to a copy of the solution:
    bug = next(m for m in mutant_catalog("cnn") if m.id == "conv_backward_ignores_stride")
    folder = tmp_path / "buggy"
    shutil.copytree(os.path.join(config.SOLUTIONS_DIR, "cnn"), folder)
    bug_catalog.apply(bug, folder)
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location("_buggy_layers", folder / "layers.py")
        buggy = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(buggy)
    finally:
        sys.path.remove(str(folder))
    errors = gradcheck.check_layer(buggy.conv_forward, buggy.conv_backward, x, w, b, conv_param)
    assert errors.worst() > 1e-3, (bug.id, errors)
    gates = load_solution_module("backprop", "gates")
    assert gradcheck.check_gate(gates.MultiplyGate(), 3.0, -4.0).worst() < 1e-8
    assert gradcheck.check_gate(gates.CopyGate(), rng.standard_normal((2, 3))).worst() < 1e-8
    net = load_solution_module("backprop", "two_layer_net").TwoLayerNet(4, 6, 3, weight_scale=0.5)
    net.params["b1"] = rng.standard_normal(6)
    assert gradcheck.check_net(net, rng.standard_normal((5, 4)), rng.integers(0, 3, 5)).worst() < 1e-6
