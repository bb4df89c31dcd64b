"""Independent correct implementations must score full marks.

The tolerances, the stability checks and the kink/tie rules must never fail
a correct implementation.  The reference solutions pass the grader by
construction (the expected values come from them), so they prove nothing
about fairness; these fixtures do.  They were written independently of the
reference solutions, from the contract alone (/work/shared/CURRICULUM.md
and each assignment's student-facing README and template docstrings), in a
deliberately different style:

- tests/fixtures/perceptron_loops: what a careful student writes with
  explicit Python loops (per-sample loops in the perceptron, the 3-layer
  forward pass, the logistic loss and its gradient; a per-element branch
  for the stable sigmoid and ELU; boolean masks for the kinks; maxout
  gradients accumulated one sample at a time with np.outer).  Its
  elementwise activations compute in float32 and return float32 arrays,
  which the tolerances allow; its maxout in float32 would not (dx misses
  1e-6 on the hidden inputs: rounding adds up in the products).
- tests/fixtures/backprop_alt: np.einsum for every product and reduction,
  one-hot matrices instead of fancy indexing, a log-sum-exp softmax, the
  tanh form of the sigmoid, sigmoid_neuron built from the lecture's chain
  of gate objects.  Its arithmetic is float64: the same code in float32
  (gates.WORK = np.float32, outputs cast back to float64) loses about 10
  points to the 1e-9 + 1e-6 * (|a| + |b|) comparisons (tests 1.15, 2.5,
  2.6, 2.7, 4.5), which is consistent with the contract ("grading runs in
  float64"), not a fault of the grader.
- tests/fixtures/cnn_naive: the loop version of the cnn assignment, graded
  (with its time limits) in tests/test_cnn_variants.py.
- tests/fixtures/tricks_staged: batch normalisation as the lecture's graph
  of small steps with a stage-by-stage backward (divar, dsqrtvar, dvar,
  dmu), the dropout mask stored already divided by p, the optimisers'
  defaults put in a copied config with setdefault (the base of the tricks
  reproductions in tests/fixtures/student_mistakes/tricks.py).

Each folder is graded once through the real engine and worker.
"""
import os

import pytest

from autograder import config
from conftest import assert_full_marks, grade_folder

FIXTURES = os.path.join(config.ROOT, "tests", "fixtures")

INDEPENDENT = [
    ("perceptron", "perceptron_loops"),
    ("backprop", "backprop_alt"),
    ("tricks", "tricks_staged"),
]


@pytest.mark.parametrize("assignment_id, folder", INDEPENDENT,
                         ids=[f"{a}-{f}" for a, f in INDEPENDENT])
def test_independent_implementation_scores_full_marks(assignment_id, folder):
    assert_full_marks(grade_folder(assignment_id, os.path.join(FIXTURES, folder)))
