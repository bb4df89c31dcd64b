"""Python tests of train_two_layer_net: the shuffling rule, checked on the
grader's recording stand-in for the network (batch_recorder.py, a worker
module), apart from the network's own arithmetic (test 4.8 compares the
training of the student's own TwoLayerNet with the reference's)."""
import numpy as np
from gradescope_utils.autograder_utils.decorators import number, weight

from autograder.instructor import StudentTestCase

N, EPOCHS, BATCH_SIZE, SEED, LR = 20, 2, 8, 3, 0.1


def rule_batches(n, epochs, batch_size, seed):
    """The rows of every batch, as the docstring's rule gives them."""
    batches = []
    for epoch in range(epochs):
        order = np.random.default_rng(seed + epoch).permutation(n)
        batches += [[int(i) for i in order[start:start + batch_size]] for start in range(0, n, batch_size)]
    return batches


class ShufflingRule(StudentTestCase):
    @number("4.11")
    @weight(1)
    def test_follows_the_shuffling_rule(self):
        """train_two_layer_net visits the batches of the shuffling rule, in order"""
        rows = np.arange(N, dtype=np.float64)
        X, y = np.column_stack([rows, np.zeros(N)]), np.zeros(N, dtype=np.int64)
        recorder = self.student.batch_recorder.BatchRecorder()
        self.student.two_layer_net.train_two_layer_net(recorder, X, y, LR, EPOCHS, BATCH_SIZE, SEED)
        expected = rule_batches(N, EPOCHS, BATCH_SIZE, SEED)
        batches = recorder.batches
        self.assert_matches("number of calls to net.loss", len(batches), len(expected))
        for index, (got, wanted) in enumerate(zip(batches, expected)):
            self.assert_matches(f"rows of X in the call {index + 1} to net.loss", got, wanted)
